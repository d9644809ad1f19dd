# -*- coding: utf-8 -*-
"""Property tests: parse-then-render is the identity, and the model agrees with Go's gcfg on
what a file means and on whether it is malformed."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from hypothesis import HealthCheck, given, settings, strategies as st

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect import connect_config
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.gcfg import (
    Document,
    GcfgError,
    quote,
)

names = st.sampled_from(['Python', 'python', 'PYTHON', 'Server', 'LDAP', 'x-y', 'Pyth\u00f6n'])
# Key spellings gcfg folds together (the long s folds to s), and names with characters Go's
# unicode classes decide: Nd digits are part of a name, a superscript two (category No) is not,
# nor is an ellipsis.
keys = st.sampled_from(['Executable', 'executable', 'EXECUTABLE', 'Enabled', 'enabled',
                        'VersionMatching', 'version-matching', 'Ver\u017fionMatching',
                        'Address', 'some-key', 'a\u06f0\u06f1', 'bar\uff19', 'Foo\u00b2',
                        'x\u2026', '\u7532'])
# Blanks before a name or header: CR counts as a blank for gcfg.
ws = st.sampled_from(['', ' ', '\t', '  ', '\r', ' \r\t'])
comment = st.sampled_from(['', ' ; c', ' # c;"', ';'])
value_chars = st.text(alphabet='ab/ 3.;#"\\\t=\u00e9', max_size=12)
# Values that decide whether a typed field loads: booleans with and without blanks, empty.
typed_values = st.sampled_from(['true', 'YES', 'off', '0', 'maybe', '2', '" true "', '"on"', '',
                                'major-minor', 'exact', '" exact"'])
raw_values = st.one_of(value_chars, value_chars.map(quote), typed_values)
eol = st.sampled_from(['\n', '\r\n'])


@st.composite
def lines(draw):
    kind = draw(st.sampled_from(['section', 'sub', 'var', 'bare', 'blank', 'comment', 'cont',
                                 'junk']))
    if kind == 'section':
        return '%s[%s%s%s]%s' % (draw(ws), draw(ws), draw(names), draw(ws), draw(comment))
    if kind == 'sub':
        sub = draw(st.sampled_from(['a', 'B c', 'q\\"', '']))
        return '[%s "%s"]%s' % (draw(names), sub, draw(comment))
    if kind == 'var':
        return '%s%s%s=%s%s%s' % (draw(ws), draw(keys), draw(ws), draw(ws), draw(raw_values),
                                  draw(comment))
    if kind == 'bare':
        return '%s%s' % (draw(keys), draw(comment))
    if kind == 'cont':
        return '%s = part\\\n%s' % (draw(keys), draw(value_chars))
    if kind == 'blank':
        return draw(ws)
    if kind == 'comment':
        return draw(ws) + draw(st.sampled_from(['; note', '# note "x', ';']))
    return draw(st.sampled_from(['[a.b]', '[]', 'x y', '= 1', '[Python', '_k = 1', 'k = "open']))


@st.composite
def documents(draw, valid_start=True):
    body = draw(st.lists(lines(), max_size=10))
    if valid_start:
        body = ['[Python]'] + body
    newline = draw(eol)
    text = newline.join(body)
    if draw(st.booleans()):
        text += newline
    if draw(st.booleans()):
        text = u'\ufeff' + text
    return text


@settings(max_examples=500)
@given(documents(valid_start=False))
def test_parse_then_render_is_identity(text):
    try:
        doc = Document.parse(text)
    except GcfgError:
        return
    assert doc.render() == text


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=documents(valid_start=False))
def test_agrees_with_go_gcfg(text, tmp_path, gcfg_oracle):
    """Connect's reading of [Python] (typed fields included) equals Go's, and a file is refused
    by both or by neither, at the same line where Go names one."""
    oracle = gcfg_oracle.read_text(tmp_path, text)
    try:
        doc = connect_config.read(text)
    except GcfgError as exc:
        assert 'error' in oracle, 'we refused what gcfg accepts: %s' % exc
        position = re.match(r'^[^:]*:(\d+):\d+: ', oracle['error'])
        if position:
            assert int(position.group(1)) == exc.lineno, (oracle, exc)
        return
    assert 'error' not in oracle, 'gcfg refuses what we accept: %s' % oracle['error']
    got = connect_config.settings(doc)
    if oracle['version_matching'] == '' and doc.get('Python', 'VersionMatching') is None:
        oracle['version_matching'] = connect_config.DEFAULT_MATCHING  # unset: Connect's default
    elif doc.get('Python', 'VersionMatching') == '':
        got['version_matching'] = ''  # "VersionMatching =": Go's empty string
    assert got == oracle


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=documents(), values=st.lists(st.text(alphabet='ab/ ;#"\\\té3', min_size=1, max_size=8),
                                         max_size=4),
       matching=st.sampled_from(['major-minor', 'exact', ' spaced ']))
def test_edits_are_read_back_by_go_gcfg(text, values, matching, tmp_path, gcfg_oracle):
    try:
        doc = Document.parse(text)
    except GcfgError:
        return
    if 'error' in gcfg_oracle.read_text(tmp_path, text):
        return
    doc.set_all('Python', 'Executable', values)
    doc.set('Python', 'VersionMatching', matching)
    doc.set('Python', 'Enabled', 'true')
    out = doc.render()
    got = gcfg_oracle.read_text(tmp_path, out)
    assert got == {'enabled': True, 'executables': values, 'version_matching': matching}, out
    again = Document.parse(out)
    assert again.set_all('Python', 'Executable', values) is False
    assert again.render() == out


def spellings(doc):
    return [line.name for line in doc.lines if line.kind == 'variable']


@settings(max_examples=300, deadline=None)
@given(text=documents(), values=st.lists(st.sampled_from(['/a', '/b c', '/d;e']), max_size=3),
       removed=st.lists(st.sampled_from(['/a', '/b c', 'part']), max_size=2))
def test_edits_never_change_a_name(text, values, removed):
    """Set, add and remove keep every kept key's spelling (a CR-led bare key included)."""
    try:
        doc = Document.parse(text)
    except GcfgError:
        return
    before = spellings(doc)
    current = doc.get_all('Python', 'Executable')
    doc.set_all('Python', 'Executable', [v for v in current if v not in removed] + values)
    doc.set('Python', 'Enabled', 'true')
    doc.set('Python', 'VersionMatching', 'exact')
    after = spellings(Document.parse(doc.render()))
    for name in after:
        assert name in before or name in ('Executable', 'Enabled', 'VersionMatching'), (
            name, before, after)

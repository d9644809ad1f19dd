# -*- coding: utf-8 -*-
"""Property tests: parse-then-render is the identity, and the model agrees with Go's gcfg on
what a file means and on whether it is malformed."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from hypothesis import HealthCheck, given, settings, strategies as st

from ansible_collections.connect_ops.interpreters.plugins.module_utils.gcfg import (
    Document,
    GcfgError,
    quote,
)

TYPE_ERROR = re.compile(r'^(failed to parse bool|blank value not supported)')
names = st.sampled_from(['Python', 'python', 'Server', 'LDAP', 'x-y'])
keys = st.sampled_from(['Executable', 'executable', 'Enabled', 'VersionMatching', 'Address',
                        'some-key'])
ws = st.sampled_from(['', ' ', '\t', '  '])
comment = st.sampled_from(['', ' ; c', ' # c;"', ';'])
value_chars = st.text(alphabet='ab/ 3.;#"\\\t=é', max_size=12)
raw_values = st.one_of(value_chars, value_chars.map(quote))
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


def view(doc):
    enabled = doc.get('Python', 'Enabled', default='false')
    if enabled is not True:
        enabled = enabled.lower() in ('true', 'yes', 'on', '1')
    return {'enabled': enabled, 'executables': doc.get_all('Python', 'Executable'),
            'version_matching': doc.get('Python', 'VersionMatching', default='')}


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=documents(valid_start=False))
def test_agrees_with_go_gcfg(text, tmp_path, gcfg_oracle):
    oracle = gcfg_oracle.read_text(tmp_path, text)
    try:
        doc = Document.parse(text)
    except GcfgError as exc:
        assert 'error' in oracle, 'we refused what gcfg accepts: %s' % exc
        position = re.match(r'^[^:]*:(\d+):\d+: ', oracle['error'])
        if position:
            assert int(position.group(1)) == exc.lineno, (oracle, exc)
        else:  # gcfg hit a value of the wrong type (see below) before the syntax error
            assert TYPE_ERROR.search(oracle['error']), oracle
        return
    if 'error' in oracle:
        # Our model parses syntax only; gcfg also refuses values of the wrong type.
        assert TYPE_ERROR.search(oracle['error']), oracle
        return
    assert view(doc) == oracle


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

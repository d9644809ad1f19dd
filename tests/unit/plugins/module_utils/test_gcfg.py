# -*- coding: utf-8 -*-
"""Golden-file tests of the gcfg document model, checked against Go's gcfg and git-config."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.gcfg import (
    Document,
    GcfgError,
    parse_bool,
    quote,
    unquote,
)

from gcfg_fixtures import GOLDEN as GOLDEN_BYTES, MALFORMED as MALFORMED_BYTES

GOLDEN = sorted(GOLDEN_BYTES)
MALFORMED = sorted(MALFORMED_BYTES)


def read(name):
    if name.startswith('malformed/'):
        return MALFORMED_BYTES[name.split('/', 1)[1]]
    return GOLDEN_BYTES[name]


def python_view(doc):
    enabled = doc.get('Python', 'Enabled', default='false')
    enabled = enabled is True or str(enabled).lower() in ('true', 'yes', 'on', '1')
    return {'enabled': enabled, 'executables': doc.get_all('Python', 'Executable'),
            'version_matching': doc.get('Python', 'VersionMatching', default='')}


def test_golden_fixtures_exist():
    assert len(GOLDEN) >= 7 and len(MALFORMED) >= 10


@pytest.mark.parametrize('name', GOLDEN)
def test_round_trip_is_byte_identical(name):
    raw = read(name)
    assert Document.parse(raw).render().encode('utf-8') == raw


@pytest.mark.parametrize('name', GOLDEN)
def test_reads_what_go_gcfg_reads(name, gcfg_oracle, tmp_path):
    expected = gcfg_oracle.read_text(tmp_path, read(name))
    assert 'error' not in expected
    assert python_view(Document.parse(read(name))) == expected


@pytest.mark.parametrize('name', MALFORMED)
def test_malformed_files_fail_on_the_line_go_reports(name, gcfg_oracle, tmp_path):
    oracle = gcfg_oracle.read_text(tmp_path, read('malformed/' + name))
    assert 'error' in oracle
    go_line = int(oracle['error'].split(':')[1])
    with pytest.raises(GcfgError) as err:
        Document.parse(read('malformed/' + name))
    assert err.value.lineno == go_line == int(name[:2])
    assert str(err.value).startswith('line %d: ' % go_line)


def test_full_file_queries():
    doc = Document.parse(read('full.gcfg'))
    assert doc.get('python', 'enabled') == 'true'
    assert doc.get('SMTP', 'password') == 's3cr3t;with#chars'
    assert doc.get('Server', 'PublicWarning') == 'Internal use only; do not publish PHI # really'
    assert doc.get('LDAP', 'BindDN', subsection='Corporate LDAP') == 'cn=admin,dc=example,dc=com'
    assert doc.get('LDAP', 'BindDN') is None          # subsection names are part of the identity
    assert doc.get('ldap', 'binddn', subsection='corporate ldap') is None  # ...and case-sensitive
    assert doc.section_headers('rpackagerepository', 'CRAN')


def test_repeated_header_accumulates():
    doc = Document.parse(read('repeated.gcfg'))
    assert len(doc.section_headers('Python')) == 2
    assert doc.get_all('Python', 'Executable') == ['/opt/Python/3.9.2/bin/python3',
                                                   '/opt/Python/3.11.2/bin/python3']


def test_bare_name_resets_the_list_and_empty_value_appends():
    doc = Document.parse(read('bare_reset.gcfg'))
    assert doc.get_all('Python', 'Executable') == ['/opt/Python/3.11.2/bin/python3']
    doc = Document.parse('[Python]\nExecutable = a\nExecutable =\n')
    assert doc.get_all('Python', 'Executable') == ['a', '']
    assert Document.parse('[Python]\nEnabled\n').get('Python', 'Enabled') is True


def test_dash_and_underscore_names_fold():
    doc = Document.parse('[my-section]\nsome-key = 1\n')
    assert doc.get('MY_SECTION', 'Some_Key') == '1'


@pytest.mark.parametrize('value', ['plain', 'a;b', 'a#b', ' lead', 'trail ', 'q"uote', 'back\\slash',
                                   'tab\there', 'new\nline', '', 'ünïcödé'])
def test_quote_unquote_round_trip(value, tmp_path, gcfg_oracle):
    assert unquote(quote(value)) == value
    text = '[Python]\nExecutable = %s\n' % quote(value)
    assert Document.parse(text).get_all('Python', 'Executable') == [value]
    assert gcfg_oracle.read_text(tmp_path, text)['executables'] == [value]


# ---------------------------------------------------------------- edits
def test_set_all_unchanged_returns_false_and_keeps_bytes():
    raw = read('full.gcfg').decode()
    doc = Document.parse(raw)
    assert doc.set_all('Python', 'Executable', ['/opt/Python/3.8.17/bin/python3',
                                                '/opt/Python/3.9.17/bin/python3']) is False
    assert doc.render() == raw


def test_set_all_appends_keeping_comment_and_other_sections(tmp_path, gcfg_oracle, git_config):
    raw = read('full.gcfg').decode()
    doc = Document.parse(raw)
    new = ['/opt/Python/3.8.17/bin/python3', '/opt/Python/3.9.17/bin/python3',
           '/opt/Python/3.11.2/bin/python3']
    assert doc.set_all('Python', 'Executable', new) is True
    out = doc.render()
    assert out == raw.replace('; kept for legacy content\n',
                              '; kept for legacy content\nExecutable = /opt/Python/3.11.2/bin/python3\n')
    assert gcfg_oracle.read_text(tmp_path, out)['executables'] == new
    path = tmp_path / 'oracle.gcfg'
    assert git_config(path, 'python.executable') == new
    assert git_config(path, 'smtp.password') == ['s3cr3t;with#chars']


def test_set_all_removes_one_line_only():
    doc = Document.parse(read('full.gcfg').decode())
    doc.set_all('Python', 'Executable', ['/opt/Python/3.9.17/bin/python3'])
    out = doc.render()
    assert '/opt/Python/3.8.17' not in out
    assert 'Executable = /opt/Python/3.9.17/bin/python3   ; kept for legacy content\n' in out


def test_set_all_reorders_and_rewrites_in_place(tmp_path, gcfg_oracle):
    doc = Document.parse(read('repeated.gcfg').decode())
    want = ['/opt/Python/3.11.2/bin/python3', '/opt/Python/3.13.5/bin/python3']
    doc.set_all('Python', 'Executable', want)
    assert gcfg_oracle.read_text(tmp_path, doc.render())['executables'] == want
    assert Document.parse(doc.render()).get_all('Python', 'Executable') == want


def test_set_all_after_bare_reset_never_writes_a_bare_line(tmp_path, gcfg_oracle):
    doc = Document.parse(read('bare_reset.gcfg').decode())
    want = ['/opt/Python/3.8.17/bin/python3', '/opt/Python/3.11.2/bin/python3']
    doc.set_all('Python', 'Executable', want)
    out = doc.render()
    assert all(line.kind != 'variable' or line.value is not None for line in Document.parse(out).lines)
    assert gcfg_oracle.read_text(tmp_path, out)['executables'] == want
    assert '; reset the list:' in out


def test_set_all_empty_removes_every_line():
    doc = Document.parse(read('repeated.gcfg').decode())
    assert doc.set_all('Python', 'Executable', []) is True
    assert 'Executable' not in doc.render()
    assert doc.get('Python', 'VersionMatching') == 'major-minor'


def test_new_section_on_crlf_file_uses_crlf(tmp_path, gcfg_oracle):
    doc = Document.parse(read('no_python.gcfg'))
    doc.set('Python', 'Enabled', 'true')
    doc.set_all('Python', 'Executable', ['/opt/Python/3.11.2/bin/python3'])
    out = doc.render()
    assert out.startswith(u'\ufeff[Server]\nAddress')
    assert out.endswith('Provider = sqlite\n\n[Python]\nEnabled = true\n'
                        'Executable = /opt/Python/3.11.2/bin/python3\n')
    crlf = Document.parse(read('crlf.gcfg'))
    crlf.set_all('Python', 'Executable', ['/a', '/b'])
    crlf.set('Python', 'VersionMatching', 'exact')
    rendered = crlf.render()
    assert '\n' not in rendered.replace('\r\n', '')
    assert gcfg_oracle.read_text(tmp_path, rendered) == {
        'enabled': True, 'executables': ['/a', '/b'], 'version_matching': 'exact'}


def test_set_keeps_indentation_and_quotes_when_needed(tmp_path, gcfg_oracle):
    doc = Document.parse(read('quoted.gcfg').decode())
    doc.set('Python', 'VersionMatching', 'exact')
    doc.set_all('Python', 'Executable', ['/srv/py;thon/3.11.2/bin/python3', '/new #dir/python3'])
    out = doc.render()
    assert '\tVersionMatching = exact\n' in out
    assert '\tExecutable = "/new #dir/python3"\n' in out
    assert gcfg_oracle.read_text(tmp_path, out)['executables'] == [
        '/srv/py;thon/3.11.2/bin/python3', '/new #dir/python3']


def test_set_rewrites_the_winning_occurrence():
    doc = Document.parse('[Python]\nVersionMatching = exact ; old\nVersionMatching = exact\n')
    assert doc.set('Python', 'VersionMatching', 'major-minor') is True
    assert doc.render() == ('[Python]\nVersionMatching = exact ; old\n'
                            'VersionMatching = major-minor\n')
    assert doc.set('Python', 'VersionMatching', 'major-minor') is False


def test_rewrite_bare_and_empty_values():
    doc = Document.parse('[Python]\nEnabled ; bare means true\nExecutable =\n')
    doc.set('Python', 'Enabled', 'false')
    doc.set_all('Python', 'Executable', ['/x'])
    assert doc.render() == '[Python]\nEnabled = false ; bare means true\nExecutable = /x\n'


def test_empty_document_gets_a_section():
    doc = Document.parse('')
    doc.set('Python', 'Enabled', 'true')
    assert doc.render() == '[Python]\nEnabled = true\n'


def test_no_trailing_newline_is_handled():
    doc = Document.parse('[Python]\nEnabled = true')
    doc.set_all('Python', 'Executable', ['/x'])
    assert doc.render() == '[Python]\nEnabled = true\nExecutable = /x\n'


@pytest.mark.parametrize('bad', ['a\x00b', 'a\rb'])
def test_unwritable_values_are_refused(bad):
    doc = Document.parse('[Python]\n')
    with pytest.raises(ValueError):
        doc.set_all('Python', 'Executable', [bad])
    assert doc.render() == '[Python]\n'


@pytest.mark.parametrize('raw, expected', [
    (True, True), ('true', True), ('YES', True), ('on', True), (' on ', None), ('1', True),
    ('false', False), ('No', False), ('off', False), ('0', False),
    ('maybe', None), ('', None), (None, None),
])
def test_parse_bool_follows_gcfg(raw, expected):
    assert parse_bool(raw) is expected

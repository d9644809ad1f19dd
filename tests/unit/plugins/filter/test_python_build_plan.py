# -*- coding: utf-8 -*-
"""The python_build role's plan: validation messages name the variable to fix."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.connect_ops.interpreters.plugins.filter.python_build_plan import (
    FilterModule,
    python_build_plan,
)

SHA = 'a' * 64
KNOWN = {'3.11.2': {'sha256': 'b' * 64, 'format': 'tgz'}, '3.13.5': 'c' * 64}
URL = 'https://mirror.example/python/'


def test_registered():
    assert FilterModule().filters()['python_build_plan'] is python_build_plan


def test_plan_entries():
    plan = python_build_plan(['3.11.2', {'version': '3.12.1', 'sha256': SHA.upper()}, '3.13.5',
                              '2.7.18', '3.11.2'], '/opt/Python', URL,
                             dict(KNOWN, **{'2.7.18': {'sha256': SHA, 'format': 'tgz'}}))
    assert [p['version'] for p in plan] == ['3.11.2', '3.12.1', '3.13.5', '2.7.18']  # deduplicated
    first, second, third, legacy = plan
    cache = '/var/cache/connect-ops/python-build'
    compile_job, artifact_job = first.pop('compile_job'), first.pop('artifact_job')
    # what the build's files depend on (artifact_identity), and its fingerprint
    assert first.pop('identity') == {'version': '3.11.2', 'source_sha256': 'b' * 64,
                                     'prefix': '/opt/Python/3.11.2', 'configure_args': [],
                                     'recipe': [], 'openssl': ''}
    assert first.pop('fingerprint').startswith('sha256:')
    assert first == {'version': '3.11.2', 'major': 3,
                     'prefix': '/opt/Python/3.11.2', 'executable': '/opt/Python/3.11.2/bin/python3',
                     'file': 'Python-3.11.2.tgz', 'sha256': 'b' * 64, 'imports': [],
                     'ensurepip': False, 'openssl': '',
                     'url': 'https://mirror.example/python/3.11.2/Python-3.11.2.tgz',
                     'tarball': cache + '/src/Python-3.11.2.tgz', 'work': cache + '/work/3.11.2',
                     'stage': '/opt/Python/.staging-3.11.2', 'lock': '/opt/Python/.lock-3.11.2',
                     'log': cache + '/logs/3.11.2.log', 'flags': [], 'recipe': [],
                     'bolt_skipped': '',
                     'build': 'plain',
                     'artifact_stem': 'cpython-3.11.2',
                     'artifact': cache + '/artifacts/cpython-3.11.2.tar.zst',
                     'requested': '3.11.2', 'label': '3.11.2', 'kept': False, 'stale': ''}
    env = {'PB_VERSION': '3.11.2', 'PB_PREFIX': '/opt/Python/3.11.2',
           'PB_PYTHON': '/opt/Python/3.11.2/bin/python3', 'PB_STAGE': '/opt/Python/.staging-3.11.2',
           'PB_WORK': cache + '/work/3.11.2', 'PB_LOG': cache + '/logs/3.11.2.log',
           'PB_LOCK': '/opt/Python/.lock-3.11.2', 'PB_IMPORTS': ''}
    assert compile_job == {
        'script': cache + '/bin/compile-python.sh', 'argv': [], 'label': '3.11.2',
        'environment': dict(env, PB_TARBALL=cache + '/src/Python-3.11.2.tgz', PB_JOBS='1',
                            PB_OPENSSL='', PB_RECIPE='')}
    assert artifact_job == {
        'script': cache + '/bin/install-artifact.sh', 'argv': [], 'label': '3.11.2',
        'environment': dict(env, PB_ARTIFACT=cache + '/artifacts/cpython-3.11.2.tar.zst')}
    assert second['sha256'] == SHA and second['file'] == 'Python-3.12.1.tar.xz'
    assert third['url'].endswith('/3.13.5/Python-3.13.5.tar.xz')
    assert legacy['executable'] == '/opt/Python/2.7.18/bin/python'


def test_jobs_carry_the_budget_the_optimizations_and_configure_arguments():
    plan = python_build_plan(['3.11.2'], '/opt/Python', URL, KNOWN, imports=['ssl', 'lzma'],
                             jobs=8, optimize=True, configure_args=['CC=gcc 12'],
                             openssl_prefix='/opt/openssl')
    job = plan[0]['compile_job']
    # the series' optimization flags first, then the site's
    assert job['argv'] == ['--enable-optimizations', '--with-lto', 'CC=gcc 12']
    assert plan[0]['build'] == 'pgo+lto'
    assert plan[0]['artifact'].endswith('/cpython-3.11.2-pgo-lto.tar.zst')
    assert (job['environment']['PB_JOBS'], job['environment']['PB_OPENSSL'],
            job['environment']['PB_IMPORTS']) == ('8', '/opt/openssl', 'ssl,lzma')
    assert 'PB_OPTIMIZE' not in job['environment']


ALL_CHANGES = ['static-interpreter', 'lto-partitioned', 'lto-jobserver']


@pytest.mark.parametrize('version,optimize,argv,build,recipe', [
    ('3.11.2', True, ['--enable-optimizations', '--with-lto'], 'pgo+lto', ALL_CHANGES),
    ('3.8.20', True, ['--enable-optimizations', '--with-lto'], 'pgo+lto', ALL_CHANGES),
    ('3.13.5', True, ['--enable-optimizations', '--with-lto'], 'pgo+lto', ALL_CHANGES),
    # 3.14 partitions by itself (gh-132257)
    ('3.14.0', True, ['--enable-optimizations', '--with-lto'], 'pgo+lto',
     ['static-interpreter', 'lto-jobserver']),
    # 3.15 links its interpreter statically with upstream's own option (cpython#133313)
    ('3.15.0', True, ['--enable-optimizations', '--with-lto',
                      '--enable-static-libpython-for-interpreter'], 'pgo+lto', ['lto-jobserver']),
    ('3.7.17', True, [], 'plain', []),     # the long training set: plain by default
    ('2.7.18', True, [], 'plain', []),     # extension modules link libpython: stays dynamic
    ('3.11.2', False, [], 'plain', []),    # the seeds' flags, Posit's recipe as it is
])
def test_optimization_flags_and_recipe_per_series(version, optimize, argv, build, recipe):
    entry = python_build_plan([version], '/opt/Python', URL, KNOWN, optimize=optimize,
                              verify_checksum=False)[0]
    assert entry['compile_job']['argv'] == argv and entry['build'] == build
    assert entry['recipe'] == recipe
    assert entry['compile_job']['environment']['PB_RECIPE'] == ' '.join(recipe)


@pytest.mark.parametrize('extra,build', [
    (['--without-lto'], 'pgo'),            # PGO alone: the site's argument comes last and wins
    (['--with-lto=no'], 'pgo'),
    (['--disable-optimizations'], 'lto'),
    (['--without-lto', '--with-lto'], 'pgo+lto'),
])
def test_a_site_argument_turns_a_default_optimization_off(extra, build):
    entry = python_build_plan(['3.11.2'], '/opt/Python', URL, KNOWN, optimize=True,
                              configure_args=extra, verify_checksum=False)[0]
    assert entry['build'] == build


def test_pgo_with_disable_test_modules_is_refused():
    with pytest.raises(AnsibleFilterError, match='--disable-test-modules breaks PGO training'):
        python_build_plan(['3.11.2'], '/opt/Python', URL, KNOWN, optimize=True,
                          configure_args=['--disable-test-modules'])
    plan = python_build_plan(['3.11.2'], '/opt/Python', URL, KNOWN, optimize=False,
                             configure_args=['--disable-test-modules'])
    assert plan[0]['compile_job']['argv'] == ['--disable-test-modules']


@pytest.mark.parametrize('args', [['--ok', 'two\nlines'], '--not-a-list', ['nul\x00']])
def test_configure_args_must_be_one_line_strings(args):
    with pytest.raises(AnsibleFilterError, match='python_build_configure_extra_args must be a list'):
        python_build_plan(['3.11.2'], '/opt/Python', URL, KNOWN, configure_args=args)


def test_prerelease_lives_in_the_release_directory():
    plan = python_build_plan([{'version': '3.14.0rc3', 'sha256': SHA}], '/opt/Python', URL)
    assert plan[0]['url'] == 'https://mirror.example/python/3.14.0/Python-3.14.0rc3.tar.xz'


def test_unverified_when_allowed():
    plan = python_build_plan(['3.15.1'], '/opt/Python', URL, {}, False)
    assert plan[0]['sha256'] is None


@pytest.mark.parametrize('versions, kwargs, message', [
    (['3.13.x'], {}, "python_build_versions: invalid Python version '3.13.x'"),
    (['3.3.7'], {'verify_checksum': False}, 'Python 3.3.7 is below the minimum Connect supports'),
    (['2.7.8'], {'verify_checksum': False}, 'below the minimum Connect supports for Python 2 (2.7.9)'),
    (['3.15.1'], {}, 'set python_build_checksums["3.15.1"]'),
    ([{'sha256': SHA}], {}, 'has no "version" key'),
    ([{'version': '3.12.7', 'sha256': 'xyz'}], {}, "'xyz' for 3.12.7 is not a sha256"),
    ([{'version': '3.12.7', 'sha256': SHA, 'format': 'zip'}], {}, "format 'zip' for 3.12.7"),
    (['3.12.7'], {'checksums': {'3.12.7': 42}}, 'python_build_checksums: the entry for 3.12.7'),
    ('3.12.7', {}, 'python_build_versions must be a list'),
])
def test_errors_name_the_variable(versions, kwargs, message):
    args = {'checksums': KNOWN, 'verify_checksum': True}
    args.update(kwargs)
    with pytest.raises(AnsibleFilterError) as err:
        python_build_plan(versions, '/opt/Python', URL, args['checksums'], args['verify_checksum'])
    assert message in str(err.value)


def test_root_must_be_absolute():
    with pytest.raises(AnsibleFilterError, match="python_build_root must be an absolute path, got 'opt'"):
        python_build_plan(['3.11.2'], 'opt', URL, KNOWN)


HOSTILE = ["/opt/x'; touch /tmp/pwned; '", '/opt/$(touch /tmp/pwned)', '/opt/`id`', '/opt/a b',
           '/opt/a\nb', '/opt/"q"', '/opt/*', '/opt/../etc', '/opt/x;id', '/opt/\x01', '/', '',
           None, 42, ['/opt']]


@pytest.mark.parametrize('bad', HOSTILE)
@pytest.mark.parametrize('variable', ['python_build_root', 'python_build_cache_dir'])
def test_hostile_paths_are_refused_naming_the_variable(bad, variable):
    bad = bad.replace('\\n', '\n').replace('\\x01', '\x01') if isinstance(bad, str) else bad
    root, cache = ('/opt/Python', '/var/cache/x')
    if variable == 'python_build_root':
        root = bad
    else:
        cache = bad
    with pytest.raises(AnsibleFilterError) as err:
        python_build_plan(['3.11.2'], root, URL, KNOWN, cache_dir=cache)
    assert str(err.value).startswith(variable)


def test_paths_are_normalized():
    plan = python_build_plan(['3.11.2'], '/opt//Python/', URL, KNOWN, cache_dir='/var/cache/./pb')
    assert plan[0]['prefix'] == '/opt/Python/3.11.2' and plan[0]['work'] == '/var/cache/pb/work/3.11.2'


@pytest.mark.parametrize('imports', [['ssl; import os'], ['os.system("x")'], 'ssl', [1]])
def test_required_imports_must_be_module_names(imports):
    with pytest.raises(AnsibleFilterError, match='python_build_required_imports'):
        python_build_plan(['3.11.2'], '/opt/Python', URL, KNOWN, imports=imports)


def test_lzma_is_not_required_of_python_2():
    plan = python_build_plan(['2.7.18', '3.11.2'], '/opt/Python', URL,
                             dict(KNOWN, **{'2.7.18': SHA}), imports=['ssl', 'lzma'])
    assert plan[0]['imports'] == ['ssl'] and plan[1]['imports'] == ['ssl', 'lzma']


@pytest.mark.parametrize('bad', ['true-ish', 2, None])
def test_verify_checksum_is_a_boolean(bad):
    with pytest.raises(AnsibleFilterError, match='python_build_verify_checksum'):
        python_build_plan(['3.11.2'], '/opt/Python', URL, KNOWN, bad)


@pytest.mark.parametrize('spec, minimum', [('>=40.8', '40.8'), ('>=40.8,<70', '40.8'),
                                           ('~=69.0', '69.0'), ('==69.5.1', '69.5.1'),
                                           ('<70', ''), (' >= 41 ', '41')])
def test_setuptools_minimum(spec, minimum):
    from ansible_collections.connect_ops.interpreters.plugins.filter.python_build_plan import (
        python_build_setuptools_minimum)
    assert python_build_setuptools_minimum(spec) == minimum


@pytest.mark.parametrize('spec', ['40.8', '', 'latest', '>=40.8;rm', None])
def test_setuptools_minimum_rejects_non_specifiers(spec):
    from ansible_collections.connect_ops.interpreters.plugins.filter.python_build_plan import (
        python_build_setuptools_minimum)
    with pytest.raises(AnsibleFilterError, match='python_build_setuptools_version'):
        python_build_setuptools_minimum(spec)


@pytest.mark.parametrize('kwargs, message', [
    ({'jobs': -2}, 'python_build_jobs must be at least 1, got -2'),
    ({'jobs': 0}, 'python_build_jobs must be at least 1'),
    ({'jobs': 'many'}, "python_build_jobs must be a number, got 'many'"),
    ({'jobs': 1.5}, 'python_build_jobs must be a number'),
    ({'poll': 0}, 'python_build_poll must be at least 0.1, got 0'),
    ({'timeout': 0}, 'python_build_timeout must be at least 1'),
    ({'openssl_prefix': 'relative/ssl'}, 'python_build_openssl_prefix must be an absolute path'),
])
def test_settings_out_of_range_name_the_variable(kwargs, message):
    with pytest.raises(AnsibleFilterError, match=message):
        python_build_plan(['3.11.2'], '/opt/Python', URL, KNOWN, **kwargs)


def test_settings_in_range():
    plan = python_build_plan(['3.11.2'], '/opt/Python', URL, KNOWN, jobs='4', poll=0.5, timeout=60,
                             openssl_prefix='/opt/openssl-3')
    assert plan[0]['openssl'] == '/opt/openssl-3'


BOLT_TOOLS = {'package': 'bolt-19', 'llvm_bolt': '/usr/bin/llvm-bolt-19',
              'merge_fdata': '/usr/bin/merge-fdata-19'}
BOLT_FLAGS = ['--enable-bolt', 'LLVM_BOLT=/usr/bin/llvm-bolt-19',
              'MERGE_FDATA=/usr/bin/merge-fdata-19', 'LDFLAGS=-Wl,-z,nopack-relative-relocs']


def bolt_plan(version, **kwargs):
    args = dict(optimize=True, bolt=True, bolt_tools=BOLT_TOOLS, architecture='x86_64',
                verify_checksum=False)
    args.update(kwargs)
    return python_build_plan([version], '/opt/Python', URL, KNOWN, **args)[0]


def test_bolt_on_313_x86_64_adds_its_flags_and_rewrites_the_executable_only():
    entry = bolt_plan('3.13.5')
    assert entry['compile_job']['argv'] == ['--enable-optimizations', '--with-lto'] + BOLT_FLAGS
    assert entry['build'] == 'pgo+lto+bolt' and entry['bolt_skipped'] == ''
    assert entry['recipe'] == ALL_CHANGES + ['bolt-executable']
    # an artifact of its own: a BOLT build is never taken for the PGO + LTO one
    assert entry['artifact'].endswith('/cpython-3.13.5-pgo-lto-bolt.tar.zst')


@pytest.mark.parametrize('version,kwargs,why', [
    ('3.11.2', {}, '3.13 and later only'),
    ('3.12.8', {}, '3.13 and later only'),
    ('3.13.5', {'architecture': 'aarch64'}, 'x86_64 only, and this host is aarch64'),
    ('3.13.5', {'bolt_tools': {}}, 'no BOLT package the collection knows'),
    ('3.13.5', {'optimize': False}, 'needs python_build_optimizations'),
])
def test_bolt_where_it_does_not_apply_changes_nothing_and_says_why(version, kwargs, why):
    entry = bolt_plan(version, **kwargs)
    assert why in entry['bolt_skipped']
    assert '--enable-bolt' not in entry['compile_job']['argv']
    assert 'bolt' not in entry['build'] and 'bolt-executable' not in entry['recipe']


def test_bolt_not_asked_for_leaves_no_note():
    entry = bolt_plan('3.13.5', bolt=False)
    assert entry['bolt_skipped'] == '' and entry['build'] == 'pgo+lto'


@pytest.mark.parametrize('tools,message', [
    ({'package': 'bolt-19', 'llvm_bolt': 'llvm-bolt-19', 'merge_fdata': '/usr/bin/m'},
     'llvm_bolt must be an absolute path'),
    ({'package': 'bolt-19; rm -rf /', 'llvm_bolt': '/usr/bin/b', 'merge_fdata': '/usr/bin/m'},
     'must be a package name'),
    ({'package': 'bolt-19'}, 'must be {package, llvm_bolt, merge_fdata}'),
    ('bolt-19', 'must be {package, llvm_bolt, merge_fdata}'),
])
def test_bad_bolt_tools_are_refused(tools, message):
    with pytest.raises(AnsibleFilterError, match=re.escape(message)):
        bolt_plan('3.13.5', bolt_tools=tools)


def test_python_build_bolt_must_be_a_boolean():
    with pytest.raises(AnsibleFilterError, match='python_build_bolt must be a boolean'):
        bolt_plan('3.13.5', bolt='maybe')

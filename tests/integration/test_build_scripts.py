# -*- coding: utf-8 -*-
"""python_build's static scripts and the python_build_job action, run for real on this host
against a stand-in CPython source tree (its configure writes a Makefile whose install creates a
virtual environment at DESTDIR/PREFIX: an interpreter whose sys.prefix follows its directory, as
a relocated build's would). Hostile values reach the scripts only as data (issue 10)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys
import tarfile
import textwrap
import signal
import threading
import time

import pytest
from intervals import busiest
from processes import still_running, unique_seconds

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
FILES = os.path.join(ROOT, 'roles', 'python_build', 'files')
HERE = os.path.dirname(__file__)

CONFIGURE = textwrap.dedent('''\
    #!/bin/sh
    # A stand-in for CPython's configure: honours --prefix, writes a Makefile.
    case ${FAKE_CONFIGURE_FAILS:-} in
      "") ;;
      1|"$PB_VERSION") echo "configure: error: asked to fail" >&2; exit 1 ;;
    esac
    for a in "$@"; do case $a in --prefix=*) prefix=${a#--prefix=};; esac; done
    printf '%s\\n' "$prefix" > prefix.txt
    printf '%s\\n' "$@" > "${FAKE_CONFIGURE_ARGS:-/dev/null}"
    cat > Makefile <<'MAKE'
    all:
    \t@while [ -n "$${FAKE_MAKE_GATE:-}" ] && [ ! -e "$${FAKE_MAKE_GATE:-}" ]; do sleep 0.1; done
    \t@sleep $${FAKE_MAKE_SECONDS:-0}; echo built
    install:
    \t"$$FAKE_PYTHON" -m venv --without-pip "$$DESTDIR$$(cat prefix.txt)"
    MAKE
    ''')


def make_source_tarball(directory, configure=CONFIGURE, version='3.11.2', files=None):
    """DIRECTORY/Python-VERSION.tgz: a stand-in source tree with ``configure`` and ``files``."""
    src = directory / ('Python-%s' % version)
    src.mkdir(parents=True)
    (src / 'configure').write_text(configure)
    os.chmod(str(src / 'configure'), 0o755)
    for name, text in (files or {}).items():
        (src / name).write_text(text)
    tarball = directory / ('Python-%s.tgz' % version)
    with tarfile.open(str(tarball), 'w:gz') as tar:
        tar.add(str(src), arcname='Python-%s' % version)
    return str(tarball)


@pytest.fixture
def source_tarball(tmp_path):
    return make_source_tarball(tmp_path)


def job_env(base, version='3.11.2', root=None, cache=None):
    root = root or os.path.join(base, 'opt-python')
    cache = cache or os.path.join(base, 'cache')
    prefix = os.path.join(root, version)
    return {
        'PB_VERSION': version, 'PB_PREFIX': prefix, 'PB_PYTHON': prefix + '/bin/python3',
        'PB_STAGE': os.path.join(root, '.staging-' + version),
        'PB_WORK': os.path.join(cache, 'work', version),
        'PB_LOG': os.path.join(cache, 'logs', version + '.log'),
        'PB_LOCK': os.path.join(root, '.lock-' + version),
        'PB_IMPORTS': 'ssl,sqlite3,json',
    }


def run_script(name, env, *argv, **extra):
    full = dict(os.environ, FAKE_PYTHON=sys.executable, **env)
    full.update(extra)
    return subprocess.run([os.path.join(FILES, name)] + list(argv), env=full, capture_output=True,
                          text=True, check=False)


def pack_artifact(artifact, directory):
    """Pack DIRECTORY/3.11.2 the way the role's pack step does (tar with zstd)."""
    subprocess.run(['tar', '--create', '--use-compress-program=zstd', '--file=' + artifact,
                    '--directory=' + directory, '3.11.2'], check=True)
    return artifact


def events(env):
    with open(env['PB_LOG'] + '.phases') as f:
        return f.read().splitlines()


def test_compile_stages_checks_and_renames(tmp_path, source_tarball):
    env = job_env(str(tmp_path))
    proc = run_script('compile-python.sh', env, PB_TARBALL=source_tarball, PB_JOBS='2')
    assert proc.returncode == 0, proc.stderr + open(env['PB_LOG']).read()
    lines = events(env)
    assert [l.split()[1] for l in lines if l.startswith('phase ')] == [
        'unpack', 'configure', 'make', 'install', 'check', 'tls', 'cleanup', 'done']
    tls = [l for l in lines if l.startswith('tls ')]
    assert tls and 'CA certificates from' in tls[0] and 'host names checked' in tls[0], lines
    assert lines[-2].startswith('done installed Python 3.11.2 at %s in ' % env['PB_PREFIX'])
    assert 'configure=' in lines[-2] and 'make=' in lines[-2] and lines[-1] == 'exit 0'
    out = subprocess.run(['env', '-i', env['PB_PYTHON'], '-c', 'import sys; print(sys.prefix)'],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == env['PB_PREFIX']
    assert not os.path.exists(env['PB_STAGE']) and not os.path.exists(env['PB_WORK'])


def test_a_site_openssl_is_passed_with_an_rpath(tmp_path, source_tarball):
    openssl = tmp_path / 'openssl'
    (openssl / 'include' / 'openssl').mkdir(parents=True)
    (openssl / 'include' / 'openssl' / 'ssl.h').write_text('/* stand-in */')
    env = job_env(str(tmp_path))
    args = tmp_path / 'configure-args'
    proc = run_script('compile-python.sh', env, PB_TARBALL=source_tarball, PB_JOBS='2',
                      PB_OPENSSL=str(openssl), FAKE_CONFIGURE_ARGS=str(args))
    assert proc.returncode == 0, proc.stderr + open(env['PB_LOG']).read()
    seen = args.read_text().splitlines()
    assert 'CPPFLAGS=-I%s/include' % openssl in seen
    assert any(a.startswith('LDFLAGS=-L%s/lib -Wl,-rpath=%s/lib ' % (openssl, openssl)) and
               '-Wl,-rpath=%s/lib,--disable-new-dtags' % env['PB_PREFIX'] in a for a in seen), seen


def test_a_site_openssl_without_headers_is_refused(tmp_path, source_tarball):
    env = job_env(str(tmp_path))
    proc = run_script('compile-python.sh', env, PB_TARBALL=source_tarball, PB_JOBS='2',
                      PB_OPENSSL=str(tmp_path / 'nothing'))
    assert proc.returncode == 1
    assert any('has no include/openssl/ssl.h' in l for l in events(env))
    assert not os.path.exists(env['PB_PREFIX'])


def test_an_interpreter_that_cannot_load_the_trust_store_is_rejected(tmp_path):
    """An ssl module with an empty default CA store fails the TLS check: nothing stays installed."""
    env = job_env(str(tmp_path))
    build = tmp_path / 'build'
    subprocess.run([sys.executable, '-m', 'venv', '--without-pip', str(build / '3.11.2')],
                   check=True)
    # A sitecustomize that points OpenSSL's default paths at nothing, as a broken trust store would.
    site = subprocess.run([str(build / '3.11.2' / 'bin' / 'python3'), '-c',
                           'import sysconfig; print(sysconfig.get_paths()["purelib"])'],
                          capture_output=True, text=True, check=True).stdout.strip()
    rel = os.path.relpath(site, str(build / '3.11.2'))
    with open(os.path.join(site, 'sitecustomize.py'), 'w') as f:
        f.write('import os\nos.environ["SSL_CERT_FILE"] = "/nonexistent"\n'
                'os.environ["SSL_CERT_DIR"] = "/nonexistent"\n')
    assert os.path.exists(os.path.join(str(build / '3.11.2'), rel, 'sitecustomize.py'))
    artifact = pack_artifact(str(tmp_path / 'cpython-3.11.2.tar.zst'), str(build))
    proc = run_script('install-artifact.sh', env, PB_ARTIFACT=artifact)
    assert proc.returncode == 1
    failed = [l for l in events(env) if l.startswith('failed ')]
    assert failed and 'TLS check: ' in failed[0] and 'install ca-certificates' in failed[0], failed
    assert not os.path.exists(env['PB_PREFIX'])


def test_failing_configure_leaves_no_prefix(tmp_path, source_tarball):
    env = job_env(str(tmp_path))
    proc = run_script('compile-python.sh', env, PB_TARBALL=source_tarball, PB_JOBS='2',
                      FAKE_CONFIGURE_FAILS='1')
    assert proc.returncode == 1
    assert 'failed configure failed for Python 3.11.2' in events(env)
    assert not os.path.exists(env['PB_PREFIX']) and not os.path.exists(env['PB_STAGE'])
    assert 'asked to fail' in open(env['PB_LOG']).read()


def test_an_existing_prefix_is_never_replaced(tmp_path, source_tarball):
    env = job_env(str(tmp_path))
    os.makedirs(env['PB_PREFIX'])
    (tmp_path / 'opt-python' / '3.11.2' / 'mine').write_text('keep')
    proc = run_script('compile-python.sh', env, PB_TARBALL=source_tarball, PB_JOBS='2')
    assert proc.returncode == 1 and any('exists; installations are never replaced' in l
                                        for l in events(env))
    assert os.listdir(env['PB_PREFIX']) == ['mine']


def test_site_ldflags_and_cppflags_are_merged_not_dropped(tmp_path, source_tarball):
    """python_build_configure_extra_args with LDFLAGS=/CPPFLAGS= used to come before the script's
    own assignments, and autoconf keeps the last one: the site's flags were lost (issue 24,
    item 8)."""
    env = job_env(str(tmp_path))
    args = tmp_path / 'configure-args'
    proc = run_script('compile-python.sh', env, '--with-system-expat', 'LDFLAGS=-L/site/lib',
                      'CPPFLAGS=-I/site/include', 'LDFLAGS=-Wl,--as-needed',
                      PB_TARBALL=source_tarball, PB_JOBS='2', FAKE_CONFIGURE_ARGS=str(args))
    assert proc.returncode == 0, proc.stderr + open(env['PB_LOG']).read()
    seen = args.read_text().splitlines()
    ldflags = [a for a in seen if a.startswith('LDFLAGS=')]
    cppflags = [a for a in seen if a.startswith('CPPFLAGS=')]
    assert ldflags == ['LDFLAGS=-Wl,-rpath=%s/lib,--disable-new-dtags -L/site/lib '
                       '-Wl,--as-needed' % env['PB_PREFIX']], seen
    assert cppflags == ['CPPFLAGS=-I/site/include'], seen
    assert '--with-system-expat' in seen


def test_a_hardened_umask_leaves_the_prefix_readable(tmp_path, source_tarball):
    """Under umask 027 (CIS-hardened hosts) the installed files must still be readable by the
    rstudio-connect user (issue 24, item 9)."""
    env = job_env(str(tmp_path))
    full = dict(os.environ, FAKE_PYTHON=sys.executable, PB_TARBALL=source_tarball, PB_JOBS='2',
                **env)
    proc = subprocess.run([os.path.join(FILES, 'compile-python.sh')], env=full,
                          capture_output=True, text=True, check=False,
                          preexec_fn=lambda: os.umask(0o027))
    assert proc.returncode == 0, proc.stderr + open(env['PB_LOG']).read()
    unreadable = []
    for parent, dirs, files in os.walk(env['PB_PREFIX']):
        for name in dirs + files:
            path = os.path.join(parent, name)
            if not os.path.islink(path) and not os.stat(path).st_mode & 0o004:
                unreadable.append(path)
    assert unreadable == []


def test_a_second_run_waits_out_the_lock_instead_of_nesting_the_tree(tmp_path, source_tarball):
    env = job_env(str(tmp_path))
    gate = str(tmp_path / 'gate')
    first = subprocess.Popen([os.path.join(FILES, 'compile-python.sh')],
                             env=dict(os.environ, FAKE_PYTHON=sys.executable, PB_TARBALL=source_tarball,
                                      PB_JOBS='2', FAKE_MAKE_GATE=gate, **env))
    # The second run starts once the first holds the lock and is in make, which waits for the
    # gate: waited for, not assumed after a fixed sleep (issue 38: a loaded host may not be
    # there yet, or already past it).
    wait_for_phase(env, 'make')
    # The second run uses the same log: it must leave the first run's progress file alone (issue
    # 25: it used to empty it and write its own failure and exit code into it).
    second = run_script('compile-python.sh', env, PB_TARBALL=source_tarball, PB_JOBS='2')
    open(gate, 'w').close()
    assert second.returncode == 75
    assert 'another run is installing Python 3.11.2' in second.stderr
    assert first.wait(60) == 0
    lines = events(env)
    assert lines[0] == 'pid %d' % first.pid and lines[-1] == 'exit 0', lines
    assert not any(l.startswith('failed') for l in lines), lines
    assert os.path.exists(env['PB_PYTHON'])
    assert not os.path.exists(os.path.join(env['PB_PREFIX'], '3.11.2'))


HOSTILE = [
    "x'; touch {pwned}; echo '",
    'x$(touch {pwned})',
    'x`touch {pwned}`',
    'x"; touch {pwned}; echo "',
    'x;touch {pwned}',
    'x && touch {pwned}',
]


@pytest.mark.parametrize('pattern', HOSTILE)
def test_hostile_roots_and_cache_dirs_run_no_command(pattern, tmp_path, source_tarball):
    """The plan refuses such paths; even so, the scripts take them as data, never as code."""
    pwned = str(tmp_path / 'pwned')
    hostile = pattern.format(pwned=pwned)
    env = job_env(str(tmp_path), root=str(tmp_path / ('root-' + hostile)),
                  cache=str(tmp_path / ('cache-' + hostile)))
    # a compile that stops at configure, and a complete install from an artifact
    run_script('compile-python.sh', env, PB_TARBALL=source_tarball, PB_JOBS='2',
               FAKE_CONFIGURE_FAILS='1')
    assert not os.path.exists(pwned)
    build = tmp_path / 'build'
    subprocess.run([sys.executable, '-m', 'venv', '--without-pip', str(build / '3.11.2')],
                   check=True)
    artifact = pack_artifact(str(tmp_path / 'cpython-3.11.2.tar.zst'), str(build))
    proc = run_script('install-artifact.sh', env, PB_ARTIFACT=artifact)
    assert proc.returncode == 0, proc.stderr + open(env['PB_LOG']).read()
    assert not os.path.exists(pwned)
    assert os.path.exists(env['PB_PYTHON'])  # installed at the literal path


def test_missing_values_are_refused(tmp_path, source_tarball):
    env = job_env(str(tmp_path))
    del env['PB_LOCK']
    proc = run_script('compile-python.sh', env, PB_TARBALL=source_tarball, PB_JOBS='2')
    assert proc.returncode == 2 and 'PB_LOCK is not set' in proc.stderr
    proc = run_script('compile-python.sh', job_env(str(tmp_path)), PB_TARBALL=source_tarball,
                      PB_JOBS='2; id')
    assert proc.returncode == 2 and 'PB_JOBS must be a positive number' in proc.stderr


def test_scripts_are_shellcheck_clean():
    proc = subprocess.run(['shellcheck', '-x', 'compile-python.sh', 'install-artifact.sh',
                           'python-build-lib.sh'], cwd=FILES, capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stdout


# The action plugin, through ansible-playbook with the default callback (its progress lines).
def run_job(playbook, tmp_path, source_tarball, **extra):
    env = job_env(str(tmp_path))
    values = {'job_env': dict(env, PB_TARBALL=source_tarball, PB_JOBS='2'),
              'job_script': os.path.join(FILES, 'compile-python.sh')}
    values.update(extra)
    return env, playbook(os.path.join(HERE, 'playbooks', 'python_build_job.yml'),
                         '-e', json.dumps(values),
                         env={'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default',
                              'FAKE_PYTHON': sys.executable,
                              'FAKE_MAKE_SECONDS': str(extra.pop('make_seconds', 3))})


def test_job_shows_each_phase_and_the_final_line(playbook, tmp_path, source_tarball):
    env, (proc, _result) = run_job(playbook, tmp_path, source_tarball)
    out = proc.stdout
    assert proc.returncode == 0, out[-3000:] + proc.stderr
    assert 'localhost: 3.11.2: started, log %s' % env['PB_LOG'] in out
    assert 'localhost: 3.11.2: configure (' in out and ' s) -> make' in out
    assert 'localhost: 3.11.2: make (' in out and ') -> install' in out
    assert 'localhost: 3.11.2: installed Python 3.11.2 at %s in ' % env['PB_PREFIX'] in out
    assert 'ASYNC POLL' not in out
    assert os.path.exists(env['PB_PYTHON'])


def test_job_timeout_stops_everything_and_leaves_no_prefix(playbook, tmp_path, source_tarball):
    seconds = unique_seconds(118)  # a value no other test (nor round) uses
    env, (proc, _result) = run_job(playbook, tmp_path, source_tarball, job_timeout=4,
                                   make_seconds=seconds)
    assert proc.returncode != 0
    assert 'ran longer than python_build_timeout (4 s) and was stopped' in proc.stdout
    assert not os.path.exists(env['PB_PREFIX']) and not os.path.exists(env['PB_STAGE'])
    assert still_running(seconds) == ''


def test_job_failure_shows_the_cause_and_the_log(playbook, tmp_path, source_tarball):
    missing = str(tmp_path / 'missing.tar.gz')
    _env, (proc, _result) = run_job(playbook, tmp_path, source_tarball,
                                    job_script=os.path.join(FILES, 'install-artifact.sh'),
                                    job_env=dict(job_env(str(tmp_path)), PB_ARTIFACT=missing))
    assert proc.returncode != 0
    assert 'unpacking %s failed for Python 3.11.2' % missing in proc.stdout
    assert 'last lines of the log' in proc.stdout


def test_jobs_run_together_and_one_failure_leaves_the_others_installed(
        playbook, tmp_path, source_tarball):
    envs = [job_env(str(tmp_path), version) for version in ('3.11.2', '3.12.4', '3.13.5')]
    jobs = [{'script': os.path.join(FILES, 'compile-python.sh'),
             'environment': dict(env, PB_TARBALL=source_tarball, PB_JOBS='2')} for env in envs]
    proc, _result = playbook(os.path.join(HERE, 'playbooks', 'python_build_jobs.yml'),
                             '-e', json.dumps({'job_list': jobs, 'job_slots': 2}),
                             env={'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default',
                                  'FAKE_PYTHON': sys.executable, 'FAKE_MAKE_SECONDS': '2',
                                  'FAKE_CONFIGURE_FAILS': '3.12.4'})
    out = proc.stdout
    assert proc.returncode != 0
    assert 'localhost: 3 jobs share 2 slot(s)' in out
    for env in (envs[0], envs[2]):
        assert 'localhost: %s: installed Python %s at %s' % (
            env['PB_VERSION'], env['PB_VERSION'], env['PB_PREFIX']) in out
        assert os.path.exists(env['PB_PYTHON'])
    assert 'configure failed for Python 3.12.4' in out
    assert 'Installed all the same (each job is checked and moved into place on its own): ' \
        '3.11.2, 3.13.5' in out
    assert not os.path.exists(envs[1]['PB_PREFIX']) and not os.path.exists(envs[1]['PB_STAGE'])
    # the two makes overlapped: both had started before either finished
    phases = [dict((l.split()[1], int(l.split()[2])) for l in events(env)
                   if l.startswith('phase ')) for env in (envs[0], envs[2])]
    assert phases[1]['make'] < phases[0]['check'] and phases[0]['make'] < phases[1]['check']


def test_jobs_timeout_stops_all_of_them(playbook, tmp_path, source_tarball):
    seconds = unique_seconds(97)
    envs = [job_env(str(tmp_path), version) for version in ('3.11.2', '3.12.4')]
    jobs = [{'script': os.path.join(FILES, 'compile-python.sh'),
             'environment': dict(env, PB_TARBALL=source_tarball, PB_JOBS='2')} for env in envs]
    proc, _result = playbook(os.path.join(HERE, 'playbooks', 'python_build_jobs.yml'),
                             '-e', json.dumps({'job_list': jobs, 'job_slots': 2, 'job_timeout': 4}),
                             env={'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default',
                                  'FAKE_PYTHON': sys.executable, 'FAKE_MAKE_SECONDS': seconds})
    assert proc.returncode != 0
    for env in envs:
        assert 'Python %s ran longer than python_build_timeout (4 s) and was stopped' % (
            env['PB_VERSION']) in proc.stdout
    for env in envs:
        assert not os.path.exists(env['PB_PREFIX']) and not os.path.exists(env['PB_STAGE'])
    assert still_running(seconds) == ''


def test_job_check_mode_runs_nothing(playbook, tmp_path, source_tarball):
    env = job_env(str(tmp_path))
    proc, _result = playbook(os.path.join(HERE, 'playbooks', 'python_build_job.yml'), '--check',
                             '-e', json.dumps({'job_env': dict(env, PB_TARBALL=source_tarball,
                                                               PB_JOBS='2'),
                                               'job_script': os.path.join(FILES,
                                                                          'compile-python.sh')}),
                             env={'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default'})
    assert proc.returncode == 0 and 'changed=1' in proc.stdout
    assert not os.path.exists(env['PB_LOG'])


# Interrupted controllers and second operators (issue 25): a run that finds a build of the same
# version running follows it to its end instead of failing or building again.
def start_job_playbook(tmp_path, source_tarball, make_seconds, gate=''):
    """ansible-playbook running one job; with ``gate``, its make waits until that file exists."""
    collections = os.path.join(ROOT, 'build', 'collections')
    env = job_env(str(tmp_path))
    values = {'job_env': dict(env, PB_TARBALL=source_tarball, PB_JOBS='2'),
              'job_script': os.path.join(FILES, 'compile-python.sh')}
    full = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_NOCOLOR='1',
                ANSIBLE_STDOUT_CALLBACK='ansible.builtin.default',
                ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING='false',
                ANSIBLE_INVENTORY_UNPARSED_WARNING='false', FAKE_PYTHON=sys.executable,
                FAKE_MAKE_SECONDS=str(make_seconds), FAKE_MAKE_GATE=str(gate))
    cmd = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'),
           os.path.join(HERE, 'playbooks', 'python_build_job.yml'), '-e', json.dumps(values)]
    return env, subprocess.Popen(cmd, env=full, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 text=True, start_new_session=True)


def wait_for_output(proc, needle, seconds=120):
    """The lines ``proc`` printed up to the first that holds ``needle`` (read as they come);
    fails, stopping it, when none does within ``seconds``."""
    timer = threading.Timer(seconds, proc.kill)
    timer.start()
    seen = []
    try:
        for line in proc.stdout:
            seen.append(line)
            if needle in line:
                return ''.join(seen)
    finally:
        timer.cancel()
    pytest.fail('%r never appeared: %s' % (needle, ''.join(seen)[-3000:]))


def wait_for_phase(env, name, seconds=60):
    for _attempt in range(int(seconds * 10)):
        if os.path.exists(env['PB_LOG'] + '.phases') and any(
                l.startswith('phase %s ' % name) for l in events(env)):
            return
        time.sleep(0.1)
    pytest.fail('phase %s never started' % name)


def test_a_rerun_after_ctrl_c_follows_the_running_build(tmp_path, source_tarball):
    # The build's make waits for the gate, so the rerun meets it running however loaded the host
    # is (issue 38: with a fixed 6 s make, a slow rerun found it finished and failed).
    gate = tmp_path / 'gate'
    env, first = start_job_playbook(tmp_path, source_tarball, make_seconds=0, gate=gate)
    wait_for_phase(env, 'make')
    os.killpg(first.pid, signal.SIGINT)  # Ctrl-C: the controller stops, the build goes on
    first.communicate(timeout=60)
    assert not os.path.exists(env['PB_PREFIX'])
    env2, second = start_job_playbook(tmp_path, source_tarball, make_seconds=0, gate=gate)
    seen = wait_for_output(second, 'another run is building it')
    gate.touch()
    out, _err = second.communicate(timeout=120)
    out = seen + out
    assert second.returncode == 0, out
    assert 'another run is building it' in out and 'following its progress' in out
    assert 'installed Python 3.11.2 at %s' % env['PB_PREFIX'] in out
    assert os.path.exists(env['PB_PYTHON'])
    # one build: the log shows one configure, and the rerun waited for the rest of it
    with open(env['PB_LOG']) as f:
        assert f.read().count('== configure') == 1


def test_two_runs_at_once_both_succeed_with_one_build(tmp_path, source_tarball):
    # The first build's make waits for the gate until the second run follows it: the two are at
    # once however loaded the host is (issue 38: with a fixed 4 s make, a slow second run found
    # the build finished and failed on the installed prefix).
    gate = tmp_path / 'gate'
    env, first = start_job_playbook(tmp_path, source_tarball, make_seconds=0, gate=gate)
    wait_for_phase(env, 'configure')
    _env, second = start_job_playbook(tmp_path, source_tarball, make_seconds=0, gate=gate)
    seen = wait_for_output(second, 'another run is building it')
    gate.touch()
    out1, _e = first.communicate(timeout=120)
    out2, _e = second.communicate(timeout=120)
    out2 = seen + out2
    assert first.returncode == 0, out1
    assert second.returncode == 0, out2
    for out in (out1, out2):
        assert 'installed Python 3.11.2 at %s' % env['PB_PREFIX'] in out
    with open(env['PB_LOG']) as f:
        assert f.read().count('== configure') == 1


def test_a_build_whose_process_is_gone_is_known_dead_at_once(tmp_path, source_tarball):
    env, first = start_job_playbook(tmp_path, source_tarball, make_seconds=30)
    wait_for_phase(env, 'make')
    pid = int(events(env)[0].split()[1])
    os.killpg(first.pid, signal.SIGKILL)
    os.killpg(pid, signal.SIGKILL)  # power loss: the build dies without a word
    first.communicate(timeout=60)
    # the next run starts over cleanly and does not wait for the dead one (had it taken the dead
    # build for a running one, it would have said that it follows it)
    _env, second = start_job_playbook(tmp_path, source_tarball, make_seconds=1)
    out, _e = second.communicate(timeout=120)
    assert second.returncode == 0, out
    assert 'another run is building it' not in out
    assert 'installed Python 3.11.2' in out


# The job budget holds inside CPython's own build steps (issue 24, item 4).
SETUP_PY = textwrap.dedent('''\
    # CPython 3.6-3.11's setup.py as far as parallelism goes: PyBuildExt.__init__ turns on
    # distutils' parallel build when MAKEFLAGS contains "-j", then config files may override it.
    import os
    from distutils.core import Extension, setup
    from distutils.command.build_ext import build_ext

    class PyBuildExt(build_ext):
        def __init__(self, dist):
            build_ext.__init__(self, dist)
            if '-j' in os.environ.get('MAKEFLAGS', ''):
                self.parallel = True

    setup(name='stand-in', cmdclass={'build_ext': PyBuildExt},
          ext_modules=[Extension('m%d' % i, ['m%d.c' % i]) for i in range(4)])
    ''')
SETUP_CONFIGURE = textwrap.dedent('''\
    #!/bin/sh
    for a in "$@"; do case $a in --prefix=*) prefix=${a#--prefix=};; esac; done
    printf '%s\\n' "$prefix" > prefix.txt
    cat > Makefile <<'MAKE'
    all:
    \tCC="$$FAKE_CC" "$$FAKE_DISTUTILS_PYTHON" -S -E setup.py -q build
    install:
    \tprintf '%s\\n' "$$MAKEFLAGS" > "$$FAKE_INSTALL_MAKEFLAGS"
    \t"$$FAKE_PYTHON" -m venv --without-pip "$$DESTDIR$$(cat prefix.txt)"
    MAKE
    ''')
# A compiler that records when it ran (one line per start and end), around the real one.
RECORDING_CC = textwrap.dedent('''\
    #!/bin/sh
    rec() {
      python3 -c 'import os, sys, time
    fd = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.write(fd, ("cc%s %s %r\\n" % (sys.argv[3], sys.argv[2], time.time())).encode())' "$FAKE_CC_RECORD" "$1" "$$"
    }
    rec start
    sleep 0.5
    cc "$@"; rc=$?
    rec end
    exit $rc
    ''')


def distutils_python():
    """A Python that still has distutils (3.11 and older), as CPython 3.6-3.11 build with."""
    import glob
    candidates = [sys.executable] + sorted(glob.glob(os.path.expanduser(
        '~/.pyenv/versions/3.1[01].*/bin/python3'))) + ['/usr/bin/python3.11']
    for candidate in candidates:
        if os.path.exists(candidate) and subprocess.run(
                [candidate, '-S', '-E', '-W', 'ignore', '-c',
                 'import distutils.command.build_ext, sysconfig, os; '
                 'assert os.path.exists(os.path.join(sysconfig.get_paths()["include"], '
                 '"Python.h"))'], capture_output=True, check=False).returncode == 0:
            return candidate
    pytest.fail('this test needs a Python 3.10 or 3.11 with distutils and its headers '
                '(pyenv install 3.11)')


def test_setup_py_and_install_stay_inside_the_job_budget(tmp_path, playbook):
    sources = dict(('m%d.c' % i, '#include <Python.h>\nint m%d_x = %d;\n' % (i, i))
                   for i in range(4))
    sources['setup.py'] = SETUP_PY
    tarball = make_source_tarball(tmp_path / 'src', SETUP_CONFIGURE, files=sources)
    cc = tmp_path / 'cc.sh'
    cc.write_text(RECORDING_CC)
    os.chmod(str(cc), 0o755)
    record, install_flags = tmp_path / 'cc-record', tmp_path / 'install-makeflags'
    env = job_env(str(tmp_path))
    proc, _result = playbook(os.path.join(HERE, 'playbooks', 'python_build_jobs.yml'), '-e',
                             json.dumps({'job_list': [{
                                 'script': os.path.join(FILES, 'compile-python.sh'),
                                 'environment': dict(env, PB_TARBALL=str(tarball), PB_JOBS='1')}],
                                 'job_slots': 1}),
                             env={'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default',
                                  'FAKE_PYTHON': sys.executable, 'FAKE_CC': str(cc),
                                  'FAKE_CC_RECORD': str(record),
                                  'FAKE_DISTUTILS_PYTHON': distutils_python(),
                                  'FAKE_INSTALL_MAKEFLAGS': str(install_flags)})
    assert proc.returncode == 0, proc.stdout[-3000:] + open(env['PB_LOG']).read()
    most, compiles = busiest(record)
    assert compiles == 4
    assert most == 1, 'setup.py ran %d compilers at once on a budget of 1' % most
    assert 'jobserver' not in install_flags.read_text() and '-j' not in install_flags.read_text()


def test_a_full_disk_during_the_build_is_named_first(tmp_path, source_tarball):
    """ENOSPC that still happens (another process filled the disk) leads the failure, instead of
    hiding in the quoted log (issue 25, item 2)."""
    env = job_env(str(tmp_path))
    proc = run_script('compile-python.sh', env, PB_TARBALL=source_tarball, PB_JOBS='1',
                      FAKE_CONFIGURE_FAILS='1')
    assert proc.returncode == 1
    failed = [l for l in events(env) if l.startswith('failed ')]
    assert failed == ['failed configure failed for Python 3.11.2']
    # the same failure with the disk full: the stand-in make says what a real one says
    env = job_env(str(tmp_path / 'full'))
    full = CONFIGURE.replace('\t@sleep $${FAKE_MAKE_SECONDS:-0}; echo built',
                             "\t@echo \"cc1: fatal error: Objects/obmalloc.o: No space left on "
                             "device\" >&2; exit 2")
    tarball = make_source_tarball(tmp_path / 'full-src', full)
    proc = run_script('compile-python.sh', env, PB_TARBALL=tarball, PB_JOBS='1')
    assert proc.returncode == 1
    failed = [l for l in events(env) if l.startswith('failed ')]
    assert len(failed) == 1 and failed[0].startswith('failed no space left on device during make (')
    assert 'MB free' in failed[0] and failed[0].endswith(': make failed for Python 3.11.2')


def test_no_setup_cfg_where_distutils_has_no_parallel_option(tmp_path, source_tarball):
    """Python 2.7's distutils refuses an unknown option in setup.cfg ("command 'PyBuildExt' has no
    such option 'parallel'"), and its setup.py is serial anyway: no setup.cfg is written there."""
    tarball = make_source_tarball(
        tmp_path / 'legacy', CONFIGURE.replace(
            "\t@sleep $${FAKE_MAKE_SECONDS:-0}; echo built",
            "\t@if [ -e setup.cfg ]; then echo setup.cfg written >&2; exit 1; fi"),
        version='2.7.18', files={'setup.py': '# no parallel build in this distutils\n'})
    env = job_env(str(tmp_path), version='2.7.18')
    proc = run_script('compile-python.sh', env, PB_TARBALL=tarball, PB_JOBS='1')
    assert proc.returncode == 0, proc.stderr + open(env['PB_LOG']).read()


# PGO training under the job budget (issue 20, item 2). The stand-in Makefile is CPython's as far
# as training goes: configure makes "all" the profile-opt target, and the profile run is
# "$(RUNSHARED) ./python $(PROFILE_TASK) || true" in a recipe that is not a sub-make (so make
# closes the jobserver's descriptors there). The stand-in "test" package is the test runner:
# each of its -jN workers records its interval.
PGO_CONFIGURE = textwrap.dedent('''\
    #!/bin/sh
    for a in "$@"; do case $a in --prefix=*) prefix=${a#--prefix=};; esac; done
    printf '%s\\n' "$prefix" > prefix.txt
    ln -s "$FAKE_PYTHON" python
    cat > Makefile <<'MAKE'
    TESTTIMEOUT=\t1200
    PROFILE_TASK=\t-m test --pgo --timeout=$(TESTTIMEOUT)
    PGO_PROF_GEN_FLAG=-fprofile-generate
    CFLAGS_NODIST=\t-flto
    all:\t\tprofile-opt
    profile-opt:
    \t$(MAKE) profile-gen-stamp
    \t$(MAKE) run_profile_task
    profile-gen-stamp:
    \techo "$(CFLAGS_NODIST) $(PGO_PROF_GEN_FLAG)" > "$$FAKE_TRAIN_ARGV.gen-flags"
    run_profile_task:
    \t./python $(PROFILE_TASK) || true
    install:
    \t"$$FAKE_PYTHON" -m venv --without-pip "$$DESTDIR$$(cat prefix.txt)"
    MAKE
    ''')
FAKE_TEST_RUNNER = textwrap.dedent('''\
    import os, subprocess, sys, time
    if sys.argv[1:2] == ['worker']:
        def rec(kind):
            fd = os.open(os.environ['FAKE_CC_RECORD'], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
            os.write(fd, ('w%d %s %r\\n' % (os.getpid(), kind, time.time())).encode())
            os.close(fd)
        rec('start')
        time.sleep(float(os.environ.get('FAKE_TRAIN_SECONDS', '1')))
        rec('end')
        sys.exit(0)
    with open(os.environ['FAKE_TRAIN_ARGV'] + '.' + os.environ['PB_VERSION'], 'w') as f:
        f.write(' '.join(sys.argv[1:]))
    jobs = [int(a[2:]) for a in sys.argv[1:] if a.startswith('-j')] or [1]
    workers = [subprocess.Popen([sys.executable, '-m', 'test', 'worker'])
               for _ in range(jobs[0])]
    sys.exit(max(w.wait() for w in workers))
    ''')


def pgo_jobs(tmp_path, versions):
    runner = tmp_path / 'runner' / 'test'
    runner.mkdir(parents=True)
    (runner / '__init__.py').write_text('')
    (runner / '__main__.py').write_text(FAKE_TEST_RUNNER)
    jobs = []
    for version in versions:
        tarball = make_source_tarball(tmp_path / ('src-' + version), PGO_CONFIGURE,
                                      version=version)
        env = job_env(str(tmp_path), version=version)
        jobs.append({'script': os.path.join(FILES, 'compile-python.sh'), 'label': version,
                     'environment': dict(env, PB_TARBALL=tarball, PB_JOBS='2'),
                     'argv': ['--enable-optimizations']})
    return jobs, {'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default',
                  'FAKE_PYTHON': sys.executable, 'PYTHONPATH': str(tmp_path / 'runner'),
                  'FAKE_CC_RECORD': str(tmp_path / 'record'),
                  'FAKE_TRAIN_ARGV': str(tmp_path / 'argv')}


def test_pgo_training_runs_on_the_free_slots_of_the_budget(tmp_path, playbook):
    jobs, env = pgo_jobs(tmp_path, ['3.11.2'])
    proc, _result = playbook(os.path.join(HERE, 'playbooks', 'python_build_jobs.yml'), '-e',
                             json.dumps({'job_list': jobs, 'job_slots': 2}), env=env)
    log = open(jobs[0]['environment']['PB_LOG']).read()
    assert proc.returncode == 0, proc.stdout[-3000:] + log
    # the Makefile's own task, plus -j2: the job's slot and the one left free
    assert (tmp_path / 'argv.3.11.2').read_text() == '--pgo --timeout=1200 -j2'
    assert 'pgo-train: 2 worker(s), 1 slot(s) taken from the job budget' in log
    # the instrumented build: the Makefile's own flag, without LTO or debug information
    assert (tmp_path / 'argv.gen-flags').read_text().split() == [
        '-flto', '-fprofile-generate', '-fno-lto', '-g0']
    most, workers = busiest(tmp_path / 'record')
    assert (most, workers) == (2, 2)
    # the training shows as a phase of its own, then the optimized rebuild
    phases = [line.split()[1] for line in open(jobs[0]['environment']['PB_LOG'] + '.phases')
              if line.startswith('phase ')]
    order = [phases.index(p) for p in ('configure', 'make', 'pgo-train', 'pgo-build', 'install')]
    assert order == sorted(order), phases


def test_pgo_trainings_at_once_never_exceed_the_budget(tmp_path, playbook):
    """Two versions train at the same time on a budget of two: each gets the slot it holds and
    nothing more, and every slot comes back (the run ends instead of waiting for a token)."""
    jobs, env = pgo_jobs(tmp_path, ['3.11.2', '3.12.8', '3.13.5'])
    env['FAKE_TRAIN_SECONDS'] = '2'
    proc, _result = playbook(os.path.join(HERE, 'playbooks', 'python_build_jobs.yml'), '-e',
                             json.dumps({'job_list': jobs, 'job_slots': 2}), env=env)
    assert proc.returncode == 0, proc.stdout[-3000:]
    most, workers = busiest(tmp_path / 'record')
    assert most <= 2, '%d training workers ran at once on a budget of 2' % most
    assert workers >= 3


def test_pgo_training_without_a_jobserver_uses_pb_jobs(tmp_path):
    jobs, env = pgo_jobs(tmp_path, ['3.11.2'])
    del env['ANSIBLE_STDOUT_CALLBACK']
    proc = run_script('compile-python.sh', jobs[0]['environment'], '--enable-optimizations',
                      PB_JOBS='3', MAKEFLAGS='', **env)
    assert proc.returncode == 0, proc.stderr + open(jobs[0]['environment']['PB_LOG']).read()
    assert (tmp_path / 'argv.3.11.2').read_text() == '--pgo --timeout=1200 -j3'


def test_a_bolt_build_shows_its_own_training_after_pgo(tmp_path):
    """--enable-bolt runs the same PROFILE_TASK again on the instrumented executable after the
    PGO build: its phases are bolt-train and bolt-apply, not a second PGO training."""
    jobs, env = pgo_jobs(tmp_path, ['3.13.5'])
    bolt = PGO_CONFIGURE.replace('all:\t\tprofile-opt\n', 'all:\t\tbolt-opt\nbolt-opt:\n'
                                 '\t$(MAKE) profile-opt\n\t./python $(PROFILE_TASK)\n')
    assert bolt != PGO_CONFIGURE
    jobs[0]['environment']['PB_TARBALL'] = make_source_tarball(
        tmp_path / 'src-bolt', bolt, version='3.13.5')
    del env['ANSIBLE_STDOUT_CALLBACK']
    proc = run_script('compile-python.sh', jobs[0]['environment'], '--enable-optimizations',
                      PB_JOBS='2', MAKEFLAGS='', **env)
    assert proc.returncode == 0, proc.stderr + open(jobs[0]['environment']['PB_LOG']).read()
    phases = [line.split()[1] for line in open(jobs[0]['environment']['PB_LOG'] + '.phases')
              if line.startswith('phase ')]
    trained = [p for p in phases if p in ('pgo-train', 'pgo-build', 'bolt-train', 'bolt-apply')]
    assert trained == ['pgo-train', 'pgo-build', 'bolt-train', 'bolt-apply'], phases


def test_a_plain_build_keeps_the_makefile_untouched(tmp_path, source_tarball):
    env = job_env(str(tmp_path))
    proc = run_script('compile-python.sh', env, PB_TARBALL=source_tarball, PB_JOBS='2')
    assert proc.returncode == 0, proc.stderr
    assert 'pgo-train' not in open(env['PB_LOG']).read()


# Issue 41, item 5: an artifact is unpacked without the archive's owners, and special members
# (setuid, setgid, devices, FIFOs) are refused before anything is unpacked, naming the member.
def venv_build(tmp_path):
    build = tmp_path / 'build'
    subprocess.run([sys.executable, '-m', 'venv', '--without-pip', str(build / '3.11.2')],
                   check=True)
    return build


def pack_with(tmp_path, build, *tar_options):
    artifact = str(tmp_path / 'cpython-3.11.2.tar.zst')
    subprocess.run(['tar', '--create', '--use-compress-program=zstd', '--file=' + artifact,
                    '--directory=' + str(build)] + list(tar_options) + ['3.11.2'], check=True)
    return artifact


def test_an_artifact_is_unpacked_without_its_owners(tmp_path):
    env = job_env(str(tmp_path))
    build = venv_build(tmp_path)
    artifact = pack_with(tmp_path, build, '--owner=4242', '--group=4343', '--numeric-owner')
    proc = run_script('install-artifact.sh', env, PB_ARTIFACT=artifact)
    assert proc.returncode == 0, proc.stderr + open(env['PB_LOG']).read()
    owners = set()
    for dirpath, dirnames, filenames in os.walk(env['PB_PREFIX']):
        for name in dirnames + filenames:
            st = os.lstat(os.path.join(dirpath, name))
            owners.add((st.st_uid, st.st_gid))
    assert owners == {(os.getuid(), os.getgid())}


@pytest.mark.parametrize('mode, what', [(0o4755, 'setuid'), (0o2755, 'setgid')])
def test_an_artifact_with_a_setuid_or_setgid_member_is_refused(tmp_path, mode, what):
    env = job_env(str(tmp_path))
    build = venv_build(tmp_path)
    planted = build / '3.11.2' / 'bin' / 'helper'
    planted.write_text('#!/bin/sh\nid\n')
    os.chmod(str(planted), mode)
    artifact = pack_with(tmp_path, build)
    proc = run_script('install-artifact.sh', env, PB_ARTIFACT=artifact)
    assert proc.returncode == 1
    failed = [l for l in events(env) if l.startswith('failed ')]
    assert failed and ('%s holds a %s member, refused: ' % (artifact, what)) in failed[0], failed
    assert '3.11.2/bin/helper' in failed[0]
    assert not os.path.exists(env['PB_PREFIX']) and not os.path.exists(env['PB_STAGE'])


def test_an_artifact_with_a_fifo_is_refused(tmp_path):
    env = job_env(str(tmp_path))
    build = venv_build(tmp_path)
    os.mkfifo(str(build / '3.11.2' / 'pipe'))
    artifact = pack_with(tmp_path, build)
    proc = run_script('install-artifact.sh', env, PB_ARTIFACT=artifact)
    assert proc.returncode == 1
    failed = [l for l in events(env) if l.startswith('failed ')]
    assert failed and 'holds a special (device, FIFO or socket) member, refused: ' in failed[0]
    assert '3.11.2/pipe' in failed[0]
    assert not os.path.exists(env['PB_PREFIX'])

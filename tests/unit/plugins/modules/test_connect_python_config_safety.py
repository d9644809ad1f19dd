# -*- coding: utf-8 -*-
"""connect_python_config on a production file: permissions kept, nothing wiped, absent removes
only what it names, files Connect cannot load refused, names kept, concurrent runs serialized,
symlinks followed, clear errors instead of tracebacks, literal paths (issue 9)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import stat
import subprocess
import threading

import pytest

from module_runner import run_module

SECRET = (b'; production\n[Database]\nProvider = postgres\n'
          b'Password = "hunter2; not a comment"\n\n[Python]\nEnabled = true\n')


def mode_of(path):
    return stat.S_IMODE(os.stat(str(path)).st_mode)


@pytest.fixture
def secret_conf(tmp_path):
    path = tmp_path / 'rstudio-connect.gcfg'
    path.write_bytes(SECRET)
    os.chmod(str(path), 0o600)
    return path


# 1. Permissions -------------------------------------------------------------------------------
@pytest.mark.parametrize('original', [0o600, 0o640, 0o400])
def test_existing_file_keeps_its_mode(original, module, secret_conf, fake_pythons):
    os.chmod(str(secret_conf), original)
    res = module('connect_python_config', path=str(secret_conf), executables=[fake_pythons('3.11.2')])
    assert res['changed'], res
    assert mode_of(secret_conf) == original
    assert b'Password = "hunter2; not a comment"\n' in secret_conf.read_bytes()


def test_new_file_is_0600(module, tmp_path, fake_pythons):
    path = tmp_path / 'new.gcfg'
    old = os.umask(0)  # even with a permissive umask
    try:
        res = module('connect_python_config', path=str(path), executables=[fake_pythons('3.11.2')])
    finally:
        os.umask(old)
    assert res['changed'] and mode_of(path) == 0o600
    assert os.stat(str(path)).st_uid == os.geteuid()


def test_explicit_mode_is_applied(module, secret_conf, fake_pythons):
    res = module('connect_python_config', path=str(secret_conf), mode='0640',
                 executables=[fake_pythons('3.11.2')])
    assert res['changed'] and mode_of(secret_conf) == 0o640


# 2. Nothing to register is an error -----------------------------------------------------------
def test_empty_exclusive_list_is_refused(module, conf_with_two):
    path, exes = conf_with_two
    before = path.read_bytes()
    res = module('connect_python_config', path=str(path), executables=[])
    assert res['failed'] and 'executables is empty' in res['msg'] and 'allow_empty' in res['msg']
    assert path.read_bytes() == before


def test_allow_empty_removes_all_and_names_them(module, conf_with_two, gcfg_oracle):
    path, exes = conf_with_two
    res = module('connect_python_config', path=str(path), executables=[], allow_empty=True,
                 diff=True)
    assert res['changed'] and res['removed'] == exes and res['added'] == []
    for exe in exes:
        assert exe in res['diff']['after_header']
    assert gcfg_oracle.read(str(path))['executables'] == []


def test_result_names_what_an_exclusive_run_removes(module, conf_with_two, fake_pythons):
    path, exes = conf_with_two
    new = fake_pythons('3.13.5')
    res = module('connect_python_config', path=str(path), executables=[exes[0], new])
    assert res['removed'] == [exes[1]] and res['added'] == [new]


@pytest.fixture
def conf_with_two(secret_conf, module, fake_pythons):
    exes = [fake_pythons('3.11.2'), fake_pythons('3.12.4')]
    assert module('connect_python_config', path=str(secret_conf), executables=exes)['changed']
    return secret_conf, exes


# 3. state=absent removes only what it names ---------------------------------------------------
def test_absent_never_touches_enabled_or_matching(module, tmp_path):
    path = tmp_path / 'c.gcfg'
    text = b'[Python]\nEnabled = false\nVersionMatching = exact\nExecutable = /a/bin/python3\n' \
           b'Executable = /b/bin/python3\n'
    path.write_bytes(text)
    res = module('connect_python_config', path=str(path), state='absent', validate=False,
                 executables=['/a/bin/python3'])
    assert res['changed'] and res['removed'] == ['/a/bin/python3']
    assert path.read_bytes() == text.replace(b'Executable = /a/bin/python3\n', b'')


@pytest.mark.parametrize('text', [b'', b'[Server]\nAddress = http://x\n',
                                  b'[Python]\nEnabled = false\n'])
def test_absent_without_the_executable_changes_nothing(text, module, tmp_path):
    path = tmp_path / 'c.gcfg'
    path.write_bytes(text)
    res = module('connect_python_config', path=str(path), state='absent', validate=False,
                 executables=['/a/bin/python3'])
    assert res['changed'] is False and path.read_bytes() == text


def test_absent_never_creates_the_file(module, tmp_path):
    path = tmp_path / 'missing.gcfg'
    res = module('connect_python_config', path=str(path), state='absent',
                 executables=['/a/bin/python3'])
    assert res['changed'] is False and not path.exists()


@pytest.mark.parametrize('arg', [{'enabled': True}, {'enabled': False},
                                 {'version_matching': 'exact'}])
def test_absent_refuses_settings_it_would_not_apply(arg, module, secret_conf):
    res = module('connect_python_config', path=str(secret_conf), state='absent',
                 executables=['/a/bin/python3'], **arg)
    assert res['failed'] and 'state=absent' in res['msg'] and list(arg)[0] in res['msg']


def test_absent_refuses_to_remove_the_last_one_while_enabled(module, tmp_path):
    path = tmp_path / 'c.gcfg'
    path.write_bytes(b'[Python]\nEnabled = true\nExecutable = /a/bin/python3\n')
    res = module('connect_python_config', path=str(path), state='absent', validate=False,
                 executables=['/a/bin/python3'])
    assert res['failed'] and 'allow_empty' in res['msg']
    res = module('connect_python_config', path=str(path), state='absent', validate=False,
                 executables=['/a/bin/python3'], allow_empty=True)
    assert res['changed'] and res['removed'] == ['/a/bin/python3']


# 4. Never report a file Connect cannot load as fine --------------------------------------------
@pytest.mark.parametrize('text, line', [
    ('[Python]\nEnabled = " true "\n', 2),
    ('[Python]\nEnabled = maybe\n', 2),
    ('[python]\n\nenabled =\n', 3),
    ('[Python]\nExecutable = /x\nVersionMatching\n', 3),
    ('[Python]\nFoo\u00b2 = 1\n', 2),
    ('[Server]\nAddress = x\n[Python]\nEnabled = true\nEnabled = 2\n', 5),
])
def test_file_connect_cannot_load_fails_with_line_and_is_kept(text, line, module, tmp_path,
                                                              fake_pythons, gcfg_oracle):
    path = tmp_path / 'c.gcfg'
    path.write_bytes(text.encode('utf-8'))
    assert 'error' in gcfg_oracle.read(str(path))  # Connect's parser refuses it too
    res = module('connect_python_config', path=str(path), executables=[fake_pythons('3.11.2')])
    assert res['failed'] and res['msg'].startswith('%s: line %d: ' % (path, line)), res
    assert path.read_bytes() == text.encode('utf-8')


# 5. Editing never changes a name ---------------------------------------------------------------
@pytest.mark.parametrize('text', [
    '[Python]\n\rExecutable\n',
    '[Python]\n\r\tExecutable\r\n',
    '[Python]\n\rExecutable = /old/bin/python3\n',
])
def test_cr_led_lines_keep_their_name(text, module, tmp_path, fake_pythons, gcfg_oracle):
    path = tmp_path / 'c.gcfg'
    path.write_bytes(text.encode())
    exe = fake_pythons('3.11.2')
    res = module('connect_python_config', path=str(path), executables=[exe])
    assert res['changed'], res
    assert gcfg_oracle.read(str(path))['executables'] == [exe]
    assert 'Executable = %s' % exe in path.read_text()


# 6. A lock: concurrent runs serialize ---------------------------------------------------------
def test_concurrent_runs_both_land(tmp_path, fake_pythons, gcfg_oracle):
    path = tmp_path / 'c.gcfg'
    exes = [fake_pythons('3.%d.1' % minor) for minor in range(8, 14)]
    for attempt in range(4):
        path.write_bytes(SECRET)
        pair = exes[attempt % 3 * 2:attempt % 3 * 2 + 2]
        results = [None, None]

        def run(i):
            workdir = tmp_path / ('w%d-%d' % (attempt, i))
            workdir.mkdir()
            results[i] = run_module('connect_python_config', {
                'path': str(path), 'executables': [pair[i]], 'exclusive': False},
                tmp_path=workdir)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert all(r['changed'] for r in results), results
        assert sorted(gcfg_oracle.read(str(path))['executables']) == sorted(pair)


def test_check_mode_creates_no_lock_file(module, secret_conf, fake_pythons):
    res = module('connect_python_config', check=True, path=str(secret_conf),
                 executables=[fake_pythons('3.11.2')])
    assert res['changed']
    assert not [n for n in os.listdir(str(secret_conf.parent)) if n.endswith('.lock')]
    res = module('connect_python_config', path=str(secret_conf), executables=[fake_pythons('3.11.2')])
    assert res['changed'] and '.%s.lock' % secret_conf.name in os.listdir(str(secret_conf.parent))


def test_a_held_lock_times_out_with_a_message(module, secret_conf, fake_pythons):
    lock = secret_conf.parent / ('.%s.lock' % secret_conf.name)
    holder = subprocess.Popen(['flock', str(lock), 'sleep', '30'])
    try:
        import time
        time.sleep(0.5)
        res = module('connect_python_config', path=str(secret_conf), lock_timeout=1,
                     executables=[fake_pythons('3.11.2')])
    finally:
        holder.kill()
        holder.wait()
    assert res['failed'] and 'holds the lock' in res['msg'] and 'lock_timeout' in res['msg']
    assert secret_conf.read_bytes() == SECRET


# 7. Symlinks are followed ---------------------------------------------------------------------
def test_symlink_target_is_edited_and_link_stays(
        module, secret_conf, tmp_path, fake_pythons, gcfg_oracle):
    link = tmp_path / 'link.gcfg'
    link.symlink_to(secret_conf)
    exe = fake_pythons('3.11.2')
    res = module('connect_python_config', path=str(link), executables=[exe])
    assert res['changed'], res
    assert link.is_symlink() and os.readlink(str(link)) == str(secret_conf)
    assert gcfg_oracle.read(str(secret_conf))['executables'] == [exe]
    assert mode_of(secret_conf) == 0o600


def test_dangling_symlink_is_a_clear_error(module, tmp_path, fake_pythons):
    link = tmp_path / 'link.gcfg'
    link.symlink_to(tmp_path / 'nowhere.gcfg')
    res = module('connect_python_config', path=str(link), executables=[fake_pythons('3.11.2')])
    assert res['failed'] and 'symbolic link' in res['msg'] and 'nowhere.gcfg' in res['msg']
    assert not (tmp_path / 'nowhere.gcfg').exists()


# 8. Bounded probes ----------------------------------------------------------------------------
def _script(tmp_path, name, body):
    path = tmp_path / name
    path.write_text('#!/bin/sh\n' + body)
    os.chmod(str(path), 0o755)
    return str(path)


def test_probe_timeout_holds_when_a_child_keeps_the_pipes(module, secret_conf, tmp_path):
    exe = _script(tmp_path, 'python3', 'sleep 119.31 &\nsleep 119.31\n')  # a value no other test uses
    import time
    start = time.monotonic()
    res = module('connect_python_config', path=str(secret_conf), executables=[exe],
                 probe_timeout=2)
    assert time.monotonic() - start < 30
    assert res['failed'] and 'did not answer within 2 seconds' in res['msg']
    assert secret_conf.read_bytes() == SECRET
    left = subprocess.run(['pgrep', '-f', 'sleep 119.31'], capture_output=True, text=True,
                          check=False)
    assert left.stdout.strip() == ''


def test_probe_output_is_capped_and_quoted_briefly(module, secret_conf, tmp_path):
    exe = _script(tmp_path, 'python3', 'head -c 50000000 /dev/zero | tr "\\0" x\nexit 1\n')
    res = module('connect_python_config', path=str(secret_conf), executables=[exe])
    assert res['failed'] and 'is not a working Python interpreter (exit 1' in res['msg']
    assert len(res['msg']) < 1000


def test_probe_timeout_must_be_positive(module, secret_conf, fake_pythons):
    res = module('connect_python_config', path=str(secret_conf), probe_timeout=0,
                 executables=[fake_pythons('3.11.2')])
    assert res['failed'] and 'probe_timeout' in res['msg']


# 9. Clear errors, never a traceback -----------------------------------------------------------
def test_empty_path(module, fake_pythons):
    res = module('connect_python_config', path='', executables=[fake_pythons('3.11.2')])
    assert res['failed'] and res['msg'].startswith('path is empty')


def test_path_is_a_directory(module, tmp_path, fake_pythons):
    res = module('connect_python_config', path=str(tmp_path), executables=[fake_pythons('3.11.2')])
    assert res['failed'] and 'is a directory' in res['msg'] and str(tmp_path) in res['msg']


def test_path_is_a_fifo(module, tmp_path, fake_pythons):
    fifo = tmp_path / 'fifo.gcfg'
    os.mkfifo(str(fifo))
    res = module('connect_python_config', path=str(fifo), executables=[fake_pythons('3.11.2')])
    assert res['failed'] and 'not a regular file' in res['msg'] and str(fifo) in res['msg']


def test_missing_directory(module, tmp_path, fake_pythons):
    path = tmp_path / 'no' / 'such' / 'c.gcfg'
    res = module('connect_python_config', path=str(path), executables=[fake_pythons('3.11.2')])
    assert res['failed'] and 'does not exist' in res['msg']


def chattr(path, flag):
    return subprocess.run(['chattr', flag, str(path)], capture_output=True,
                          check=False).returncode == 0


def test_unwritable_directory(module, tmp_path, fake_pythons):
    """A directory nobody may write in, root included (immutable): a message, not a traceback."""
    exe = fake_pythons('3.11.2')
    confdir = tmp_path / 'etc'
    confdir.mkdir()
    path = confdir / 'c.gcfg'
    path.write_bytes(SECRET)
    if not chattr(confdir, '+i'):
        pytest.fail('chattr +i is not supported under %s; the test needs ext4/xfs' % tmp_path)
    try:
        res = module('connect_python_config', path=str(path), executables=[exe])
    finally:
        chattr(confdir, '-i')
    assert res['failed'] and 'Traceback' not in res['msg'], res
    assert 'cannot write in %s' % confdir in res['msg'] and 'become' in res['msg']
    assert path.read_bytes() == SECRET


def test_immutable_file(module, secret_conf, fake_pythons):
    if not chattr(secret_conf, '+i'):
        pytest.fail('chattr +i is not supported here; the test needs ext4/xfs')
    try:
        res = module('connect_python_config', path=str(secret_conf),
                     executables=[fake_pythons('3.11.2')])
    finally:
        chattr(secret_conf, '-i')
    assert res['failed'] and 'could not replace' in res['msg'] and 'immutable' in res['msg']
    assert secret_conf.read_bytes() == SECRET


# 13. "$" and "~" are written literally --------------------------------------------------------
def test_dollar_and_tilde_are_literal(module, secret_conf, gcfg_oracle):
    exes = ['/opt/$HOME/bin/python3', '/opt/~root/bin/python3']
    res = module('connect_python_config', path=str(secret_conf), executables=exes, validate=False)
    assert res['changed'] and res['config']['executables'] == exes
    assert gcfg_oracle.read(str(secret_conf))['executables'] == exes

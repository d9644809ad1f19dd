# -*- coding: utf-8 -*-
"""Interrupted, crashed or out of space, in real containers with real CPython builds (issue 25).

* a power loss (``docker kill``: every process dies, the disk stays) at three phases, found in the
  build's own phases file: the prefix is absent or complete, and the next run converges;
* Ctrl-C to ansible-playbook during ``make``, then a rerun at once: it follows the build left
  running and succeeds, with one build (one configure in the log);
* two runs at once against one host: both succeed, one build;
* the install root on a small tmpfs: refused before the download, naming the numbers.

Needs Docker, the connect-ops/debian12 image (or MOLECULE_IMAGE) and the source mirror on
127.0.0.1 (``make resilience`` provides all three, and ccache for the repeated compiles).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import signal
import subprocess
import sys
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
PLAYBOOK = os.path.join(HERE, 'playbooks', 'build.yml')
# The Makefile's MOLECULE_IMAGE: on Debian 12, the image whose gcc goes through ccache, with the
# cache shared on the host (CONNECT_OPS_CCACHE): the builds are the role's, a compile seen before
# is a copy.
IMAGE = os.environ.get('MOLECULE_IMAGE') or 'connect-ops/%s' % os.environ.get('MOLECULE_DISTRO', 'debian12')
CCACHE = os.environ.get('CONNECT_OPS_CCACHE')
PORT = os.environ.get('CONNECT_OPS_MIRROR_PORT', '8765')
VERSION = '3.11.2'
PREFIX = '/opt/Python/%s' % VERSION
CACHE = '/var/cache/connect-ops/python-build'
LOG = '%s/logs/%s.log' % (CACHE, VERSION)
PHASES = LOG + '.phases'
# Plain flags: these tests are about interruptions, not speed. The mirror holds 3.11.2 as .tgz.
VARS = {'python_build_versions': [{'version': VERSION, 'format': 'tgz'}],
        'python_build_source_url': 'http://127.0.0.1:%s' % PORT,
        'python_build_optimizations': False, 'python_build_poll': 1}


def docker(*args, **kwargs):
    return subprocess.run(['docker'] + list(args), capture_output=True, text=True,
                          check=kwargs.pop('check', True), **kwargs)


def sh(container, command, check=False):
    return docker('exec', container, 'sh', '-c', command, check=check)


@pytest.fixture
def container(request, tmp_path):
    made = []

    def make(name, *run_args):
        docker('rm', '-f', name, check=False)
        cache = ['-v', '%s:/var/cache/ccache' % CCACHE] if CCACHE else []
        docker('run', '-d', '--name', name, '--network', 'host', *(cache + list(run_args) + [
            IMAGE, 'sleep', 'infinity']))
        made.append(name)
        inventory = tmp_path / ('%s.ini' % name)
        inventory.write_text('%s ansible_connection=community.docker.docker '
                             'ansible_python_interpreter=/usr/bin/python3\n' % name)
        return name, str(inventory)
    yield make
    for name in made:
        docker('rm', '-f', name, check=False)


def start_run(inventory, **extra):
    """ansible-playbook in a session of its own (so a test can send it Ctrl-C)."""
    # Pipelined, as the Molecule scenarios run (extensions/molecule/config.yml): one `docker exec`
    # per module; the build itself runs detached in the container either way.
    env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_STDOUT_CALLBACK='ansible.builtin.default',
               ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, 'build', 'collections'),
               ANSIBLE_PIPELINING='1')
    values = dict(VARS, **extra)
    return subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-i', inventory,
         PLAYBOOK, '-e', json.dumps(values)], env=env, cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True)


def finish(run, timeout=1200):
    out, _err = run.communicate(timeout=timeout)
    return run.returncode, out


def wait_for_phase(name, phase, run=None, timeout=900):
    """Wait until the build on ``name`` starts ``phase`` (its phases file says so)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        text = sh(name, 'cat %s 2>/dev/null' % PHASES).stdout
        if any(line.startswith('phase %s ' % phase) for line in text.splitlines()):
            return
        if run is not None and run.poll() is not None:
            pytest.fail('the run ended before phase %s: %s' % (phase, run.stdout.read()[-3000:]))
        time.sleep(0.5)
    pytest.fail('phase %s never started on %s' % (phase, name))


def prefix_state(name):
    """'absent', 'complete' (a working interpreter with its modules) or 'broken'."""
    if sh(name, 'test -e %s' % PREFIX).returncode != 0:
        return 'absent'
    ok = sh(name, 'env -i %s/bin/python3 -c "import ssl, sqlite3, ctypes, zlib"' % PREFIX)
    return 'complete' if ok.returncode == 0 else 'broken'


def configures(name):
    return int(sh(name, 'grep -c "^== configure" %s || true' % LOG).stdout.strip() or 0)


def test_power_loss_at_three_phases_then_the_next_run_converges(container):
    name, inventory = container('connect-ops-crash')
    for phase in ('configure', 'make', 'install'):
        run = start_run(inventory)
        wait_for_phase(name, phase, run)
        if phase == 'install':
            time.sleep(3)  # well inside make install
        docker('kill', name)  # every process in the container dies at once; the disk stays
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        docker('start', name)
        assert prefix_state(name) in ('absent', 'complete'), phase
    rc, out = finish(start_run(inventory))
    assert rc == 0, out[-4000:]
    assert prefix_state(name) == 'complete'
    left = set(sh(name, 'ls -A /opt/Python').stdout.split())
    assert left == {VERSION, '.lock-%s' % VERSION}, left  # no staging tree left behind
    rc, out = finish(start_run(inventory))  # and then nothing is left to do
    assert rc == 0 and 'changed=0' in out, out[-3000:]


def test_two_runs_at_once_then_ctrl_c_and_an_immediate_rerun_share_one_build(container):
    """Two runs at once build once; Ctrl-C stops a controller, not the build; an immediate rerun
    follows the build instead of starting another. One build for the three (they were two tests
    with two builds: the same assertions, half the compiling)."""
    name, inventory = container('connect-ops-interrupt')
    first = start_run(inventory)
    time.sleep(1)
    second = start_run(inventory)  # two runs at once
    wait_for_phase(name, 'make', first)
    os.killpg(first.pid, signal.SIGINT)  # Ctrl-C: the controller stops, the build goes on
    finish(first, timeout=120)
    began = time.time()
    third = start_run(inventory)  # and at once again
    (rc2, out2), (rc3, out3) = finish(second), finish(third)
    waited = time.time() - began
    assert rc2 == 0, out2[-4000:]
    assert rc3 == 0, out3[-4000:]
    assert 'another run is building it' in out3 and 'following its progress' in out3
    assert prefix_state(name) == 'complete'
    assert configures(name) == 1, 'a run built again'
    print('re-attached run waited %.0f s' % waited)


def test_a_small_install_root_is_refused_before_the_download(container):
    name, inventory = container('connect-ops-small-disk', '--tmpfs', '/opt/Python:size=60m')
    rc, out = finish(start_run(inventory))
    assert rc != 0
    flat = ' '.join(out.split())
    assert 'Not enough disk space; nothing was downloaded or built.' in flat, out[-3000:]
    assert '/opt/Python: 60 MB free' in flat and 'Python 3.11.2: staged installation' in flat
    assert sh(name, 'ls %s/src 2>/dev/null' % CACHE).stdout.strip() == ''
    assert prefix_state(name) == 'absent'

"""bootstrap.yml's decisions (module_utils/builds/bootstrap.py), from what the real probe prints."""
import os
import subprocess

import pytest

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.bootstrap import (
    BootstrapError,
    plan,
)

PROBE = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'playbooks', 'files',
                     'python-probe.sh')

ROCKY8 = 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="8.10"\n'
ROCKY9 = 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.6"\n'
RHEL8 = 'NAME="Red Hat Enterprise Linux"\nID="rhel"\nID_LIKE="fedora"\nVERSION_ID="8.10"\n'
LEAP = 'NAME="openSUSE Leap"\nID="opensuse-leap"\nID_LIKE="suse opensuse"\nVERSION_ID="15.6"\n'
SLES = 'NAME="SLES"\nID="sles"\nID_LIKE="suse"\nVERSION_ID="15.6"\n'
UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n'
DEBIAN = 'NAME="Debian GNU/Linux"\nID=debian\nVERSION_ID="12"\n'


def probe(release, pythons=(), managers=()):
    return release + ''.join('CONNECT_OPS_PYTHON %s %s\n' % p for p in pythons) + ''.join(
        'CONNECT_OPS_MANAGER %s\n' % m for m in managers)


PLATFORM_PYTHON = ('/usr/libexec/platform-python', '3.6')


@pytest.mark.parametrize('release,pythons,managers,install,interpreter', [
    # Fresh Rocky/RHEL 8: platform-python 3.6 does not count; AppStream's python3.11.
    (ROCKY8, [PLATFORM_PYTHON], ['dnf', 'yum'], ['dnf', 'install', '-y', 'python3.11'],
     '/usr/bin/python3.11'),
    (RHEL8, [PLATFORM_PYTHON, ('/usr/bin/python3', '3.6')], ['dnf'],
     ['dnf', 'install', '-y', 'python3.11'], '/usr/bin/python3.11'),
    # Rocky 8 Minimal: microdnf, no Python at all.
    (ROCKY8, [], ['microdnf'], ['microdnf', 'install', '-y', 'python3.11'], '/usr/bin/python3.11'),
    # Rocky 9 Minimal: no Python, python3 (3.9) from BaseOS.
    (ROCKY9, [], ['microdnf'], ['microdnf', 'install', '-y', 'python3'], '/usr/bin/python3'),
    # SUSE 15: python3 is 3.6.
    (LEAP, [('/usr/bin/python3', '3.6')], ['zypper'],
     ['zypper', '--non-interactive', 'install', '--no-recommends', 'python311'],
     '/usr/bin/python3.11'),
    (SLES, [], ['zypper'],
     ['zypper', '--non-interactive', 'install', '--no-recommends', 'python311'],
     '/usr/bin/python3.11'),
    (UBUNTU, [], ['apt-get'],
     ['sh', '-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq '
      '--no-install-recommends python3'], '/usr/bin/python3'),
])
def test_installs_only_where_no_usable_python(release, pythons, managers, install, interpreter):
    p = plan(probe(release, pythons, managers))
    assert p['install'] == install and p['interpreter'] == interpreter
    assert 'no Python 3.9+' in p['msg']


@pytest.mark.parametrize('release,pythons,interpreter', [
    (ROCKY8, [('/usr/bin/python3.11', '3.11'), PLATFORM_PYTHON], '/usr/bin/python3.11'),
    (ROCKY9, [('/usr/bin/python3', '3.9'), PLATFORM_PYTHON], '/usr/bin/python3'),
    (LEAP, [('/usr/bin/python3.11', '3.11'), ('/usr/bin/python3', '3.6')], '/usr/bin/python3.11'),
    # Of equals, the path the playbook installs: the same answer before and after an install.
    (DEBIAN, [('/usr/bin/python3.11', '3.11'), ('/usr/bin/python3', '3.11')], '/usr/bin/python3'),
    # The newest usable one.
    (UBUNTU, [('/usr/bin/python3.12', '3.12'), ('/usr/bin/python3.10', '3.10')],
     '/usr/bin/python3.12'),
])
def test_nothing_to_do_where_one_exists(release, pythons, interpreter):
    p = plan(probe(release, pythons, ['dnf', 'apt-get', 'zypper']))
    assert p['install'] is None and p['interpreter'] == interpreter
    assert 'nothing to install' in p['msg']


def test_unknown_distribution_or_no_manager_is_named():
    with pytest.raises(BootstrapError, match="unknown distribution \\(ID='alpine'\\)"):
        plan(probe('NAME="Alpine"\nID=alpine\n', [], ['apk']))
    with pytest.raises(BootstrapError, match='none of dnf, microdnf, yum, apt-get or zypper'):
        plan(probe(ROCKY8, [PLATFORM_PYTHON], []))


def test_garbage_lines_are_ignored():
    p = plan(probe(DEBIAN) + 'CONNECT_OPS_PYTHON /usr/bin/python3 x.y\nCONNECT_OPS_PYTHON\n'
             'CONNECT_OPS_MANAGER apt-get\n')
    assert p['install'][0] == 'sh'


def test_the_real_probe_on_this_host():
    out = subprocess.run(['sh', PROBE], capture_output=True, text=True, check=True).stdout
    assert 'CONNECT_OPS_MANAGER apt-get' in out
    p = plan(out)
    assert p['install'] is None  # this Debian host has Python 3.9+
    assert os.access(p['interpreter'], os.X_OK)


@pytest.mark.parametrize('path', ['usr/bin/python3', '/usr/bin/python3;id', '/opt/$(id)/python3',
                                  "/opt/py'thon/bin/python3", '/opt/py\\thon/python3'])
def test_a_path_that_is_not_plain_is_never_the_interpreter(path):
    """The probe runs on the host and prints what it finds: a path with shell or quoting
    characters, or a relative one, is not taken as ansible_python_interpreter."""
    p = plan(probe(DEBIAN, [(path, '3.11'), ('/usr/bin/python3', '3.9')]))
    assert p['interpreter'] == '/usr/bin/python3'

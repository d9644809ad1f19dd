"""make bench: the python_build role measured side by side with baselines, in one run, on fresh
containers of the same image (no timing assertions: the figures are printed, not judged).

(a) cold_ratio: the role's cold install of one version / the same apt + download + configure +
    make + make install done by a plain shell script.
(b) rerun_s, rerun_changed: a second converge with three versions installed.
(c) fleet_ratio: three hosts in artifact mode / one host cold (the role's time from (a)).

The last line is `bench: cold_ratio=X rerun_s=Y rerun_changed=Z fleet_ratio=W`; the figures are
also written to output/bench.json.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
IMAGE = os.environ.get('BENCH_IMAGE', 'connect-ops/debian12')
PORT = os.environ.get('CONNECT_OPS_MIRROR_PORT', '8765')
MIRROR = 'http://127.0.0.1:%s' % PORT
MIRROR_CHECKSUMS = {'3.11.2': '2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849'}
VERSION = '3.11.2'
THREE = ['3.11.2', '3.13.5', '3.13.15']
PLAYBOOK = os.path.join(ROOT, 'tests', 'bench', 'python_build.yml')
OUT = os.path.join(ROOT, 'output', 'bench.json')


def log(msg):
    print('bench: %s' % msg, flush=True)


def docker(*args, **kw):
    return subprocess.run(['docker'] + list(args), check=True, capture_output=True, text=True, **kw)


def fresh(name):
    subprocess.run(['docker', 'rm', '-f', name], capture_output=True, check=False)
    docker('run', '-d', '--name', name, '--network', 'host', IMAGE, 'sleep', 'infinity')
    return name


def remove(*names):
    subprocess.run(['docker', 'rm', '-f'] + list(names), capture_output=True, check=False)


def baseline_script():
    with open(os.path.join(ROOT, 'roles', 'python_build', 'vars', 'Debian.yml')) as f:
        packages = ' '.join(yaml.safe_load(f)['_python_build_packages'])
    prefix = '/opt/Python/%s' % VERSION
    return '\n'.join([
        'set -eu',
        'apt-get update -qq',
        'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends %s >/dev/null'
        % packages,
        'mkdir -p /tmp/src && cd /tmp/src',
        'python3 -c "import urllib.request; urllib.request.urlretrieve(\'%s/%s/Python-%s.tgz\', '
        '\'py.tgz\')"' % (MIRROR, VERSION, VERSION),
        'tar -xf py.tgz && cd Python-%s' % VERSION,
        './configure --prefix=%s --enable-shared --enable-ipv6 '
        'LDFLAGS=-Wl,-rpath=%s/lib,--disable-new-dtags >/dev/null' % (prefix, prefix),
        'make -j%d >/dev/null 2>&1' % os.cpu_count(),
        'make install >/dev/null 2>&1',
        '%s/bin/python3 --version' % prefix,
    ])


def playbook(hosts, extra):
    work = tempfile.mkdtemp(prefix='bench-')
    inventory = os.path.join(work, 'inventory.ini')
    with open(inventory, 'w') as f:
        f.write('[all]\n')
        for h in hosts:
            f.write('%s ansible_connection=community.docker.docker '
                    'ansible_python_interpreter=/usr/bin/python3\n' % h)
    varfile = os.path.join(work, 'vars.json')
    with open(varfile, 'w') as f:
        json.dump(dict({'python_build_source_url': MIRROR,
                        # the local mirror has 3.11.2 only as .tgz; its sum picks the format
                        'python_build_checksums': MIRROR_CHECKSUMS}, **extra), f)
    env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK='ansible.builtin.json', ANSIBLE_FORKS='10')
    start = time.monotonic()
    proc = subprocess.run(['ansible-playbook', '-i', inventory, '-e', '@' + varfile, PLAYBOOK],
                          capture_output=True, text=True, env=env, check=False)
    elapsed = time.monotonic() - start
    shutil.rmtree(work)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-5000:] + proc.stderr[-3000:])
        raise SystemExit('bench: ansible-playbook failed (%d)' % proc.returncode)
    stats = json.loads(proc.stdout)['stats']
    return elapsed, sum(s['changed'] for s in stats.values())


def main():
    figures = {'machine': '%s, %d cores' % (os.uname().nodename, os.cpu_count()), 'image': IMAGE}
    # (a) cold install: plain script vs role, one fresh container each, one after the other.
    base = fresh('bench-baseline')
    start = time.monotonic()
    out = docker('exec', base, 'sh', '-c', baseline_script()).stdout.strip()
    figures['baseline_cold_s'] = round(time.monotonic() - start, 1)
    remove(base)
    log('plain script cold install of %s: %.1f s (%s)' % (VERSION, figures['baseline_cold_s'], out))
    host = fresh('bench-role')
    role_s = playbook([host], {'python_build_versions': [VERSION]})[0]
    figures['role_cold_s'] = round(role_s, 1)
    figures['cold_ratio'] = round(role_s / figures['baseline_cold_s'], 2)
    log('role cold install of %s: %.1f s' % (VERSION, role_s))
    # (b) three versions installed, then a second converge.
    playbook([host], {'python_build_versions': THREE})
    rerun_s, changed = playbook([host], {'python_build_versions': THREE})
    figures['rerun_s'] = round(rerun_s, 1)
    figures['rerun_changed'] = changed
    remove(host)
    log('second converge with %s installed: %.1f s, changed=%d'
        % (', '.join(THREE), rerun_s, changed))
    # (c) three fresh hosts of one platform, artifact mode, against one host cold from (a).
    artifacts = tempfile.mkdtemp(prefix='bench-artifacts-')
    fleet = [fresh('bench-fleet-%d' % i) for i in range(3)]
    fleet_s = playbook(fleet, {'python_build_versions': [VERSION],
                               'python_build_artifact_dir': artifacts})[0]
    remove(*fleet)
    shutil.rmtree(artifacts)
    figures['fleet_s'] = round(fleet_s, 1)
    figures['fleet_ratio'] = round(fleet_s / role_s, 2)
    log('three hosts in artifact mode: %.1f s' % fleet_s)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(figures, f, indent=2)
    log('figures written to %s' % os.path.relpath(OUT, ROOT))
    print('bench: cold_ratio=%s rerun_s=%s rerun_changed=%s fleet_ratio=%s' % (
        figures['cold_ratio'], figures['rerun_s'], figures['rerun_changed'],
        figures['fleet_ratio']))


if __name__ == '__main__':
    main()

"""make bench-fleet, second part: N hosts installing one artifact through the controller
(python_build_artifact_dir) against the same N hosts fetching it from a store
(python_build_artifact_url, nginx with WebDAV in a container), as alternating pairs.

For each run: the time to converge, and the bytes the controller's processes read and wrote
(ansible-playbook and everything it started: workers, the docker CLI that carries files into
the containers) - from /proc/self/io, which counts a child's I/O into its parent when the child
is reaped. The archive's size is measured too. Nothing is asserted; the last line is
  bench-fleet: hosts=N controller_s=A url_s=B controller_mb=C url_mb=D artifact_mb=E
and output/bench-fleet.json holds every sample.

  BENCH_STORE_HOSTS (default 5), BENCH_PAIRS (default 3)

The artifact is 3.11.2 (plain) for Debian 12: taken from the Molecule scenarios' artifact
directory when `make test` left one there, else compiled once here (cold, a few minutes).
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (run_role's inventory and variables)

ROOT = bench.ROOT
HOSTS = int(os.environ.get("BENCH_STORE_HOSTS", "5"))
PAIRS = int(os.environ.get('BENCH_PAIRS', '3'))
PORT = int(os.environ.get('BENCH_STORE_PORT', '8791'))
PASSWORD = 'bench-store-secret'
PLATFORM = 'debian-12-x86_64'
STEM = 'cpython-3.11.2'
SEED = os.path.join(ROOT, 'build', 'bench-store-seed')
STORE = os.path.join(ROOT, 'build', 'bench-store')
MOLECULE_ARTIFACTS = os.path.join(ROOT, 'build', 'molecule-artifacts')
OUT = os.path.join(ROOT, 'output', 'bench-fleet.json')
PLAYBOOK = bench.PLAYBOOK


def log(msg):
    print('bench-fleet: %s' % msg, flush=True)


def io_bytes():
    counters = {}
    with open('/proc/self/io', encoding='ascii') as f:
        for line in f:
            key, value = line.split(':')
            counters[key] = int(value)
    return counters['rchar'] + counters['wchar']


def seed():
    """The artifact's directory (PLATFORM/ inside): reused, copied from Molecule's, or built."""
    have = os.path.join(SEED, PLATFORM, STEM + '.json')
    if os.path.exists(have):
        return
    source = os.path.join(MOLECULE_ARTIFACTS, PLATFORM)
    if os.path.exists(os.path.join(source, STEM + '.json')):
        os.makedirs(os.path.join(SEED, PLATFORM), exist_ok=True)
        for suffix in ('.tar.zst', '.sha256', '.json'):
            shutil.copy(os.path.join(source, STEM + suffix), os.path.join(SEED, PLATFORM))
        log('artifact copied from %s' % source)
        return
    log('no artifact of %s yet: compiling it once on a fresh host' % STEM)
    host = bench.fresh('bench-store-seed')
    try:
        bench.run_role([host], ['3.11.2'], artifact_dir=SEED)
    finally:
        bench.remove(host)


def start_store():
    shutil.rmtree(STORE, ignore_errors=True)
    os.makedirs(os.path.join(STORE, 'artifacts'))
    shutil.copytree(os.path.join(SEED, PLATFORM), os.path.join(STORE, 'artifacts', PLATFORM))
    subprocess.run(['docker', 'rm', '-f', 'bench-store-nginx'], capture_output=True, check=False)
    subprocess.run(['docker', 'run', '-d', '--name', 'bench-store-nginx', '--network', 'host',
                    '-e', 'STORE_PORT=%d' % PORT, '-e', 'STORE_USER=builder',
                    '-e', 'STORE_PASSWORD=' + PASSWORD, '-v', '%s:/srv/store' % STORE,
                    'connect-ops/artifact-store'], check=True, capture_output=True)
    time.sleep(2)


def reset(hosts):
    for host in hosts:
        subprocess.run(['docker', 'exec', host, 'rm', '-rf', '/opt/Python/3.11.2',
                        '/var/cache/connect-ops/python-build/artifacts'], check=True)


def run(hosts, mode):
    work = tempfile.mkdtemp(prefix='bench-fleet-')
    inventory = os.path.join(work, 'inventory.ini')
    with open(inventory, 'w', encoding='utf-8') as f:
        f.write('[all]\n')
        for h in hosts:
            f.write('%s ansible_connection=community.docker.docker '
                    'ansible_python_interpreter=/usr/bin/python3\n' % h)
    extra = {'python_build_source_url': bench.MIRROR,
             'python_build_checksums': bench.MIRROR_CHECKSUMS,
             'python_build_versions': ['3.11.2'], 'python_build_optimizations': False}
    if mode == 'controller':
        extra['python_build_artifact_dir'] = SEED
    else:
        extra.update({'python_build_artifact_url': 'http://127.0.0.1:%d/artifacts' % PORT,
                      'python_build_artifact_url_username': 'builder',
                      'python_build_artifact_url_password': PASSWORD})
    varfile = os.path.join(work, 'vars.json')
    with open(varfile, 'w', encoding='utf-8') as f:
        json.dump(extra, f)
    env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK='ansible.builtin.json', ANSIBLE_FORKS='10',
               ANSIBLE_PIPELINING='true')
    before = io_bytes()
    start = time.monotonic()
    proc = subprocess.run(['ansible-playbook', '-i', inventory, '-e', '@' + varfile, PLAYBOOK],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, check=False)
    elapsed = time.monotonic() - start
    moved = io_bytes() - before - len(proc.stdout) - len(proc.stderr)  # less what we read back
    shutil.rmtree(work)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-5000:].decode('utf-8', 'replace'))
        raise SystemExit('bench-fleet: ansible-playbook failed (%d) in %s mode'
                         % (proc.returncode, mode))
    return {'s': round(elapsed, 1), 'bytes': moved}


def median(values):
    return statistics.median(values)


def main():
    seed()
    size = os.path.getsize(os.path.join(SEED, PLATFORM, STEM + '.tar.zst'))
    start_store()
    hosts = [bench.fresh('bench-store-host-%d' % i) for i in range(1, HOSTS + 1)]
    samples = {'controller': [], 'url': []}
    try:
        log('warm-up: the runtime libraries on %d hosts (not counted)' % HOSTS)
        run(hosts, 'controller')
        for i in range(PAIRS):
            order = ('controller', 'url') if i % 2 == 0 else ('url', 'controller')
            for mode in order:
                reset(hosts)
                sample = run(hosts, mode)
                samples[mode].append(sample)
                log('round %d %s mode: %.1f s, %.1f MB through the controller'
                    % (i + 1, mode, sample['s'], sample['bytes'] / 1e6))
    finally:
        bench.remove(*hosts)
        bench.remove('bench-store-nginx')
    result = {'date': datetime.now().strftime('%Y-%m-%d'), 'hosts': HOSTS, 'pairs': PAIRS,
              'artifact': STEM, 'artifact_bytes': size, 'samples': samples}
    for mode in samples:
        result[mode] = {'s': median([s['s'] for s in samples[mode]]),
                        's_range': [min(s['s'] for s in samples[mode]),
                                    max(s['s'] for s in samples[mode])],
                        'bytes': median([s['bytes'] for s in samples[mode]])}
    per_host = dict((m, result[m]['bytes'] / float(HOSTS)) for m in samples)
    result['per_1000_hosts_gb'] = dict((m, round(per_host[m] * 1000 / 1e9, 2)) for m in samples)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w', encoding='utf-8') as f:
        json.dump(result, f, indent=2)
    log('artifact %s: %.1f MB (zstd)' % (STEM, size / 1e6))
    for mode in ('controller', 'url'):
        log('%-10s mode, %d hosts: %.1f s (%.1f to %.1f), %.1f MB read and written by the '
            'controller (%.2f GB for 1,000 hosts)'
            % (mode, HOSTS, result[mode]['s'], result[mode]['s_range'][0],
               result[mode]['s_range'][1], result[mode]['bytes'] / 1e6,
               result['per_1000_hosts_gb'][mode]))
    print('bench-fleet: hosts=%d controller_s=%.1f url_s=%.1f controller_mb=%.1f url_mb=%.1f '
          'artifact_mb=%.1f' % (HOSTS, result['controller']['s'], result['url']['s'],
                                result['controller']['bytes'] / 1e6,
                                result['url']['bytes'] / 1e6, size / 1e6))


if __name__ == '__main__':
    main()

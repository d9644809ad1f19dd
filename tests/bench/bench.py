"""make bench: the python_build role side by side with the seeds' recipe done by hand, in fresh
containers of one image, as alternating pairs (no timing assertions: figures are printed, not
judged).

Each round runs, one after the other (the role with python_build_optimizations: false, the seeds'
flags, except in 1b):
  1. the recipe by hand for one version (apt deps, download, configure, make, make install, pip
     install of setuptools and virtualenv), then the role for the same version (cold_ratio);
  1b. the same with PGO on both sides: the recipe with Posit's flags (--enable-optimizations),
     the role with PGO alone (its default adds LTO: python_build_configure_extra_args
     [--without-lto]) (cold_ratio_pgo; BENCH_PGO_COLD=0 leaves it out);
  2. the role on BENCH_FLEET hosts (default 5) in artifact mode: one host compiles, the others
     install its artifact (fleet_ratio = fleet time / the role's one-host time of this round);
  3. the recipe by hand for three versions one after the other, then the role for the same three
     versions, which compiles them at once under one job budget (multi_ratio);
  4. the role again on the host of 3, with the three versions installed (rerun_s, rerun_changed).
BENCH_PAIRS rounds (default 3). Ratios are per round; the summary gives the median and the range.
Then the run-time section (tests/bench/runtime.py; BENCH_RUNTIME=0 leaves it out). The last line is
  bench: cold_ratio=X cold_ratio_pgo=X2 rerun_s=Y rerun_changed=Z fleet_ratio=W multi_ratio=V
         runtime_ratio_3.11=R pgo_gain_3.11=G pgo_build_ratio_3.11=B (and the same for 3.13)
and output/bench.json holds every sample with its phase breakdown.
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

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runtime  # noqa: E402  (the run-time section)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
IMAGE = os.environ.get('BENCH_IMAGE', 'connect-ops/debian12')
PORT = os.environ.get('CONNECT_OPS_MIRROR_PORT', '8765')
MIRROR = 'http://127.0.0.1:%s' % PORT
PAIRS = int(os.environ.get('BENCH_PAIRS', '3'))
PGO_COLD = os.environ.get('BENCH_PGO_COLD', '1') != '0'
RUNTIME = os.environ.get('BENCH_RUNTIME', '1') != '0'
FLEET = int(os.environ.get('BENCH_FLEET', '5'))
ONE = '3.11.2'
THREE = ['2.7.18', '3.11.2', '3.13.5']
# What the local mirror holds (Debian's source archive): 2.7.18 and 3.11.2 only as .tgz, whose sums
# pick that format; 3.13.5 as .tar.xz, whose python.org sum the collection ships.
MIRROR_FILES = {'2.7.18': 'Python-2.7.18.tgz', '3.11.2': 'Python-3.11.2.tgz',
                '3.13.5': 'Python-3.13.5.tar.xz'}
MIRROR_CHECKSUMS = {
    '2.7.18': 'da3080e3b488f648a3d7a4560ddee895284c3380b11d6de75edb986526b9a814',
    '3.11.2': '2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849',
}
CA = '/etc/ssl/certs/ca-certificates.crt'
PLAYBOOK = os.path.join(ROOT, 'tests', 'bench', 'python_build.yml')
OUT = os.path.join(ROOT, 'output', 'bench.json')


def log(msg):
    print('bench: %s' % msg, flush=True)


def fresh(name):
    subprocess.run(['docker', 'rm', '-f', name], capture_output=True, check=False)
    subprocess.run(['docker', 'run', '-d', '--name', name, '--network', 'host', IMAGE, 'sleep',
                    'infinity'], check=True, capture_output=True)
    return name


def remove(*names):
    subprocess.run(['docker', 'rm', '-f'] + list(names), capture_output=True, check=False)


def packages():
    with open(os.path.join(ROOT, 'roles', 'python_build', 'vars', 'Debian.yml')) as f:
        return yaml.safe_load(f)['_python_build_packages']


def recipe(versions, optimize=False):
    """The seeds' recipe as one shell script, with a marker line before each step; with
    ``optimize``, Posit's flags (--enable-optimizations)."""
    lines = ['set -eu', 'mark() { echo "phase $1 $(date +%s.%N)"; }',
             'mark deps', 'apt-get update -qq',
             'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends %s '
             '>/dev/null' % ' '.join(packages())]
    for v in versions:
        prefix = '/opt/Python/%s' % v
        python = '%s/bin/python%s' % (prefix, v[0])
        src = MIRROR_FILES[v]
        lines += [
            'mark download-%s' % v,
            'mkdir -p /tmp/src && cd /tmp/src',
            'python3 -c "import urllib.request; urllib.request.urlretrieve(\'%s/%s/%s\', '
            '\'%s\')"' % (MIRROR, v, src, src),
            'tar -xf %s && cd Python-%s' % (src, v),
            'mark configure-%s' % v,
            './configure --prefix=%s --enable-shared%s --enable-ipv6 '
            'LDFLAGS=-Wl,-rpath=%s/lib,--disable-new-dtags >/dev/null' % (
                prefix, ' --enable-optimizations' if optimize else '', prefix),
            'mark make-%s' % v,
            'make -j%d >/dev/null 2>&1' % os.cpu_count(),
            'mark install-%s' % v,
            'make install >/dev/null 2>&1',
            'mark tools-%s' % v,
            # Python 2's make install brings no pip; 3's brings it through ensurepip.
            '%s -m ensurepip --default-pip >/dev/null 2>&1 || true' % python,
            'PIP_ROOT_USER_ACTION=ignore %s -m pip install -q --disable-pip-version-check --cert %s '
            '"setuptools>=40.8" virtualenv >/dev/null 2>&1' % (python, CA),
            '%s --version' % python,
        ]
    lines.append('mark end')
    return '\n'.join(lines)


def run_recipe(versions, optimize=False):
    host = fresh('bench-recipe')
    start = time.monotonic()
    proc = subprocess.run(['docker', 'exec', host, 'sh', '-c', recipe(versions, optimize)],
                          capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - start
    remove(host)
    if proc.returncode != 0:
        raise SystemExit('bench: the hand recipe failed (%d): %s' % (
            proc.returncode, proc.stderr[-3000:]))
    marks = [line.split() for line in proc.stdout.splitlines() if line.startswith('phase ')]
    phases = {}
    for here, there in zip(marks, marks[1:]):
        phases[here[1]] = round(float(there[2]) - float(here[2]), 1)
    return round(elapsed, 1), phases


PHASE_OF_TASK = [
    ('Gathering Facts', 'facts'),
    ('build dependencies', 'deps'),
    ('Fetch the sources', 'download'),
    ('Compile, check and move', 'build'),
    ('Create the install root', 'prepare'),
    ('Install the build scripts', 'prepare'),
    ('ensurepip', 'tools'),
    ('Install pip, setuptools and virtualenv', 'tools'),
    ('Probe', 'probe'),
    ('Pack', 'pack'),
    ('Fetch the artifact', 'pack'),
    ('Hash', 'artifacts'),
    ('Copy the artifact', 'artifact-copy'),
    ('Install from the artifact', 'artifact-install'),
]


def task_phases(report):
    """Seconds per phase of the role (summed over its tasks) from the json callback, and the
    build jobs' own phases."""
    phases, jobs = {}, {}
    for play in report.get('plays', []):
        for task in play.get('tasks', []):
            name = task['task']['name']
            duration = task['task'].get('duration') or {}
            if not duration.get('start') or not duration.get('end'):
                continue
            seconds = (_epoch(duration['end']) - _epoch(duration['start']))
            phase = next((p for key, p in PHASE_OF_TASK if key in name), 'other')
            phases[phase] = round(phases.get(phase, 0) + seconds, 1)
            for host, result in task.get('hosts', {}).items():
                for job in result.get('jobs') or []:
                    jobs['%s %s' % (host, job['label'])] = job.get('phases')
    return phases, jobs


def _epoch(stamp):
    return datetime.strptime(stamp.replace('Z', '+0000'), '%Y-%m-%dT%H:%M:%S.%f%z').timestamp()


def run_role(hosts, versions, artifact_dir=None, optimize=False, configure_args=None):
    work = tempfile.mkdtemp(prefix='bench-')
    inventory = os.path.join(work, 'inventory.ini')
    with open(inventory, 'w') as f:
        f.write('[all]\n')
        for h in hosts:
            f.write('%s ansible_connection=community.docker.docker '
                    'ansible_python_interpreter=/usr/bin/python3\n' % h)
    extra = {'python_build_source_url': MIRROR, 'python_build_checksums': MIRROR_CHECKSUMS,
             'python_build_versions': versions, 'python_build_optimizations': optimize}
    if artifact_dir:
        extra['python_build_artifact_dir'] = artifact_dir
    if configure_args:
        extra['python_build_configure_extra_args'] = configure_args
    varfile = os.path.join(work, 'vars.json')
    with open(varfile, 'w') as f:
        json.dump(extra, f)
    # What the README recommends: pipelining on.
    env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK='ansible.builtin.json', ANSIBLE_FORKS='10',
               ANSIBLE_PIPELINING='true')
    start = time.monotonic()
    proc = subprocess.run(['ansible-playbook', '-i', inventory, '-e', '@' + varfile, PLAYBOOK],
                          capture_output=True, text=True, env=env, check=False)
    elapsed = time.monotonic() - start
    shutil.rmtree(work)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-5000:] + proc.stderr[-3000:])
        raise SystemExit('bench: ansible-playbook failed (%d)' % proc.returncode)
    report = json_report(proc.stdout)
    changed = sum(s['changed'] for s in report['stats'].values())
    phases, jobs = task_phases(report)
    return {'s': round(elapsed, 1), 'changed': changed, 'phases': phases, 'jobs': jobs}


def json_report(stdout):
    """The json callback's report: the progress lines of python_build_job come before it."""
    lines = stdout.splitlines(True)
    for i, line in enumerate(lines):
        if line.rstrip() == '{':
            try:
                return json.loads(''.join(lines[i:]))
            except ValueError:
                continue
    raise SystemExit('bench: no JSON report in the output of ansible-playbook:\n' + stdout[-3000:])


def summary(values):
    values = sorted(values)
    return {'median': round(statistics.median(values), 2), 'min': round(values[0], 2),
            'max': round(values[-1], 2), 'samples': [round(v, 2) for v in values]}


def main():
    if PAIRS < 3:
        log('BENCH_PAIRS=%d: fewer than three pairs, the figures are a smoke test only' % PAIRS)
    rounds = []
    for r in range(PAIRS):
        got = {}
        got['recipe_one_s'], got['recipe_one_phases'] = run_recipe([ONE])
        log('round %d: hand recipe, %s: %.1f s %s' % (
            r + 1, ONE, got['recipe_one_s'], got['recipe_one_phases']))
        host = fresh('bench-role')
        run = run_role([host], [ONE])
        got['role_one_s'], got['role_one_phases'], got['role_one_jobs'] = (
            run['s'], run['phases'], run['jobs'])
        remove(host)
        log('round %d: role, %s: %.1f s %s' % (
            r + 1, ONE, got['role_one_s'], got['role_one_phases']))

        if PGO_COLD:
            got['recipe_pgo_s'], got['recipe_pgo_phases'] = run_recipe([ONE], optimize=True)
            log("round %d: hand recipe with Posit's flags (PGO), %s: %.1f s %s" % (
                r + 1, ONE, got['recipe_pgo_s'], got['recipe_pgo_phases']))
            host = fresh('bench-role')
            # like for like: Posit's flags are PGO alone, the role's default adds LTO
            run = run_role([host], [ONE], optimize=True, configure_args=['--without-lto'])
            got['role_pgo_s'], got['role_pgo_phases'], got['role_pgo_jobs'] = (
                run['s'], run['phases'], run['jobs'])
            remove(host)
            log('round %d: role with PGO alone (--without-lto), %s: %.1f s %s %s' % (
                r + 1, ONE, got['role_pgo_s'], got['role_pgo_phases'], got['role_pgo_jobs']))
            got['cold_ratio_pgo'] = got['role_pgo_s'] / got['recipe_pgo_s']

        artifacts = tempfile.mkdtemp(prefix='bench-artifacts-')
        fleet = [fresh('bench-fleet-%d' % i) for i in range(FLEET)]
        run = run_role(fleet, [ONE], artifacts)
        got['fleet_s'], got['fleet_phases'] = run['s'], run['phases']
        remove(*fleet)
        shutil.rmtree(artifacts)
        log('round %d: role on %d hosts, artifact mode: %.1f s %s' % (
            r + 1, FLEET, got['fleet_s'], got['fleet_phases']))

        got['recipe_three_s'], got['recipe_three_phases'] = run_recipe(THREE)
        log('round %d: hand recipe, %s one after the other: %.1f s' % (
            r + 1, ', '.join(THREE), got['recipe_three_s']))
        host = fresh('bench-role')
        run = run_role([host], THREE)
        got['role_three_s'], got['role_three_phases'], got['role_three_jobs'] = (
            run['s'], run['phases'], run['jobs'])
        log('round %d: role, %s at once: %.1f s %s %s' % (
            r + 1, ', '.join(THREE), got['role_three_s'], got['role_three_phases'],
            got['role_three_jobs']))
        run = run_role([host], THREE)
        got['rerun_s'], got['rerun_changed'], got['rerun_phases'] = (
            run['s'], run['changed'], run['phases'])
        remove(host)
        log('round %d: rerun with %s installed: %.1f s, changed=%d %s' % (
            r + 1, ', '.join(THREE), got['rerun_s'], got['rerun_changed'], got['rerun_phases']))

        got['cold_ratio'] = got['role_one_s'] / got['recipe_one_s']
        got['fleet_ratio'] = got['fleet_s'] / got['role_one_s']
        got['multi_ratio'] = got['role_three_s'] / got['recipe_three_s']
        log('round %d: cold_ratio=%.2f fleet_ratio=%.2f multi_ratio=%.2f' % (
            r + 1, got['cold_ratio'], got['fleet_ratio'], got['multi_ratio']))
        rounds.append(got)

    figures = {
        'date': time.strftime('%Y-%m-%d'),
        'machine': '%s, %d cores' % (os.uname().nodename, os.cpu_count()),
        'image': IMAGE, 'pairs': PAIRS, 'fleet_hosts': FLEET, 'one': ONE, 'three': THREE,
    }
    for key in ('cold_ratio', 'fleet_ratio', 'multi_ratio', 'rerun_s', 'recipe_one_s',
                'role_one_s', 'fleet_s', 'recipe_three_s', 'role_three_s') + (
                    ('cold_ratio_pgo', 'recipe_pgo_s', 'role_pgo_s') if PGO_COLD else ()):
        figures[key] = summary([g[key] for g in rounds])
    if RUNTIME:
        figures['runtime'] = runtime.run()
    figures['rerun_changed'] = max(g['rerun_changed'] for g in rounds)
    figures['rounds'] = rounds
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(figures, f, indent=2)
    for key in ('cold_ratio', 'rerun_s', 'fleet_ratio', 'multi_ratio'):
        s = figures[key]
        log('%s: median %s, range %s-%s over %d rounds' % (
            key, s['median'], s['min'], s['max'], PAIRS))
    log('figures written to %s' % os.path.relpath(OUT, ROOT))
    line = 'bench: cold_ratio=%s' % figures['cold_ratio']['median']
    if PGO_COLD:
        line += ' cold_ratio_pgo=%s' % figures['cold_ratio_pgo']['median']
    line += ' rerun_s=%s rerun_changed=%s fleet_ratio=%s multi_ratio=%s' % (
        figures['rerun_s']['median'], figures['rerun_changed'], figures['fleet_ratio']['median'],
        figures['multi_ratio']['median'])
    if RUNTIME:
        for series, one in sorted(figures['runtime']['series'].items()):
            line += ' runtime_ratio_%s=%s pgo_gain_%s=%s pgo_build_ratio_%s=%s' % (
                series, one['runtime_ratio'], series, one['pgo_gain'], series,
                one['pgo_build_ratio'])
    print(line)


if __name__ == '__main__':
    main()

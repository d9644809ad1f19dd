"""make bench, run-time section: how fast the interpreters the role builds run, against the
distribution's own interpreter of the same series, in one container per series
(BENCH_RUNTIME_SERIES, default "3.11 3.13"): 3.11.2 in Debian 12 against its python3.11 (3.11.2),
3.13.5 in Debian 13 against its python3.13 (3.13.5). For each:

  1. the role builds the version with its default flags (PGO + LTO) into /opt/Python, then with
     python_build_optimizations: false (the seeds' plain flags) into /opt/Python-plain; each
     build job's own duration gives pgo_build_ratio (default / plain), one pair per
     BENCH_RUNTIME_BUILDS (default 1), alternating which is built first;
     On 3.13 also with python_build_bolt: true into /opt/Python-bolt (BENCH_RUNTIME_BOLT=0 leaves
     it out): bolt_gain is the default's time / the BOLT build's, bolt_build_ratio the BOLT
     build's time / the default's;
  2. BENCH_RUNTIME_ROUNDS rounds (default 5) of the fixed workload set in workloads.py with the
     three interpreters - the role's default, the plain build, and Debian's own (PGO + LTO,
     statically linked) - the order rotating every round. Each sample is the best of three runs
     in a fresh process.

Per workload the median over rounds; runtime_ratio is the geometric mean over the workloads of
distribution time / role-default time (above 1: the role's interpreter is faster), pgo_gain the
same of plain / role-default. Printed, never asserted.
"""

import json
import math
import os
import shutil
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
PORT = os.environ.get('CONNECT_OPS_MIRROR_PORT', '8765')
ROUNDS = int(os.environ.get('BENCH_RUNTIME_ROUNDS', '5'))
BUILDS = int(os.environ.get('BENCH_RUNTIME_BUILDS', '1'))
# series: (version, source format, image, the distribution's own interpreter of that version)
SERIES = {
    '3.11': ('3.11.2', 'tgz', 'connect-ops/debian12', '/usr/bin/python3.11'),
    '3.13': ('3.13.5', 'tar.xz', 'connect-ops/debian13', '/usr/bin/python3.13'),
}
WANTED = os.environ.get('BENCH_RUNTIME_SERIES', '3.11 3.13').split()
PLAYBOOK = os.path.join(HERE, 'python_build.yml')
HOST = 'bench-runtime'


def log(msg):
    print('bench: %s' % msg, flush=True)


def docker(*args, **kwargs):
    return subprocess.run(['docker'] + list(args), capture_output=True, text=True,
                          check=kwargs.pop('check', True), **kwargs)


def build(one, fmt, root, optimize, bolt=False):
    """Run the role for ``one`` into ``root``; return the build job's own seconds and its
    phases."""
    work = tempfile.mkdtemp(prefix='bench-runtime-')
    inventory = os.path.join(work, 'inventory.ini')
    with open(inventory, 'w') as f:
        f.write('%s ansible_connection=community.docker.docker '
                'ansible_python_interpreter=/usr/bin/python3\n' % HOST)
    values = {'python_build_versions': [{'version': one, 'format': fmt}],
              'python_build_source_url': 'http://127.0.0.1:%s' % PORT,
              'python_build_root': root, 'python_build_optimizations': optimize,
              'python_build_bolt': bolt}
    env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK='ansible.builtin.json',
               ANSIBLE_PIPELINING='true')
    proc = subprocess.run(['ansible-playbook', '-i', inventory, '-e', json.dumps(values),
                           PLAYBOOK], capture_output=True, text=True, env=env, check=False)
    shutil.rmtree(work)
    if proc.returncode != 0:
        raise SystemExit('bench: the %s build failed:\n%s' % (
            'default' if optimize else 'plain', proc.stdout[-4000:] + proc.stderr[-2000:]))
    start = proc.stdout.index('\n{') + 1
    report = json.loads(proc.stdout[start:])
    for play in report['plays']:
        for task in play['tasks']:
            for result in task['hosts'].values():
                for job in result.get('jobs') or []:
                    if job.get('label') == one and job.get('phases'):
                        return sum(job['phases'].values()), job['phases']
    raise SystemExit('bench: no build job of %s in the report' % one)


def sample(interpreter, workload):
    out = docker('exec', HOST, interpreter, '/tmp/workloads.py', workload).stdout.split()
    return float(out[1])


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))


def bolt_measured(series):
    """BOLT applies to 3.13 and later (build_flags.FIRST_BOLT_SERIES): measured there unless
    BENCH_RUNTIME_BOLT=0."""
    return os.environ.get('BENCH_RUNTIME_BOLT', '1') != '0' and \
        tuple(int(p) for p in series.split('.')) >= (3, 13)


def run():
    """Every wanted series; the figures of the first (3.11) at the top level, as before, and
    each series' under ``series``."""
    unknown = [w for w in WANTED if w not in SERIES]
    if unknown or not WANTED:
        raise SystemExit('bench: BENCH_RUNTIME_SERIES must name some of %s, got %r'
                         % (' '.join(SERIES), ' '.join(WANTED)))
    per_series = dict((w, run_series(w)) for w in WANTED)
    figures = dict(per_series[WANTED[0]])
    figures['series'] = per_series
    return figures


def run_series(series):
    one, fmt, image, distribution = SERIES[series]
    log('runtime: series %s: the role\'s %s against %s in %s' % (series, one, distribution, image))
    docker('rm', '-f', HOST, check=False)
    docker('run', '-d', '--name', HOST, '--network', 'host', image, 'sleep', 'infinity')
    try:
        # kind: (root, python_build_optimizations, python_build_bolt)
        kinds = {'pgo': ('/opt/Python', True, False), 'plain': ('/opt/Python-plain', False, False)}
        if bolt_measured(series):
            kinds['bolt'] = ('/opt/Python-bolt', True, True)
        builds = dict((k, []) for k in kinds)
        for i in range(BUILDS):
            order = sorted(kinds, reverse=bool(i % 2))
            for kind in order:
                root, optimize, bolt = kinds[kind]
                docker('exec', HOST, 'rm', '-rf', '%s/%s' % (root, one))
                seconds, phases = build(one, fmt, root, optimize, bolt)
                builds[kind].append(seconds)
                log('runtime: %s build of %s: %d s %s' % (kind, one, seconds, phases))
        docker('cp', os.path.join(HERE, 'workloads.py'), '%s:/tmp/workloads.py' % HOST)
        interpreters = {'role': '/opt/Python/%s/bin/python3' % one,
                        'plain': '/opt/Python-plain/%s/bin/python3' % one,
                        'distribution': distribution}
        if 'bolt' in kinds:
            interpreters['bolt'] = '/opt/Python-bolt/%s/bin/python3' % one
        for name, exe in interpreters.items():
            log('runtime: %s = %s (%s)' % (name, exe, docker(
                'exec', HOST, exe, '-c', 'import sys, sysconfig; print(sys.version.split()[0], '
                'sysconfig.get_config_var("CONFIG_ARGS"))').stdout.strip()[:200]))
        workloads = docker('exec', HOST, distribution, '/tmp/workloads.py').stdout.split()
        times = dict((n, dict((w, []) for w in workloads)) for n in interpreters)
        names = list(interpreters)
        for r in range(ROUNDS):
            order = names[r % len(names):] + names[:r % len(names)]
            for name in order:
                for w in workloads:
                    times[name][w].append(sample(interpreters[name], w))
            log('runtime: round %d done (order %s)' % (r + 1, ', '.join(order)))
        medians = dict((n, dict((w, statistics.median(times[n][w])) for w in workloads))
                       for n in names)
        per_workload = {}
        for w in workloads:
            per_workload[w] = {
                'vs_distribution': round(medians['distribution'][w] / medians['role'][w], 3),
                'vs_plain': round(medians['plain'][w] / medians['role'][w], 3)}
            log('runtime: %-10s role %.3f s, plain %.3f s, distribution %.3f s: %.2fx the '
                'distribution, %.2fx plain' % (
                    w, medians['role'][w], medians['plain'][w], medians['distribution'][w],
                    per_workload[w]['vs_distribution'], per_workload[w]['vs_plain']))
        # The ratios per round too, for a range.
        round_ratios = {'runtime_ratio': [], 'pgo_gain': []}
        for r in range(ROUNDS):
            round_ratios['runtime_ratio'].append(geomean(
                [times['distribution'][w][r] / times['role'][w][r] for w in workloads]))
            round_ratios['pgo_gain'].append(geomean(
                [times['plain'][w][r] / times['role'][w][r] for w in workloads]))
        figures = {
            'runtime_ratio': round(geomean([per_workload[w]['vs_distribution']
                                            for w in workloads]), 3),
            'pgo_gain': round(geomean([per_workload[w]['vs_plain'] for w in workloads]), 3),
            'pgo_build_ratio': round(statistics.median(builds['pgo']) /
                                     statistics.median(builds['plain']), 2),
            'runtime_ratio_range': [round(min(round_ratios['runtime_ratio']), 3),
                                    round(max(round_ratios['runtime_ratio']), 3)],
            'pgo_gain_range': [round(min(round_ratios['pgo_gain']), 3),
                               round(max(round_ratios['pgo_gain']), 3)],
            'build_s': builds, 'per_workload': per_workload, 'medians': medians,
            'samples': times, 'rounds': ROUNDS, 'date': time.strftime('%Y-%m-%d'),
            'version': one, 'distribution': distribution, 'image': image,
        }
        if 'bolt' in kinds:
            # BOLT on top of the default: the role's default time / the BOLT build's
            gains = [geomean([times['role'][w][r] / times['bolt'][w][r] for w in workloads])
                     for r in range(ROUNDS)]
            figures['bolt_gain'] = round(geomean(
                [medians['role'][w] / medians['bolt'][w] for w in workloads]), 3)
            figures['bolt_gain_range'] = [round(min(gains), 3), round(max(gains), 3)]
            figures['bolt_vs_distribution'] = round(geomean(
                [medians['distribution'][w] / medians['bolt'][w] for w in workloads]), 3)
            figures['bolt_build_ratio'] = round(statistics.median(builds['bolt']) /
                                                statistics.median(builds['pgo']), 2)
            log('runtime: %s: bolt_gain=%s (rounds %s-%s) bolt_vs_distribution=%s '
                'bolt_build_ratio=%s (BOLT build %s s)' % (
                    series, figures['bolt_gain'], figures['bolt_gain_range'][0],
                    figures['bolt_gain_range'][1], figures['bolt_vs_distribution'],
                    figures['bolt_build_ratio'], builds['bolt']))
        log('runtime: %s: runtime_ratio=%s (rounds %s-%s) pgo_gain=%s (rounds %s-%s) '
            'pgo_build_ratio=%s (builds: pgo %s s, plain %s s)' % (
                series, figures['runtime_ratio'], figures['runtime_ratio_range'][0],
                figures['runtime_ratio_range'][1], figures['pgo_gain'],
                figures['pgo_gain_range'][0], figures['pgo_gain_range'][1],
                figures['pgo_build_ratio'], builds['pgo'], builds['plain']))
        return figures
    finally:
        docker('rm', '-f', HOST, check=False)


def main():
    figures = run()
    out = os.path.join(ROOT, 'output', 'bench-runtime.json')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, 'w') as f:
        json.dump(figures, f, indent=2)
    for series, one in sorted(figures['series'].items()):
        print('bench: %s (%s against %s): runtime_ratio=%s pgo_gain=%s pgo_build_ratio=%s%s' % (
            series, one['version'], one['distribution'], one['runtime_ratio'], one['pgo_gain'],
            one['pgo_build_ratio'], ' bolt_gain=%s' % one['bolt_gain'] if 'bolt_gain' in one
            else ''))


if __name__ == '__main__':
    main()

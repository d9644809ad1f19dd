# -*- coding: utf-8 -*-
"""scripts/run-suites.sh (make test's runner), run for real on a throw-away Makefile."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import shutil
import subprocess

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))

MAKEFILE = '''\
setup:
\t@echo setting up
ok:
\t@echo fine
slow:
\t@sleep 1
bad:
\t@echo 'TASK [expected] ***'
\t@echo 'fatal: [h1]: FAILED! => {"msg": "an expected failure, rescued"}'
\t@echo '...ignoring'
\t@echo 'fatal: [h2]: FAILED! => {"msg": "the real cause"}'
\t@for i in 1 2 3 4 5 6 7 8 9 10; do echo "summary line $$i"; done
\t@exit 2
never:
\t@echo should not run
'''


def run(tmp_path, *lanes):
    (tmp_path / 'scripts').mkdir()
    shutil.copy(os.path.join(ROOT, 'scripts', 'run-suites.sh'), str(tmp_path / 'scripts'))
    (tmp_path / 'Makefile').write_text(MAKEFILE)
    env = dict(os.environ)
    env.pop('MAKEFLAGS', None)
    proc = subprocess.run(['bash', str(tmp_path / 'scripts' / 'run-suites.sh'), '--first', 'setup'] + list(lanes),
                          capture_output=True, text=True, env=env, check=False)
    return proc.returncode, proc.stdout


def table(out):
    rows = {}
    for line in out.split('make test: wall time per suite')[1].splitlines()[2:]:
        cols = line.split()
        rows[cols[0]] = (cols[1], cols[-1] if cols[-1] != 'run' else 'not run')
    return rows


def test_every_suite_passes_and_the_table_says_so(tmp_path):
    rc, out = run(tmp_path, 'ok slow', 'ok')
    assert rc == 0, out
    rows = table(out)
    assert rows['setup'] == ('0', 'passed') and rows['slow'] == ('1', 'passed')
    assert rows['total'] == ('-', 'passed')
    assert 'last failure' not in out
    tsv = (tmp_path / 'build' / 'test-times.tsv').read_text().splitlines()
    assert sorted(r.split('\t')[0] for r in tsv) == ['ok', 'ok', 'setup', 'slow']
    # How busy the CPUs were while each suite ran, in percent: the table's cpu column.
    for row in tsv:
        busy = row.split('\t')[5]
        assert busy == '-' or 0 <= int(busy) <= 100, row
    total = [line for line in out.splitlines() if line.startswith('total ')][0]
    assert total.split()[-2].rstrip('%').isdigit() or total.split()[-2] == '-%', total


def test_a_failed_suite_stops_its_lane_and_its_cause_is_shown_before_the_table(tmp_path):
    rc, out = run(tmp_path, 'bad never', 'slow')
    assert rc != 0
    rows = table(out)
    assert rows['bad'] == ('1', 'FAILED') and rows['never'][1] == 'not run'
    assert rows['slow'] == ('2', 'passed') and rows['total'] == ('-', 'FAILED')
    before_table = out.split('make test: wall time per suite')[0]
    # The real cause (the last fatal line), not the rescued one before it, right before the table.
    tail = before_table.rstrip().splitlines()[-20:]
    assert any('the real cause' in line for line in tail), out
    assert 'the last failure in build/test-logs/bad.log (line 4)' in before_table

"""The collection's release data, from python.org's own machine-readable sources kept in the
repository (scripts/release-data-sources/, see its README):

    python3 scripts/release-data.py fetch DIR          download python.org's release cycle and its
                                                       downloads API's source release files into DIR
    python3 scripts/release-data.py build DIR OUT.json write plugins/module_utils/cpython/cpython_checksums.py,
                                                       plugins/module_utils/cpython/release_cycle.py and the
                                                       release data file OUT.json from DIR alone

`make release-data` runs both (RELEASE_DATA_OFFLINE=1: build only). Every row keeps where its sum
came from; a sum python.org gives that differs from the table's stops the build; no row is written
here by hand, and no format of a release is dropped.
"""

import json
import os
import re
import sys
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
CYCLE_URL = 'https://peps.python.org/api/release-cycle.json'
FILES_URL = 'https://www.python.org/api/v2/downloads/release_file/?os=3'
FORMATS = ('tar.xz', 'tgz')
STATUSES = ('feature', 'prerelease', 'bugfix', 'security', 'end-of-life')
_VERSION = re.compile(r'^(\d+)\.(\d+)\.(\d+)(?:(a|b|rc)(\d+))?$')
_FILE = re.compile(r'/Python-(\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?)\.(tar\.xz|tgz)$')
_SHA = re.compile(r'^[0-9a-f]{64}$')
_DAY = re.compile(r'^\d{4}-\d{2}-\d{2}$')
HEADER = '''# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
'''


class DataError(Exception):
    pass


def key(version):
    m = _VERSION.match(version)
    pre = {'a': 0, 'b': 1, 'rc': 2, None: 3}[m.group(4)]
    return (int(m.group(1)), int(m.group(2)), int(m.group(3)), pre, int(m.group(5) or 0))


def supported(version):
    major, minor, micro = key(version)[:3]
    return (major, minor, micro) >= (2, 7, 9) if major == 2 else (major, minor) >= (3, 4)


def read_table(path):
    """{version: {format: (sha256, source)}} and the table's as-of date."""
    rows, as_of = {}, ''
    with open(path) as f:
        for number, line in enumerate(f, 1):
            if line.startswith('# as-of:'):
                as_of = line.split(':', 1)[1].strip()
                continue
            if line.startswith('#') or not line.strip():
                continue
            parts = line.rstrip('\n').split('\t')
            if len(parts) != 4 or not _VERSION.match(parts[0]) or parts[1] not in FORMATS \
                    or not _SHA.match(parts[2]) or not parts[3].strip():
                raise DataError('%s:%d: expected version, format, sha256, source (tab-separated)'
                                % (path, number))
            if parts[1] in rows.get(parts[0], {}):
                raise DataError('%s:%d: %s %s twice' % (path, number, parts[0], parts[1]))
            rows.setdefault(parts[0], {})[parts[1]] = (parts[2], parts[3].strip())
    if not _DAY.match(as_of):
        raise DataError('%s: no "# as-of: YYYY-MM-DD" line' % path)
    return rows, as_of


def merge_python_org(rows, path):
    """Add python.org's downloads API sums (source release files) to ``rows``."""
    with open(path) as f:
        files = json.load(f)
    added = 0
    for item in files:
        m = _FILE.search(item.get('url') or '')
        sha = (item.get('sha256_sum') or '').strip().lower()
        if not m or not _SHA.match(sha) or not supported(m.group(1)):
            continue
        version, fmt = m.group(1), m.group(2)
        known = rows.get(version, {}).get(fmt)
        if known and known[0] != sha:
            raise DataError('python.org gives %s for Python-%s.%s, the table %s (%s): check both '
                            'against the file' % (sha, version, fmt, known[0], known[1]))
        if not known:
            rows.setdefault(version, {})[fmt] = (sha, 'python.org downloads API (%s)' % item['url'])
            added += 1
    return added


def read_cycle(path):
    with open(path) as f:
        data = json.load(f)
    with open(os.path.splitext(path)[0] + '.as-of') as f:
        as_of = f.read().strip()
    if not _DAY.match(as_of):
        raise DataError('%s.as-of: expected YYYY-MM-DD' % os.path.splitext(path)[0])
    series = {}
    for name, info in data.items():
        if not re.match(r'^\d+\.\d+$', name) or tuple(int(p) for p in name.split('.')) < (2, 7):
            continue
        if info.get('status') not in STATUSES:
            raise DataError('%s: series %s has status %r' % (path, name, info.get('status')))
        series[name] = {'status': info['status'], 'first_release': info['first_release'],
                        'end_of_life': info['end_of_life']}
    return series, as_of


def checksums_module(rows, as_of):
    sources = {}
    for version in rows:
        for fmt, (_sha, source) in rows[version].items():
            sources.setdefault(source, []).append('%s %s' % (version, fmt))
    common = max(sources, key=lambda s: len(sources[s]))
    out = [HEADER, '''"""sha256 of every python.org CPython source tarball the collection knows, from 2.7.9 and 3.4.0 on.

Generated by scripts/release-data.py (`make release-data`) from scripts/release-data-sources/cpython-sha256.tsv.
Most rows come from %s;
the others are in SOURCES with where they came from. Standard library only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# The date of the table as a whole (stated wherever it is used, with release_cycle.AS_OF).
AS_OF = '%s'

# version -> {format: sha256}; format is "tar.xz" or "tgz"
CHECKSUMS = {
''' % (common, as_of)]
    for version in sorted(rows, key=key):
        out.append("    '%s': {\n%s    },\n" % (version, ''.join(
            "        '%s': '%s',\n" % (fmt, rows[version][fmt][0])
            for fmt in FORMATS if fmt in rows[version])))
    out.append('}\n\n# Rows from elsewhere than the table\'s main source: "VERSION FORMAT" -> source.\n'
               'SOURCES = {\n')
    for source in sorted(sources):
        if source == common:
            continue
        for row in sorted(sources[source], key=lambda r: (key(r.split()[0]), r.split()[1])):
            out.append('    %r: %r,\n' % (row, source))
    out.append('}\n')
    return ''.join(out)


def cycle_module(series, as_of):
    out = [HEADER, '''"""python.org's release cycle of every CPython series from 2.7 on: status, first release, end of
life. Generated by scripts/release-data.py (`make release-data`) from scripts/release-data-sources/release-cycle.json
(https://peps.python.org/api/release-cycle.json). Standard library only: it runs on managed hosts.

``end_of_life`` is YYYY-MM-DD once a series has reached it, YYYY-MM (the planned month) before.
The status on a given day follows from the dates (lifecycle.series_status); ``status`` is
python.org's word on AS_OF.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# The day this data was taken: stated wherever it is used ("release data as of ...").
AS_OF = '%s'

# series -> {status, first_release, end_of_life}
SERIES = {
''' % as_of]
    for name in sorted(series, key=lambda s: tuple(int(p) for p in s.split('.'))):
        info = series[name]
        out.append("    '%s': {'status': '%s', 'first_release': '%s', 'end_of_life': '%s'},\n"
                   % (name, info['status'], info['first_release'], info['end_of_life']))
    out.append('}\n')
    return ''.join(out)


def data_file(rows, series, as_of):
    releases = {}
    for version in sorted(rows, key=key):
        entry = dict((fmt, rows[version][fmt][0]) for fmt in FORMATS if fmt in rows[version])
        entry['source'] = '; '.join(sorted(set('%s: %s' % (fmt, rows[version][fmt][1])
                                               for fmt in FORMATS if fmt in rows[version])))
        releases[version] = entry
    return {'format': 1, 'as_of': as_of,
            'comment': 'CPython releases and series dates for connect_ops.interpreters '
                       '(python_build_release_data); made by scripts/release-data.py',
            'releases': releases,
            'series': dict((name, {'first_release': info['first_release'],
                                   'end_of_life': info['end_of_life']})
                           for name, info in series.items())}


def build(directory, out_json, module_dir):
    rows, table_as_of = read_table(os.path.join(directory, 'cpython-sha256.tsv'))
    api = os.path.join(directory, 'python-org-release-files.json')
    if os.path.exists(api):
        added = merge_python_org(rows, api)
        sys.stderr.write('python.org downloads API: %d sum(s) added\n' % added)
    series, cycle_as_of = read_cycle(os.path.join(directory, 'release-cycle.json'))
    with open(os.path.join(module_dir, 'cpython_checksums.py'), 'w') as f:
        f.write(checksums_module(rows, table_as_of))
    with open(os.path.join(module_dir, 'release_cycle.py'), 'w') as f:
        f.write(cycle_module(series, cycle_as_of))
    with open(out_json, 'w') as f:
        json.dump(data_file(rows, series, min(table_as_of, cycle_as_of)), f, indent=1, sort_keys=True)
        f.write('\n')


def fetch(directory):
    for url, name in ((CYCLE_URL, 'release-cycle.json'), (FILES_URL, 'python-org-release-files.json')):
        with urllib.request.urlopen(url, timeout=60) as answer:
            data = json.load(answer)
        with open(os.path.join(directory, name), 'w') as f:
            json.dump(data, f, indent=2, sort_keys=True)
            f.write('\n')
    import datetime
    with open(os.path.join(directory, 'release-cycle.as-of'), 'w') as f:
        f.write(datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d') + '\n')


def main(argv):
    if len(argv) >= 2 and argv[0] == 'fetch':
        fetch(argv[1])
    elif len(argv) >= 3 and argv[0] == 'build':
        build(argv[1], argv[2], argv[3] if len(argv) > 3 else
              os.path.join(ROOT, 'plugins', 'module_utils', 'cpython'))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    try:
        main(sys.argv[1:])
    except DataError as exc:
        sys.exit('release-data: %s' % exc)

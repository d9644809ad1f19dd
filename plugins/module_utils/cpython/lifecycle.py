# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The life of an interpreter: which patch release a series request means, where each series
stands in python.org's release cycle, and whether an installed version is behind.

Every answer reads one :class:`release_data.ReleaseData` (the collection's tables, a site's
release data file over them, the site's own sums over both), whose date is stated wherever it
is used: the newest *known* patch of a series is the newest stable release in it, and a series'
status follows from its dates on the day asked.

Standard library only: it runs on managed hosts.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.python_version import (
    VersionError,
    parse_version,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.release_data import (
    shipped,
)

_SERIES = re.compile(r'^\s*(\d+)\.(\d+)\s*$')
_DATE = re.compile(r'^(\d{4})-(\d{2})(?:-(\d{2}))?$')


class SeriesError(ValueError):
    """A series request that names no stable release the collection knows."""


def is_series(value):
    """True for a MAJOR.MINOR request such as ``"3.11"`` (not a release)."""
    return isinstance(value, str) and bool(_SERIES.match(value))


def series_of(version):
    """``"3.11"`` for ``"3.11.7"`` (or a PythonVersion)."""
    return '%d.%d' % parse_version(version).series


def data_as_of(data=None):
    """The date of the release data in use and where it came from, as one phrase."""
    return (data or shipped()).describe()


def newest_patch(series, fmt=None, data=None):
    """The newest stable release of ``series`` the release data knows (a string), or None.
    With ``fmt`` (tar.xz or tgz), the newest one whose sum in that format it knows. ``data``: the
    :class:`release_data.ReleaseData` in use (default: the collection's own)."""
    stable = [v for v in (data or shipped()).releases(series, fmt) if not v.is_prerelease]
    return str(stable[-1]) if stable else None


def resolve_series(request, fmt=None, data=None):
    """The release a series request means: its newest known stable patch.

    Raises :class:`SeriesError` naming the series and, where it has only pre-releases, the newest
    one to pin instead.
    """
    data = data or shipped()
    m = _SERIES.match(request)
    if not m:
        raise SeriesError('%r is not a series (MAJOR.MINOR)' % (request,))
    series = '%d.%d' % (int(m.group(1)), int(m.group(2)))
    found = newest_patch(series, fmt, data)
    if found:
        return found
    pre = [v for v in data.releases(series, fmt) if v.is_prerelease]
    fmt_text = ' as %s' % fmt if fmt else ''
    if pre:
        raise SeriesError(
            'series %s has no stable release the release data knows%s (%s); a series never picks '
            'a pre-release: pin one by its full version, such as "%s", with its sha256, or add '
            'the stable release\'s sum (python_build_checksums, or a refreshed python_build_release_data)'
            % (series, fmt_text, data.describe(), pre[-1]))
    raise SeriesError(
        'series %s has no release the release data knows%s (%s): give a full version such as '
        '"%s.0" with its sha256 in python_build_checksums, or a refreshed python_build_release_data'
        % (series, fmt_text, data.describe(), series))


def _passed(date_text, today):
    """True when ``today`` (YYYY-MM-DD) is past ``date_text`` (YYYY-MM-DD, or YYYY-MM: the
    whole month counts)."""
    m = _DATE.match(date_text or '')
    if not m:
        return False
    if m.group(3):
        return today > date_text
    return today[:7] > date_text


def _reached(date_text, today):
    """True when ``today`` is on or after ``date_text`` (YYYY-MM-DD, or YYYY-MM: its first day)."""
    m = _DATE.match(date_text or '')
    if not m:
        return False
    return today >= date_text if m.group(3) else today[:7] >= date_text


def _add_months(date_text, months):
    m = _DATE.match(date_text or '')
    if not m:
        return ''
    total = int(m.group(1)) * 12 + int(m.group(2)) - 1 + months
    return '%04d-%02d' % (total // 12, total % 12 + 1)


def bugfix_until(series, info):
    """The last month of ``series``' bugfix releases: the data's ``bugfix_until`` where it says,
    else PEP 602's rule from its first release: two years from 3.13 on (PEP 602 as amended in
    2024), eighteen months before."""
    if info.get('bugfix_until'):
        return info['bugfix_until']
    months = 24 if parse_version(series + '.0').series >= (3, 13) else 18
    return _add_months(info.get('first_release'), months)


def series_status(series, today, data=None):
    """Where ``series`` stands on ``today`` (YYYY-MM-DD), from its dates: a dict with ``status``
    (prerelease until x.y.0 is out, bugfix until its bugfix phase ends, security until its end of
    life, then end-of-life; feature before a series has a date), ``end_of_life``,
    ``bugfix_until``, ``eol`` (bool) and ``text`` (for example "bugfixes until 2027-10, security
    fixes until 2030-10", "security fixes until 2029-10", "end-of-life since 2025-10-31")."""
    data = data or shipped()
    info = data.series.get(series)
    if info is None:
        return {'series': series, 'status': 'unknown', 'end_of_life': '', 'bugfix_until': '',
                'eol': False, 'text': 'not in the %s' % data.describe()}
    end, first = info.get('end_of_life', ''), info.get('first_release', '')
    fixes = bugfix_until(series, info) if first else ''
    released = _reached(first, today) or bool(newest_patch(series, data=data))
    if _passed(end, today) or info.get('status') == 'end-of-life':
        status, text = 'end-of-life', 'end-of-life since %s' % end
    elif not released:
        status = 'feature' if info.get('status') == 'feature' else 'prerelease'
        text = '%s (first release %s)' % (status, first or 'not yet planned')
    elif fixes and _passed(fixes, today):
        status, text = 'security', 'security fixes until %s' % end
    else:
        status = 'bugfix'
        text = 'bugfixes until %s, security fixes until %s' % (fixes or 'not known', end)
    return {'series': series, 'status': status, 'end_of_life': end, 'bugfix_until': fixes,
            'eol': status == 'end-of-life', 'text': text}


def interpreter_lifecycle(version, today, data=None):
    """The lifecycle of one installed ``version`` on ``today``: its series' status, the newest
    known patch when it is newer (``newer``), and ``behind`` / ``eol`` flags for the fleet view.
    A version that is not a release (a broken interpreter) gets None."""
    try:
        parsed = parse_version(version)
    except VersionError:
        return None
    data = data or shipped()
    series = '%d.%d' % parsed.series
    status = series_status(series, today, data)
    newest = newest_patch(series, data=data)
    newer = newest if newest and parse_version(newest) > parsed else ''
    words = [status['text']]
    if newer:
        words.append('%s is known' % newer)
    return {'series': series, 'status': status['status'], 'status_text': status['text'],
            'eol': status['eol'], 'newest_patch': newest or '', 'newer': newer,
            'behind': bool(newer), 'text': '; '.join(words)}

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The life of an interpreter: which patch release a series request means, where each series
stands in python.org's release cycle, and whether an installed version is behind.

Two sources, each with its date, stated wherever they are used:

* the checksum table (``cpython_checksums``): every release the collection can verify, so the
  newest *known* patch of a series is the newest stable release in it;
* python.org's release cycle (``release_cycle``): each series' status and end of life.

Standard library only: it runs on managed hosts.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.connect_ops.interpreters.plugins.module_utils import (
    cpython_checksums,
    release_cycle,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.python_version import (
    VersionError,
    parse_version,
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


def data_as_of():
    """The dates of the two sources, as one phrase for messages and reports."""
    return ('release data as of %s (python.org release cycle), checksum table as of %s (%s for '
            'the newest additions)' % (release_cycle.AS_OF, cpython_checksums.AS_OF,
                                       cpython_checksums.EXTRA_AS_OF))


def _releases(series, fmt=None):
    major, minor = (int(p) for p in series.split('.'))
    found = []
    for text, formats in cpython_checksums.CHECKSUMS.items():
        if fmt is not None and fmt not in formats:
            continue
        version = parse_version(text)
        if version.series == (major, minor):
            found.append(version)
    return sorted(found)


def newest_patch(series, fmt=None):
    """The newest stable release of ``series`` the collection knows (a string), or None.
    With ``fmt`` (tar.xz or tgz), the newest one whose sum in that format it knows."""
    stable = [v for v in _releases(series, fmt) if not v.is_prerelease]
    return str(stable[-1]) if stable else None


def resolve_series(request, fmt=None):
    """The release a series request means: its newest known stable patch.

    Raises :class:`SeriesError` naming the series and, where it has only pre-releases, the newest
    one to pin instead.
    """
    m = _SERIES.match(request)
    if not m:
        raise SeriesError('%r is not a series (MAJOR.MINOR)' % (request,))
    series = '%d.%d' % (int(m.group(1)), int(m.group(2)))
    found = newest_patch(series, fmt)
    if found:
        return found
    pre = [v for v in _releases(series, fmt) if v.is_prerelease]
    fmt_text = ' as %s' % fmt if fmt else ''
    if pre:
        raise SeriesError(
            'series %s has no stable release the collection knows%s (%s); a series never picks a '
            'pre-release: pin one by its full version, such as "%s", with its sha256'
            % (series, fmt_text, data_as_of(), pre[-1]))
    raise SeriesError(
        'series %s has no release the collection knows%s (%s): give a full version such as '
        '"%s.0" with its sha256 in python_build_checksums'
        % (series, fmt_text, data_as_of(), series))


def _month_end_passed(date_text, today):
    """True when ``today`` (YYYY-MM-DD) is past ``date_text`` (YYYY-MM-DD, or YYYY-MM: the
    whole month counts)."""
    m = _DATE.match(date_text or '')
    if not m:
        return False
    if m.group(3):
        return today > date_text
    return today[:7] > date_text


def series_status(series, today):
    """Where ``series`` stands on ``today`` (YYYY-MM-DD): a dict with ``status`` (python.org's
    word, or end-of-life once its planned end has passed), ``end_of_life``, ``eol`` (bool) and
    ``text`` (for example "security fixes until 2027-10", "end-of-life since 2025-10-31")."""
    info = release_cycle.SERIES.get(series)
    if info is None:
        return {'series': series, 'status': 'unknown', 'end_of_life': '', 'eol': False,
                'text': 'not in the release data (%s)' % release_cycle.AS_OF}
    status, end = info['status'], info['end_of_life']
    if status != 'end-of-life' and _month_end_passed(end, today):
        status = 'end-of-life'
    if status == 'end-of-life':
        text = 'end-of-life since %s' % end
    elif status == 'security':
        text = 'security fixes until %s' % end
    elif status == 'bugfix':
        text = 'bugfixes until %s' % end
    else:
        text = '%s (first release %s)' % (status, info['first_release'])
    return {'series': series, 'status': status, 'end_of_life': end,
            'eol': status == 'end-of-life', 'text': text}


def interpreter_lifecycle(version, today):
    """The lifecycle of one installed ``version`` on ``today``: its series' status, the newest
    known patch when it is newer (``newer``), and ``behind`` / ``eol`` flags for the fleet view.
    A version that is not a release (a broken interpreter) gets None."""
    try:
        parsed = parse_version(version)
    except VersionError:
        return None
    series = '%d.%d' % parsed.series
    status = series_status(series, today)
    newest = newest_patch(series)
    newer = newest if newest and parse_version(newest) > parsed else ''
    words = [status['text']]
    if newer:
        words.append('%s is known' % newer)
    return {'series': series, 'status': status['status'], 'status_text': status['text'],
            'eol': status['eol'], 'newest_patch': newest or '', 'newer': newer,
            'behind': bool(newer), 'text': '; '.join(words)}

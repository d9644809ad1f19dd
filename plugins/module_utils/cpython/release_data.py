# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The release data in use: which CPython releases exist (with their sums) and each series'
dates. Three layers, the later over the earlier:

1. what the collection ships (``cpython_checksums``, ``release_cycle``), with its date;
2. a site's release data file (``python_build_release_data``: JSON, a path on the controller or a URL;
   see :func:`parse_data_file` and the python_release_data lookup's documentation), with its
   own date;
3. the sums the site pins itself (``python_build_checksums``): each is a known release.

Every decision that asks "what is the newest release" or "where does this series stand" reads one
:class:`ReleaseData`, so a release the site adds counts for series requests, lifecycle, report,
fleet view and upgrade plan alike. Standard library only: it runs on managed hosts.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json
import re

from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython import (
    cpython_checksums,
    release_cycle,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.python_version import (
    VersionError,
    parse_version,
)

FORMATS = ('tar.xz', 'tgz')
# Data older than this is said to be stale wherever it decides something (issue 40: about one
# patch release of every series a month, so three months is three missed releases).
STALE_DAYS = 90
DATA_FORMAT = 1
REFRESH_HINT = ('set python_build_release_data to a refreshed release data file (path or URL; '
                '`make release-data` writes one) or update the collection')

_SHA256 = re.compile(r'^[0-9a-f]{64}$')
_DAY = re.compile(r'^\d{4}-\d{2}-\d{2}$')
_DATE = re.compile(r'^\d{4}-\d{2}(-\d{2})?$')
_SERIES = re.compile(r'^(\d+)\.(\d+)$')
_SERIES_KEYS = ('first_release', 'bugfix_until', 'end_of_life')


class ReleaseDataError(ValueError):
    """A release data file (or a site sum) that cannot be used; the message names the entry."""


class ReleaseData(object):
    """Known releases (``checksums``: version -> {format: sha256}), series dates (``series``:
    series -> {first_release, bugfix_until, end_of_life}), the date of the data (``as_of``) and
    where it came from (``source``)."""

    def __init__(self, checksums, series, as_of, source):
        self.checksums = checksums
        self.series = series
        self.as_of = as_of
        self.source = source

    def releases(self, series, fmt=None):
        """The known releases of ``series`` ("3.13"), sorted; with ``fmt``, those whose sum in
        that format is known."""
        major, minor = (int(p) for p in series.split('.'))
        found = []
        for text, formats in self.checksums.items():
            if fmt is not None and fmt not in formats:
                continue
            try:
                version = parse_version(text)
            except VersionError:
                continue
            if version.series == (major, minor):
                found.append(version)
        return sorted(found)

    def describe(self):
        """One phrase for messages: the data's date and where it came from."""
        return 'release data as of %s (%s)' % (self.as_of, self.source)


def _shipped_series():
    out = {}
    for series, info in release_cycle.SERIES.items():
        out[series] = {'first_release': info['first_release'],
                       'bugfix_until': info.get('bugfix_until', ''),
                       'end_of_life': info['end_of_life'],
                       'status': info.get('status', '')}
    return out


def shipped():
    """The collection's own data. Its date is the older of its two sources' (python.org's release
    cycle and the checksum table): a later row or two does not make the whole table current."""
    as_of = min(release_cycle.AS_OF, cpython_checksums.AS_OF)
    checksums = dict((v, dict(f)) for v, f in cpython_checksums.CHECKSUMS.items())
    return ReleaseData(checksums, _shipped_series(), as_of, 'shipped with the collection')


def _fail(name, entry, message):
    where = '%s, %s' % (name, entry) if entry else name
    raise ReleaseDataError('release data %s: %s; nothing was changed (fix the file or leave '
                           'python_build_release_data unset to use the collection\'s own data)'
                           % (where, message))


def parse_data_file(text, name='the release data file'):
    """Validate a release data file's text (JSON) and return it as a dict::

        {"format": 1, "as_of": "YYYY-MM-DD",
         "releases": {"3.15.1": {"tar.xz": SHA256, "tgz": SHA256, "source": "where the sum came from"}},
         "series": {"3.15": {"first_release": "2026-10-07", "bugfix_until": "2028-10",
                             "end_of_life": "2031-10"}}}

    Raises :class:`ReleaseDataError` naming ``name`` and the bad entry."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        _fail(name, '', 'not JSON (%s)' % exc)
    return check_data(data, name)


def check_data(data, name):
    """:func:`parse_data_file`'s checks of an already parsed file (a filter is given the lookup's
    dict); returns ``data``."""
    if not isinstance(data, dict):
        _fail(name, '', 'expected a JSON object with "format", "as_of", "releases" and "series"')
    unknown = sorted(set(data) - set(['format', 'as_of', 'releases', 'series', 'comment']))
    if unknown:
        _fail(name, '', 'unknown key(s) %s' % ', '.join(repr(k) for k in unknown))
    if data.get('format') != DATA_FORMAT:
        _fail(name, 'format', 'expected format %d, got %r' % (DATA_FORMAT, data.get('format')))
    as_of = data.get('as_of')
    if not isinstance(as_of, str) or not _DAY.match(as_of):
        _fail(name, 'as_of', 'expected the date the data was taken as YYYY-MM-DD, got %r' % (as_of,))
    releases = data.get('releases', {})
    if not isinstance(releases, dict):
        _fail(name, 'releases', 'expected an object of version -> {format: sha256}')
    for version, formats in releases.items():
        entry = 'release %r' % (version,)
        try:
            parsed = parse_version(version)
        except VersionError:
            _fail(name, entry, 'not a CPython version such as "3.15.1"')
        if str(parsed) != version:
            _fail(name, entry, 'write the version as %r' % str(parsed))
        if not isinstance(formats, dict) or not set(formats) - set(['source']):
            _fail(name, entry, 'expected {"tar.xz": SHA256, "tgz": SHA256, "source": TEXT}')
        for fmt, sha in formats.items():
            if fmt == 'source':
                if not isinstance(sha, str):
                    _fail(name, entry, '"source" must be text saying where the sum came from')
                continue
            if fmt not in FORMATS:
                _fail(name, entry, 'unknown format %r (known: %s)' % (fmt, ', '.join(FORMATS)))
            if not isinstance(sha, str) or not _SHA256.match(sha):
                _fail(name, '%s %s' % (entry, fmt), '%r is not a sha256 (64 lowercase hex digits)'
                      % (sha,))
    series = data.get('series', {})
    if not isinstance(series, dict):
        _fail(name, 'series', 'expected an object of series -> {first_release, bugfix_until, '
              'end_of_life}')
    for key, info in series.items():
        entry = 'series %r' % (key,)
        if not isinstance(key, str) or not _SERIES.match(key):
            _fail(name, entry, 'not a series such as "3.15"')
        if not isinstance(info, dict):
            _fail(name, entry, 'expected {first_release, bugfix_until, end_of_life}')
        extra = sorted(set(info) - set(_SERIES_KEYS + ('status',)))
        if extra:
            _fail(name, entry, 'unknown key(s) %s' % ', '.join(repr(k) for k in extra))
        for field in _SERIES_KEYS:
            value = info.get(field)
            if field == 'end_of_life' and value is None:
                _fail(name, entry, 'needs "end_of_life"')
            if value is not None and (not isinstance(value, str) or not _DATE.match(value)):
                _fail(name, '%s %s' % (entry, field), 'expected YYYY-MM or YYYY-MM-DD, got %r'
                      % (value,))
    return data


def _site_sums(checksums):
    """python_build_checksums (version -> sha256, or {sha256, format}) as version -> {format:
    sha256}. Entries that are not releases are left to the build plan, which names them."""
    out = {}
    for version, entry in (checksums or {}).items():
        try:
            text = str(parse_version(str(version)))
        except VersionError:
            continue
        if isinstance(entry, dict):
            sha, fmt = entry.get('sha256'), entry.get('format') or 'tar.xz'
        else:
            sha, fmt = entry, 'tar.xz'
        if not isinstance(sha, str) or fmt not in FORMATS:
            continue
        out.setdefault(text, {})[fmt] = sha.strip().lower()
    return out


def merged(checksums=None, data=None, base=None):
    """The data in use: ``base`` (default: :func:`shipped`), then a validated data file's dict
    (``data``, from :func:`parse_data_file`; its date becomes the data's date), then the site's
    ``checksums`` (python_build_checksums). A file's sum for a release replaces the shipped
    one; a file's series dates replace the shipped dates."""
    base = base or shipped()
    sums = dict((v, dict(f)) for v, f in base.checksums.items())
    series = dict((k, dict(v)) for k, v in base.series.items())
    as_of, source = base.as_of, base.source
    if data:
        for version, formats in data.get('releases', {}).items():
            sums[version] = dict((f, s) for f, s in formats.items() if f in FORMATS)
        for key, info in data.get('series', {}).items():
            entry = series.setdefault(key, {'first_release': '', 'bugfix_until': '',
                                            'end_of_life': '', 'status': ''})
            for field in _SERIES_KEYS:
                if info.get(field):
                    entry[field] = info[field]
            entry['status'] = ''  # the file's dates decide, not the shipped word
        as_of, source = data['as_of'], 'the site\'s release data file'
    for version, formats in _site_sums(checksums).items():
        sums.setdefault(version, {}).update(formats)
    return ReleaseData(sums, series, as_of, source)


def _days_between(earlier, later):
    a = datetime.date(*(int(p) for p in earlier.split('-')))
    b = datetime.date(*(int(p) for p in later.split('-')))
    return (b - a).days


def stale_warning(data, today, days=STALE_DAYS):
    """A sentence when ``data`` is older than ``days`` on ``today`` (YYYY-MM-DD), else ''."""
    age = _days_between(data.as_of, today)
    if age <= days:
        return ''
    return ('the release data in use is %d days old (as of %s, %s): releases and status changes '
            'since then are not known; %s' % (age, data.as_of, data.source, REFRESH_HINT))

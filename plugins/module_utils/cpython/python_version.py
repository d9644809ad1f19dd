# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""CPython version model and Posit Connect's interpreter matching rules.

Standard library only: modules import this on managed hosts.

Connect's rules (admin guide, "Python Version Matching"):

* ``major-minor`` (default): use the exact version if installed; otherwise the
  least installed version greater than the requested one with the same
  MAJOR.MINOR; otherwise the latest installed version of that MAJOR.MINOR;
  otherwise there is no match.
* ``exact``: the same version or no match.

Connect 2025.03+ also honours a PEP 440 range (``environment.python.requires``,
e.g. ``~=3.12.0``). Connect does not document how it breaks ties inside a
range; this collection picks the **newest** installed version inside it,
whatever the mode.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

# The only two values of Python.VersionMatching that Connect documents; the first is its default.
MODES = ('major-minor', 'exact')

MINIMUM_SUPPORTED = {2: (2, 7, 9), 3: (3, 4, 0)}
NO_MATCH_MESSAGE = 'Unable to find a compatible version of Python'

_VERSION_RE = re.compile(r'^\s*(\d+)\.(\d+)\.(\d+)(?:(a|b|rc)(\d+))?\s*$')
# Pre-release ranks: a < b < rc < final.
_PRE_RANK = {'a': 0, 'b': 1, 'rc': 2, None: 3}


class VersionError(ValueError):
    """A version, range or mode that cannot be understood."""


def not_a_string(what, value, example):
    """The message for a version or range that is not a string (a YAML number, a list, null)."""
    if isinstance(value, float):
        return ('invalid %s %r: it is a number, not a string - YAML reads 3.10 as 3.1; quote it '
                '(for example %s)' % (what, value, example))
    return 'invalid %s %r (%s): expected a string such as %s' % (
        what, value, type(value).__name__, example)


class PythonVersion:
    """A CPython release version such as ``3.10.12`` or ``3.13.0rc3``."""

    __slots__ = ('major', 'minor', 'micro', 'pre', 'pre_num', 'text')

    def __init__(self, text):
        if not isinstance(text, str):
            raise VersionError(not_a_string('Python version', text, '"3.11.2"'))
        m = _VERSION_RE.match(text)
        if not m:
            raise VersionError(
                'invalid Python version %r: expected MAJOR.MINOR.MICRO with an optional '
                'a/b/rc pre-release suffix, such as "3.11.2" or "3.13.0rc3"' % (text,))
        self.major, self.minor, self.micro = int(m.group(1)), int(m.group(2)), int(m.group(3))
        self.pre = m.group(4)
        self.pre_num = int(m.group(5)) if m.group(5) is not None else 0
        self.text = text.strip()

    @property
    def key(self):
        return (self.major, self.minor, self.micro, _PRE_RANK[self.pre], self.pre_num)

    @property
    def release(self):
        return (self.major, self.minor, self.micro)

    @property
    def release_text(self):
        """MAJOR.MINOR.MICRO: python.org's directory for this release (pre-releases included)."""
        return '%d.%d.%d' % self.release

    @property
    def series(self):
        """MAJOR.MINOR as a tuple."""
        return (self.major, self.minor)

    @property
    def is_prerelease(self):
        return self.pre is not None

    def __eq__(self, other):
        return isinstance(other, PythonVersion) and self.key == other.key

    def __ne__(self, other):
        return not self == other

    def __lt__(self, other):
        return self.key < other.key

    def __le__(self, other):
        return self.key <= other.key

    def __gt__(self, other):
        return self.key > other.key

    def __ge__(self, other):
        return self.key >= other.key

    def __hash__(self):
        return hash(self.key)

    def __str__(self):
        return self.text

    def __repr__(self):
        return 'PythonVersion(%r)' % self.text


def parse_version(value):
    """Return a :class:`PythonVersion`, or raise :class:`VersionError` naming ``value``."""
    if isinstance(value, PythonVersion):
        return value
    return PythonVersion(value)


def unsupported_reason(version):
    """Why Connect would refuse this version (below its minimum), or ``None``."""
    version = parse_version(version)
    minimum = MINIMUM_SUPPORTED.get(version.major)
    if minimum is None:
        return 'Python %s: Connect supports only Python 2 (>= 2.7.9) and Python 3 (>= 3.4.0)' % version
    if version.release < minimum or (version.release == minimum and version.is_prerelease):
        return 'Python %s is below the minimum Connect supports for Python %d (%s)' % (
            version, version.major, '.'.join(str(p) for p in minimum))
    return None


def check_mode(mode):
    if mode not in MODES:
        raise VersionError('unknown version matching mode %r: use one of %s' % (
            mode, ', '.join(MODES)))
    return mode


# --------------------------------------------------------------------------
# PEP 440 version ranges (subset that makes sense for CPython releases)
# --------------------------------------------------------------------------

_SPEC_RE = re.compile(r'^\s*(~=|===|==|!=|<=|>=|<|>)\s*([^\s,]+)\s*$')
_SPEC_VERSION_RE = re.compile(r'^(\d+(?:\.\d+)*)(?:(a|b|rc)(\d+))?(\.\*)?$')


def looks_like_range(value):
    """True when ``value`` starts like a PEP 440 specifier rather than a version."""
    return isinstance(value, str) and value.strip()[:1] in ('~', '=', '!', '<', '>')


def _compare(release_a, pre_a, release_b, pre_b):
    """Compare two (release, (rank, num)) pairs, padding releases with zeros."""
    n = max(len(release_a), len(release_b))
    ra = tuple(release_a) + (0,) * (n - len(release_a))
    rb = tuple(release_b) + (0,) * (n - len(release_b))
    a, b = (ra, pre_a), (rb, pre_b)
    return (a > b) - (a < b)


class _Clause:
    """One clause (``>=3.8``) of a specifier set, evaluated without ``packaging``."""

    def __init__(self, text, whole):
        m = _SPEC_RE.match(text)
        if not m:
            raise VersionError('invalid Python version range %r: clause %r is not a PEP 440 '
                               'specifier such as ">=3.8" or "~=3.12.0"' % (whole, text.strip()))
        self.op, raw = m.group(1), m.group(2)
        v = _SPEC_VERSION_RE.match(raw)
        if not v:
            raise VersionError('invalid Python version range %r: %r is not a version' % (whole, raw))
        self.release = tuple(int(p) for p in v.group(1).split('.'))
        self.pre = v.group(2)
        self.pre_num = int(v.group(3)) if v.group(3) else 0
        self.wildcard = bool(v.group(4))
        if self.wildcard and (self.op not in ('==', '!=') or self.pre):
            raise VersionError('invalid Python version range %r: ".*" is only allowed after a '
                               'release with == or !=' % (whole,))
        if self.op == '~=' and (len(self.release) < 2):
            raise VersionError('invalid Python version range %r: "~=" needs at least '
                               'MAJOR.MINOR' % (whole,))
        if self.op == '===':
            self.exact_text = raw

    def _prefix_match(self, version, prefix):
        n = len(prefix)
        padded = version.release + (0,) * max(0, n - 3)
        return padded[:n] == prefix

    def contains(self, version):
        op = self.op
        if op == '===':
            return version.text == self.exact_text
        mine_pre = (_PRE_RANK[self.pre], self.pre_num)
        cmp = _compare(version.release, (_PRE_RANK[version.pre], version.pre_num),
                       self.release, mine_pre)
        if op in ('==', '!='):
            hit = self._prefix_match(version, self.release) if self.wildcard else cmp == 0
            return hit if op == '==' else not hit
        if op == '~=':
            return cmp >= 0 and self._prefix_match(version, self.release[:-1])
        if op == '>=':
            return cmp >= 0
        if op == '<=':
            return cmp <= 0
        if op == '>':
            return cmp > 0
        # op == '<'. PEP 440: "<V" excludes pre-releases of V unless V is one itself.
        if cmp >= 0:
            return False
        if self.pre is None and version.is_prerelease and _compare(
                version.release, (0, 0), self.release, (0, 0)) == 0:
            return False
        return True

    @property
    def mentions_prerelease(self):
        return self.pre is not None


class VersionRange:
    """A PEP 440 specifier set restricted to CPython release versions.

    ``packaging`` is used when importable (on the controller); otherwise a
    standard-library evaluator that the test-suite checks against
    ``packaging`` gives the same answers for CPython versions.
    """

    def __init__(self, text):
        if not isinstance(text, str):
            raise VersionError(not_a_string('Python version range', text, '">=3.8,<3.12"'))
        if not text.strip():
            raise VersionError('invalid Python version range %r: expected a PEP 440 '
                               'specifier such as ">=3.8,<3.12"' % (text,))
        self.text = text.strip()
        self._clauses = [_Clause(part, self.text) for part in self.text.split(',')]
        self._packaging = None
        try:
            from packaging.specifiers import InvalidSpecifier, SpecifierSet
        except ImportError:
            pass
        else:
            try:
                self._packaging = SpecifierSet(self.text)
            except InvalidSpecifier as exc:
                raise VersionError('invalid Python version range %r: %s' % (self.text, exc))

    @property
    def allows_prereleases(self):
        return any(c.mentions_prerelease for c in self._clauses)

    def contains(self, version, use_packaging=True):
        version = parse_version(version)
        # Pre-releases only when the range names one (pip's default). This is decided
        # here, not left to ``packaging``, whose default changed between releases.
        if version.is_prerelease and not self.allows_prereleases:
            return False
        if use_packaging and self._packaging is not None:
            return self._packaging.contains(version.text, prereleases=True)
        return all(c.contains(version) for c in self._clauses)

    def __str__(self):
        return self.text


def parse_request(value):
    """A requested version: a :class:`PythonVersion` or a :class:`VersionRange`."""
    if isinstance(value, (PythonVersion, VersionRange)):
        return value
    if looks_like_range(value):
        return VersionRange(value)
    if not isinstance(value, str):
        raise VersionError(not_a_string('Python version', value, '"3.11.2" or "~=3.12.0"'))
    try:
        return parse_version(value)
    except VersionError:
        raise VersionError(
            'invalid Python version %r: expected a version such as "3.11.2" or a PEP 440 '
            'range such as "~=3.12.0" or ">=3.8,<3.12"' % (value,))


# --------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------

def select(requested, candidates, mode='major-minor'):
    """Pick the candidate Connect would use.

    ``candidates`` is a sequence of version strings or :class:`PythonVersion`.
    Returns the index of the chosen candidate (the first one in list order when
    the same version appears twice), or ``None`` when nothing matches.
    Raises :class:`VersionError` for a bad version, range or mode.
    """
    check_mode(mode)
    request = parse_request(requested)
    parsed = [parse_version(c) for c in candidates]

    def first_index(version):
        return next(i for i, v in enumerate(parsed) if v == version)

    if isinstance(request, VersionRange):
        inside = [v for v in parsed if request.contains(v)]
        return first_index(max(inside)) if inside else None

    if request in parsed:
        return first_index(request)
    if mode == 'exact':
        return None
    same_series = [v for v in parsed if v.series == request.series]
    if not same_series:
        return None
    greater = [v for v in same_series if v > request]
    if greater:
        return first_index(min(greater))
    return first_index(max(same_series))


def sort_versions(values, reverse=False):
    return sorted(values, key=lambda v: parse_version(v).key, reverse=reverse)

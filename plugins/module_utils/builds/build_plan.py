# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The python_build role's plan: every version's source, paths and, given what the host has,
what happens to it. Decisions live here, not in ``when:`` chains; standard library only.

:func:`build_plan` validates the role's variables (each error names the variable to fix) and
returns one entry per version. Given ``state`` (what the probe found on the host, and the shared
artifacts in artifact mode) each entry also carries its ``action``:

* ``none``: ``ROOT/VERSION`` holds a working interpreter of that version;
* ``compile``: build from verified source (plain mode, or the platform's builder when no valid
  artifact exists);
* ``install_artifact``: unpack the platform's verified artifact (artifact mode);
* ``refuse``: ``ROOT/VERSION/bin/python3`` exists but is not a working interpreter of that
  version; it is never moved or replaced (``reason`` says why). A prefix without an interpreter is
  refused by the build script itself, before it changes anything.

and ``pack``: whether this host publishes the version as an artifact after installing it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import posixpath
import re

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.artifact_identity import (
    fingerprint,
    identity,
    mismatch,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.artifact_store import (
    UPLOADS,
    StoreError,
    check_base_url,
    check_pins,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_flags import (
    STATIC_INTERPRETER_FLAG,
    FlagsError,
    bolt_applies,
    bolt_flags,
    build_recipe,
    check_bolt_tools,
    check_combination,
    flavor_of_flags,
    optimization_flags,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_space import (
    requests as space_requests,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.cpython_checksums import (
    CHECKSUMS,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.lifecycle import (
    SeriesError,
    is_series,
    resolve_series,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.python_version import (
    parse_version,
    unsupported_reason,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.release_data import (
    merged,
    stale_warning,
)

FORMATS = {'tar.xz': 'xz', 'tgz': 'gz'}
ACTIONS = ('none', 'compile', 'install_artifact', 'refuse')
_SHA256 = re.compile(r'^[0-9a-f]{64}$')
# Paths that end up in commands and scripts: absolute, and nothing a shell or a reader could
# take for something else (no blanks, quotes, globs, variables or control characters), nor the
# separators of -Wl,-rpath= (",") and LD_LIBRARY_PATH (":").
_SAFE_PATH = re.compile(r'^/[A-Za-z0-9._+@%=/-]*$')
_MODULE_NAME = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$')
_MINIMUM = re.compile(r'^\s*(>=|~=|==)\s*([0-9]+(\.[0-9]+)*)\s*$')


class PlanError(ValueError):
    """A variable of the role that cannot be used; the message names it."""


def check_path(variable, value):
    """Return ``value`` normalized, or raise naming ``variable`` and what is wrong with it."""
    if not isinstance(value, str) or not value:
        raise PlanError('%s must be an absolute path, got %r' % (variable, value))
    if not value.startswith('/'):
        raise PlanError('%s must be an absolute path, got %r' % (variable, value))
    if any(part == '..' for part in value.split('/')):
        raise PlanError('%s must not contain "..", got %r' % (variable, value))
    if not _SAFE_PATH.match(value):
        bad = sorted(set(c for c in value if not re.match(r'[A-Za-z0-9._+@%=/-]', c)))
        raise PlanError('%s may hold only letters, digits, "/" and ._+@%%=- (no blanks, quotes, '
                        '"$", "`", "*", control characters, nor "," and ":", which split '
                        '-Wl,-rpath= and LD_LIBRARY_PATH), got %r with %s'
                        % (variable, value, ', '.join(repr(c) for c in bad)))
    normalized = posixpath.normpath(value)
    if normalized == '/':
        raise PlanError('%s must not be the root directory' % variable)
    return normalized


def _release(text):
    """``40.8`` -> ``(40, 8)``, trailing zeros dropped, for comparing lower bounds."""
    parts = [int(p) for p in text.split('.')]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def setuptools_minimum(spec):
    """The lowest setuptools a pip specifier admits (``>=40.8,<70`` -> ``40.8``); '' for none."""
    if not isinstance(spec, str) or not spec.strip():
        raise PlanError('python_build_setuptools_version must be a pip specifier such as ">=40.8", '
                        'got %r' % (spec,))
    found = ''
    for clause in spec.split(','):
        m = _MINIMUM.match(clause)
        if m:
            # Every clause must hold, so the minimum is the highest lower bound.
            if not found or _release(m.group(2)) > _release(found):
                found = m.group(2)
        elif not re.match(r'^\s*(<=|<|!=|>)\s*[0-9][0-9.*]*\s*$', clause):
            raise PlanError('python_build_setuptools_version: %r is not a pip specifier such as '
                            '">=40.8" or ">=40.8,<70"' % (spec,))
    return found


def check_number(variable, value, minimum, kind=int):
    """A whole (or, with ``kind=float``, any) number of at least ``minimum``, or a PlanError."""
    try:
        number = kind(value)
        if isinstance(value, bool) or (kind is int and float(value) != number):
            raise ValueError
    except (TypeError, ValueError):
        raise PlanError('%s must be a number, got %r' % (variable, value))
    if number < minimum:
        raise PlanError('%s must be at least %s, got %r' % (variable, minimum, value))
    return number


def required_imports(imports, major):
    """The modules a finished interpreter must import (``lzma`` does not exist on 2.x)."""
    if not isinstance(imports, (list, tuple)):
        raise PlanError('python_build_required_imports must be a list of module names, got %r'
                        % (imports,))
    for name in imports:
        if not isinstance(name, str) or not _MODULE_NAME.match(name):
            raise PlanError('python_build_required_imports: %r is not a Python module name'
                            % (name,))
    return [name for name in imports if not (major == 2 and name == 'lzma')]


def _checksum_entry(version, entry, source):
    """A user's entry: a sha256 string, or {sha256[, format]}. Without a format, the format is the
    one whose python.org sum (the shipped table) equals it, else tar.xz."""
    if isinstance(entry, str):
        entry = {'sha256': entry}
    if not isinstance(entry, dict) or 'sha256' not in entry:
        raise PlanError('%s: the entry for %s must be a sha256 string or a dict with "sha256" '
                        '(and optionally "format": tar.xz or tgz), got %r' % (source, version, entry))
    sha = str(entry['sha256']).strip().lower()
    if not _SHA256.match(sha):
        raise PlanError('%s: %r for %s is not a sha256 (64 hex digits)'
                        % (source, entry['sha256'], version))
    fmt = entry.get('format')
    if fmt is None:
        known = CHECKSUMS.get(str(version), {})
        fmt = next((f for f in FORMATS if known.get(f) == sha), 'tar.xz')
    if fmt not in FORMATS:
        raise PlanError('%s: format %r for %s is not one of %s' % (source, fmt, version,
                                                                   ', '.join(FORMATS)))
    return sha, fmt


def known_checksum(version, data=None):
    """The known sum of ``version``: (sha256, format), the .tar.xz preferred; from ``data`` (the
    release data in use, release_data.merged) or the shipped table."""
    known = (data.checksums if data is not None else CHECKSUMS).get(str(version), {})
    for fmt in FORMATS:
        if fmt in known:
            return known[fmt], fmt
    return None


def _manifest(value):
    """A manifest as a dict: given parsed, or as the text of its file (controller mode reads the
    files as they are). Text that is not a JSON object is None: that version's artifact is then
    unverified, as a damaged one is, and the others are not affected."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return None
        return parsed if isinstance(parsed, dict) else None
    return None


def verified_artifacts(state):
    """Versions whose shared artifact is complete: the tarball's sha256 equals the one its
    manifest (written last by the builder) records.

    ``state['artifacts']`` holds the results of ``ansible.builtin.stat`` (with
    ``checksum_algorithm: sha256``) looped over the plan, ``state['manifests']`` the manifests
    found on the controller; in store mode ``state['store']`` the results of
    ``python_build_artifact`` (``operation: inspect`` with ``dest``: the archive downloaded and
    checked) looped over the plan.
    """
    if state.get('store_url'):
        return [(r.get('item') or {}).get('version') for r in state.get('store') or []
                if r.get('status') == 'present']
    # An artifact is of one build (plain, pgo, ...): one of other flags is never taken for it,
    # nor one of other inputs (another prefix, recipe or source: artifact_identity).
    found = []
    for result in state.get('artifacts') or []:
        item = result.get('item') or {}
        checksum = (result.get('stat') or {}).get('checksum')
        manifest = _recorded_manifest(state, item)
        if checksum and manifest and manifest.get('sha256') == checksum and \
                not mismatch(manifest, item.get('identity') or {}):
            found.append(item.get('version'))
    return found


def _recorded_manifest(state, entry):
    """The manifest on the controller of ``entry``'s version and build (None without one)."""
    for m in (_manifest(m) for m in state.get('manifests') or []):
        if isinstance(m, dict) and m.get('version') == entry.get('version') and \
                (m.get('build') or 'plain') == (entry.get('build') or 'plain'):
            return m
    return None


def newest_known(data=None):
    """The newest release in ``data`` (default: the shipped table)."""
    return max((data.checksums if data is not None else CHECKSUMS), key=lambda v: parse_version(v).key)


def _runtime(entry):
    """``static`` where ``entry``'s build links the interpreter with the runtime inside it
    (build_flags: the static-interpreter recipe, or upstream's flag from 3.15), else ``shared``
    (``--enable-shared``: the interpreter runs on libpython3.X.so), as interpreter_probe says."""
    if 'static-interpreter' in (entry.get('recipe') or []) or \
            STATIC_INTERPRETER_FLAG in (entry.get('flags') or []):
        return 'static'
    return 'shared'


def _decide(entry, state):
    """The action for one entry given ``state`` (see :func:`build_plan`)."""
    version = entry['version']
    probed = dict((p.get('path'), p) for p in state.get('probe') or [])
    found = probed.get(entry['executable']) or {}
    artifact_mode = bool(state.get('artifact_mode'))
    builder = bool(state.get('builder'))
    artifact_ok = version in verified_artifacts(state)
    # Something to publish to: the store (upload put) or the controller's directory.
    publishes = bool(state.get('artifact_dir')) or state.get('upload') == 'put'
    entry['pack'] = artifact_mode and builder and not artifact_ok and publishes
    entry['reason'] = ''
    entry['note'] = ''
    pinned = entry.get('artifact_pin')
    if found.get('version') == version:
        entry['action'] = 'none'
        if entry['pack'] and pinned:
            # A pack of this host's build has another sum than the pin: published, it would make
            # every host's fetch fail on the pin, and put an unvetted build in the store.
            entry['pack'] = False
            entry['note'] = (
                'Python %s is installed here and pinned to sha256 %s (python_build_artifact_pins), '
                'and the store has no verified artifact of it at %s: a pack of this host\'s build '
                'would have another sum, so it is not published. Publish the pinned artifact '
                'there, or remove the pin.' % (version, pinned, entry.get('artifact_url')))
        elif entry['pack'] and found.get('build') != entry['build']:
            # An installed prefix is never rebuilt: it cannot become the artifact of other flags.
            entry['pack'] = False
            entry['note'] = (
                '%s is installed as a %s build, and %s was asked for: installations are never '
                'rebuilt, so this host cannot publish its artifact. Hosts of its platform that '
                'lack %s need the %s artifact from another builder, or '
                'python_build_optimizations set to match.'
                % (entry['prefix'], found.get('build'), entry['build'], version, entry['build']))
        elif entry['pack'] and found.get('runtime') not in (None, _runtime(entry)):
            # Installed by another recipe (an older release of the collection linked the
            # interpreter to libpython): packed, it would be recorded as today's recipe.
            entry['pack'] = False
            entry['note'] = (
                '%s was installed by another build recipe: its interpreter runs on a %s runtime, '
                'and today\'s %s build of %s has a %s one. Installations are never rebuilt, so '
                'this host cannot publish its artifact; hosts of its platform that lack %s need '
                'the artifact from another builder.'
                % (entry['prefix'], found.get('runtime'), entry['build'], version,
                   _runtime(entry), version))
    elif found.get('realpath'):
        # Something is there, and it is not a working interpreter of this version.
        entry['action'] = 'refuse'
        entry['reason'] = (
            '%s exists but is not a working Python %s (%s). Installations are never moved or '
            'replaced by this role: move it aside by hand, then run again.'
            % (entry['prefix'], version, '; '.join(found.get('reasons') or []) or
               'it reports %s' % found.get('version')))
        entry['pack'] = False
    elif pinned and builder and not artifact_ok:
        # A pinned version comes from the store or not at all: a new build has another sum.
        entry['action'] = 'refuse'
        entry['pack'] = False
        entry['reason'] = (
            'Python %s is pinned to sha256 %s (python_build_artifact_pins), and the store has no '
            'verified artifact of it at %s; a build here would have another sum. Publish the '
            'pinned artifact there, or remove the pin. Nothing was installed.'
            % (version, pinned, entry.get('artifact_url')))
    elif artifact_mode and not (builder and not artifact_ok):
        entry['action'] = 'install_artifact'
    else:
        entry['action'] = 'compile'
    # pip, setuptools and virtualenv: a new build lacks them, an artifact carries them.
    entry['tools'] = entry['action'] == 'compile' or (
        entry['action'] == 'none' and found.get('usable') is False)
    return entry


class PlanSettings(object):
    """The settings every entry of a plan is made with, checked once (each check's message names
    the role variable): the keyword arguments of :func:`build_plan` before this object existed.

    ``root`` and ``source_url`` (python_build_root, python_build_source_url); ``checksums`` maps
    versions to sha256 strings or ``{sha256, format}`` dicts; ``verify_checksum``, ``cache_dir``,
    ``imports``, ``openssl_prefix``, ``jobs``, ``poll``, ``timeout``, ``optimize``,
    ``configure_args``: the role's variables of the same names.

    ``artifact_url`` (a store's base URL), ``artifact_upload`` (``none`` or ``put``) and
    ``artifact_pins`` (``{PLATFORM: {VERSION: sha256}}``) are the store's settings: in store
    mode each entry has ``artifact_url`` (its archive's URL) and ``artifact_pin``.

    ``data`` is the release data in use (release_data.merged: the collection's, a site's release
    data file, ``checksums``; by default the collection's with ``checksums``): series requests
    resolve through it and its sums verify what it knows. With ``today`` (YYYY-MM-DD), an entry
    resolved from a series request says in ``stale`` when that data is older than 90 days.

    ``bolt`` (``python_build_bolt``) asks for BOLT where it applies (build_flags.bolt_applies:
    3.13+, ``architecture`` x86_64, ``bolt_tools`` the platform's ``{package, llvm_bolt,
    merge_fdata}``); each entry says why not in ``bolt_skipped`` when it was asked for.
    """

    def __init__(self, root, source_url, checksums=None, verify_checksum=True,
                 cache_dir='/var/cache/connect-ops/python-build', imports=(), openssl_prefix='',
                 jobs=1, poll=2, timeout=7200, optimize=False, configure_args=(),
                 artifact_url='', artifact_upload='none', artifact_pins=None, bolt=False,
                 bolt_tools=None, architecture='', data=None, today=''):
        checksums = checksums or {}
        self.store_url, self.pins = _check_store(artifact_url, artifact_upload, artifact_pins)
        self.upload = artifact_upload
        if not isinstance(checksums, dict):
            raise PlanError('python_build_checksums must be a dict of version: sha256, got %r'
                            % (checksums,))
        self.checksums = checksums
        self.verify_checksum = verify_checksum
        self.root = check_path('python_build_root', root)
        self.cache_dir = check_path('python_build_cache_dir', cache_dir)
        self.openssl = (check_path('python_build_openssl_prefix', openssl_prefix)
                        if openssl_prefix else '')
        self.jobs = check_number('python_build_jobs', jobs, 1)
        if not isinstance(configure_args, (list, tuple)) or not all(
                isinstance(a, str) and not any(c in a for c in '\x00\n\r')
                for a in configure_args):
            raise PlanError('python_build_configure_extra_args must be a list of one-line strings, '
                            'got %r' % (configure_args,))
        self.configure_args = configure_args
        try:
            bolt_tools = check_bolt_tools(bolt_tools)
        except FlagsError as exc:
            raise PlanError(str(exc))
        self.optimize = optimize
        self.flags_for = _flag_chooser(optimize, configure_args, bool(bolt), architecture,
                                       bolt_tools)
        check_number('python_build_poll', poll, 0.1, float)
        check_number('python_build_timeout', timeout, 1)
        if not isinstance(source_url, str) or not re.match(r'^(https?|file|ftp)://\S+$',
                                                           source_url):
            raise PlanError('python_build_source_url must be an http(s), ftp or file URL, got %r'
                            % (source_url,))
        self.source_url = source_url
        self.imports = imports
        self.data = merged(checksums) if data is None else data
        self.stale = stale_warning(self.data, today) if today else ''


def build_plan(versions, settings, state=None, installed=()):
    """Return one dict per version of ``versions`` (duplicates dropped, order kept), made with
    ``settings`` (a :class:`PlanSettings`).

    ``versions`` holds version strings or ``{version, sha256[, format]}`` dicts. A version may be
    a series (``"3.11"``, or ``{version: "3.11", format: tgz}``): the newest stable patch release
    of it that the release data knows (``lifecycle.resolve_series``). Each entry says what was
    asked for (``requested``) and how it reads (``label``: ``3.11 -> 3.11.15``, or the version
    itself).

    ``installed`` (versions found under ROOT) keeps older patch releases of a requested series:
    each becomes an entry with ``kept: true`` after the others, so that a newer table never
    drops a registered interpreter by surprise (only upgrade.yml retires).

    ``state``, when given, is what the host has: ``probe`` (the ``interpreters`` that
    ``python_info`` returned for the planned executables), ``artifact_mode``, ``builder`` (this
    host compiles for its platform), ``artifacts`` and ``manifests`` (see
    :func:`verified_artifacts`), ``platform`` and ``artifact_dir`` (the controller's artifact
    directory). Each entry then has ``action``, ``pack``, ``tools`` (pip, setuptools and
    virtualenv still to install) and ``reason``, and in artifact mode the controller paths
    (where ``artifact_dir`` is set).
    """
    if not isinstance(settings, PlanSettings):
        raise PlanError('build_plan needs a PlanSettings, got %r' % (settings,))
    if not isinstance(versions, (list, tuple)):
        raise PlanError('python_build_versions must be a list of versions such as ["3.11.2"], '
                        'got %r' % (versions,))
    checksums, data, verify_checksum = settings.checksums, settings.data, settings.verify_checksum
    root, cache_dir, source_url = settings.root, settings.cache_dir, settings.source_url
    imports, jobs, configure_args = settings.imports, settings.jobs, settings.configure_args
    flags_for, stale = settings.flags_for, settings.stale
    plan, seen, series_asked = [], set(), {}
    for item in versions:
        given = dict(item) if isinstance(item, dict) else {'version': item}
        if 'version' not in given:
            raise PlanError('python_build_versions: %r has no "version" key' % (item,))
        requested = given['version']
        series = is_series(requested)
        if series:
            requested = requested.strip()
            if 'sha256' in given:
                raise PlanError('python_build_versions: a sha256 pins one release, and %r is a '
                                'series: give the full version it is the sum of' % (requested,))
            try:
                given['version'] = resolve_series(
                    requested, given.get('format') if given.get('format') in FORMATS else None,
                    data)
            except SeriesError as exc:
                raise PlanError('python_build_versions: %s' % exc)
        try:
            version = parse_version(given['version'])
        except ValueError as exc:
            raise PlanError('python_build_versions: %s' % exc)
        why = unsupported_reason(version)
        if why:
            raise PlanError('python_build_versions: %s; Connect would not use it' % why)
        if str(version) in seen:
            continue
        seen.add(str(version))
        if 'format' in given and given['format'] not in FORMATS:
            raise PlanError('python_build_versions: format %r for %s is not one of %s'
                            % (given['format'], version, ', '.join(FORMATS)))
        if 'sha256' in given:
            sha, fmt = _checksum_entry(version, given, 'python_build_versions')
        elif 'format' in given and str(version) not in checksums:
            # {version, format}: the known sum of that format (a mirror with only .tgz files)
            sha = data.checksums.get(str(version), {}).get(given['format'])
            fmt = given['format']
            if sha is None and verify_checksum:
                raise PlanError(
                    'no known sha256 for the %s of CPython %s: give {version, sha256, format} in '
                    'python_build_versions, or set python_build_checksums["%s"]'
                    % (fmt, version, version))
        elif str(version) in checksums:
            sha, fmt = _checksum_entry(version, checksums[str(version)], 'python_build_checksums')
        elif known_checksum(version, data):
            sha, fmt = known_checksum(version, data)
        elif verify_checksum:
            raise PlanError(
                'no known sha256 for CPython %s (the %s knows every python.org release '
                'from 2.7.9 and 3.4.0 up to %s): set python_build_checksums["%s"] (or give '
                '{version, sha256} in python_build_versions, or a refreshed '
                'python_build_release_data) from a source you trust, or set '
                'python_build_verify_checksum: false to build unverified source'
                % (version, data.describe(), newest_known(data), version))
        else:
            sha, fmt = None, 'tar.xz'
        entry = _entry(str(version), version.major, version.release_text, root, cache_dir,
                       source_url, sha, fmt, required_imports(imports, version.major))
        if series:
            series_asked.setdefault('%d.%d' % version.series, requested)
        entry['requested'] = requested if series else str(version)
        entry['label'] = '%s -> %s' % (requested, version) if series else str(version)
        entry['stale'] = stale if series else ''
        entry['kept'] = False
        entry['openssl'] = settings.openssl
        entry.update(flags_for(version.major, version.minor))
        _name_artifacts(entry, cache_dir)
        entry.update(_jobs(entry, cache_dir, jobs, configure_args))
        plan.append(entry)
    for entry in _kept(installed, series_asked, seen, root, cache_dir, source_url, imports, data):
        entry.update(flags_for(entry['major'], parse_version(entry['version']).minor))
        _name_artifacts(entry, cache_dir)
        entry.update(_jobs(entry, cache_dir, jobs, configure_args))
        plan.append(entry)
    if state is not None:
        state = dict(state, store_url=settings.store_url, upload=settings.upload)
        for entry in plan:
            if settings.store_url:
                platform = _platform_name(state)
                entry['artifact_url'] = '%s/%s/%s.tar.zst' % (settings.store_url, platform,
                                                              entry['artifact_stem'])
                entry['artifact_pin'] = settings.pins.get(platform, {}).get(entry['version'], '')
            _decide(entry, state)
            # The free space it needs, checked before anything is downloaded or compiled.
            entry['space'] = space_requests(entry, settings.optimize, cache_dir, root)
            if state.get('artifact_mode') and state.get('artifact_dir'):
                entry.update(_controller_paths(entry, state))
    return plan


def _flag_chooser(optimize, configure_args, bolt, architecture, bolt_tools):
    """A function of (major, minor) giving an entry's ``flags`` (configure arguments before the
    site's), ``recipe``, ``build`` and ``bolt_skipped``."""
    def choose(major, minor):
        skipped = bolt_applies(major, minor, optimize, bolt, architecture, bolt_tools)
        flags = optimization_flags(major, minor, optimize)
        if not skipped:
            flags = flags + bolt_flags(bolt_tools)
        try:
            check_combination(flags, list(configure_args))
        except FlagsError as exc:
            raise PlanError(str(exc))
        return {'flags': flags, 'recipe': build_recipe(major, minor, optimize, bolt=not skipped),
                'build': flavor_of_flags(flags + list(configure_args)),
                'bolt_skipped': skipped if bolt else ''}
    return choose


def _kept(installed, series_asked, seen, root, cache_dir, source_url, imports, data):
    """Entries for the installed patch releases of each requested series that the plan does not
    already hold (oldest first): kept registered, never built."""
    if not isinstance(installed, (list, tuple)):
        raise PlanError('installed must be a list of versions found under python_build_root, '
                        'got %r' % (installed,))
    found = []
    for text in installed:
        try:
            version = parse_version(text)
        except ValueError:
            continue  # not an installation of this layout (ROOT/.staging-*, a user's directory)
        series = '%d.%d' % version.series
        if series in series_asked and str(version) not in seen and not version.is_prerelease:
            seen.add(str(version))
            found.append((version, series_asked[series]))
    kept = []
    for version, requested in sorted(found, key=lambda pair: pair[0]):
        known = known_checksum(version, data)
        sha, fmt = known if known else (None, 'tar.xz')
        entry = _entry(str(version), version.major, version.release_text, root, cache_dir,
                       source_url, sha, fmt, required_imports(imports, version.major))
        entry.update({'requested': requested, 'kept': True, 'openssl': '',
                      'label': '%s (kept: installed, of series %s)' % (version, requested),
                      'stale': ''})
        kept.append(entry)
    return kept


def _entry(version, major, release, root, cache_dir, source_url, sha, fmt, imports):
    filename = 'Python-%s.%s' % (version, fmt)
    prefix = posixpath.join(root, version)
    return {
        'version': version,
        'major': major,
        'prefix': prefix,
        'executable': posixpath.join(prefix, 'bin', 'python' if major == 2 else 'python3'),
        'file': filename,
        'url': '%s/%s/%s' % (source_url.rstrip('/'), release, filename),
        'sha256': sha,
        'imports': imports,
        # Python 2's make install brings no pip: it comes from ensurepip
        'ensurepip': major == 2,
        # on the host
        'tarball': posixpath.join(cache_dir, 'src', filename),
        'work': posixpath.join(cache_dir, 'work', version),
        'stage': posixpath.join(root, '.staging-%s' % version),
        'lock': posixpath.join(root, '.lock-%s' % version),
        'log': posixpath.join(cache_dir, 'logs', '%s.log' % version),
    }


def artifact_stem(version, build):
    """``cpython-VERSION`` for a plain build, ``cpython-VERSION-pgo`` (and so on) otherwise: an
    artifact of one build is never taken for another."""
    return 'cpython-%s' % version + ('' if build == 'plain' else '-%s' % build.replace('+', '-'))


def _name_artifacts(entry, cache_dir):
    entry['artifact_stem'] = artifact_stem(entry['version'], entry['build'])
    entry['artifact'] = posixpath.join(cache_dir, 'artifacts', entry['artifact_stem'] + '.tar.zst')


def _jobs(entry, cache_dir, jobs, configure_args):
    """What python_build_job runs for the entry: every value the scripts get, as data."""
    env = {
        'PB_VERSION': entry['version'], 'PB_PREFIX': entry['prefix'],
        'PB_PYTHON': entry['executable'], 'PB_STAGE': entry['stage'], 'PB_WORK': entry['work'],
        'PB_LOG': entry['log'], 'PB_LOCK': entry['lock'], 'PB_IMPORTS': ','.join(entry['imports']),
    }
    compile_env = dict(env, PB_TARBALL=entry['tarball'], PB_JOBS=str(jobs),
                       PB_OPENSSL=entry['openssl'], PB_RECIPE=' '.join(entry['recipe']))
    ident = identity(entry['version'], entry['sha256'], entry['prefix'],
                     entry['flags'] + list(configure_args), entry['recipe'], entry['openssl'])
    return {
        # What the build's installed files depend on (artifact_identity): an artifact is this
        # entry's only when its manifest records the same fingerprint.
        'identity': ident, 'fingerprint': fingerprint(ident),
        'compile_job': {'script': posixpath.join(cache_dir, 'bin', 'compile-python.sh'),
                        'argv': entry['flags'] + list(configure_args), 'environment': compile_env,
                        'label': entry['version']},
        'artifact_job': {'script': posixpath.join(cache_dir, 'bin', 'install-artifact.sh'),
                         'argv': [], 'environment': dict(env, PB_ARTIFACT=entry['artifact']),
                         'label': entry['version']},
    }


def _check_store(url, upload, pins):
    """The store's base URL ('' when there is none) and its pins, checked."""
    if upload not in UPLOADS:
        raise PlanError('python_build_artifact_upload must be one of %s, got %r'
                        % (', '.join(UPLOADS), upload))
    try:
        pins = check_pins(pins)
        if not url:
            if upload != 'none':
                raise PlanError('python_build_artifact_upload: %s needs python_build_artifact_url '
                                '(the store to upload to)' % upload)
            if pins:
                raise PlanError('python_build_artifact_pins needs python_build_artifact_url (the '
                                'store whose artifacts they pin)')
            return '', {}
        return check_base_url(url), pins
    except StoreError as exc:
        raise PlanError(str(exc))


def _platform_name(state):
    platform = state.get('platform') or ''
    if not re.match(r'^[A-Za-z0-9._-]+$', platform):
        raise PlanError('the platform name %r cannot name a directory' % (platform,))
    return platform


def _controller_paths(entry, state):
    platform = _platform_name(state)
    base = posixpath.join(check_path('python_build_artifact_dir', state.get('artifact_dir')),
                          platform)
    stem = posixpath.join(base, entry['artifact_stem'])
    return {
        'artifact_published': stem + '.tar.zst',
        'artifact_sha256': stem + '.sha256',
        'artifact_manifest': stem + '.json',
    }

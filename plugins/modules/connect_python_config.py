#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: connect_python_config
short_description: Manage and validate the [Python] section of Posit Connect's configuration
version_added: 0.1.0
author: connect_ops contributors (@connect-ops)
description:
  - Edits the C([Python]) section of C(/etc/rstudio-connect/rstudio-connect.gcfg), the file of
    Posit Connect (formerly RStudio Connect), round-trip - every comment, blank line, other section,
    key spelling and line ending it does not change is kept byte for byte.
  - Sets C(Enabled), the C(Executable) list (one line per installation) and C(VersionMatching).
  - Probes each executable it is asked to write the way Connect analyses installations at startup,
    and can refuse a change that would leave given content versions without a matching interpreter
    under Connect's matching rules (see the P(connect_ops.interpreters.python_match#filter) filter).
  - The file is written atomically (a temporary file beside it, then one rename), and only when its
    content changes, under an exclusive lock (C(.NAME.lock) beside the file) so that concurrent
    runs apply their changes one after the other. Changes to C([Python]) take effect when
    C(rstudio-connect) restarts; the module does not restart it.
  - The file holds the whole server's configuration, credentials included. An existing file keeps
    its owner, group, mode and SELinux context unless O(owner), O(group) or O(mode) are given; a
    file the module creates is C(0600), owned by the user the module runs as (root under
    C(become)).
  - A file that Connect's own reader (Go's C(gopkg.in/gcfg.v1)) would refuse - a syntax error, or
    a C([Python]) value it cannot store, such as C(Enabled = maybe) or a bare C(VersionMatching)
    line - makes the module fail with the line number, and nothing is written.
  - Connect also adds the interpreters listed in the environment variable
    C(CONNECT_PYTHON_EXECUTABLE) to those in the file; this module manages the file only.
options:
  path:
    description:
      - The Connect configuration file. A symbolic link is followed - the file it points to is
        edited and the link stays; a link to nothing is an error.
    type: path
    default: /etc/rstudio-connect/rstudio-connect.gcfg
  create:
    description:
      - Create the file (and a C([Python]) section) when it does not exist. Never with
        O(state=absent), which leaves a missing file missing.
    type: bool
    default: true
  backup:
    description: Keep a timestamped copy of the original file when it is changed.
    type: bool
    default: false
  enabled:
    description:
      - The value of C(Python.Enabled). With O(state=present) it defaults to C(true).
      - Not allowed with O(state=absent), which never changes C(Enabled).
    type: bool
  executables:
    description:
      - Absolute paths of Python executables (C(/opt/Python/3.11.2/bin/python3)). A symbolic link
        to an installation is allowed.
      - With O(state=present) and O(exclusive=true) the C(Executable) list becomes exactly this
        list, in this order. With O(exclusive=false) missing ones are appended and the others kept.
      - With O(state=absent) the listed ones are removed.
      - When omitted, the C(Executable) list is left as it is.
      - Written literally - Connect does not expand C(~) or C($VAR), so neither does this module.
      - An empty list with O(state=present), O(exclusive=true) and Python enabled would leave
        Connect without interpreters; it is refused unless O(allow_empty=true).
    type: list
    elements: str
  state:
    description:
      - Whether O(executables) should be present in or absent from the configuration.
      - C(absent) removes only the listed executables - it never changes C(Enabled) or
        C(VersionMatching), never adds a section, never creates the file, and reports no change
        when none of them was there. Removing the last one while Python is enabled is refused
        unless O(allow_empty=true).
    type: str
    choices: [present, absent]
    default: present
  exclusive:
    description: With O(state=present), whether O(executables) replaces the whole list.
    type: bool
    default: true
  allow_empty:
    description:
      - Allow a change that leaves Python enabled with no C(Executable) at all.
    type: bool
    default: false
    version_added: 0.2.0
  version_matching:
    description:
      - The value of C(Python.VersionMatching), one of the two values Connect documents. Omit it to
        leave the setting as it is (Connect's default is C(major-minor)).
      - A file that already holds another value keeps it, with a warning; O(require_versions)
        cannot be checked under it.
      - Not allowed with O(state=absent).
    type: str
    choices: [major-minor, exact]
  validate:
    description:
      - Probe every executable in O(executables) (with O(state=present)) and fail unless each
        exists, is executable, runs, reports a version of at least 2.7.9 or 3.4.0, and has the
        modules in O(required_modules) (setuptools at least O(setuptools_minimum)).
    type: bool
    default: true
  require_versions:
    description:
      - Content Python versions (C(3.8.12)) or PEP 440 ranges (C(~=3.12.0)) that must still resolve
        to a usable configured interpreter under the resulting C(VersionMatching). If any would not,
        the module fails, names them, and writes nothing.
    type: list
    elements: str
    default: []
  content:
    description:
      - "Deployed content per Python version, as M(connect_ops.interpreters.connect_server_python)
        returns it in C(content_versions) (C({VERSION: {count, items: [{guid, title, url}]}}))."
      - Each version is required like those in O(require_versions); a refusal names the content items
        (up to 20 per version, then a count) and the version each was deployed with.
    type: dict
    default: {}
    version_added: 0.3.0
  lock_timeout:
    description: Seconds to wait for another run that holds the file's lock before failing.
    type: int
    default: 60
    version_added: 0.2.0
  pending:
    description:
      - Check mode only. Executables that an earlier task of the same run installs when it runs
        for real (the C(connect_ops.interpreters.python_build) role's planned builds), each with
        the Python version it will be (a dict, for example C(/opt/Python/3.11.2/bin/python3) to
        C(3.11.2)).
      - In check mode, one that does not exist yet counts, for O(validate), O(require_versions)
        and O(content), as a usable interpreter of that version, with a warning naming it; one
        that exists is probed as always. So C(--check) on a new server shows the section it will
        get instead of failing on interpreters nothing has built yet.
      - Ignored when the module runs for real, where every executable is probed.
    type: dict
    default: {}
    version_added: 0.6.0
extends_documentation_fragment:
  - ansible.builtin.files
  - connect_ops.interpreters.interpreter_probe
attributes:
  check_mode:
    support: full
    description: Reports what would change, with a diff, without writing.
  diff_mode:
    support: full
    description:
      - Shows the C([Python]) section before and after, never the rest of the file, which holds
        credentials (database URL, SMTP and LDAP passwords).
  platform:
    support: full
    platforms: posix
    description: Runs on the Connect host.
seealso:
  - module: connect_ops.interpreters.python_info
  - plugin: connect_ops.interpreters.python_match
    plugin_type: filter
notes:
  - Never writes a bare C(Executable) line (which would empty Connect's list), and never changes
    the spelling of a key it keeps.
  - When C(Executable) lines sit under several C([Python]) headers, they are edited where they are.
'''

EXAMPLES = r'''
- name: Register two interpreters, major-minor matching, and keep older content working
  connect_ops.interpreters.connect_python_config:
    executables:
      - /opt/Python/3.11.2/bin/python3
      - /opt/Python/3.13.5/bin/python3
    version_matching: major-minor
    require_versions:
      - 3.11.4
      - "~=3.13.0"
    backup: true
  notify: Restart rstudio-connect

- name: Add one interpreter, keep the rest
  connect_ops.interpreters.connect_python_config:
    executables: [/opt/Python/3.13.15/bin/python3]
    exclusive: false

- name: Drop an interpreter from Connect's list
  connect_ops.interpreters.connect_python_config:
    executables: [/opt/Python/3.9.2/bin/python3]
    state: absent

- name: Newer Connect - require venv instead of virtualenv
  connect_ops.interpreters.connect_python_config:
    executables: [/opt/Python/3.13.5/bin/python3]
    required_modules: [pip, setuptools, venv]
'''

RETURN = r'''
config:
  description: What Connect will read from the C([Python]) section after the change.
  returned: always
  type: dict
  sample: {enabled: true, executables: [/opt/Python/3.11.2/bin/python3], version_matching: major-minor}
executables:
  description: The probe verdict for each executable in the resulting list.
  returned: always
  type: list
  elements: dict
  contains:
    path:
      description: The executable as configured.
      type: str
    version:
      description: The version it reported, or null.
      type: str
    usable:
      description: Whether Connect can use it.
      type: bool
    reasons:
      description: Why it is not usable (empty when usable).
      type: list
      elements: str
  sample:
    - {path: /opt/Python/3.11.2/bin/python3, version: 3.11.2, usable: true, reasons: []}
added:
  description: Executables the run adds to Connect's list.
  returned: always
  type: list
  elements: str
  sample: [/opt/Python/3.13.5/bin/python3]
removed:
  description: Executables the run removes from Connect's list (also named in the diff header).
  returned: always
  type: list
  elements: str
  sample: [/opt/Python/3.9.2/bin/python3]
resolution:
  description: Each of O(require_versions) mapped to the executable Connect would use.
  returned: always
  type: dict
  sample: {"3.11.4": /opt/Python/3.11.2/bin/python3}
backup_file:
  description: The backup copy, when one was made.
  returned: changed and O(backup=true)
  type: str
  sample: /etc/rstudio-connect/rstudio-connect.gcfg.12345.2026-11-21@10:00:00~
diff:
  description:
    - The C([Python]) section before and after (with C(--diff)). The rest of the file is left
      out - it holds credentials - so the file's contents never appear in a task result.
  returned: when diff mode is on
  type: dict
'''

import errno
import fcntl
import os
import stat
import tempfile
import time

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_bytes, to_native

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect import connect_config
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.content_resolution import (
    describe_items,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.gcfg import (
    GcfgError,
    check_value,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.interpreter_probe import (
    PROBE_ARGUMENT_SPEC,
    probe_all,
    probe_options,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.python_version import (
    NO_MATCH_MESSAGE,
    VersionError,
    parse_request,
    parse_version,
    select,
)

SECTION = connect_config.SECTION
NEW_FILE_MODE = 0o600


def desired_executables(current, requested, state, exclusive):
    if requested is None:
        return list(current)
    requested = list(dict.fromkeys(requested))  # drop duplicates, keep order
    if state == 'absent':
        return [e for e in current if e not in requested]
    if exclusive:
        return requested
    return list(current) + [e for e in requested if e not in current]


def content_requirements(module, content):
    """The versions deployed content was deployed with (``content`` as connect_server_python
    returns it), each with a description of its items; versions Connect's own rules cannot
    parse are reported and skipped (Connect could not match them either)."""
    required = {}
    for version in sorted(content or {}):
        entry = content[version] if isinstance(content[version], dict) else {}
        items = [i for i in entry.get('items') or [] if isinstance(i, dict)]
        try:
            parse_request(version)
        except VersionError as exc:
            module.warn('content deployed with Python %r cannot be matched by any interpreter '
                        '(%s); left out of the check' % (version, exc))
            continue
        count = entry.get('count') if isinstance(entry.get('count'), int) else len(items)
        required[version] = describe_items(items, count) or '%d item(s)' % count
    return required


def resolve_requirements(module, required, verdicts, mode, content=None):
    """Map each required version to a usable executable; fail naming those that have none, and
    the deployed content that needs them."""
    content = content or {}
    usable = [v for v in verdicts if v['usable']]
    resolution, missing = {}, []
    for req in list(required) + [v for v in sorted(content) if v not in required]:
        try:
            parse_request(req)
        except VersionError as exc:
            module.fail_json(msg='require_versions: %s' % exc)
        index = select(req, [v['version'] for v in usable], mode)
        if index is None:
            missing.append(req)
        else:
            resolution[req] = usable[index]['path']
    if missing:
        stranded = ['%s: %s' % (v, content[v]) for v in missing if v in content]
        module.fail_json(
            msg='%s for %s under VersionMatching=%s with the resulting Executables (%s)%s; '
                'nothing was written' % (
                    NO_MATCH_MESSAGE, ', '.join(missing), mode,
                    ', '.join('%s=%s' % (v['path'], v['version']) for v in usable) or 'none usable',
                    '. Deployed content would lose its interpreter - %s' % '; '.join(stranded)
                    if stranded else ''),
            missing=missing, resolution=resolution, executables=verdicts)
    return resolution


def check_arguments(module):
    """Refuse bad or dangerous arguments before anything is read or written."""
    p = module.params
    if not p['path']:
        module.fail_json(msg='path is empty: give the Connect configuration file, usually %s'
                         % connect_config.DEFAULT_CONFIG_PATH)
    for exe in p['executables'] or []:
        if not isinstance(exe, str) or not exe or not os.path.isabs(exe):
            module.fail_json(msg='executables: %r is not an absolute path to a Python executable '
                                 '(such as /opt/Python/3.11.2/bin/python3)' % (exe,))
        try:
            check_value(exe)
        except ValueError as exc:
            module.fail_json(msg='executables: %r: %s' % (exe, exc))
    if p['state'] == 'absent':
        for name in ('enabled', 'version_matching'):
            if p[name] is not None:
                module.fail_json(msg='%s cannot be used with state=absent, which only removes the '
                                     'listed executables; run a separate task with '
                                     'state=present to change it' % name)
    elif (p['executables'] == [] and p['exclusive'] and p['enabled'] is not False
          and not p['allow_empty']):
        module.fail_json(msg='executables is empty: with exclusive=true this would remove every '
                             'Executable while Python stays enabled, and Connect would start with '
                             'no interpreters. Give the interpreters to register, or set '
                             'allow_empty=true if that is really what you want')
    if p['lock_timeout'] < 0:
        module.fail_json(msg='lock_timeout: %r is not a number of seconds >= 0' % p['lock_timeout'])
    for exe, version in (p['pending'] or {}).items():
        if not os.path.isabs(exe) or exe not in (p['executables'] or []):
            module.fail_json(msg='pending: %r is not one of the executables' % (exe,))
        try:
            parse_version(str(version))
        except (VersionError, ValueError) as exc:
            module.fail_json(msg='pending: %r for %s is not a Python version: %s'
                                 % (version, exe, exc))


def stand_in_pending(module, verdicts):
    """In check mode, the verdict of each executable of ``pending`` that does not exist yet: a
    usable interpreter of its version (an earlier task installs it in a real run), said in a
    warning. Probes of the others are kept."""
    pending = module.params['pending'] or {}
    if not module.check_mode or not pending:
        return verdicts
    kept, standing_in = [], []
    for v in verdicts:
        if v['path'] in pending and not os.path.lexists(v['path']):
            v = dict(v, version=str(pending[v['path']]), usable=True, reasons=[], pending=True)
            standing_in.append('%s (%s)' % (v['path'], v['version']))
        kept.append(v)
    if standing_in:
        module.warn('check mode: %s not installed yet; counted as the Python version each will be '
                    '(an earlier task installs it in a real run, which probes it)'
                    % ', '.join(standing_in))
    return kept


def resolve_target(module, path):
    """The regular file to edit (a symbolic link is followed), and whether it exists."""
    if os.path.islink(path):
        target = os.path.realpath(path)
        if not os.path.lexists(target):
            module.fail_json(msg='%s is a symbolic link to %s, which does not exist; create the '
                                 'target or point path at the real file' % (path, target))
    else:
        target = path
    try:
        st = os.stat(target)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return target, False
        module.fail_json(msg='cannot examine %s: %s' % (target, to_native(exc.strerror)))
    if stat.S_ISDIR(st.st_mode):
        module.fail_json(msg='%s is a directory; path must name the configuration file, usually %s'
                             % (target, connect_config.DEFAULT_CONFIG_PATH))
    if not stat.S_ISREG(st.st_mode):
        module.fail_json(msg='%s is not a regular file (it is a FIFO, socket or device); path must '
                             'name the configuration file' % target)
    return target, True


class ConfigLock:
    """An exclusive ``flock`` on ``.NAME.lock`` beside the file, held for read-modify-write.

    Two runs on one file (two playbooks, two AWX jobs) then apply their changes one after the
    other. The lock file stays: removing it would let a third run lock a different inode.
    """

    def __init__(self, module, target, timeout):
        self.module = module
        self.path = os.path.join(os.path.dirname(target) or '.',
                                 '.%s.lock' % os.path.basename(target))
        self.timeout = timeout
        self.fd = None
        self.error = None

    def __enter__(self):
        if self.module.check_mode:
            # Check mode writes nothing, not even the lock file; every write is one rename, so a
            # read always sees a whole file.
            return self
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, NEW_FILE_MODE)
        except OSError as exc:
            # Not writable here (no root, read-only file system): nothing can be written either,
            # which the write step reports if a change is needed.
            self.error = to_native(exc.strerror)
            return self
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
            if time.monotonic() >= deadline:
                os.close(self.fd)
                self.fd = None
                self.module.fail_json(msg='another run holds the lock %s on %s for more than %d '
                                          's; wait for it to finish (or raise lock_timeout)'
                                          % (self.path, os.path.basename(self.path)[1:-5],
                                             self.timeout))
            time.sleep(0.1)

    def __exit__(self, *exc_info):
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
        return False


def fsync_file(path):
    """Flush a file or a directory (its entries: a rename, a new file) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(module, target, exists, text, result):
    """Write ``text`` to ``target`` atomically and durably: a temporary file beside it, flushed,
    then one rename, then the directory flushed (and the backup, when one is made).

    An existing file keeps its owner, group, mode and SELinux context; a new one is created 0600
    (owned by the user the module runs as, root under become) so that credentials later added to
    it are never world-readable.
    """
    directory = os.path.dirname(target) or '.'
    try:
        fd, tmp = tempfile.mkstemp(prefix='.%s.' % os.path.basename(target), dir=directory)
    except OSError as exc:
        module.fail_json(msg='cannot write in %s: %s; run as root (become: true) or fix the '
                             'directory, nothing was written' % (directory,
                                                                 to_native(exc.strerror)))
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(to_bytes(text, errors='surrogate_or_strict'))
            f.flush()
            os.fsync(f.fileno())
        if exists:
            st = os.stat(target)
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
                os.chown(tmp, st.st_uid, st.st_gid)
            if module.selinux_enabled():
                module.set_context_if_different(tmp, module.selinux_context(target), False)
        else:
            os.chmod(tmp, NEW_FILE_MODE)
        if module.params['backup'] and exists:
            result['backup_file'] = module.backup_local(target)
            fsync_file(result['backup_file'])
        os.rename(tmp, target)
        # The rename is on disk only once its directory is: a run that reported "changed" must
        # survive a power loss right after it.
        fsync_file(directory)
    except (OSError, IOError) as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        hint = ('it may be immutable (lsattr; chattr -i) or on a read-only file system'
                if exc.errno in (errno.EPERM, errno.EROFS) else 'check its permissions')
        module.fail_json(msg='could not replace %s: %s; %s. The file was left as it was'
                             % (target, to_native(exc.strerror or exc), hint))


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type='path', default=connect_config.DEFAULT_CONFIG_PATH),
            create=dict(type='bool', default=True),
            backup=dict(type='bool', default=False),
            enabled=dict(type='bool'),
            # str, not path: Connect does not expand "~" or "$VAR", so neither may we.
            executables=dict(type='list', elements='str'),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            exclusive=dict(type='bool', default=True),
            allow_empty=dict(type='bool', default=False),
            version_matching=dict(type='str', choices=list(connect_config.DOCUMENTED_MATCHING)),
            validate=dict(type='bool', default=True),
            require_versions=dict(type='list', elements='str', default=[]),
            content=dict(type='dict', default={}),
            lock_timeout=dict(type='int', default=60),
            pending=dict(type='dict', default={}),
            **PROBE_ARGUMENT_SPEC
        ),
        add_file_common_args=True,
        supports_check_mode=True,
    )
    p = module.params
    check_arguments(module)
    probe_args = probe_options(module)
    path = p['path']
    target, exists = resolve_target(module, path)
    absent = p['state'] == 'absent'

    if not exists and absent:
        module.exit_json(changed=False, path=path, added=[], removed=[], executables=[],
                         resolution={}, config=connect_config.settings(connect_config.read('')),
                         msg='%s does not exist: nothing to remove' % target)
    if not exists and not p['create']:
        module.fail_json(msg='%s does not exist and create=false' % target)

    lock = ConfigLock(module, target, p['lock_timeout'])
    with lock:
        original = b''
        if exists:
            try:
                with open(target, 'rb') as f:
                    original = f.read()
            except (OSError, IOError) as exc:
                module.fail_json(msg='cannot read %s: %s; run as root (become: true)'
                                 % (target, to_native(exc.strerror or exc)))
        try:
            doc = connect_config.read(original)
        except GcfgError as exc:
            module.fail_json(msg='%s: %s. Connect cannot load this file either; fix it by hand '
                                 '(nothing was written)' % (target, exc), line=exc.lineno)
        before_text = doc.render()
        before_doc = connect_config.read(original)
        before = connect_config.settings(doc)
        configured = doc.get(SECTION, 'VersionMatching')

        current = before['executables']
        final = desired_executables(current, p['executables'], p['state'], p['exclusive'])
        removed = [e for e in current if e not in final]
        added = [e for e in final if e not in current]
        enabled = before['enabled'] if absent else p['enabled'] is not False
        if absent and not final and removed and enabled and not p['allow_empty']:
            module.fail_json(msg='removing %s would leave Connect with Python enabled and no '
                                 'Executable; register another interpreter first, or set '
                                 'allow_empty=true; nothing was written' % ', '.join(removed))

        mode = p['version_matching'] or before['version_matching']
        if configured is not None and p['version_matching'] is None and \
                configured not in connect_config.DOCUMENTED_MATCHING:
            module.warn('%s has VersionMatching = %s, which Connect does not document (only %s); '
                        'it was left as it is - set version_matching to replace it'
                        % (target, configured, ' and '.join(connect_config.DOCUMENTED_MATCHING)))

        # Probe what Connect will see; fail only for the executables we were asked to write.
        content = content_requirements(module, p['content'])
        if p['validate'] or p['require_versions'] or content:
            verdicts = stand_in_pending(module, probe_all(final, **probe_args))
        else:
            verdicts = [{'path': exe, 'version': None, 'usable': None, 'reasons': []}
                        for exe in final]
        if p['validate'] and not absent:
            asked = set(p['executables'] or [])
            bad = [v for v in verdicts if v['path'] in asked and not v['usable']]
            if bad:
                module.fail_json(
                    msg='Connect could not use %s; nothing was written' % '; '.join(
                        '%s: %s' % (v['path'], ', '.join(v['reasons'])) for v in bad),
                    executables=verdicts)
            for v in verdicts:
                if v['path'] not in asked and not v['usable']:
                    module.warn('configured executable %s is not usable: %s'
                                % (v['path'], ', '.join(v['reasons'])))
        resolution = {}
        if p['require_versions'] or content:
            if mode not in connect_config.DOCUMENTED_MATCHING:
                module.fail_json(msg='cannot check require_versions under VersionMatching=%r '
                                     'from %s; set version_matching to %s'
                                 % (mode, target,
                                    ' or '.join(connect_config.DOCUMENTED_MATCHING)))
            resolution = resolve_requirements(module, p['require_versions'], verdicts, mode,
                                              content)

        # Apply the change to the document. state=absent only removes executables.
        if not absent and before['enabled'] is not enabled:
            doc.set(SECTION, 'Enabled', 'true' if enabled else 'false')
        doc.set_all(SECTION, 'Executable', final)
        if p['version_matching'] and configured != p['version_matching']:
            doc.set(SECTION, 'VersionMatching', p['version_matching'])
        after_text = doc.render()

        result = dict(
            changed=after_text != before_text or not exists,
            path=path,
            config=connect_config.settings(doc),
            added=added,
            removed=removed,
            executables=[dict((k, v[k]) for k in ('path', 'version', 'usable', 'reasons'))
                         for v in verdicts],
            resolution=resolution,
        )
        if module._diff:
            after_header = target
            if removed:
                after_header += ' (removes Executable %s)' % ', '.join(removed)
            # Only the [Python] section: the rest of the file holds credentials, and a diff is
            # stored by AWX and ARA like any other result.
            result['diff'] = dict(before=connect_config.section_text(before_doc) if exists else '',
                                  after=connect_config.section_text(doc),
                                  before_header=target if exists else '%s (absent)' % target,
                                  after_header=after_header)

        if result['changed'] and not module.check_mode:
            directory = os.path.dirname(target) or '.'
            if not os.path.isdir(directory):
                module.fail_json(msg='directory %s does not exist; install Connect first or '
                                     'create it' % directory)
            if lock.error:
                module.fail_json(msg='cannot write in %s (lock %s: %s); run as root (become: '
                                     'true) or fix the directory, nothing was written'
                                 % (os.path.dirname(target) or '.', lock.path, lock.error))
            write_file(module, target, exists, after_text, result)
            exists = True

    if exists:
        file_args = module.load_file_common_arguments(module.params, path=target)
        result['changed'] = module.set_fs_attributes_if_different(file_args, result['changed'])
    module.exit_json(**result)


if __name__ == '__main__':
    main()

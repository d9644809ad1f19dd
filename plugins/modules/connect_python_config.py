#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

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
  - The file is written atomically, and only when its content changes. Changes to C([Python]) take
    effect when C(rstudio-connect) restarts; the module does not restart it.
  - Connect also adds the interpreters listed in the environment variable
    C(CONNECT_PYTHON_EXECUTABLE) to those in the file; this module manages the file only.
options:
  path:
    description: The Connect configuration file.
    type: path
    default: /etc/rstudio-connect/rstudio-connect.gcfg
  create:
    description: Create the file (and a C([Python]) section) when it does not exist.
    type: bool
    default: true
  backup:
    description: Keep a timestamped copy of the original file when it is changed.
    type: bool
    default: false
  enabled:
    description: The value of C(Python.Enabled).
    type: bool
    default: true
  executables:
    description:
      - Absolute paths of Python executables (C(/opt/Python/3.11.2/bin/python3)). A symbolic link
        to an installation is allowed.
      - With O(state=present) and O(exclusive=true) the C(Executable) list becomes exactly this
        list, in this order. With O(exclusive=false) missing ones are appended and the others kept.
      - With O(state=absent) the listed ones are removed.
      - When omitted, the C(Executable) list is left as it is.
    type: list
    elements: path
  state:
    description: Whether O(executables) should be present in or absent from the configuration.
    type: str
    choices: [present, absent]
    default: present
  exclusive:
    description: With O(state=present), whether O(executables) replaces the whole list.
    type: bool
    default: true
  version_matching:
    description:
      - The value of C(Python.VersionMatching). Omit it to leave the setting as it is (Connect's
        default is C(major-minor)).
      - C(nearest) is used by Connect 2026 images but its rule is not documented; it is accepted
        with a warning, and O(require_versions) cannot be checked under it.
    type: str
    choices: [major-minor, exact, nearest]
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
extends_documentation_fragment:
  - ansible.builtin.files
  - connect_ops.interpreters.interpreter_probe
attributes:
  check_mode:
    support: full
    description: Reports what would change, with a diff, without writing.
  diff_mode:
    support: full
    description: Shows the file before and after.
  platform:
    support: full
    platforms: posix
    description: Runs on the Connect host.
seealso:
  - module: connect_ops.interpreters.python_info
  - plugin: connect_ops.interpreters.python_match
    plugin_type: filter
notes:
  - Never writes a bare C(Executable) line (which would empty Connect's list).
  - When C(Executable) lines sit under several C([Python]) headers, they are edited where they are.
'''

EXAMPLES = r'''
- name: Register two interpreters, exact matching, and keep older content working
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
resolution:
  description: Each of O(require_versions) mapped to the executable Connect would use (null for nearest).
  returned: always
  type: dict
  sample: {"3.11.4": /opt/Python/3.11.2/bin/python3}
backup_file:
  description: The backup copy, when one was made.
  returned: changed and O(backup=true)
  type: str
  sample: /etc/rstudio-connect/rstudio-connect.gcfg.12345.2026-11-21@10:00:00~
diff:
  description: The file before and after (with C(--diff)).
  returned: when diff mode is on
  type: dict
'''

import os
import tempfile

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_bytes, to_native

from ansible_collections.connect_ops.interpreters.plugins.module_utils.gcfg import (
    Document,
    GcfgError,
    parse_bool,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.interpreter_probe import (
    PROBE_ARGUMENT_SPEC,
    probe,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.python_version import (
    NO_MATCH_MESSAGE,
    VersionError,
    parse_request,
    select,
)

SECTION = 'Python'


def desired_executables(current, requested, state, exclusive):
    if requested is None:
        return list(current)
    requested = list(dict.fromkeys(requested))  # drop duplicates, keep order
    if state == 'absent':
        return [e for e in current if e not in requested]
    if exclusive:
        return requested
    return list(current) + [e for e in requested if e not in current]


def resolve_requirements(module, required, verdicts, mode):
    """Map each required version to a usable executable; fail naming those that have none."""
    usable = [v for v in verdicts if v['usable']]
    resolution, missing = {}, []
    for req in required:
        try:
            parse_request(req)
        except VersionError as exc:
            module.fail_json(msg='require_versions: %s' % exc)
        if mode == 'nearest':
            resolution[req] = None
            continue
        index = select(req, [v['version'] for v in usable], mode)
        if index is None:
            missing.append(req)
        else:
            resolution[req] = usable[index]['path']
    if missing:
        module.fail_json(
            msg='%s for %s under VersionMatching=%s with the resulting Executables (%s); '
                'nothing was written' % (
                    NO_MATCH_MESSAGE, ', '.join(missing), mode,
                    ', '.join('%s=%s' % (v['path'], v['version']) for v in usable) or 'none usable'),
            missing=missing, resolution=resolution, executables=verdicts)
    return resolution


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type='path', default='/etc/rstudio-connect/rstudio-connect.gcfg'),
            create=dict(type='bool', default=True),
            backup=dict(type='bool', default=False),
            enabled=dict(type='bool', default=True),
            executables=dict(type='list', elements='path'),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            exclusive=dict(type='bool', default=True),
            version_matching=dict(type='str', choices=['major-minor', 'exact', 'nearest']),
            validate=dict(type='bool', default=True),
            require_versions=dict(type='list', elements='str', default=[]),
            **PROBE_ARGUMENT_SPEC
        ),
        add_file_common_args=True,
        supports_check_mode=True,
    )
    p = module.params
    path = p['path']

    for exe in p['executables'] or []:
        if not exe or not os.path.isabs(exe):
            module.fail_json(msg='executables: %r is not an absolute path to a Python executable'
                             % exe)
        if any(c in exe for c in ('\n', '\r', '\x00')):
            module.fail_json(msg='executables: %r contains a line break or NUL' % exe)

    exists = os.path.exists(path)
    if exists and not os.path.isfile(path):
        module.fail_json(msg='%s exists but is not a regular file' % path)
    if not exists and not p['create']:
        module.fail_json(msg='%s does not exist and create=false' % path)
    original = b''
    if exists:
        with open(path, 'rb') as f:
            original = f.read()
    try:
        doc = Document.parse(original)
    except GcfgError as exc:
        module.fail_json(msg='%s: %s; fix the file by hand (nothing was written)' % (path, exc),
                         line=exc.lineno)
    before_text = doc.render()

    current = doc.get_all(SECTION, 'Executable')
    final = desired_executables(current, p['executables'], p['state'], p['exclusive'])

    mode = p['version_matching'] or doc.get(SECTION, 'VersionMatching') or 'major-minor'
    if mode is True:  # a bare "VersionMatching" line
        mode = 'major-minor'
    if mode == 'nearest':
        module.warn('VersionMatching=nearest has no documented rule; resolution previews and '
                    'require_versions assume nothing for it')
    elif mode not in ('major-minor', 'exact'):
        module.warn('%s has VersionMatching=%r, which Connect does not document' % (path, mode))

    # Probe what Connect will see; fail only for the executables we were asked to write.
    probe_args = dict(modules=p['required_modules'], setuptools_minimum=p['setuptools_minimum'])
    verdicts = [probe(exe, **probe_args) for exe in final] if (
        p['validate'] or p['require_versions']) else [
        {'path': exe, 'version': None, 'usable': None, 'reasons': []} for exe in final]
    if p['validate'] and p['state'] == 'present':
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
    if p['require_versions']:
        if mode not in ('major-minor', 'exact', 'nearest'):
            module.fail_json(msg='cannot check require_versions under VersionMatching=%r from %s; '
                                 'set version_matching' % (mode, path))
        resolution = resolve_requirements(module, p['require_versions'], verdicts, mode)

    # Apply the change to the document.
    if parse_bool(doc.get(SECTION, 'Enabled')) is not p['enabled']:
        doc.set(SECTION, 'Enabled', 'true' if p['enabled'] else 'false')
    doc.set_all(SECTION, 'Executable', final)
    if p['version_matching'] and doc.get(SECTION, 'VersionMatching') != p['version_matching']:
        doc.set(SECTION, 'VersionMatching', p['version_matching'])
    after_text = doc.render()

    result = dict(
        changed=after_text != before_text or not exists,
        path=path,
        config=dict(enabled=p['enabled'], executables=final,
                    version_matching=doc.get(SECTION, 'VersionMatching') or 'major-minor'),
        executables=[dict((k, v[k]) for k in ('path', 'version', 'usable', 'reasons'))
                     for v in verdicts],
        resolution=resolution,
    )
    if module._diff:
        result['diff'] = dict(before=before_text if exists else '', after=after_text,
                              before_header=path if exists else '%s (absent)' % path,
                              after_header=path)

    if result['changed'] and not module.check_mode:
        directory = os.path.dirname(path) or '.'
        if not os.path.isdir(directory):
            module.fail_json(msg='directory %s does not exist; install Connect first or create it'
                             % directory)
        if p['backup'] and exists:
            result['backup_file'] = module.backup_local(path)
        fd, tmp = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), dir=directory)
        try:
            with os.fdopen(fd, 'wb') as f:
                f.write(to_bytes(after_text, errors='surrogate_or_strict'))
            if exists:
                st = os.stat(path)
                os.chmod(tmp, st.st_mode & 0o7777)
                try:
                    os.chown(tmp, st.st_uid, st.st_gid)
                except OSError:
                    pass
            else:
                os.chmod(tmp, 0o644)
            module.atomic_move(tmp, path, unsafe_writes=module.params.get('unsafe_writes'))
        except Exception as exc:  # pylint: disable=broad-except
            if os.path.exists(tmp):
                os.unlink(tmp)
            module.fail_json(msg='could not write %s: %s' % (path, to_native(exc)))

    file_args = module.load_file_common_arguments(module.params, path=path)
    if not module.check_mode or exists:
        result['changed'] = module.set_fs_attributes_if_different(file_args, result['changed'])
    module.exit_json(**result)


if __name__ == '__main__':
    main()

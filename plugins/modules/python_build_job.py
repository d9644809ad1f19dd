#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: python_build_job
short_description: Run a python_build script on the host and show its phases as they happen
version_added: 0.2.0
author: connect_ops contributors (@connect-ops)
description:
  - Role plumbing - made for this collection's roles and playbooks (the docs site's contents
    page lists it so); its interface keeps to semantic versioning, but a playbook of your
    own rarely needs it.
  - Used by the C(connect_ops.interpreters.python_build) role to compile CPython or install an
    artifact. Starts a static script detached on the host (in a session of its own, so a lost
    connection does not stop it), then polls its progress file C(PB_LOG.phases) and prints one line
    per phase (for example C(3.11.2 - configure (21 s\) -> make)) and the script's final timing
    line.
  - Every value reaches the script through O(environment) or O(argv); nothing is templated into a
    shell script.
  - A job that runs longer than O(timeout) seconds, counted from its own start, is stopped with
    every process it started, and its work and staging directories are removed; the install prefix
    is never half-built. The other jobs go on.
  - A job whose version lock (C(PB_LOCK)) another run holds - a build left running by an
    interrupted controller or a dropped connection, or a second operator's run - is not started
    again; the task follows that build's progress file, waits for it under the same timeout and
    reports its result. A build whose process is gone (power loss, kill) holds no lock and is known
    dead at once.
options:
  jobs:
    description:
      - The jobs to run at the same time, each a dict with C(script), C(argv), C(environment) and
        optionally C(label) (see the options of the same names). They share O(slots) through a
        GNU make jobserver. A job takes one slot before it starts and each C(make) it runs takes
        one more per further compiler, so at most O(slots) processes work at once.
      - One job failing does not stop the others; the task fails after all have ended, naming each
        failure. Each job has its own work and staging directories and is renamed into place on
        its own, so no job is left half-installed by another's failure.
      - Give either O(jobs) or O(script).
    type: list
    elements: dict
  slots:
    description:
      - The job budget shared by all O(jobs) (usually the host's cores, C(python_build_jobs)).
    type: int
    default: 1
  script:
    description: Absolute path of the script on the host, for a single job.
    type: path
  argv:
    description: Arguments passed to the script (for example extra C(configure) arguments).
    type: list
    elements: str
    default: []
  environment:
    description:
      - C(PB_*) variables for the script. C(PB_VERSION), C(PB_LOG), C(PB_STAGE) and C(PB_WORK) are
        required; the progress file is C(PB_LOG.phases). With C(PB_LOCK), a build of the same
        version already running is followed instead of started again.
    type: dict
  label:
    description: What the progress lines are prefixed with (default C(PB_VERSION)).
    type: str
  timeout:
    description:
      - Seconds each job may run, counted from when it starts (a job may first wait for a slot).
    type: int
    default: 7200
  poll:
    description: Seconds between two looks at the progress files.
    type: float
    default: 2
attributes:
  action:
    support: full
    description: Runs on the controller; the module of the same name starts the jobs on the host.
  async:
    support: none
    description: The job runs detached on its own; the task polls it.
  check_mode:
    support: full
    description: Reports that the script would run, without running it.
  diff_mode:
    support: none
    description: No diff.
  platform:
    support: full
    platforms: posix
    description: Runs the script on a POSIX host.
notes:
  - Needs C(flock) on the host, and GNU make 4.2 or later for a shared job budget (older makes
    run each job's compilers one at a time).
'''

EXAMPLES = r'''
- name: Compile two versions at once, sharing the host's two cores
  connect_ops.interpreters.python_build_job:
    slots: 2
    jobs:
      - script: /var/cache/connect-ops/python-build/bin/compile-python.sh
        environment:
          PB_VERSION: "3.11.2"
          PB_PREFIX: /opt/Python/3.11.2
          PB_PYTHON: /opt/Python/3.11.2/bin/python3
          PB_TARBALL: /var/cache/connect-ops/python-build/src/Python-3.11.2.tar.xz
          PB_WORK: /var/cache/connect-ops/python-build/work/3.11.2
          PB_STAGE: /opt/Python/.staging-3.11.2
          PB_LOG: /var/cache/connect-ops/python-build/logs/3.11.2.log
          PB_LOCK: /opt/Python/.lock-3.11.2
          PB_IMPORTS: ssl,sqlite3,ctypes,zlib
          PB_JOBS: "2"
      - script: /var/cache/connect-ops/python-build/bin/compile-python.sh
        environment:
          PB_VERSION: "3.12.4"
          PB_PREFIX: /opt/Python/3.12.4
          PB_PYTHON: /opt/Python/3.12.4/bin/python3
          PB_TARBALL: /var/cache/connect-ops/python-build/src/Python-3.12.4.tar.xz
          PB_WORK: /var/cache/connect-ops/python-build/work/3.12.4
          PB_STAGE: /opt/Python/.staging-3.12.4
          PB_LOG: /var/cache/connect-ops/python-build/logs/3.12.4.log
          PB_LOCK: /opt/Python/.lock-3.12.4
          PB_IMPORTS: ssl,sqlite3,ctypes,zlib
          PB_JOBS: "2"

- name: Compile Python 3.11.2 with progress lines
  connect_ops.interpreters.python_build_job:
    script: /var/cache/connect-ops/python-build/bin/compile-python.sh
    environment:
      PB_VERSION: "3.11.2"
      PB_PREFIX: /opt/Python/3.11.2
      PB_PYTHON: /opt/Python/3.11.2/bin/python3
      PB_TARBALL: /var/cache/connect-ops/python-build/src/Python-3.11.2.tgz
      PB_WORK: /var/cache/connect-ops/python-build/work/3.11.2
      PB_STAGE: /opt/Python/.staging-3.11.2
      PB_LOG: /var/cache/connect-ops/python-build/logs/3.11.2.log
      PB_LOCK: /opt/Python/.lock-3.11.2
      PB_IMPORTS: ssl,sqlite3,ctypes,zlib
      PB_JOBS: "2"
'''

RETURN = r'''
jobs:
  description: Per job, its label, exit code, phases (seconds), log and final line or failure.
  returned: when jobs ran
  type: list
  elements: dict
  sample:
    - {label: "3.11.2", rc: 0, phases: {configure: 26, make: 107}, log: /var/cache/connect-ops/python-build/logs/3.11.2.log,
       msg: "installed Python 3.11.2 at /opt/Python/3.11.2 in 160s: ..."}
phases:
  description: Seconds spent in each phase of the script (of the first job).
  returned: always
  type: dict
  sample: {unpack: 2, configure: 21, make: 66, install: 18, check: 1, cleanup: 0, done: 0}
attached:
  description: Labels of the jobs another run was already building, followed instead of started.
  returned: always
  type: list
  elements: str
  sample: ["3.11.2"]
log:
  description: The log on the host.
  returned: always
  type: str
  sample: /var/cache/connect-ops/python-build/logs/3.11.2.log
msg:
  description: The script's final line, or why it failed (with the last 40 lines of the log).
  returned: always
  type: str
  sample: "installed Python 3.11.2 at /opt/Python/3.11.2 in 107s: unpack=2s configure=21s make=66s install=18s"
'''

from ansible.module_utils.basic import AnsibleModule  # noqa: E402

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_jobs import (  # noqa: E402
    JobError,
    check_jobs,
    start_detached,
)


def main():
    # The host side of the action of the same name: start the jobs detached and return at once;
    # the action follows them through their phases files.
    module = AnsibleModule(
        argument_spec=dict(
            jobs=dict(type='list', elements='dict'),
            slots=dict(type='int', default=1),
            script=dict(type='path'),
            argv=dict(type='list', elements='str', default=[]),
            environment=dict(type='dict'),
            label=dict(type='str'),
            timeout=dict(type='int', default=7200),
            poll=dict(type='float', default=2),
        ),
        mutually_exclusive=[('jobs', 'script')],
        required_one_of=[('jobs', 'script')],
        supports_check_mode=True,
    )
    p = module.params
    jobs = p['jobs'] or [dict(script=p['script'], argv=p['argv'], environment=p['environment'],
                              label=p['label'])]
    try:
        jobs, slots = check_jobs(jobs, p['slots'])
    except JobError as exc:
        module.fail_json(msg=str(exc))
    if module.check_mode:
        module.exit_json(changed=True, msg='would run %s' % ', '.join(j['label'] for j in jobs))
    try:
        pid, attached = start_detached(jobs, slots, timeout=p['timeout'])
    except (OSError, JobError) as exc:
        module.fail_json(msg='could not start the jobs: %s' % exc)
    module.exit_json(changed=True, driver_pid=pid or 0, attached=attached,
                     labels=[j['label'] for j in jobs])


if __name__ == '__main__':
    main()

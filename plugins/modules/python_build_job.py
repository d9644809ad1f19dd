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
  - Used by the C(connect_ops.interpreters.python_build) role to compile CPython or install an
    artifact. Starts a static script detached on the host (in a session of its own, so a lost
    connection does not stop it), then polls its progress file C(PB_LOG.phases) and prints one line
    per phase (for example C(3.11.2 - configure (21 s\) -> make)) and the script's final timing
    line.
  - Every value reaches the script through O(environment) or O(argv); nothing is templated into a
    shell script.
  - At O(timeout) seconds the script and every process it started are stopped, and its work and
    staging directories are removed; the install prefix is never half-built.
options:
  script:
    description: Absolute path of the script on the host.
    type: path
    required: true
  argv:
    description: Arguments passed to the script (for example extra C(configure) arguments).
    type: list
    elements: str
    default: []
  environment:
    description:
      - C(PB_*) variables for the script. C(PB_VERSION), C(PB_LOG), C(PB_STAGE) and C(PB_WORK) are
        required; the progress file is C(PB_LOG.phases).
    type: dict
    required: true
  label:
    description: What the progress lines are prefixed with (default C(PB_VERSION)).
    type: str
  timeout:
    description: Seconds the script may run.
    type: int
    default: 7200
  poll:
    description: Seconds between two looks at the progress file.
    type: float
    default: 2
attributes:
  action:
    support: full
    description: Runs on the controller and drives the script on the host.
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
  - Needs C(setsid) (util-linux 2.32 or later) and C(flock) on the host.
'''

EXAMPLES = r'''
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
phases:
  description: Seconds spent in each phase of the script.
  returned: always
  type: dict
  sample: {unpack: 2, configure: 21, make: 66, install: 18, check: 1, cleanup: 0, done: 0}
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

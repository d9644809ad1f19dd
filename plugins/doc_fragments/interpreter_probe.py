# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment:
    """Options of modules that probe interpreters the way Connect does."""

    DOCUMENTATION = r'''
options:
  required_modules:
    description:
      - Python modules each interpreter must have. Older Connect releases require C(virtualenv);
        newer ones use C(venv) and warn about extra packages.
    type: list
    elements: str
    default: [pip, setuptools, virtualenv]
  setuptools_minimum:
    description: The oldest setuptools Connect supports.
    type: str
    default: '40.8'
  probe_timeout:
    description:
      - Seconds each interpreter may take to answer the probe. At the deadline the interpreter and
        every process it started are stopped, and it counts as not usable.
      - At most 64 KiB of each of its output streams is read into memory, and an error quotes at
        most a short excerpt of it.
    type: int
    default: 60
    version_added: 0.2.0
'''

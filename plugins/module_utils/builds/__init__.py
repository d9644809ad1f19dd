# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How CPython is built and shipped: the plan of each version (build_plan) and its flags and recipe
(build_flags), the job budget that runs builds (build_jobs), build dependencies per platform
(build_deps, build_platform), free space (build_space), artifacts, their identity and the store
they travel through (artifact_identity, artifact_store), probing installed interpreters
(interpreter_probe) and bootstrap.yml's decisions (bootstrap).

Imports: the standard library, module_utils.cpython, and the shared modules at the top of
module_utils (redact, http_transport, process_group). Never module_utils.connect.
"""

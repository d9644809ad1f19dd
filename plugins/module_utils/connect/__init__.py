# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Posit Connect: its configuration file (gcfg, connect_config), its API and tasks (connect_api,
connect_task), how deployed content resolves and is rebuilt (content_resolution,
content_rebuild), clusters (cluster), the fleet view (fleet, fleet_render) and upgrade.yml's plan
(upgrade).

Imports: the standard library, module_utils.cpython, and the shared modules at the top of
module_utils (redact, http_transport, process_group). Never module_utils.builds.
"""

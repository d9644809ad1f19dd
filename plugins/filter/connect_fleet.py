# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``connect_fleet`` and ``connect_fleet_render`` filters: the fleet view of report.yml."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.fleet import (
    fleet_matrix,
    summary_lines,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.fleet_render import (
    html_page,
    markdown,
)
from ansible_collections.connect_ops.interpreters.plugins.plugin_utils.filter_face import (
    check_today,
    release_data_arg,
    require,
)

FORMATS = ('summary', 'markdown', 'html')


def plain(value):
    """Templated host data as plain dicts and lists."""
    if isinstance(value, Mapping):
        return dict((str(k), plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def connect_fleet(hosts, clusters=None, today=None, checksums=None, release_data=None):
    require(isinstance(hosts, Mapping) and all(isinstance(v, Mapping) for v in hosts.values()),
            'connect_fleet: the input must be a dict of host name to what report.yml found on it, '
            'not %s', type(hosts).__name__)
    require(clusters is None or isinstance(clusters, Mapping), 'connect_fleet: clusters must be '
            'a dict of host name to its connect_cluster, not %s', type(clusters).__name__)
    hosts = plain(hosts)
    for name, info in hosts.items():
        if not info:  # a host that did not answer has no report
            info['reachable'] = False
        if clusters is not None and name in clusters:
            info.setdefault('cluster', clusters[name] or None)
    today = check_today('connect_fleet', today)
    return fleet_matrix(hosts, today, release_data_arg('connect_fleet', checksums, release_data))


def connect_fleet_render(matrix, fmt='summary'):
    require(fmt in FORMATS, 'connect_fleet_render: format %r is not one of %s', fmt,
            ', '.join(FORMATS))
    require(isinstance(matrix, Mapping) and 'hosts' in matrix and 'versions' in matrix,
            'connect_fleet_render: the input must be what connect_fleet returns')
    matrix = plain(matrix)
    if fmt == 'summary':
        return '\n'.join(summary_lines(matrix))
    if fmt == 'markdown':
        return markdown(matrix)
    return html_page(matrix)


class FilterModule(object):
    def filters(self):
        return {'connect_fleet': connect_fleet, 'connect_fleet_render': connect_fleet_render}

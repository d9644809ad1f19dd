# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fleet view as fleet.md and a self-contained fleet.html (no external assets).

Every state is written as a word and a symbol; colour only repeats it (a blue/orange palette that
readers who cannot tell red from green can tell apart), and drift is marked with the word DRIFT
and a dashed border, so nothing depends on colour.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import html

from ansible_collections.connect_ops.interpreters.plugins.module_utils.connect.fleet import (
    drift_lines,
    lifecycle_flag,
    lifecycle_lines,
    summary_lines,
)

SYMBOLS = {'accepted': u'\u2714', 'usable': u'\u25cf', 'configured': u'\u2716',
           'installed': u'\u25cb', 'missing': u'\u2014', 'unknown': '?'}
# Okabe-Ito: blue, sky blue, vermillion, light grey, white, yellow.
COLOURS = {'accepted': ('#0072B2', '#ffffff'), 'usable': ('#56B4E9', '#000000'),
           'configured': ('#D55E00', '#ffffff'), 'installed': ('#eeeeee', '#000000'),
           'missing': ('#ffffff', '#555555'), 'unknown': ('#F0E442', '#000000')}
LEGEND = (
    ('accepted', "Connect's API listed it after its start"),
    ('usable', 'an Executable Connect can use'),
    ('configured', 'an Executable Connect cannot use'),
    ('installed', 'on disk, not an Executable'),
    ('missing', 'no interpreter of this version'),
    ('unknown', 'no report from the host (unreachable or failed)'),
)


def cell_text(cell):
    text = '%s %s' % (SYMBOLS[cell['state']], cell['state'])
    if cell.get('items') is not None:
        text += ' (%d item%s)' % (cell['items'], '' if cell['items'] == 1 else 's')
    return text


def version_heading(matrix, label):
    """A version's column heading, with EOL or BEHIND (a newer patch is known) at a glance."""
    flag = lifecycle_flag(matrix, label)
    return label + ((' %s' % flag) if flag else '')


def markdown(matrix, title='Python interpreters across the fleet'):
    out = ['# %s' % title, '']
    out.extend(summary_lines(matrix)[:1])
    out.append('')
    header = ['Host', 'Cluster'] + [version_heading(matrix, v) for v in matrix['versions']] + \
        ['Drift']
    out.append('| %s |' % ' | '.join(header))
    out.append('|%s|' % '|'.join('---' for column in header))
    for row in matrix['hosts']:
        cells = [row['host'], row['cluster'] or '(none)']
        cells += [cell_text(row['cells'][v]) for v in matrix['versions']]
        cells.append(('DRIFT: ' + ', '.join(row['drift'])) if row['drift'] else '')
        out.append('| %s |' % ' | '.join(c.replace('|', '\\|') for c in cells))
    drift = drift_lines(matrix)
    out.append('')
    if drift:
        out.append('## Drift')
        out.append('')
        out.extend('- %s' % line for line in drift)
    else:
        out.append('No drift within any cluster.')
    lifecycle = lifecycle_lines(matrix)
    if lifecycle:
        out.extend(['', '## Lifecycle', '', lifecycle[0], ''])
        out.extend('- %s' % line.strip() for line in lifecycle[1:])
    out.append('')
    out.append('Legend: ' + '; '.join('%s %s: %s' % (SYMBOLS[s], s, d) for s, d in LEGEND))
    return '\n'.join(out) + '\n'


CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem;color:#111}
table{border-collapse:collapse;font-size:.9rem}
th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;white-space:nowrap}
th{background:#f4f4f4}
td.drift{outline:3px dashed #000;outline-offset:-4px;font-weight:bold}
tr.cluster th{background:#ddd}
.legend{list-style:none;padding:0;columns:2;max-width:60rem}
.legend li{margin:.25rem 0}
.legend span{display:inline-block;min-width:7.5rem;margin-right:.5rem;padding:.1rem .4rem;border:1px solid #999}
ul.drift li{margin:.2rem 0}
"""


def html_page(matrix, title='Python interpreters across the fleet'):
    esc = html.escape
    parts = ['<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">',
             '<title>%s</title>' % esc(title), '<style>%s</style></head><body>' % CSS,
             '<h1>%s</h1>' % esc(title)]
    parts.append('<p>%s</p>' % esc(summary_lines(matrix)[0]))
    drift = drift_lines(matrix)
    if drift:
        parts.append('<h2>DRIFT</h2><ul class="drift">%s</ul>' % ''.join(
            '<li>%s</li>' % esc(line) for line in drift))
    elif matrix['clusters']:
        parts.append('<p>No drift: every cluster has one state on all its nodes.</p>')
    parts.append('<table><thead><tr><th scope="col">Host</th>%s<th scope="col">Drift</th></tr>'
                 '</thead><tbody>' % ''.join(
                     '<th scope="col">Python %s</th>' % esc(version_heading(matrix, v))
                     for v in matrix['versions']))
    current = object()
    for row in sorted(matrix['hosts'], key=lambda r: (r['cluster'] is None, r['cluster'] or '',
                                                      r['host'])):
        if row['cluster'] != current:
            current = row['cluster']
            label = ('Cluster %s' % current) if current else 'Independent servers'
            parts.append('<tr class="cluster"><th colspan="%d" scope="rowgroup">%s</th></tr>'
                         % (len(matrix['versions']) + 2, esc(label)))
        cells = []
        for v in matrix['versions']:
            cell = row['cells'][v]
            what = 'Python %s' % v
            bg, fg = COLOURS[cell['state']]
            cls = ' class="drift"' if what in row['drift'] else ''
            tip = '; '.join(cell['paths'] + cell['reasons'])
            text = cell_text(cell) + (' DRIFT' if what in row['drift'] else '')
            cells.append('<td%s style="background:%s;color:%s" title="%s">%s</td>'
                         % (cls, bg, fg, esc(tip), esc(text)))
        drift_cell = esc(', '.join(row['drift'])) if row['drift'] else ''
        parts.append('<tr><th scope="row">%s</th>%s<td%s>%s</td></tr>' % (
            esc(row['host']), ''.join(cells), ' class="drift"' if row['drift'] else '',
            ('DRIFT: ' + drift_cell) if drift_cell else ''))
    parts.append('</tbody></table>')
    lifecycle = lifecycle_lines(matrix)
    if lifecycle:
        parts.append('<h2>Lifecycle</h2><p>%s</p><ul class="lifecycle">%s</ul>' % (
            esc(lifecycle[0]), ''.join('<li>%s</li>' % esc(line.strip())
                                       for line in lifecycle[1:])))
    parts.append('<h2>Legend</h2><ul class="legend">%s</ul>' % ''.join(
        '<li><span style="background:%s;color:%s">%s %s</span>%s</li>' % (
            COLOURS[s][0], COLOURS[s][1], SYMBOLS[s], s, esc(d)) for s, d in LEGEND))
    parts.append('</body></html>')
    return '\n'.join(parts) + '\n'

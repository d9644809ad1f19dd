# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Free space, checked before anything is downloaded or compiled. Standard library only.

What a version needs depends on what happens to it (see build_plan's actions) and on its series
and flags. The figures are measured (README, "Disk space"): the largest the work tree grew during
a build, the staged prefix (on the install root, then renamed in place), the source tarball and
the packed artifact, each rounded up; a margin is added on top. Versions built at once add up, per
file system: the cache directory and the install root are often one file system.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import errno
import os

MB = 1024 * 1024
# Added to every figure: file system overhead, logs, and builds a little larger than measured.
MARGIN = 1.25

# (first series, work tree MB plain, work tree MB with PGO, installed prefix MB), newest last.
# Measured in Debian 12 containers (2026-11-30, the molecule default scenario): the work tree of
# 3.11.2 peaked at 306 MB and of 3.13.5 at 402 MB (plain); the installed prefixes, with pip,
# setuptools and virtualenv, take 315 MB and 349 MB. PGO trees also hold the profile data and a
# second set of objects; with LTO (the default) the final tree of 3.11.2 took 419 MB and its
# prefix 342 MB before pip (fat LTO objects in libpython3.11.a). Older series are smaller; their
# rows are scaled from these.
SERIES = (
    ((2, 7), 260, 360, 200),
    ((3, 4), 300, 420, 260),
    ((3, 8), 340, 480, 300),
    ((3, 11), 330, 470, 360),
    ((3, 12), 400, 560, 390),
    ((3, 13), 430, 600, 400),
)
TARBALL_MB = 30
ARTIFACT_MB = 70


def series_figures(major, minor):
    """``(work_plain, work_pgo, prefix)`` in MB for the series ``major.minor``."""
    chosen = SERIES[0]
    for row in SERIES:
        if (major, minor) >= row[0]:
            chosen = row
    return chosen[1], chosen[2], chosen[3]


def requests(entry, optimize, cache_dir, root):
    """What ``entry`` (a plan entry with its ``action``) needs: a list of ``{'path', 'bytes',
    'what'}`` on the cache directory's and the install root's file systems."""
    major, minor = [int(p) for p in entry['version'].split('.')[:2]]
    work_plain, work_pgo, prefix = series_figures(major, minor)
    action = entry.get('action')
    out = []

    def add(path, mb, what):
        out.append({'path': path, 'bytes': int(mb * MARGIN * MB),
                    'what': 'Python %s: %s' % (entry['version'], what)})
    if action == 'compile':
        add(cache_dir, TARBALL_MB + (work_pgo if optimize else work_plain),
            'source and build tree (%s)' % ('PGO' if optimize else 'plain'))
        add(root, prefix, 'staged installation')
    elif action == 'install_artifact':
        add(cache_dir, ARTIFACT_MB, 'artifact')
        add(root, prefix, 'staged installation')
    if entry.get('pack'):
        add(cache_dir, ARTIFACT_MB, 'packed artifact')
    return out


def existing_ancestor(path):
    """``path``, or its nearest parent that exists (a directory the run will create lives on
    its parent's file system)."""
    path = os.path.abspath(path)
    while not os.path.exists(path):
        parent = os.path.dirname(path)
        if parent == path:
            break
        path = parent
    return path


def shortfalls(requests, statvfs=os.statvfs, stat=os.stat):
    """The file systems that lack space.

    ``requests`` is a list of ``{'path', 'bytes', 'what'}``. Requests on one file system (same
    ``st_dev``) add up. Returns one dict per short file system: ``paths`` (the requested paths
    on it), ``free`` and ``needed`` (bytes), and ``what`` (which versions and uses need it).
    """
    groups, order = {}, []
    for request in requests:
        if request['bytes'] <= 0:
            continue
        where = existing_ancestor(request['path'])
        try:
            device = stat(where).st_dev
        except OSError as exc:
            if exc.errno != errno.ENOENT:
                raise
            device = where
        if device not in groups:
            fs = statvfs(where)
            groups[device] = {'paths': [], 'free': fs.f_bavail * fs.f_frsize, 'needed': 0,
                              'what': []}
            order.append(device)
        group = groups[device]
        if request['path'] not in group['paths']:
            group['paths'].append(request['path'])
        group['needed'] += request['bytes']
        group['what'].append(request['what'])
    return [groups[d] for d in order if groups[d]['needed'] > groups[d]['free']]


def describe(short):
    """One sentence per short file system, naming its paths and both numbers."""
    return ' '.join(
        '%s: %d MB free, %d MB needed (%s; a %d%% margin included).' % (
            ' and '.join(s['paths']) + (' (one file system)' if len(s['paths']) > 1 else ''),
            s['free'] // MB, -(-s['needed'] // MB), '; '.join(s['what']),
            int(round((MARGIN - 1) * 100)))
        for s in short)

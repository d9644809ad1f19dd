# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How an interpreter is optimized: which configure flags a version gets, and what an installed
interpreter's ``sysconfig`` CONFIG_ARGS says it got. Standard library only.

Per series, with ``python_build_optimizations`` on (the default):

* 3.8 and later: PGO and LTO (``--enable-optimizations --with-lto``). Their training run is the
  short PGO set (bpo-36044); with ``--enable-shared`` on GCC, CPython 3.10+ adds
  ``-fno-semantic-interposition`` to PGO builds by itself. Measured on 3.11.2 (2-core Debian 12,
  the pure-stdlib workloads of make bench, geometric mean against Debian's own python3.11 = 1.00):
  plain 0.80, PGO 0.88, PGO + LTO 0.97; LTO is what lets libpython's code inline across files
  despite being a shared library. compile-python.sh builds the throw-away instrumented
  interpreter without LTO and without debug information (the profile is the same: GCC writes and
  reads it before LTO), which took the PGO + LTO build from 801 s to 437 s (PGO alone: 284 s,
  plain: 112 s).
* 2.7 and 3.4-3.7: plain. Their training run is most of the test suite (about 15 times longer
  than 3.8's set), which makes a build take several times longer on small hosts.

``--disable-test-modules`` breaks PGO training (cpython#89831, #116303, #135734) and is refused
with it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import shlex

PGO = '--enable-optimizations'
LTO = '--with-lto'
# The first series whose PGO training is the short set.
FIRST_PGO_SERIES = (3, 8)
FLAVORS = ('pgo+lto', 'pgo', 'lto', 'plain', 'unknown')


class FlagsError(ValueError):
    """Flags that cannot be combined; the message names them."""


def optimization_flags(major, minor, optimize):
    """The configure flags ``python_build_optimizations`` gives the series ``major.minor``."""
    if optimize and (major, minor) >= FIRST_PGO_SERIES:
        return [PGO, LTO]
    return []


def check_combination(flags, extra_args):
    """Refuse extra configure arguments that break the optimization flags."""
    if last_setting(list(flags) + list(extra_args), 'optimizations'):
        bad = [a for a in extra_args if a.split('=')[0] == '--disable-test-modules']
        if bad:
            raise FlagsError(
                'python_build_configure_extra_args: %s breaks PGO training (cpython#89831, '
                '#116303; 3.13.3-3.13.5 fail outright, #135734); remove it, or set '
                'python_build_optimizations: false' % bad[0])


def last_setting(flags, name):
    """Whether configure's ``--enable-NAME``/``--with-NAME`` feature ends up on: the last of its
    spellings wins, as in autoconf (``--with-lto`` then ``--without-lto`` is off)."""
    on = False
    for a in flags:
        key, eq, value = a.partition('=')
        if key in ('--enable-' + name, '--with-' + name):
            on = not (eq and value == 'no')
        elif key in ('--disable-' + name, '--without-' + name):
            on = False
    return on


def flavor_of_flags(flags):
    """'pgo+lto', 'pgo', 'lto' or 'plain' for a list of configure arguments."""
    pgo = last_setting(flags, 'optimizations')
    lto = last_setting(flags, 'lto')
    return 'pgo+lto' if pgo and lto else 'pgo' if pgo else 'lto' if lto else 'plain'


def flavor(config_args):
    """How an installed interpreter was built, from its ``sysconfig`` CONFIG_ARGS: 'pgo+lto',
    'pgo', 'lto', 'plain' (a shared build without optimizations: this collection's or Posit's
    recipe without PGO), or 'unknown' (no CONFIG_ARGS, or another recipe)."""
    if not isinstance(config_args, str) or not config_args.strip():
        return 'unknown'
    try:
        args = shlex.split(config_args)
    except ValueError:
        return 'unknown'
    found = flavor_of_flags(args)
    if found == 'plain' and '--enable-shared' not in args:
        return 'unknown'
    return found

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

The same recipe also changes how the interpreter is linked (:func:`build_recipe`; compile-python.sh
applies each change to the Makefile configure wrote, and fails if one cannot be made):

* ``static-interpreter`` (3.8-3.14): ``bin/python3.X`` is linked from libpython's own objects (as a
  build without ``--enable-shared`` links it), and ``lib/libpython3.X.so`` is still built and
  installed for embedders (reticulate). Thread-local state in a ``dlopen``-able library goes
  through ``__tls_get_addr``; in the executable it is a fixed offset, and calls need no PLT. Since
  3.8 extension modules do not link libpython on Linux (bpo-21536), so a process loads one
  runtime. This is what Debian's own python3 is, and what python-build-standalone does (upstream
  in 3.15 as ``--enable-static-libpython-for-interpreter``, python/cpython#133313, which 3.15 and
  later get instead). 2.7 and 3.4-3.7 stay dynamic: their extension modules link libpython, and a
  process would load it a second time.
* ``lto-partitioned`` (3.8-3.13): configure's ``-flto-partition=none`` is dropped, as upstream did
  in 3.14 (gh-132257): the link-time optimization runs in partitions instead of one process.
* ``lto-jobserver`` (3.8 and later): the link recipes are marked recursive (``+``), so GCC's LTO
  (plain ``-flto``) runs its partitions through the make jobserver, in the slots of the one job
  budget every version shares, instead of one thread per CPU on top of it.

BOLT (``python_build_bolt``, off by default: see the README for what it measured) post-link
optimizes 3.13 and later on x86_64 where the platform ships LLVM's BOLT (:func:`bolt_flags`):
``--enable-bolt`` with the platform's versioned ``llvm-bolt-NN`` and ``merge-fdata-NN``, on top of
PGO + LTO. With the interpreter linked statically, BOLT rewrites the executable only
(``bolt-executable``): the training never loads ``libpython3.X.so``, and an instrumented shared
library crashes ``test_embed`` (gh-128473, fixed in 3.14). Packed relative relocations are turned
off for it (gh-141775: BOLT segfaults or miscompiles binaries that have them). 3.13's own BOLT
flags skip the functions with computed gotos that LLVM 19 breaks (gh-128472). 3.12 is left out:
its BOLT recipe differs and no 3.12 source is in reach of this project's tests.

``--disable-test-modules`` breaks PGO training (cpython#89831, #116303, #135734) and is refused
with it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import shlex

PGO = '--enable-optimizations'
LTO = '--with-lto'
# The first series whose PGO training is the short set.
FIRST_PGO_SERIES = (3, 8)
FLAVORS = ('pgo+lto+bolt', 'pgo+lto', 'pgo+bolt', 'pgo', 'lto+bolt', 'lto', 'bolt', 'plain',
           'unknown')
# Upstream's own option for a static interpreter beside the shared library (python/cpython#133313).
STATIC_INTERPRETER_FLAG = '--enable-static-libpython-for-interpreter'
FIRST_UPSTREAM_STATIC_SERIES = (3, 15)
# The first series whose configure no longer links with -flto-partition=none (gh-132257).
FIRST_PARTITIONED_SERIES = (3, 14)
BOLT = '--enable-bolt'
FIRST_BOLT_SERIES = (3, 13)
BOLT_ARCHITECTURES = ('x86_64',)


class FlagsError(ValueError):
    """Flags that cannot be combined; the message names them."""


def optimization_flags(major, minor, optimize):
    """The configure flags ``python_build_optimizations`` gives the series ``major.minor``."""
    if optimize and (major, minor) >= FIRST_PGO_SERIES:
        if (major, minor) >= FIRST_UPSTREAM_STATIC_SERIES:
            return [PGO, LTO, STATIC_INTERPRETER_FLAG]
        return [PGO, LTO]
    return []


def build_recipe(major, minor, optimize, bolt=False):
    """The changes to CPython's generated Makefile ``python_build_optimizations`` gives the
    series ``major.minor`` (see the module's documentation), ``bolt`` when :func:`bolt_flags`
    applies; compile-python.sh gets them as PB_RECIPE and knows each by name."""
    series = (major, minor)
    if not optimize or series < FIRST_PGO_SERIES:
        return []
    recipe = []
    if series < FIRST_UPSTREAM_STATIC_SERIES:
        recipe.append('static-interpreter')
    if series < FIRST_PARTITIONED_SERIES:
        recipe.append('lto-partitioned')
    recipe.append('lto-jobserver')
    if bolt and 'static-interpreter' in recipe:
        recipe.append('bolt-executable')
    return recipe


def check_bolt_tools(tools):
    """The platform's BOLT package and binaries (``{package, llvm_bolt, merge_fdata}``, or empty
    where the platform has none), checked: absolute paths of plain characters."""
    if not tools:
        return {}
    if not isinstance(tools, dict) or sorted(tools) != ['llvm_bolt', 'merge_fdata', 'package']:
        raise FlagsError('the BOLT tools must be {package, llvm_bolt, merge_fdata}, got %r'
                         % (tools,))
    for key in ('llvm_bolt', 'merge_fdata'):
        if not re.match(r'^/[A-Za-z0-9._/+-]+$', str(tools[key])):
            raise FlagsError('the BOLT tool %s must be an absolute path, got %r'
                             % (key, tools[key]))
    if not re.match(r'^[A-Za-z0-9][A-Za-z0-9.+_-]*$', str(tools['package'])):
        raise FlagsError('the BOLT package must be a package name, got %r' % (tools['package'],))
    return dict(tools)


def bolt_applies(major, minor, optimize, bolt, architecture, tools):
    """'' when BOLT applies to the series, else why not (for the run's notes)."""
    if not bolt:
        return 'not asked for'
    if not optimize:
        return 'needs python_build_optimizations'
    if (major, minor) < FIRST_BOLT_SERIES:
        return 'BOLT is applied to 3.13 and later only'
    if architecture not in BOLT_ARCHITECTURES:
        return 'BOLT is applied on %s only, and this host is %s' % (
            ', '.join(BOLT_ARCHITECTURES), architecture)
    if not tools:
        return 'this platform has no BOLT package the collection knows'
    return ''


def bolt_flags(tools):
    """The configure arguments of a BOLT build with the platform's ``tools``."""
    return [BOLT, 'LLVM_BOLT=%s' % tools['llvm_bolt'], 'MERGE_FDATA=%s' % tools['merge_fdata'],
            # gh-141775: BOLT segfaults or miscompiles binaries with packed relative relocations.
            'LDFLAGS=-Wl,-z,nopack-relative-relocs']


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
    """'pgo+lto', 'pgo', 'lto' or 'plain' for a list of configure arguments, with '+bolt' where
    BOLT is on."""
    pgo = last_setting(flags, 'optimizations')
    lto = last_setting(flags, 'lto')
    found = 'pgo+lto' if pgo and lto else 'pgo' if pgo else 'lto' if lto else 'plain'
    if last_setting(flags, 'bolt'):
        return 'bolt' if found == 'plain' else found + '+bolt'
    return found


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

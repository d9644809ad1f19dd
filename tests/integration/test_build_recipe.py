# -*- coding: utf-8 -*-
"""compile-python.sh's recipe changes (PB_RECIPE, chosen by build_flags.build_recipe), run for real
on this host against a stand-in source tree whose configure writes a Makefile shaped like
CPython's: the link rules, the LTO flags and a compile rule. Its commands record whether make
left them its jobserver. The real builds are checked in the platform scenario (PGO)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import textwrap

import pytest
from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds import build_flags
from test_build_scripts import events, job_env, make_source_tarball, run_script

CONFIGURE = textwrap.dedent('''\
    #!/bin/sh
    for a in "$@"; do case $a in --prefix=*) prefix=${a#--prefix=};; esac; done
    printf '%s\\n' "$prefix" > prefix.txt
    cat > Makefile <<'MAKE'
    CONFIGURE_CFLAGS_NODIST= -flto -fuse-linker-plugin -ffat-lto-objects -flto-partition=none -g
    CONFIGURE_LDFLAGS_NODIST= -flto -fuse-linker-plugin -ffat-lto-objects -flto-partition=none -g
    RECORD= "$$FAKE_PYTHON" "$$FAKE_RECORDER"
    LINKCC= $(RECORD) python
    BLDSHARED= $(RECORD) libpython
    CC= $(RECORD) compile
    LIBRARY_OBJS= \\
    \t\tPython/a.o \\
    \t\tPython/b.o
    LINK_PYTHON_OBJS= -L. -lpython3.11
    all: python libpython3.11.so compiled
    python:
    \t$(LINKCC) $(PY_CORE_LDFLAGS) $(LINKFORSHARED) -o $@ Programs/python.o $(LINK_PYTHON_OBJS) -lm
    libpython3.11.so:
    \tif test a != b; then \\
    \t\t$(BLDSHARED) -o $@ $(LIBRARY_OBJS); \\
    \tfi
    compiled:
    \t$(CC) -c Python/a.c
    install:
    \tcp Makefile "$$FAKE_MAKEFILE_COPY"
    \t"$$FAKE_PYTHON" -m venv --without-pip "$$DESTDIR$$(cat prefix.txt)"
    MAKE
    ''')
# Records its role, its arguments and whether it can reach make's jobserver.
RECORDER = textwrap.dedent('''\
    import json, os, sys
    state = 'none'
    for word in os.environ.get('MAKEFLAGS', '').split():
        if word.startswith('--jobserver-auth='):
            auth = word.split('=', 1)[1]
            if auth.startswith('fifo:'):
                state = 'fifo'
            else:
                try:
                    for fd in auth.split(','):
                        os.fstat(int(fd))
                    state = 'open'
                except OSError:
                    state = 'closed'
    with open(os.environ['FAKE_RECORD'], 'a') as f:
        f.write(json.dumps({'role': sys.argv[1], 'jobserver': state, 'argv': sys.argv[2:]}) + '\\n')
    ''')


def build(tmp_path, recipe, configure=CONFIGURE):
    tarball = make_source_tarball(tmp_path / 'src', configure)
    recorder = tmp_path / 'recorder.py'
    recorder.write_text(RECORDER)
    record, makefile = tmp_path / 'record', tmp_path / 'Makefile.installed'
    env = job_env(str(tmp_path))
    proc = run_script('compile-python.sh', env, PB_TARBALL=tarball, PB_JOBS='2', PB_RECIPE=recipe,
                      FAKE_RECORDER=str(recorder), FAKE_RECORD=str(record),
                      FAKE_MAKEFILE_COPY=str(makefile))
    seen = {}
    if record.exists():
        for line in record.read_text().splitlines():
            entry = json.loads(line)
            seen[entry['role']] = entry
    text = makefile.read_text() if makefile.exists() else ''
    return proc, env, seen, text


def test_the_optimized_recipe_links_python_from_the_objects_in_partitions_through_the_jobserver(
        tmp_path):
    proc, env, seen, makefile = build(tmp_path, 'static-interpreter lto-partitioned lto-jobserver')
    assert proc.returncode == 0, proc.stderr + open(env['PB_LOG']).read()
    # python is linked from libpython's objects; the shared library is still linked
    assert seen['python']['argv'][-3:] == ['Python/a.o', 'Python/b.o', '-lm'], seen['python']
    assert '-lpython3.11' not in seen['python']['argv']
    assert seen['libpython']['argv'] == ['-o', 'libpython3.11.so', 'Python/a.o', 'Python/b.o']
    # LTO in partitions, as upstream 3.14
    assert '-flto-partition=none' not in makefile and '-ffat-lto-objects -g' in makefile
    # the link recipes reach the jobserver, a compile does not (make 4.3 closes it for recipes
    # that are not recursive; with make 4.4's fifo every recipe can open it)
    if seen['compile']['jobserver'] != 'fifo':
        assert seen['compile']['jobserver'] == 'closed', seen
        assert seen['python']['jobserver'] == 'open', seen
        assert seen['libpython']['jobserver'] == 'open', seen
    assert '\t+if test a != b; then' in makefile and '\t+$(LINKCC) ' in makefile
    assert '\t$(CC) -c Python/a.c' in makefile
    log = open(env['PB_LOG']).read()
    assert all('== recipe: %s' % c in log for c in ('static-interpreter', 'lto-partitioned',
                                                    'lto-jobserver'))


def test_without_a_recipe_the_makefile_is_configures_own(tmp_path):
    proc, env, seen, makefile = build(tmp_path, '')
    assert proc.returncode == 0, proc.stderr + open(env['PB_LOG']).read()
    assert '-lpython3.11' in seen['python']['argv']
    assert makefile.count('-flto-partition=none') == 2 and '\t+' not in makefile
    if seen['compile']['jobserver'] != 'fifo':
        assert seen['python']['jobserver'] == 'closed', seen


def test_an_unknown_recipe_change_fails_before_make(tmp_path):
    proc, env, seen, _makefile = build(tmp_path, 'static-interpreter bolt-everything')
    assert proc.returncode == 1 and not seen
    assert any('unknown recipe change bolt-everything in PB_RECIPE' in l for l in events(env))
    assert not os.path.exists(env['PB_PREFIX']) and not os.path.exists(env['PB_WORK'])


def test_a_makefile_without_the_known_python_link_rule_fails_the_static_interpreter(tmp_path):
    other = CONFIGURE.replace('-o $@ Programs/python.o $(LINK_PYTHON_OBJS)',
                              '-o $@ $(PYTHON_OBJS) $(LINK_PYTHON_OBJS)')
    proc, env, seen, _makefile = build(tmp_path, 'static-interpreter', configure=other)
    assert proc.returncode == 1 and not seen
    assert any('static-interpreter: this Makefile has no python link rule of the known form' in l
               for l in events(env))
    assert not os.path.exists(env['PB_PREFIX'])


def test_bolt_rewrites_the_executable_only(tmp_path):
    bolt = CONFIGURE.replace('LINK_PYTHON_OBJS= -L. -lpython3.11\n',
                             'LINK_PYTHON_OBJS= -L. -lpython3.11\n'
                             'BOLT_BINARIES := $(BUILDPYTHON) $(INSTSONAME)\n')
    assert bolt != CONFIGURE
    proc, env, _seen, makefile = build(tmp_path, 'static-interpreter bolt-executable',
                                       configure=bolt)
    assert proc.returncode == 0, proc.stderr + open(env['PB_LOG']).read()
    assert 'BOLT_BINARIES := $(BUILDPYTHON)\n' in makefile and '$(INSTSONAME)' not in makefile


def test_bolt_on_a_makefile_without_bolt_fails(tmp_path):
    proc, env, seen, _makefile = build(tmp_path, 'bolt-executable')
    assert proc.returncode == 1 and not seen
    assert any('bolt-executable: this Makefile has no BOLT_BINARIES' in l for l in events(env))


# The newer series (issue 40): the recipe and flags build_flags gives 3.14 and 3.15, run against
# Makefiles shaped like theirs. 3.14 partitions LTO itself and still links python against
# libpython (so the role links it from the objects); 3.15 has upstream's own option for that
# (--enable-static-libpython-for-interpreter, python/cpython#133313), so the role leaves its link
# rule alone. No 3.14 or 3.15 source can be had on this machine (REFERENCE section 14).
SERIES_CONFIGURE = textwrap.dedent('''\
    #!/bin/sh
    printf '%s\\n' "$@" > "$FAKE_CONFIGURE_ARGS"
    for a in "$@"; do case $a in --prefix=*) prefix=${a#--prefix=};; esac; done
    printf '%s\\n' "$prefix" > prefix.txt
    link='-L. -lpython@SERIES@'
    for a in "$@"; do
      [ "$a" = --enable-static-libpython-for-interpreter ] && link='$(LIBRARY_OBJS)'
    done
    cat > Makefile <<MAKE
    CONFIGURE_CFLAGS_NODIST= -flto -fuse-linker-plugin -ffat-lto-objects -g
    RECORD= "\\$\\$FAKE_PYTHON" "\\$\\$FAKE_RECORDER"
    LINKCC= \\$(RECORD) python
    BLDSHARED= \\$(RECORD) libpython
    CC= \\$(RECORD) compile
    LIBRARY_OBJS= Python/a.o Python/b.o
    LINK_PYTHON_OBJS= $link
    BOLT_BINARIES := \\$(BUILDPYTHON) \\$(INSTSONAME)
    all: python libpython@SERIES@.so compiled
    python:
    \t\\$(LINKCC) \\$(PY_CORE_LDFLAGS) \\$(LINKFORSHARED) -o \\$@ Programs/python.o \\$(LINK_PYTHON_OBJS) -lm
    libpython@SERIES@.so:
    \t\\$(BLDSHARED) -o \\$@ \\$(LIBRARY_OBJS)
    compiled:
    \t\\$(CC) -c Python/a.c
    install:
    \tcp Makefile "\\$\\$FAKE_MAKEFILE_COPY"
    \t"\\$\\$FAKE_PYTHON" -m venv --without-pip "\\$\\$DESTDIR\\$\\$(cat prefix.txt)"
    MAKE
    ''')


def build_series(tmp_path, version, bolt):
    major, minor = (int(p) for p in version.split('.')[:2])
    series = '%d.%d' % (major, minor)
    tools = {'package': 'bolt-19', 'llvm_bolt': '/usr/bin/llvm-bolt-19',
             'merge_fdata': '/usr/bin/merge-fdata-19'}
    flags = build_flags.optimization_flags(major, minor, True)
    if bolt:
        flags += build_flags.bolt_flags(tools)
    recipe = build_flags.build_recipe(major, minor, True, bolt)
    tarball = make_source_tarball(tmp_path / 'src', SERIES_CONFIGURE.replace('@SERIES@', series),
                                  version=version)
    recorder = tmp_path / 'recorder.py'
    recorder.write_text(RECORDER)
    record, makefile, args = tmp_path / 'record', tmp_path / 'Makefile.installed', tmp_path / 'args'
    env = job_env(str(tmp_path), version=version)
    proc = run_script('compile-python.sh', env, *flags, PB_TARBALL=tarball, PB_JOBS='2',
                      PB_RECIPE=' '.join(recipe), FAKE_RECORDER=str(recorder),
                      FAKE_RECORD=str(record), FAKE_MAKEFILE_COPY=str(makefile),
                      FAKE_CONFIGURE_ARGS=str(args))
    seen = dict((json.loads(line)['role'], json.loads(line))
                for line in (record.read_text().splitlines() if record.exists() else []))
    return proc, env, recipe, seen, makefile.read_text() if makefile.exists() else '', \
        args.read_text().split() if args.exists() else []


@pytest.mark.parametrize('bolt', [False, True])
def test_the_314_recipe_links_python_from_the_objects_and_leaves_its_lto_alone(tmp_path, bolt):
    proc, env, recipe, seen, makefile, args = build_series(tmp_path, '3.14.6', bolt)
    assert proc.returncode == 0, proc.stderr + open(env['PB_LOG']).read()
    assert recipe == ['static-interpreter', 'lto-jobserver'] + (['bolt-executable'] if bolt else [])
    assert '--enable-optimizations' in args and '--with-lto' in args
    assert '--enable-static-libpython-for-interpreter' not in args  # 3.15's option
    assert seen['python']['argv'][-3:] == ['Python/a.o', 'Python/b.o', '-lm'], seen['python']
    assert '-lpython3.14' not in seen['python']['argv']
    assert 'CONFIGURE_CFLAGS_NODIST= -flto -fuse-linker-plugin -ffat-lto-objects -g' in makefile
    if bolt:
        assert '--enable-bolt' in args
        assert 'BOLT_BINARIES := $(BUILDPYTHON)\n' in makefile and '$(INSTSONAME)' not in makefile
    else:
        assert 'BOLT_BINARIES := $(BUILDPYTHON) $(INSTSONAME)' in makefile


@pytest.mark.parametrize('bolt', [False, True])
def test_the_315_recipe_uses_upstreams_static_interpreter_option(tmp_path, bolt):
    proc, env, recipe, seen, makefile, args = build_series(tmp_path, '3.15.0', bolt)
    assert proc.returncode == 0, proc.stderr + open(env['PB_LOG']).read()
    assert recipe == ['lto-jobserver']
    assert '--enable-static-libpython-for-interpreter' in args
    # upstream's own Makefile links python from the objects; the role did not rewrite the rule
    assert seen['python']['argv'][-3:] == ['Python/a.o', 'Python/b.o', '-lm'], seen['python']
    assert 'LINK_PYTHON_OBJS= $(LIBRARY_OBJS)' in makefile
    log = open(env['PB_LOG']).read()
    assert '== recipe: static-interpreter' not in log and '== recipe: lto-jobserver' in log
    # with BOLT, upstream's BOLT_BINARIES is left as 3.15 has it (its interpreter is static)
    assert 'BOLT_BINARIES := $(BUILDPYTHON) $(INSTSONAME)' in makefile
    assert ('--enable-bolt' in args) is bolt

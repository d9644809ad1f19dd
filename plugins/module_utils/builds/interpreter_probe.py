# -*- coding: utf-8 -*-
# Copyright: (c) 2026, connect_ops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Probe a Python interpreter the way Posit Connect analyses installations at startup.

Standard library only: runs on managed hosts. An installation is usable when the path exists and
is executable (a symlink is fine), runs, reports its version, is at least 2.7.9 / 3.4.0, and has
the required modules (by default pip, setuptools >= 40.8 and virtualenv; newer Connect wants venv).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
import selectors
import subprocess
import time

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_flags import (
    flavor,
)
from ansible_collections.connect_ops.interpreters.plugins.module_utils.process_group import stop_group
from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.python_version import (
    VersionError,
    parse_version,
    sort_versions,
    unsupported_reason,
)

DEFAULT_MODULES = ('pip', 'setuptools', 'virtualenv')
DEFAULT_SETUPTOOLS_MINIMUM = '40.8'
PROBE_TIMEOUT = 60
# At most this much of each output stream of a probed program is kept ...
OUTPUT_LIMIT = 64 * 1024
# ... and at most this much of it is quoted in a message.
EXCERPT_LIMIT = 200
# Once the probed program has exited, how long to keep reading pipes that a child of it holds.
DRAIN_AFTER_EXIT = 1.0
# Module options for the probe (documented in doc_fragments/interpreter_probe.py).
PROBE_ARGUMENT_SPEC = dict(
    required_modules=dict(type='list', elements='str', default=list(DEFAULT_MODULES)),
    setuptools_minimum=dict(type='str', default=DEFAULT_SETUPTOOLS_MINIMUM),
    probe_timeout=dict(type='int', default=PROBE_TIMEOUT),
)


def probe_options(module):
    """The probe keyword arguments from a module's parameters; fails on a bad timeout."""
    p = module.params
    if p['probe_timeout'] < 1:
        module.fail_json(msg='probe_timeout: %r is not a positive number of seconds'
                         % p['probe_timeout'])
    return dict(modules=p['required_modules'], setuptools_minimum=p['setuptools_minimum'],
                timeout=p['probe_timeout'])


def excerpt(data, limit=EXCERPT_LIMIT):
    """The last non-empty line of ``data`` (bytes), at most ``limit`` characters."""
    text = data.decode('utf-8', 'replace').strip()
    line = text.splitlines()[-1].strip() if text else ''
    return line if len(line) <= limit else line[:limit] + '...'


def run_bounded(argv, timeout, limit=OUTPUT_LIMIT, env=None):
    """Run ``argv`` in a session of its own and return ``(returncode, out, err, timed_out)``.

    The deadline covers the whole process group: at ``timeout`` seconds every process of it is
    killed, also children that the program left running with the pipes open. At most ``limit``
    bytes of each stream are kept; the rest is read and dropped.
    """
    # Not AnsibleModule.run_command: it keeps all output in memory and its timeout does not reach
    # the children a probed program leaves behind - the two things this function exists for.
    proc = subprocess.Popen(  # pylint: disable=ansible-bad-function
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        start_new_session=True)
    out_fd, err_fd = proc.stdout.fileno(), proc.stderr.fileno()
    kept = {out_fd: bytearray(), err_fd: bytearray()}
    streams = selectors.DefaultSelector()
    for stream in (proc.stdout, proc.stderr):
        streams.register(stream, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    exited_at = None
    timed_out = False
    try:
        while streams.get_map():
            now = time.monotonic()
            if now >= deadline:
                timed_out = True
                break
            if proc.poll() is not None:
                exited_at = exited_at or now
                if now - exited_at > DRAIN_AFTER_EXIT:
                    break  # a child still holds the pipes: what it writes now is not the answer
            for key, _events in streams.select(min(deadline - now, 0.2)):
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    streams.unregister(key.fileobj)
                    continue
                buf = kept[key.fd]
                if len(buf) < limit:
                    buf += chunk[:limit - len(buf)]
    finally:
        stop_group(proc.pid, grace=10.0)  # the program and anything it left behind
        proc.wait()
        streams.close()
        proc.stdout.close()
        proc.stderr.close()
    return proc.returncode, bytes(kept[out_fd]), bytes(kept[err_fd]), timed_out


# Runs inside the probed interpreter: must work on Python 2.7 and 3.x.
PROBE_SCRIPT = r'''
import json, sys
v = sys.version_info
pre = {"alpha": "a", "beta": "b", "candidate": "rc"}.get(v[3], "")
out = {"version": "%d.%d.%d%s" % (v[0], v[1], v[2], pre and "%s%d" % (pre, v[4])),
       "prefix": sys.prefix, "modules": {}}
try:
    import sysconfig
    out["config_args"] = sysconfig.get_config_var("CONFIG_ARGS")
except Exception:
    out["config_args"] = None
try:
    # "shared": this process runs on libpython3.X.so; "static": the runtime is in the executable
    maps = open("/proc/self/maps").read()
    out["runtime"] = "shared" if "/libpython" in maps else "static"
except Exception:
    out["runtime"] = None
try:
    from importlib.metadata import version as dist_version
except ImportError:
    dist_version = None
try:
    from importlib.util import find_spec
except ImportError:
    find_spec = None


def module_info(name):
    # Distribution metadata first: importing pip and setuptools into one process can clash.
    if dist_version is not None:
        try:
            return dist_version(name)
        except Exception:
            pass
    if find_spec is not None and dist_version is not None:
        return "present" if find_spec(name) is not None else None
    try:
        mod = __import__(name)
    except Exception:
        return None
    return str(getattr(mod, "__version__", "") or "present")


# setuptools before pip: pip's distutils import breaks a later setuptools import.
for name in sorted(sys.argv[1:], key=lambda n: n != "setuptools"):
    out["modules"][name] = module_info(name)
sys.stdout.write("CONNECT_OPS_PROBE " + json.dumps(out) + "\n")
'''


def _release_tuple(text):
    return tuple(int(p) for p in re.findall(r'\d+', text.split('+')[0])[:3])


def probe(path, modules=DEFAULT_MODULES, setuptools_minimum=DEFAULT_SETUPTOOLS_MINIMUM,
          timeout=PROBE_TIMEOUT):
    """Return ``{path, realpath, version, usable, reasons, modules, build, runtime}`` for one
    interpreter; ``build`` is how it was optimized (build_flags.flavor), ``runtime`` whether it
    runs on ``libpython3.X.so`` (``shared``) or carries the runtime itself (``static``; None
    where that cannot be told: no ``/proc``)."""
    result = {'path': path, 'realpath': None, 'version': None, 'usable': False, 'reasons': [],
              'modules': {}, 'build': 'unknown', 'runtime': None}
    reasons = result['reasons']
    if not os.path.isabs(path):
        reasons.append('%s is not an absolute path' % path)
        return result
    if not os.path.exists(path):
        reasons.append('%s does not exist' % path)
        return result
    result['realpath'] = os.path.realpath(path)
    if os.path.isdir(path) or not os.access(path, os.X_OK):
        reasons.append('%s is not an executable file' % path)
        return result
    try:
        returncode, out, err, timed_out = run_bounded(
            [path, '-c', PROBE_SCRIPT] + list(modules), timeout,
            env=dict(os.environ, PYTHONDONTWRITEBYTECODE='1'))
    except OSError as exc:
        reasons.append('%s could not be run: %s' % (path, exc))
        return result
    if timed_out:
        reasons.append('%s did not answer within %d seconds (probe_timeout); it and every '
                       'process it started were stopped' % (path, timeout))
        return result
    marker = [line for line in out.decode('utf-8', 'replace').splitlines()
              if line.startswith('CONNECT_OPS_PROBE ')]
    if returncode != 0 or not marker:
        detail = excerpt(err) or excerpt(out) or 'no output'
        reasons.append('%s is not a working Python interpreter (exit %d: %s)'
                       % (path, returncode, detail))
        return result
    try:
        data = json.loads(marker[-1][len('CONNECT_OPS_PROBE '):])
        version = parse_version(data['version'])
    except (ValueError, KeyError, VersionError) as exc:
        reasons.append('%s reported a version that cannot be understood: %s' % (path, exc))
        return result
    result['version'] = str(version)
    result['modules'] = data.get('modules', {})
    result['build'] = flavor(data.get('config_args'))
    result['runtime'] = data.get('runtime') if data.get('runtime') in ('shared', 'static') else None
    why = unsupported_reason(version)
    if why:
        reasons.append(why)
    for name in modules:
        found = result['modules'].get(name)
        if found is None:
            reasons.append('module %s is missing (install it with %s -m pip install %s)'
                           % (name, path, name))
        elif name == 'setuptools' and setuptools_minimum and found != 'present' and \
                _release_tuple(found) < _release_tuple(setuptools_minimum):
            reasons.append('setuptools %s is older than %s, the minimum Connect supports'
                           % (found, setuptools_minimum))
    result['usable'] = not reasons
    return result


def probe_all(paths, **options):
    """:func:`probe` for each path, all at once (each probe mostly waits on its interpreter's
    start-up and imports), in the order given."""
    paths = list(paths)
    if len(paths) < 2:
        return [probe(path, **options) for path in paths]
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=min(len(paths), 8)) as pool:
        return list(pool.map(lambda path: probe(path, **options), paths))


def discover(root):
    """Executables under ``root``: ``ROOT/VERSION/bin/python3`` (``bin/python`` for 2.x).

    Entries whose name is not a version are skipped. Returns paths sorted by version.
    """
    found = {}
    if not os.path.isdir(root):
        return []
    for entry in os.listdir(root):
        try:
            version = parse_version(entry)
        except VersionError:
            continue
        name = 'python' if version.major == 2 else 'python3'
        found[entry] = os.path.join(root, entry, 'bin', name)
    return [found[v] for v in sort_versions(found)]

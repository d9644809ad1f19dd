# -*- coding: utf-8 -*-
"""The builder's archive published on the controller (python_build's publish-to-controller.yml)
through community.docker's docker connection, by two builders of one platform in turn.

That connection fetches with ``docker cp`` into dest's directory under the *remote* file's name,
then renames the copy to dest (plugins/connection/docker.py, ``fetch_file``). Fetched straight
into the platform's directory under a temporary name, the copy was written over the published
artifact itself: a reader could take a half-written archive, an interrupted fetch left one behind,
and two builders fetching at once raced on one name. Here an inotify watch on the platform's directory records
every event: the published name may only ever arrive by a rename.

  make artifact-store-client
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ctypes
import hashlib
import json
import os
import struct
import subprocess
import sys
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
STEM = 'cpython-3.99.1'

IN_MODIFY, IN_CLOSE_WRITE, IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE = 0x2, 0x8, 0x40, 0x80, 0x100
WATCHED = IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE


class Watch(object):
    """inotify on one directory (not its subdirectories), through libc: (event mask, name)."""

    def __init__(self, path):
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK)
        assert self.fd >= 0, os.strerror(ctypes.get_errno())
        wd = self.libc.inotify_add_watch(self.fd, path.encode(), WATCHED)
        assert wd >= 0, os.strerror(ctypes.get_errno())

    def events(self):
        found = []
        while True:
            try:
                data = os.read(self.fd, 1 << 20)
            except BlockingIOError:
                break
            offset = 0
            while offset < len(data):
                _wd, mask, _cookie, length = struct.unpack_from('iIII', data, offset)
                name = data[offset + 16:offset + 16 + length].rstrip(b'\0').decode()
                found.append((mask, name))
                offset += 16 + length
        return found

    def close(self):
        os.close(self.fd)


PLAYBOOK = '''
- name: Publish each builder's archive on the controller
  hosts: builders
  gather_facts: false
  serial: 1
  tasks:
    - name: Publish
      ansible.builtin.include_role:
        name: connect_ops.interpreters.python_build
        tasks_from: publish-to-controller.yml
      vars:
        python_build_artifact_upload: none
        _python_build_manifest_fields: {version: "3.99.1", built_on: "{{ inventory_hostname }}"}
        _python_build_item:
          version: 3.99.1
          artifact_stem: %(stem)s
          artifact: /var/cache/connect-ops/python-build/artifacts/%(stem)s.tar.zst
          artifact_published: "%(platform)s/%(stem)s.tar.zst"
          artifact_sha256: "%(platform)s/%(stem)s.sha256"
          artifact_manifest: "%(platform)s/%(stem)s.json"
'''


def test_two_builders_publish_by_rename_only_and_leave_nothing_behind(tmp_path):
    platform = tmp_path / 'artifacts' / 'debian-12-x86_64'
    platform.mkdir(parents=True)
    # An artifact published before: it is replaced by a rename, never written into.
    (platform / (STEM + '.tar.zst')).write_bytes(b'the artifact published before')
    names = ['connect-ops-publish-%s-%d' % (uuid.uuid4().hex[:6], n) for n in (1, 2)]
    contents = {}
    try:
        for name in names:
            subprocess.run(['docker', 'run', '-d', '--name', name, 'connect-ops/debian12',
                            'sleep', 'infinity'], check=True, capture_output=True)
            # 8 MB of each builder's own bytes.
            data = os.urandom(1 << 20) * 8 + name.encode()
            contents[hashlib.sha256(data).hexdigest()] = name
            subprocess.run(['docker', 'exec', '-i', name, 'sh', '-c',
                            'mkdir -p /var/cache/connect-ops/python-build/artifacts && cat > '
                            '/var/cache/connect-ops/python-build/artifacts/%s.tar.zst' % STEM],
                           input=data, check=True, capture_output=True)
        inventory = tmp_path / 'hosts.yml'
        inventory.write_text(json.dumps({'builders': {'hosts': dict(
            (name, {'ansible_connection': 'community.docker.docker'}) for name in names)}}))
        playbook = tmp_path / 'publish.yml'
        playbook.write_text(PLAYBOOK % {'stem': STEM, 'platform': str(platform)})
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, 'build', 'collections'),
                   ANSIBLE_NOCOLOR='1')
        watch = Watch(str(platform))
        try:
            proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'),
                                   '-i', str(inventory), str(playbook)],
                                  capture_output=True, text=True, env=env, check=False)
            events = watch.events()
        finally:
            watch.close()
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    finally:
        subprocess.run(['docker', 'rm', '-f'] + names, capture_output=True, check=False)

    published = [(mask, name) for mask, name in events if name == STEM + '.tar.zst']
    # Both builders renamed their copy into place, and nothing else happened to the name.
    assert published and all(mask == IN_MOVED_TO for mask, _name in published), events
    assert len(published) == 2, events
    # What is published is the last builder's whole archive, and the sha256 names it.
    digest = hashlib.sha256((platform / (STEM + '.tar.zst')).read_bytes()).hexdigest()
    assert contents.get(digest) == names[1]
    assert (platform / (STEM + '.sha256')).read_text() == '%s  %s.tar.zst\n' % (digest, STEM)
    assert json.loads((platform / (STEM + '.json')).read_text())['sha256'] == digest
    # No fetch directory or temporary file is left.
    left = sorted(os.listdir(str(platform)))
    assert left == [STEM + '.json', STEM + '.sha256', STEM + '.tar.zst'], left

# -*- coding: utf-8 -*-
"""Processes a test started and must see gone.

A test that looks for its own sleeper with ``pgrep -f 'sleep N'`` must not find another test's (or
another round's, in ``make flake-hunt``, where copies of one test run at once): each sleeper gets
a duration no other process on the host has."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import subprocess
import uuid


def unique_seconds(whole):
    """A ``sleep`` duration of about ``whole`` seconds that names this one process: '61.4821337'."""
    return '%d.%07d' % (whole, uuid.uuid4().int % 10 ** 7)


def still_running(seconds):
    """The processes left on the host whose command line holds ``sleep SECONDS`` (the sleeper and a
    shell that runs it): pgrep's lines, empty when none."""
    found = subprocess.run(['pgrep', '-f', 'sleep %s' % seconds.replace('.', r'\.')],
                           capture_output=True, text=True, check=False)
    return found.stdout.strip()

# -*- coding: utf-8 -*-
"""Concurrency from a record of intervals: lines of ``NAME start|end EPOCH`` (one append each)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def busiest(record):
    """The most intervals open at one moment, and how many intervals there were."""
    starts, events = {}, []
    for line in record.read_text().splitlines():
        name, kind, at = line.split()
        if kind == 'start':
            starts[name] = float(at)
        else:
            events.append((starts.pop(name), 1, name))
            events.append((float(at), -1, name))
    assert not starts, 'intervals that never ended: %s' % starts
    most = now = 0
    for _at, step, _name in sorted(events, key=lambda e: (e[0], e[1])):
        now += step
        most = max(most, now)
    return most, len(events) // 2

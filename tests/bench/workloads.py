"""A fixed, pure-standard-library workload set for comparing interpreters (make bench's run-time
section). Runs under Python 2.7 and 3.x with no third-party package.

  python workloads.py NAME   prints "NAME SECONDS" (the best of three runs of a fixed amount of work)
  python workloads.py        lists the names

Each workload stands for a kind of work Connect's content does: n-body and fannkuch (numeric
loops), objects (attribute access and allocation: trees of small objects), json (API payloads),
regex (parsing and validation), strings (formatting, joining, splitting), generators (iteration
pipelines). The amounts are fixed, so a faster interpreter prints a smaller number.
"""
from __future__ import print_function

import json
import re
import sys
import time


def nbody(n=60000):
    pi = 3.14159265358979323
    days = 365.24
    mass = 4 * pi * pi
    bodies = [
        ([0.0, 0.0, 0.0], [0.0, 0.0, 0.0], mass),
        ([4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01],
         [1.66007664274403694e-03 * days, 7.69901118419740425e-03 * days,
          -6.90460016972063023e-05 * days], 9.54791938424326609e-04 * mass),
        ([8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01],
         [-2.76742510726862411e-03 * days, 4.99852801234917238e-03 * days,
          2.30417297573763929e-05 * days], 2.85885980666130812e-04 * mass),
        ([1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01],
         [2.96460137564761618e-03 * days, 2.37847173959480950e-03 * days,
          -2.96589568540237556e-05 * days], 4.36624404335156298e-05 * mass),
        ([1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01],
         [2.68067772490389322e-03 * days, 1.62824170038242295e-03 * days,
          -9.51592254519715870e-05 * days], 5.15138902046611451e-05 * mass)]
    pairs = [(bodies[i], bodies[j]) for i in range(len(bodies)) for j in range(i + 1, len(bodies))]
    dt = 0.01
    for _round in range(n):
        for ((r1, v1, m1), (r2, v2, m2)) in pairs:
            dx, dy, dz = r1[0] - r2[0], r1[1] - r2[1], r1[2] - r2[2]
            mag = dt * ((dx * dx + dy * dy + dz * dz) ** (-1.5))
            b1, b2 = m1 * mag, m2 * mag
            v1[0] -= dx * b2
            v1[1] -= dy * b2
            v1[2] -= dz * b2
            v2[0] += dx * b1
            v2[1] += dy * b1
            v2[2] += dz * b1
        for (r, v, m) in bodies:
            r[0] += dt * v[0]
            r[1] += dt * v[1]
            r[2] += dt * v[2]
    return bodies[0][0][0]


def fannkuch(n=9):
    count = list(range(1, n + 1))
    perm1 = list(range(n))
    max_flips = checksum = 0
    r = n
    nperm = 0
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        perm = perm1[:]
        flips = 0
        k = perm[0]
        while k:
            perm[:k + 1] = perm[k::-1]
            flips += 1
            k = perm[0]
        max_flips = max(max_flips, flips)
        checksum += flips if nperm % 2 == 0 else -flips
        while True:
            if r == n:
                return max_flips, checksum
            p0 = perm1[0]
            perm1[:r] = perm1[1:r + 1]
            perm1[r] = p0
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        nperm += 1


class Node(object):
    __slots__ = ('left', 'right', 'value')

    def __init__(self, left, right, value):
        self.left, self.right, self.value = left, right, value


def objects(depth=16, rounds=3):
    def make(d):
        return Node(None, None, d) if d == 0 else Node(make(d - 1), make(d - 1), d)

    def check(node):
        return node.value if node.left is None else node.value + check(node.left) - check(
            node.right)
    total = 0
    for _round in range(rounds):
        total += check(make(depth))
    return total


def json_roundtrip(rounds=300):
    doc = {'items': [{'guid': 'g-%d' % i, 'title': u'Item %d \u00e9' % i, 'py_version': '3.11.%d' % (i % 9),
                      'tags': ['a', 'b', 'c'], 'score': i * 1.5, 'ok': i % 2 == 0}
                     for i in range(200)], 'total': 200}
    size = 0
    for _round in range(rounds):
        text = json.dumps(doc, sort_keys=True)
        size += len(json.loads(text)['items'])
    return size


def regex(rounds=120):
    lines = ['2026-11-30T04:%02d:%02d.%03dZ INFO request GET /content/%d/?q=%d from 10.0.%d.%d took %dms'
             % (i % 60, i % 60, i % 1000, i, i * 7, i % 255, i % 250, i % 900) for i in range(2000)]
    pattern = re.compile(r'^(\d{4})-(\d\d)-(\d\d)T[\d:.]+Z (\w+) request (GET|POST) (\S+) from '
                         r'([\d.]+) took (\d+)ms$')
    words = re.compile(r'[a-z]+')
    found = 0
    for _round in range(rounds):
        for line in lines:
            m = pattern.match(line)
            if m and int(m.group(8)) > 100:
                found += len(words.findall(m.group(6)))
    return found


def strings(rounds=60):
    total = 0
    for _round in range(rounds):
        parts = ['%s=%d' % (k, v) for k, v in zip(('key%d' % i for i in range(3000)), range(3000))]
        text = '&'.join(parts)
        pieces = text.split('&')
        total += sum(len(p.upper().replace('KEY', 'k')) for p in pieces)
        total += len(' '.join(p.partition('=')[2].zfill(6) for p in pieces))
    return total


def generators(n=1500000):
    def numbers(limit):
        i = 0
        while i < limit:
            yield i
            i += 1

    def evens(source):
        for value in source:
            if value % 2 == 0:
                yield value

    def squares(source):
        for value in source:
            yield value * value
    return sum(squares(evens(numbers(n))))


WORKLOADS = {'nbody': nbody, 'fannkuch': fannkuch, 'objects': objects, 'json': json_roundtrip,
             'regex': regex, 'strings': strings, 'generators': generators}


def main():
    if len(sys.argv) < 2:
        print(' '.join(sorted(WORKLOADS)))
        return
    name = sys.argv[1]
    best = None
    for _round in range(3):
        start = time.time()
        WORKLOADS[name]()
        took = time.time() - start
        best = took if best is None else min(best, took)
    print('%s %.4f' % (name, best))


if __name__ == '__main__':
    main()

"""Print the messages of the named debug tasks from ansible-playbook's json callback on stdin.

    ANSIBLE_STDOUT_CALLBACK=ansible.builtin.json ansible-playbook ... | python3 show-debug-messages.py "TASK" ...

make demo uses it for report.yml: the default callbacks wrap long lines of a message list.
Exits 1 when the run failed or a task printed nothing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import sys


def main(argv):
    names = argv[1:]
    run = json.load(sys.stdin)
    shown = 0
    for play in run.get('plays', []):
        for task in play.get('tasks', []):
            if task.get('task', {}).get('name') not in names:
                continue
            for result in task.get('hosts', {}).values():
                msg = result.get('msg')
                lines = msg if isinstance(msg, list) else [msg] if msg else []
                for line in lines:
                    print(line)
                shown += len(lines)
    failed = any(s.get('failures') or s.get('unreachable') for s in run.get('stats', {}).values())
    return 1 if failed or not shown else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

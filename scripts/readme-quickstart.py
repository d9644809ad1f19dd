"""The README's quick start, as written: its playbook and its commands, taken from README.md.

    scripts/readme-quickstart.py README.md PROJECT_DIR EXTRA_VARS_FILE until-check|after-check

Writes the quick start's playbook (the YAML block that begins ``# connect.yml``) into PROJECT_DIR
and runs each ``ansible-playbook`` command of its console blocks there, in order, with
``-e @EXTRA_VARS_FILE`` appended (what the test's site differs in: a local source mirror, no
Internet). Each command's output goes to PROJECT_DIR/quickstart-N.log; the first that fails stops
the run (exit 1). The bootstrap command runs twice: the README says a second run changes
nothing. ``until-check`` runs the commands up to the one with ``--check`` (so that the caller can
look that it changed nothing), ``after-check`` the rest. Commands are split with shlex and run
without a shell.
"""

import os
import re
import shlex
import subprocess
import sys


def quick_start(readme):
    with open(readme, encoding='utf-8') as f:
        text = f.read()
    section = text.split('\n## Quick start\n', 1)[1].split('\n## ', 1)[0]
    blocks = [(lang, re.sub(r'(?m)^' + indent, '', body)) for indent, lang, body in
              re.findall(r'(?ms)^( *)```(\w+)\n(.*?)^\1```', section)]
    playbooks = [body for lang, body in blocks if lang == 'yaml' and body.startswith('# connect.yml')]
    commands = [line.strip() for lang, body in blocks if lang == 'console'
                for line in body.splitlines() if line.strip().startswith('ansible-playbook ')]
    if len(playbooks) != 1 or not commands:
        sys.exit('readme-quickstart: the quick start of %s has %d connect.yml block(s) and %d '
                 'command(s); expected one and some' % (readme, len(playbooks), len(commands)))
    return playbooks[0], commands


def main(readme, project, extra, phase):
    playbook, commands = quick_start(readme)
    with open(os.path.join(project, 'connect.yml'), 'w', encoding='utf-8') as f:
        f.write(playbook)
    runs = []
    for command in commands:
        runs.append(command)
        if command.split()[-1].endswith('.bootstrap'):
            runs.append(command)  # "a second run changes nothing"
    checks = [i for i, command in enumerate(runs) if '--check' in command.split()]
    if len(checks) != 1 or phase not in ('until-check', 'after-check'):
        sys.exit('readme-quickstart: expected one --check command and a phase, got %d and %r'
                 % (len(checks), phase))
    for number, command in enumerate(runs, 1):
        if (number - 1 <= checks[0]) != (phase == 'until-check'):
            continue
        argv = shlex.split(command) + ['-e', '@' + extra]
        log = os.path.join(project, 'quickstart-%d.log' % number)
        print('readme-quickstart: %s (%s)' % (command, os.path.basename(log)), flush=True)
        with open(log, 'w', encoding='utf-8') as out:
            code = subprocess.call(argv, cwd=project, stdout=out, stderr=subprocess.STDOUT)
        with open(log, encoding='utf-8') as f:
            output = f.read()
        recap = output.split('PLAY RECAP')[-1]
        if code != 0 or 'failed=0' not in recap or 'unreachable=0' not in recap:
            print(output[-6000:])
            sys.exit('readme-quickstart: "%s" failed (exit %d)' % (command, code))
        if number > 1 and runs[number - 2] == command and 'changed=0' not in recap:
            print(output[-4000:])
            sys.exit('readme-quickstart: a second "%s" changed something' % command)


if __name__ == '__main__':
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])

"""Stand-in for pip's get-pip.py, for ansible-test on machines that cannot reach
ci-files.testing.ansible.com (offline mirrors, TLS-intercepting proxies).

ansible-test runs get-pip.py with pip-install arguments (pip==X, setuptools==Y ...) in a fresh
virtual environment whose environment variables it has reset. This bootstraps pip from the
interpreter's own bundled wheel (ensurepip), points the environment's pip at the OS trust store
(pip otherwise trusts only its own certifi list, which a TLS-intercepting proxy breaks), then
installs the requested packages from the configured package index.
"""
import ensurepip
import os
import subprocess
import sys

BUNDLES = ('/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt',
           '/etc/ssl/ca-bundle.pem')

ensurepip.bootstrap(upgrade=True)
cert = os.environ.get('PIP_CERT') or next((b for b in BUNDLES if os.path.exists(b)), None)
if cert:
    with open(os.path.join(sys.prefix, 'pip.conf'), 'w') as conf:
        conf.write('[global]\ncert = %s\ndisable-pip-version-check = true\n' % cert)
    os.environ['PIP_CERT'] = cert
args = [a for a in sys.argv[1:] if a not in ('--no-setuptools', '--no-wheel')]
sys.exit(subprocess.call([sys.executable, '-m', 'pip', 'install'] + args))

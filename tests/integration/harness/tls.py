"""TLS for test clusters: with DROVE_TEST_TLS=1 (or Cluster(tls=True)) every hop of the cluster is
HTTPS with peer verification: controllers and executors serve with a certificate of a throw-away CA
(scripts/tls/make-certs.sh), verify each other against that CA, and this process's urllib trusts it
(so harness.api and the tests' own urlopen calls verify too) and shows client.crt to a server that
asks for one (requireClientCert). The CA is made once per process; make_certificates() makes
others (a second CA, or a new node certificate from the same CA)."""
import atexit
import os
import shutil
import ssl
import subprocess
import tempfile
import urllib.request

from . import paths

ENABLED = os.environ.get("DROVE_TEST_TLS") == "1"
MAKE_CERTS = os.path.join(paths.SOURCE_DIR, "scripts", "tls", "make-certs.sh")


class Certificates:
    """Files of the throw-away CA and of the one certificate every node of a test cluster serves
    with (its names: localhost and the loopback and namespace addresses the harness uses)."""

    def __init__(self, directory):
        self.directory = directory
        self.ca = os.path.join(directory, "ca.crt")
        self.cert = os.path.join(directory, "node.crt")
        self.key = os.path.join(directory, "node.key")
        self.client_cert = os.path.join(directory, "client.crt")
        self.client_key = os.path.join(directory, "client.key")

    def section(self, **extra):
        """The daemons' `tls:` config section."""
        return dict({"certFile": self.cert, "keyFile": self.key, "caFile": self.ca}, **extra)


# What node.crt names besides node and localhost: the executors' loopback addresses and the
# hosts' addresses (harness/hosts.py).
NODE_NAMES = (["node"] + ["127.0.0.%d" % i for i in range(1, 11)] +
              ["10.213.%d.%d" % (n, h) for n in range(0, 9) for h in (1, 2, 5)])


def make_certificates(directory, names=NODE_NAMES):
    """scripts/tls/make-certs.sh into `directory`: it keeps a CA (ca.crt and ca.key) found there and
    makes a new one otherwise, and issues node.crt/node.key (and client.*) where missing."""
    subprocess.run(["bash", MAKE_CERTS, directory] + list(names), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return Certificates(directory)


_certificates = None


def certificates():
    """The process's certificates, made on first use; urllib trusts their CA from then on and
    presents client.crt when a server asks for a client certificate."""
    global _certificates
    if _certificates is None:
        directory = tempfile.mkdtemp(prefix="drove-tls-")
        os.chmod(directory, 0o755)  # nginx workers run unprivileged and read ca.crt (keys stay 0600)
        atexit.register(shutil.rmtree, directory, True)
        _certificates = make_certificates(directory)
        context = ssl.create_default_context(cafile=_certificates.ca)
        context.load_cert_chain(_certificates.client_cert, _certificates.client_key)
        urllib.request.install_opener(
            urllib.request.build_opener(urllib.request.HTTPSHandler(context=context)))
    return _certificates


def scheme(tls):
    return "https" if tls else "http"

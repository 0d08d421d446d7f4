"""TLS as an operator meets it, on a real HTTPS controller and executors (no containers): a peer
with a wrong CA or calling a name the certificate does not carry is refused in one clear line (the
executor's log, the CLI's stderr) and registers once its caFile is fixed; `insecure: true` gets
through and warns once; mutual TLS admits an executor showing its certificate and refuses a
client without one at the handshake; SIGHUP serves a new certificate to new connections while an
open keep-alive connection goes on answering."""
import base64
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import unittest

from harness import ClusterTestCase, paths
from harness import tls as harness_tls
from harness.api import wait_for

# The start of every line the daemons log ("2026-12-06T09:57:21.123Z WARN executor msg=..."), or
# the harness's start marker.
LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z [A-Z]+ |==== )")
INSECURE_WARNING = "TLS peer verification is off (insecure)"
RELOADED = "SIGHUP: TLS certificate reloaded"
BASIC_ADMIN = "Basic " + base64.b64encode(b"admin:admin").decode()
PING_REQUEST = (b"GET /apis/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: %s\r\n\r\n"
                % BASIC_ADMIN.encode())


def log_lines(path):
    with open(path, errors="replace") as f:
        return f.read().splitlines()


def drove(workdir, endpoint, *args, ca_file=None):
    """Runs the CLI as admin against `endpoint` (HOME in `workdir`, so no user config is read);
    returns (exit code, stdout, stderr)."""
    cmd = [paths.CLI_BIN, "-e", endpoint, "-u", "admin", "-p", "admin"]
    if ca_file:
        cmd += ["--ca-file", ca_file]
    done = subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, HOME=workdir))
    return done.returncode, done.stdout, done.stderr


def served_certificate(host, port, context):
    """The DER certificate a new TLS connection to host:port is served (verified by `context`)."""
    with socket.create_connection((host, port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname=host) as tls:
            return tls.getpeercert(binary_form=True)


def ping_status(connection):
    """GET /apis/v1/ping on an open http.client connection; the status (the body is read, so the
    connection stays usable)."""
    connection.request("GET", "/apis/v1/ping", headers={"Authorization": BASIC_ADMIN})
    response = connection.getresponse()
    response.read()
    return response.status


class TlsClusterTestCase(ClusterTestCase):
    """A shared cluster whose work dir, made first, also holds the class's certificate files (so
    they stay with the logs when a test fails). Subclasses define options(cls, workdir), the
    Cluster arguments (tls=True and the work dir are added)."""
    CLUSTER_PER_CLASS = True

    @classmethod
    def options(cls, workdir):
        raise NotImplementedError

    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="drove-it-")
        try:
            cls.CLUSTER_OPTIONS = dict(cls.options(cls.workdir), tls=True, workdir=cls.workdir)
        except BaseException:
            shutil.rmtree(cls.workdir, ignore_errors=True)
            raise
        super().setUpClass()

    def assert_one_line(self, text, *parts):
        """`text` (a stderr) is exactly one line and holds every one of `parts`."""
        lines = text.rstrip("\n").split("\n")
        self.assertEqual(1, len(lines), "one line expected, got:\n%s" % text)
        for part in parts:
            self.assertIn(part, lines[0])


class RefusedPeersTest(TlsClusterTestCase):
    """An HTTPS controller bound on every address (0.0.0.0); executor 0 trusts the harness's CA,
    executor 1 another CA, executor 2 that other CA with `insecure: true`."""
    GOOD, WRONG_CA, INSECURE = 0, 1, 2

    @classmethod
    def options(cls, workdir):
        cls.other = harness_tls.make_certificates(os.path.join(workdir, "other-ca"))
        # Executor 1's own copy of caFile: a test replaces it with the right CA.
        cls.wrong_ca_file = os.path.join(workdir, "executor-1-ca.crt")
        shutil.copy(cls.other.ca, cls.wrong_ca_file)
        return {"executors": 3, "start": False,
                "controller_config": {"server": {"host": "0.0.0.0"}},
                "executor_configs": [{}, {"tls": {"caFile": cls.wrong_ca_file}},
                                     {"tls": {"caFile": cls.other.ca, "insecure": True}}]}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cluster = cls.shared_cluster
        try:
            cluster.start_controller()
            cluster.start_executor(cls.GOOD)
            cluster.start_executor(cls.INSECURE)
            cluster.start_executor(cls.WRONG_CA, wait=False)
        except BaseException:
            cluster.failed = True
            cluster.print_logs()
            cls.tearDownClass()
            raise

    @property
    def port(self):
        return self.cluster.controller_ports[0]

    def registered(self, index):
        ex = self.cluster.executor(index)
        return [e for e in self.cluster.registered_executors()
                if (e.get("hostname"), e.get("port")) == (ex.hostname, ex.port)]

    def test_an_executor_with_a_wrong_ca_is_refused_in_one_log_line_until_its_ca_file_is_fixed(self):
        ex = self.cluster.executor(self.WRONG_CA)
        reason = "TLS: certificate of 127.0.0.1:%d not trusted" % self.port

        def refusals():
            lines = log_lines(ex.log_path)
            found = [(i, line) for i, line in enumerate(lines) if "not trusted" in line]
            return (lines, found) if len(found) >= 2 else None

        lines, found = wait_for(refusals, 30, "two refusals of the controller in %s" % ex.log_path)
        for i, line in found:
            self.assertRegex(line, LOG_LINE)
            self.assertEqual(1, line.count(reason), line)
            self.assertIn("(caFile %s)" % self.wrong_ca_file, line)
            if i + 1 < len(lines):
                self.assertRegex(lines[i + 1], LOG_LINE, "the refusal continues on the next line")
        self.assertIsNone(ex.exit_code_if_dead(), "the executor keeps trying")
        self.assertEqual([], self.registered(self.WRONG_CA), "refused, yet registered")

        # The client notices the changed caFile by itself at its next connection.
        fixed = self.wrong_ca_file + ".new"
        shutil.copy(harness_tls.certificates().ca, fixed)
        os.replace(fixed, self.wrong_ca_file)
        summary = self.cluster.wait_executor_registered(self.WRONG_CA, timeout=30)
        self.assertEqual("HTTPS", summary.get("transportType"), summary)

    def test_the_cli_refuses_a_wrong_ca_in_one_line_and_lists_https_executors_with_the_right_one(self):
        endpoint = "https://127.0.0.1:%d" % self.port
        code, out, err = drove(self.workdir, endpoint, "executor", "list", ca_file=self.other.ca)
        self.assertNotEqual(0, code, out)
        self.assert_one_line(err, "TLS: certificate of 127.0.0.1:%d not trusted" % self.port,
                             "(caFile %s)" % self.other.ca)
        self.assertEqual("", out)

        good = self.cluster.executor(self.GOOD)
        code, out, err = drove(self.workdir, endpoint, "--json", "executor", "list",
                               ca_file=harness_tls.certificates().ca)
        self.assertEqual(0, code, err)
        listed = [e for e in json.loads(out)
                  if (e.get("hostname"), e.get("port")) == (good.hostname, good.port)]
        self.assertEqual(1, len(listed), out)
        self.assertEqual("HTTPS", listed[0]["transportType"])
        code, out, err = drove(self.workdir, endpoint, "executor", "list",
                               ca_file=harness_tls.certificates().ca)
        self.assertEqual(0, code, err)
        rows = [row for row in out.splitlines() if good.executor_id in row]
        self.assertEqual(1, len(rows), out)
        self.assertIn("HTTPS", rows[0].split())
        self.assertEqual("HTTPS", self.registered(self.GOOD)[0]["transportType"])

    def test_a_client_calling_a_name_the_certificate_does_not_carry_is_refused_in_one_line(self):
        ca = harness_tls.certificates().ca
        # The certificate names 127.0.0.1 to 127.0.0.10: .10 answers, .11 is refused.
        code, out, err = drove(self.workdir, "https://127.0.0.10:%d" % self.port, "cluster", "ping",
                               ca_file=ca)
        self.assertEqual(0, code, err)
        code, out, err = drove(self.workdir, "https://127.0.0.11:%d" % self.port, "cluster", "ping",
                               ca_file=ca)
        self.assertNotEqual(0, code, out)
        self.assert_one_line(err, "TLS: certificate of 127.0.0.11:%d does not match" % self.port,
                             "'127.0.0.11'")
        # A host name resolving to this machine that the certificate does not name.
        name = socket.gethostname()
        if name in ("localhost", "node") or _ipv4_of(name) is None:
            return
        code, out, err = drove(self.workdir, "https://%s:%d" % (name, self.port), "cluster", "ping",
                               ca_file=ca)
        self.assertNotEqual(0, code, out)
        self.assert_one_line(err, "TLS: certificate of %s:%d does not match host name '%s'"
                             % (name, self.port, name))

    def test_an_insecure_executor_with_a_wrong_ca_registers_and_warns_once(self):
        ex = self.cluster.executor(self.INSECURE)
        self.assertEqual(1, len(self.registered(self.INSECURE)))
        path = "/cluster/executors/%s" % ex.executor_id
        # Two more snapshots delivered (new connections): the warning is not repeated.
        seen = {self.api.data(path)["updated"]}

        def two_more_snapshots():
            seen.add(self.api.data(path)["updated"])
            return len(seen) >= 3

        wait_for(two_more_snapshots, 30, "two more snapshots of %s" % ex.name)
        warnings = [line for line in log_lines(ex.log_path) if INSECURE_WARNING in line]
        self.assertEqual(1, len(warnings), "\n".join(warnings))
        self.assertRegex(warnings[0], LOG_LINE)
        self.assertIn(" WARN ", warnings[0])


def _ipv4_of(name):
    try:
        return socket.gethostbyname(name)
    except OSError:
        return None


class MutualTlsTest(TlsClusterTestCase):
    """The controller requires client certificates from the harness's CA."""

    @classmethod
    def options(cls, workdir):
        return {"executors": 1, "controller_config": {"tls": {"requireClientCert": True}}}

    def test_an_executor_showing_its_certificate_registers(self):
        ex = self.cluster.executor(0)
        summary = self.cluster.wait_executor_registered(0)
        self.assertEqual("HTTPS", summary.get("transportType"), summary)
        self.assertEqual([], [line for line in log_lines(ex.log_path) if "TLS:" in line])

    def refusal_without_certificate(self, request=None):
        """The error (SSLError, or a reset) of a client without a certificate that sends
        `request` (None: nothing) after its handshake and reads; fails if it is answered."""
        host, port = "127.0.0.1", self.cluster.controller_ports[0]
        context = ssl.create_default_context(cafile=harness_tls.certificates().ca)
        with self.assertRaises((ssl.SSLError, ConnectionResetError)) as caught:
            with socket.create_connection((host, port), timeout=5) as raw:
                with context.wrap_socket(raw, server_hostname=host) as tls:
                    # TLS 1.3: the server checks the client's certificate after the client's
                    # Finished, so its verdict comes with the first read.
                    if request is not None:
                        tls.sendall(request)
                    self.fail("answered without a client certificate: %r" % tls.recv(4096))
        return caught.exception

    def test_a_client_without_a_certificate_is_refused_at_the_handshake(self):
        refusal = self.refusal_without_certificate()
        self.assertEqual("TLSV13_ALERT_CERTIFICATE_REQUIRED", getattr(refusal, "reason", None),
                         repr(refusal))
        # An HTTP request right after the handshake is not answered either.
        self.refusal_without_certificate(PING_REQUEST)
        log = self.cluster.controller.log_path
        wait_for(lambda: any("TLS handshake failed" in line and "peer did not return a "
                             "certificate" in line for line in log_lines(log)), 5,
                 "the refused handshake in %s" % log)

        # The CLI has no client certificate. It says so in one line: mostly the server's alert
        # ("the peer requires a client certificate"), else its own guess after a reset ("no
        # client certificate was offered; ..."): see the expected failure below.
        code, out, err = drove(self.workdir, self.cluster.controller_url, "cluster", "ping",
                               ca_file=harness_tls.certificates().ca)
        self.assertNotEqual(0, code, out)
        self.assert_one_line(err, "TLS: ", "client certificate")
        self.assertEqual(200, self.api.ping()[0], "the harness shows client.crt and is let in")

    def test_a_client_that_sends_its_request_at_once_reads_why_it_was_refused(self):
        # Every HTTP client writes its request right after its handshake: the alert with the reason
        # must still reach it (the server reads what is queued before it closes, so no reset).
        for _ in range(10):
            refusal = self.refusal_without_certificate(PING_REQUEST)
            self.assertEqual("TLSV13_ALERT_CERTIFICATE_REQUIRED", getattr(refusal, "reason", None),
                             repr(refusal))


class CertificateReloadTest(TlsClusterTestCase):
    """The controller serves copies of the harness's certificate files, which the test replaces."""

    @classmethod
    def options(cls, workdir):
        directory = os.path.join(workdir, "tls")
        os.makedirs(directory)
        for name in ("ca.crt", "ca.key", "node.crt", "node.key"):
            shutil.copy(os.path.join(harness_tls.certificates().directory, name), directory)
        cls.certs = harness_tls.Certificates(directory)
        return {"executors": 0, "controller_config": {"tls": cls.certs.section()}}

    def test_sighup_serves_a_new_certificate_to_new_connections_and_keeps_open_ones(self):
        controller = self.cluster.controller
        host, port = "127.0.0.1", self.cluster.controller_ports[0]
        context = ssl.create_default_context(cafile=self.certs.ca)
        old = served_certificate(host, port, context)
        kept = http.client.HTTPSConnection(host, port, context=context, timeout=10)
        self.addCleanup(kept.close)
        self.assertEqual(200, ping_status(kept))
        kept_socket = kept.sock
        self.assertEqual(old, kept_socket.getpeercert(binary_form=True))

        # A new key and certificate for the same names from the same CA (make-certs.sh issues
        # what is missing and keeps the CA).
        os.remove(self.certs.cert)
        os.remove(self.certs.key)
        harness_tls.make_certificates(self.certs.directory)
        with open(self.certs.cert) as f:
            new = ssl.PEM_cert_to_DER_cert(f.read())
        self.assertNotEqual(old, new)

        os.kill(controller.pid, signal.SIGHUP)
        wait_for(lambda: served_certificate(host, port, context) == new, 10,
                 "a new connection served the new certificate")
        wait_for(lambda: any(RELOADED in line for line in log_lines(controller.log_path)), 5,
                 "%r in %s" % (RELOADED, controller.log_path))

        self.assertEqual(200, ping_status(kept), "the connection opened before the reload")
        self.assertIs(kept_socket, kept.sock, "answered on the same connection, not a new one")
        self.assertEqual(old, kept.sock.getpeercert(binary_form=True))
        self.assertIsNone(controller.exit_code_if_dead())
        self.assertEqual(200, self.api.ping()[0])

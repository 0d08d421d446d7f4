"""`--check` on drove-controller, drove-executor and drove-epoch, as a deployment tool runs it
before it installs a config: the repo's templates, rendered as scripts/demo.sh renders them, pass
with one line `<binary>: <file>: OK` while their ports are held by this test (nothing is bound, no
store file is made, the ZooKeeper and engine named are never contacted); broken files fail with
exit 1 and one stderr line naming the file and the field, the line start-up prints for the same
file. No cluster is started: every check is one short-lived process."""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

from harness import paths
from harness.tls import make_certificates

RENDER = os.path.join(paths.SOURCE_DIR, "scripts", "render_template.py")
TEMPLATES = os.path.join(paths.SOURCE_DIR, "templates")
EPOCH_BIN = os.path.join(paths.BUILD_DIR, "orchestrator", "drove-epoch")
# A check reads files and exits; waiting on a port or a ZooKeeper session would take seconds.
CHECK_SECONDS = 2.0
SECRETS = {"controller_secret": "DefaultControllerSecret",
           "executor_secret": "DefaultExecutorSecret"}
DEMO_USERS = ("[{username: admin, password: admin, role: EXTERNAL_READ_WRITE, encoding: PLAIN}, "
              "{username: guest, password: guest, role: EXTERNAL_READ_ONLY, encoding: PLAIN}]")


def held_socket():
    """A listening socket on a free loopback port, held for the whole test: a daemon that bound its
    configured port would fail, one that connected to it would show up in accept()."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    s.setblocking(False)
    return s


def was_contacted(s):
    try:
        conn, _ = s.accept()
    except BlockingIOError:
        return False
    conn.close()
    return True


class Daemon:
    """One template and the binary that reads it; values() are demo.sh's, on test-held ports."""

    def __init__(self, name, binary, template, store_file=None):
        self.name, self.binary, self.template, self.store_file = name, binary, template, store_file

    def values(self, workdir, port, zk_port, tls):
        urls = '["http://127.0.0.1:%d"]' % port
        if self.template == "controller.yml":
            return dict(SECRETS, users=DEMO_USERS, controller_host="127.0.0.1",
                        controller_port=str(port),
                        store_path=os.path.join(workdir, self.store_file),
                        instance_secret="DEFAULT_SECRET", log_level="INFO", tls=tls)
        if self.template == "controller-ha.yml":
            return dict(SECRETS, users=DEMO_USERS, controller_host="127.0.0.1",
                        controller_port=str(port), zookeeper_connection="127.0.0.1:%d" % zk_port,
                        zookeeper_session_timeout="4s", instance_secret="DEFAULT_SECRET",
                        log_level="INFO", tls=tls)
        if self.template == "executor.yml":
            return dict(SECRETS, executor_host="127.0.0.1", executor_port=str(port),
                        executor_hostname="127.0.0.1", controller_urls=urls,
                        engine_socket=os.path.join(workdir, "no-engine.sock"),
                        log_dir=os.path.join(workdir, "executor-logs"), cpu_multiplier="8",
                        memory_multiplier="1", log_level="INFO", tls=tls)
        return dict(epoch_host="127.0.0.1", epoch_port=str(port),
                    store_path=os.path.join(workdir, self.store_file), controller_urls=urls,
                    drove_user="admin", drove_password="admin", app_name="EPOCH",
                    admin_password="admin", guest_password="guest", log_level="INFO", tls=tls)


DAEMONS = [
    Daemon("drove-controller", paths.CONTROLLER_BIN, "controller.yml", "controller.db"),
    Daemon("drove-controller", paths.CONTROLLER_BIN, "controller-ha.yml"),
    Daemon("drove-executor", paths.EXECUTOR_BIN, "executor.yml"),
    Daemon("drove-epoch", EPOCH_BIN, "epoch.yml", "epoch.db"),
]

# Per template: (the text to replace, what replaces it, the field the message must name). Each
# breaks one rule, so start-up reports exactly one line.
UNKNOWN_ENUM = {
    "controller.yml": ("logLevel: INFO", "logLevel: LOUD", "logLevel"),
    "controller-ha.yml": ("failureStrategy: STOP", "failureStrategy: RETRY",
                          "options.defaultOpSpec.failureStrategy"),
    "executor.yml": ("logLevel: INFO", "logLevel: LOUD", "logLevel"),
    "epoch.yml": ("level: INFO", "level: LOUD", "logging.level"),
}
MISSING_REQUIRED = {
    "controller.yml": ("{nodeType: CONTROLLER, ", "{", "clusterAuth.secrets[0].nodeType"),
    "controller-ha.yml": ('connectionString: "', '# connectionString: "',
                          "zookeeper.connectionString"),
    "executor.yml": ("controllers: [", "controllers: [] #", "controllers"),
    "epoch.yml": ("endpoints: [", "# endpoints: [", "drove.endpoints"),
}


class ConfigCheckTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        for daemon in DAEMONS:
            if not os.access(daemon.binary, os.X_OK):
                raise AssertionError("%s not built: %s" % (daemon.name, daemon.binary))
        cls.tls_dir = tempfile.mkdtemp(prefix="drove-check-tls-")
        cls.certs = make_certificates(cls.tls_dir, ["node"])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tls_dir, ignore_errors=True)

    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="drove-check-")
        self.addCleanup(shutil.rmtree, self.workdir, True)
        self.port, self.zk = held_socket(), held_socket()
        self.addCleanup(self.port.close)
        self.addCleanup(self.zk.close)

    def render(self, daemon, tls="{}", change=None):
        path = os.path.join(self.workdir, daemon.template)
        values = daemon.values(self.workdir, self.port.getsockname()[1],
                               self.zk.getsockname()[1], tls)
        subprocess.run([sys.executable, RENDER, os.path.join(TEMPLATES, daemon.template), path] +
                       ["%s=%s" % item for item in values.items()], check=True)
        if change:
            with open(path) as f:
                text = f.read()
            self.assertIn(change[0], text, "%s no longer has %r" % (daemon.template, change[0]))
            with open(path, "w") as f:
                f.write(text.replace(change[0], change[1], 1))
        return path

    def run_daemon(self, daemon, path, *flags):
        started = time.monotonic()
        done = subprocess.run([daemon.binary, "--config", path] + list(flags), capture_output=True,
                              text=True, timeout=30)
        return done, time.monotonic() - started

    def assert_ok(self, daemon, path):
        done, seconds = self.run_daemon(daemon, path, "--check")
        self.assertEqual((0, "%s: %s: OK\n" % (daemon.name, path), ""),
                         (done.returncode, done.stdout, done.stderr), daemon.template)
        self.assertLess(seconds, CHECK_SECONDS, daemon.template)
        self.assertFalse(was_contacted(self.port), "%s: its own port" % daemon.template)
        self.assertFalse(was_contacted(self.zk), "%s: ZooKeeper" % daemon.template)
        if daemon.store_file:
            self.assertFalse(os.path.exists(os.path.join(self.workdir, daemon.store_file)),
                             "%s: the store was opened" % daemon.template)

    def assert_fails(self, daemon, path, *expected, same_as_start_up=True):
        """Exit 1 and one stderr line naming the file and each of `expected`; with
        same_as_start_up, start-up refuses the file with that same line (before it opens
        anything; where start-up would open its store first, it is not run)."""
        done, seconds = self.run_daemon(daemon, path, "--check")
        self.assertEqual(1, done.returncode, done.stderr)
        self.assertEqual("", done.stdout)
        lines = done.stderr.splitlines()
        self.assertEqual(1, len(lines), done.stderr)
        self.assertIn(path, lines[0])
        for text in expected:
            self.assertIn(text, lines[0])
        self.assertLess(seconds, CHECK_SECONDS)
        if same_as_start_up:
            started, _ = self.run_daemon(daemon, path)
            self.assertEqual((2, done.stderr), (started.returncode, started.stderr))
        return lines[0]

    def test_templates_pass_with_one_ok_line_while_their_ports_are_taken(self):
        for daemon in DAEMONS:
            with self.subTest(daemon.template):
                self.assert_ok(daemon, self.render(daemon))

    def test_templates_over_tls_pass_with_their_certificate_and_key_loaded(self):
        tls = "{certFile: %s, keyFile: %s, caFile: %s}" % (self.certs.cert, self.certs.key,
                                                           self.certs.ca)
        for daemon in DAEMONS:
            with self.subTest(daemon.template):
                self.assert_ok(daemon, self.render(daemon, tls))

    def test_a_key_that_does_not_match_the_certificate_fails_as_serving_would(self):
        # Both files are readable, so only loading them (as start-up does before it listens)
        # finds this; start-up itself would open the store first, so it is not run here.
        tls = "{certFile: %s, keyFile: %s}" % (self.certs.cert, self.certs.client_key)
        for daemon in DAEMONS:
            with self.subTest(daemon.template):
                line = self.assert_fails(daemon, self.render(daemon, tls), "cannot serve HTTPS",
                                         self.certs.client_key, same_as_start_up=False)
                self.assertRegex(line, "mismatch|does not match")  # OpenSSL's words or ours

    def test_bad_yaml_fails_naming_the_file_and_the_line(self):
        for daemon in DAEMONS:
            with self.subTest(daemon.template):
                path = self.render(daemon, change=("\ntls: ", "\ntls: [unclosed\nx: "))
                line = self.assert_fails(daemon, path)
                self.assertRegex(line, "^" + re.escape(path) + r":\d+:\d+: ")  # file:line:column

    def assert_each_change_fails_naming_its_field(self, changes):
        """changes: template -> (text, its replacement, the field the failure must name)."""
        for daemon in DAEMONS:
            with self.subTest(daemon.template):
                old, new, field = changes[daemon.template]
                self.assert_fails(daemon, self.render(daemon, change=(old, new)), field + ":")

    def test_an_unknown_enum_value_fails_naming_the_field(self):
        self.assert_each_change_fails_naming_its_field(UNKNOWN_ENUM)

    def test_a_missing_required_field_fails_naming_it(self):
        self.assert_each_change_fails_naming_its_field(MISSING_REQUIRED)

    def test_a_certificate_path_that_does_not_exist_fails_naming_tls_cert_file(self):
        missing = os.path.join(self.workdir, "no-such-dir", "node.crt")
        tls = "{certFile: %s, keyFile: %s}" % (missing, self.certs.key)
        for daemon in DAEMONS:
            with self.subTest(daemon.template):
                self.assert_fails(daemon, self.render(daemon, tls), "tls.certFile:", missing)

    def test_an_audit_file_is_checked_where_start_up_opens_it_and_never_created(self):
        for daemon in DAEMONS:
            if daemon.name == "drove-executor":
                continue  # the executor keeps no audit trail
            with self.subTest(daemon.template):
                audit = os.path.join(self.workdir, "audit.log")
                path = self.render(daemon, change=("\ntls: ", "\naudit: {file: %s}\ntls: " % audit))
                self.assert_ok(daemon, path)
                self.assertFalse(os.path.exists(audit))
                missing = os.path.join(self.workdir, "no-such-dir", "audit.log")
                path = self.render(daemon,
                                   change=("\ntls: ", "\naudit: {file: %s}\ntls: " % missing))
                self.assert_fails(daemon, path, "audit.file: cannot open " + missing,
                                  same_as_start_up=False)


if __name__ == "__main__":
    unittest.main()

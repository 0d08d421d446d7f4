"""logging RSYSLOG: the executor forwards each line of a container's output to the syslog server."""
import socket
import threading
import unittest

from harness import ClusterTestCase, specs
from harness.api import wait_for


class UdpSyslogServer:
    """Collects the datagrams sent to a UDP port on 127.0.0.1."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.lines = []
        self.stopping = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stopping:
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            self.lines.append(data.decode(errors="replace"))

    def stop(self):
        self.stopping = True
        self.thread.join()
        self.sock.close()


class SyslogLoggingTest(ClusterTestCase):
    def test_instance_output_reaches_the_syslog_server_with_the_spec_tag(self):
        server = UdpSyslogServer()
        self.addCleanup(server.stop)
        logging = {"type": "RSYSLOG", "server": "127.0.0.1:%d" % server.port,
                   "tagPrefix": "drove-", "tagSuffix": "-it"}
        spec = specs.app_spec(name="SYSLOG_APP", env={"TICK": "1"}, logging=logging)
        app_id = specs.app_id(spec)
        self.assertEqual(200, self.api.create_app(spec, instances=1)[0])
        self.api.wait_healthy(app_id, 1, timeout=60)
        tag = " drove-%s-it: " % app_id
        wait_for(lambda: any(tag + "http-server: starting" in line for line in server.lines), 20,
                 "the start line at the syslog server")
        wait_for(lambda: any(tag in line and "tick" in line for line in server.lines), 20,
                 "tick lines at the syslog server")
        for line in list(server.lines):
            self.assertTrue(line.startswith("<14>"), line)
            self.assertNotIn("\n", line.rstrip("\n"), "one line per datagram")


if __name__ == "__main__":
    unittest.main()

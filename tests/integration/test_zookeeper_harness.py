"""The ZooKeeper tooling the HA tests stand on: a 3-node ensemble that survives a leader kill and
stops serving without quorum, and the pure-Python ZkClient reading back what zkCli.sh wrote.

Needs the Debian `zookeeper` package and a JRE (skipped without them); no Drove binaries."""
import os
import subprocess
import time
import unittest

from harness.api import wait_for
from harness.zookeeper import SCRIPT, ZKCLI, Ensemble, NoNodeError, ZkClient, server_mode


def _zookeeper_missing():
    if not os.path.exists("/usr/share/java/zookeeper.jar"):
        return "/usr/share/java/zookeeper.jar missing (apt-get install zookeeper)"
    if not os.path.exists(ZKCLI):
        return "%s missing" % ZKCLI
    if subprocess.run(["sh", "-c", "command -v java"], stdout=subprocess.DEVNULL).returncode:
        return "java missing"
    return None


@unittest.skipIf(_zookeeper_missing(), _zookeeper_missing() or "")
class ZookeeperHarnessTest(unittest.TestCase):
    def setUp(self):
        self.zk = Ensemble(size=3, tick_ms=500)
        self.addCleanup(self.zk.stop)

    def run(self, result=None):
        """Keeps the ensemble's work dir (logs) when the test failed, like ClusterTestCase."""
        before = len(result.failures) + len(result.errors) if result else 0
        result = super().run(result)
        zk = getattr(self, "zk", None)
        if zk is not None and result is not None:
            if len(result.failures) + len(result.errors) > before:
                zk.failed = True
                zk.print_logs()
            zk.cleanup_dir()
        return result

    def test_client_reads_and_ensemble_survives_leader_kill_but_not_quorum_loss(self):
        zk = self.zk
        self.assertEqual(3, len(zk.serving_nodes()))
        self.assertEqual(1, sum(1 for i in range(3) if zk.mode(i) == "leader"))

        # Written once with zkCli.sh (one JVM start for all of it), read back with ZkClient.
        zk.zkcli("create /drove ''", "create /drove/apps root", "create /drove/apps/A-1 alpha",
                 "create /drove/apps/B-1 beta", "create /drove/apps/B-1/x '{\"k\": 1}'",
                 "set /drove/apps/A-1 alpha2")
        with ZkClient(zk.connection_string) as client:
            self.assertEqual(["apps"], client.children("/drove"))
            self.assertEqual(["A-1", "B-1"], client.children("/drove/apps"))
            data, stat = client.get("/drove/apps/A-1")
            self.assertEqual(b"alpha2", data)
            self.assertEqual(1, stat.version)
            self.assertEqual(6, stat.dataLength)
            self.assertEqual(0, stat.ephemeralOwner)
            self.assertEqual(2, client.exists("/drove/apps").numChildren)
            self.assertIsNone(client.exists("/drove/nope"))
            with self.assertRaises(NoNodeError):
                client.get("/drove/nope")
            with self.assertRaises(NoNodeError):
                client.children("/drove/nope")
            self.assertEqual({"/drove": b"", "/drove/apps": b"root", "/drove/apps/A-1": b"alpha2",
                              "/drove/apps/B-1": b"beta", "/drove/apps/B-1/x": b'{"k": 1}'},
                             client.tree("/drove"))
            started = time.monotonic()
            for _ in range(100):
                client.get("/drove/apps/B-1/x")
            self.assertLess(time.monotonic() - started, 2.0, "100 reads well under a JVM start")
        with ZkClient(zk.connection_string + "/drove/apps") as chrooted:
            self.assertEqual(b"beta", chrooted.get("/B-1")[0])

        # Leader killed: the other two elect a new leader and keep serving the data.
        leader = zk.leader()
        zk.kill(leader)
        new_leader = zk.wait_leader(20, other_than=leader)
        self.assertNotEqual(leader, new_leader)
        self.assertEqual(2, len(zk.serving_nodes()))
        with ZkClient(zk.connection_string) as client:
            self.assertEqual(b"alpha2", client.get("/drove/apps/A-1")[0])

        # Quorum lost: the lone survivor stops serving and refuses sessions.
        zk.kill_quorum()
        self.assertEqual(1, len(zk.running_nodes()))
        zk.wait_not_serving(10)
        with self.assertRaises(ConnectionError):
            ZkClient(zk.connection_string, timeout=2).children("/")

        # Both restarted: serving again within the notes' ~2-3 s (10 s deadline on a busy machine),
        # the data intact.
        zk.start()
        self.assertEqual(3, len(zk.serving_nodes()))
        with ZkClient(zk.connection_string) as client:
            wait_for(lambda: client.get("/drove/apps/B-1")[0] == b"beta", 10, "data after restart")

    def test_script_status_and_stop_see_the_harness_nodes(self):
        """zk.pid files are written, so scripts/zookeeper.sh can report and clean up after a test run
        that died."""
        status = subprocess.run(["bash", SCRIPT, "status", self.zk.workdir],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        text = status.stdout.decode()
        self.assertEqual(0, status.returncode, text)
        for i in range(3):
            self.assertIn("node %d: pid %d port %d mode " % (i + 1, self.zk.pid(i), self.zk.port(i)),
                          text)
        self.assertIn("connection: " + self.zk.connection_string, text)
        stopped = subprocess.run(["bash", SCRIPT, "stop", self.zk.workdir],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.assertEqual(0, stopped.returncode, stopped.stdout.decode())
        wait_for(lambda: not self.zk.running_nodes(), 10, "all nodes exited after script stop")
        self.assertIsNone(server_mode(self.zk.port(0)))


if __name__ == "__main__":
    unittest.main()

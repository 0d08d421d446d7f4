"""The edge across clusters, bad input: `nginx -t` refuses a drove_cluster block with an unknown
directive, a cluster without controllers and two clusters of one name, each with one line naming
it; a cluster whose "controller" (FakeController, the peer under test) answers with hostile data
leaves the other cluster's routing following its changes and its own last good routes in place.
Backends are a plain nginx, so no container is needed."""
import re
import shutil
import tempfile
import unittest

from harness.api import wait_for
from harness.cluster import free_port
from harness.gateway import DroveGateway, Traffic
from harness.nginx import start_backends
from test_gateway_bad_input import FakeController, exposed_app


class ClusterConfigErrorsTest(unittest.TestCase):
    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="drove-gw-clusters-")
        self.addCleanup(shutil.rmtree, self.workdir, True)

    def refused(self, clusters, edit=None):
        """`nginx -t` output of a gateway config with these clusters (and one text edit)."""
        gateway = DroveGateway([], self.workdir, clusters=clusters)
        if edit:
            with open(gateway.conf_path) as f:
                conf = f.read()
            self.assertIn(edit[0], conf)
            gateway.write_conf(conf.replace(edit[0], edit[1], 1))
        ok, output = gateway.test_config()
        self.assertFalse(ok, output)
        emerg = [line for line in output.splitlines() if "[emerg]" in line]
        self.assertEqual(1, len(emerg), output)
        return emerg[0]

    def test_bad_blocks_fail_nginx_t_with_one_line_naming_the_problem(self):
        one = {"name": "a", "controllers": ["http://127.0.0.1:1"]}
        line = self.refused([one], ("controllers http://", "bogus on;\n        controllers http://"))
        self.assertIn('unknown directive "bogus" in drove_cluster "a"', line)
        line = self.refused([one, {"name": "b", "controllers": ["http://127.0.0.1:2"]}],
                            ("controllers http://127.0.0.1:2;", ""))
        self.assertIn('drove_cluster "b" has no controllers', line)
        line = self.refused([one, dict(one)])
        self.assertIn('drove_cluster "a" is duplicate', line)
        line = self.refused([one], ("drove_zone ", "drove_controllers http://127.0.0.1:3;\n    drove_zone "))
        self.assertIn("do not mix", line)
        line = self.refused([one], ("controllers http://", "priority first;\n        controllers http://"))
        self.assertIn('invalid value "first"', line)
        line = self.refused([dict(one, leader_vhost="ctl.local"),
                             {"name": "b", "controllers": ["http://127.0.0.1:2"],
                              "leader_vhost": "ctl.local"}])
        self.assertIn('leader_vhost "ctl.local" is in drove_cluster "a" and "b"', line)

    def test_good_blocks_pass_nginx_t(self):
        gateway = DroveGateway([], self.workdir, clusters=[
            {"name": "a", "controllers": ["http://127.0.0.1:1"], "leader_vhost": "ctl.local"},
            {"name": "b", "controllers": ["http://127.0.0.1:2"], "priority": "backup"}])
        ok, output = gateway.test_config()
        self.assertTrue(ok, output)


class HostileClusterTest(unittest.TestCase):
    """Clusters good and bad, each a FakeController; good.local on backend 0, bad.local on 1."""

    def setUp(self):
        workdir = tempfile.mkdtemp(prefix="drove-gw-hostile-")
        self.addCleanup(shutil.rmtree, workdir, True)
        self.good, self.bad = FakeController(), FakeController()
        self.addCleanup(self.good.close)
        self.addCleanup(self.bad.close)
        self.ports = [free_port(), free_port(), free_port()]
        backends = start_backends(self.ports, workdir)
        self.addCleanup(backends.stop)
        self.good.set("good", [exposed_app("GOOD-1", "good.local", [("127.0.0.1", self.ports[0])])])
        self.bad_apps = [exposed_app("BAD-1", "bad.local", [("127.0.0.1", self.ports[1])])]
        self.bad.set("good", self.bad_apps)
        self.gateway = DroveGateway([], workdir, clusters=[
            {"name": "good", "controllers": [self.good.url]},
            {"name": "bad", "controllers": [self.bad.url]}])
        self.addCleanup(self.gateway.stop)
        self.gateway.start()
        for vhost, port in (("good.local", self.ports[0]), ("bad.local", self.ports[1])):
            wait_for(lambda: self.answered_by(vhost) == port, 10, "%s routed" % vhost)

    def answered_by(self, vhost):
        status, body, _ = self.gateway.route(vhost)
        match = re.match(r"backend (\d+)", body.strip())
        return int(match.group(1)) if status == 200 and match else None

    def test_hostile_answers_stay_in_their_cluster(self):
        pids = self.gateway.pids()
        for k, mode in enumerate(("garbage", "truncated", "cut_connection", "failed", "empty")):
            with self.subTest(mode=mode):
                errors = self.gateway.status()["clusters"]["bad"]["sync_errors"]
                self.bad.set(mode)
                wait_for(lambda: self.gateway.status()["clusters"]["bad"]["sync_errors"] > errors,
                         10, "%s: the bad cluster's error shown" % mode, interval=0.05)
                port = self.ports[2] if k % 2 == 0 else self.ports[0]
                self.good.set("good", [exposed_app("GOOD-1", "good.local", [("127.0.0.1", port)])])
                wait_for(lambda: self.answered_by("good.local") == port, 10,
                         "%s: the good cluster still followed" % mode, interval=0.05)
                self.assertEqual(self.ports[1], self.answered_by("bad.local"),
                                 "%s: the bad cluster's last good routes kept" % mode)
                status = self.gateway.status()
                self.assertEqual("controller", status["clusters"]["good"]["source"])
                self.assertTrue(status["clusters"]["bad"]["last_error"])
        self.bad.set("good", self.bad_apps)
        self.assertEqual(pids, self.gateway.pids(), "nginx master or workers changed")
        self.assertEqual([], self.gateway.crashes())

    def test_reload_adds_and_removes_clusters_by_name_without_dropping_routes(self):
        extra = FakeController()
        self.addCleanup(extra.close)
        extra.set("good", [exposed_app("EXTRA-1", "extra.local", [("127.0.0.1", self.ports[2])])])
        master = self.gateway.master_pid
        self.gateway.clusters = [{"name": "extra", "controllers": [extra.url]},
                                 {"name": "bad", "controllers": [self.bad.url]}]
        self.gateway.render()
        with Traffic(self.gateway, "bad.local") as traffic:
            self.gateway.reload()
            wait_for(lambda: self.answered_by("extra.local") == self.ports[2], 10, "extra routed")
            wait_for(lambda: self.answered_by("good.local") is None, 10, "good's vhost gone")
        self.assertEqual(master, self.gateway.master_pid)
        self.assertEqual([], traffic.errors(), "bad.local failed during the reload")
        status = self.gateway.status()
        self.assertEqual({"extra", "bad"}, set(status["clusters"]))
        self.assertEqual(self.ports[1], self.answered_by("bad.local"))

    def test_restart_routes_a_silent_cluster_from_its_dump(self):
        self.gateway.stop()
        self.bad.set("garbage")
        self.gateway.start()
        self.assertEqual(self.ports[1], self.answered_by("bad.local"), "from the bad cluster's dump")
        wait_for(lambda: self.gateway.status()["clusters"]["good"]["source"] == "controller", 10,
                 "the good cluster synced")
        status = self.gateway.status()
        self.assertEqual("dump", status["clusters"]["bad"]["source"])
        self.assertEqual(self.ports[0], self.answered_by("good.local"))
        self.assertEqual([], self.gateway.crashes())


if __name__ == "__main__":
    unittest.main()

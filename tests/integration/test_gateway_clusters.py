"""The edge across clusters: one nginx with ngx_http_drove_module and one drove-dns follow two real
clusters (each a controller and an executor, real containers): drove_cluster blocks a (primary) and
b (backup); dns.yml clusters a (zone a.drove.test) and b (b.drove.test).

Each cluster's vhosts route by Host to its own instances and get SRV answers in its zone; a vhost both serve goes to the primary's
instances only, to the backup's while the primary has none (scale to 0, with no failed request in a
steady stream) and back; one cluster's controller going down leaves the other's routing and answers
following its changes and its own routes and answers in place; `leader_vhost` routes to the leader controller and follows
a leader kill. None of it reloads nginx."""
import base64
import time
import unittest

from harness import specs
from harness import tls as harness_tls
from harness.api import wait_for
from harness.cluster import Cluster
from harness.dns import DroveDns, cluster_entry
from harness.gateway import DroveGateway, Traffic, instance_of
from harness.zookeeper import Ensemble
from test_dns_clusters import endpoint_hosts, srv_hosts

LEADER_FOLLOWED_WITHIN_S = 3.0
A_VHOST = "web.a.drove.test"
B_VHOST = "web.b.drove.test"
ADMIN = {"Authorization": "Basic " + base64.b64encode(b"admin:admin").decode()}


def deploy(api, name, vhost, instances=1):
    """Creates and scales an app of the test http-server; returns (app id, HEALTHY instance ids)."""
    spec = specs.app_spec(name=name, vhost=vhost)
    status, body = api.create_app(spec, instances=instances)
    assert status == 200, body
    app_id = specs.app_id(spec)
    return app_id, {i["instanceId"] for i in api.wait_healthy(app_id, instances, timeout=90)}


class TwoClustersTest(unittest.TestCase):
    """Clusters a (primary) and b (backup), shared by the tests; each test leaves them as it found
    them."""

    @classmethod
    def setUpClass(cls):
        cls.a = Cluster(executors=1)
        cls.addClassCleanup(cls.a.stop)
        cls.b = Cluster(executors=1)
        cls.addClassCleanup(cls.b.stop)
        cls.a_app, cls.a_ids = deploy(cls.a.api, "EDGE_A", A_VHOST)
        cls.b_app, cls.b_ids = deploy(cls.b.api, "EDGE_B", B_VHOST)
        cls.both_a, cls.both_a_ids = deploy(cls.a.api, "EDGE_BOTH", "both.local")
        cls.both_b, cls.both_b_ids = deploy(cls.b.api, "EDGE_BOTH", "both.local")
        cls.gateway = DroveGateway([], cls.a.workdir, clusters=[
            {"name": "a", "controllers": cls.a.controller_urls},
            {"name": "b", "controllers": cls.b.controller_urls, "priority": "backup"}])
        cls.gateway.start()
        cls.addClassCleanup(cls.gateway.stop)
        for vhost in (A_VHOST, B_VHOST, "both.local"):
            wait_for(lambda: cls.gateway.route(vhost)[0] == 200, 10, "%s routed" % vhost)
        cls.dns = DroveDns([], cls.a.workdir, clusters=[
            cluster_entry("a", "a.drove.test", cls.a.controller_urls),
            cluster_entry("b", "b.drove.test", cls.b.controller_urls)])
        cls.dns.start()
        cls.addClassCleanup(cls.dns.stop)
        cls.dns.wait_ready()

    def run(self, result=None):
        failures = len(result.failures) + len(result.errors) if result else 0
        result = super().run(result)
        if result and len(result.failures) + len(result.errors) > failures:
            for cluster in (self.a, self.b):
                cluster.print_logs()
            print("---- gateway:\n%s" % self.gateway.log_tail(80))
            print("---- drove-dns:\n%s" % self.dns.log())
        return result

    def answers_as_listed(self, cluster, vhost):
        """Whether drove-dns's SRV answer for the vhost is what the cluster's controller lists."""
        return srv_hosts(self.dns.query(vhost, "SRV")) == endpoint_hosts(cluster.api, vhost)

    def served_by(self, vhost, n=20):
        """Instance ids that answered n requests for the vhost."""
        return {instance_of(self.gateway.route(vhost)[1]) for _ in range(n)}

    def test_each_cluster_serves_its_own_vhosts_by_host_and_zone(self):
        self.assertEqual(self.a_ids, self.served_by(A_VHOST))
        self.assertEqual(self.b_ids, self.served_by(B_VHOST))
        for cluster, vhost in ((self.a, A_VHOST), (self.b, B_VHOST)):
            wait_for(lambda: self.answers_as_listed(cluster, vhost), 5, "SRV of %s" % vhost)
        status = self.gateway.status()
        self.assertEqual({"a", "b"}, set(status["clusters"]))
        for name, cluster in (("a", self.a), ("b", self.b)):
            self.assertEqual("controller", status["clusters"][name]["source"])
            self.assertEqual(cluster.controller_url, status["clusters"][name]["leader"])
        self.assertEqual("backup", status["clusters"]["b"]["priority"])
        self.assertEqual(["b"], [m["cluster"] for m in status["vhosts"][B_VHOST]["members"]])
        metrics = self.gateway.metrics()
        for name in ("a", "b"):
            self.assertRegex(metrics, r'drove_gateway_syncs_total\{cluster="%s"\} [1-9]' % name)

    def test_backup_serves_while_the_primary_has_no_instance_and_traffic_returns(self):
        pids = self.gateway.pids()
        self.assertEqual(self.both_a_ids, self.served_by("both.local"), "primary only")
        with Traffic(self.gateway, "both.local") as traffic:
            scaled_down = time.time()
            self.assertEqual(200, self.a.api.scale(self.both_a, 0)[0])
            moved = wait_for(lambda: traffic.first(
                lambda status, who: status == 200 and who in self.both_b_ids, scaled_down), 60,
                "traffic on the backup's instance", interval=0.05)
            print("primary scaled to 0: the backup served %.2f s later" % (moved - scaled_down))
            self.assertEqual(200, self.a.api.scale(self.both_a, 1)[0])
            back_ids = {i["instanceId"] for i in self.a.api.wait_healthy(self.both_a, 1, 90)}
            healthy_at = time.time()
            back = wait_for(lambda: traffic.first(
                lambda status, who: status == 200 and who in back_ids, healthy_at), 10,
                "traffic back on the primary", interval=0.05)
            time.sleep(0.5)  # a stretch of the stream after the return
        after = [who for t, status, who in traffic.since(back + 0.2)]
        self.assertTrue(after and set(after) <= back_ids, "after the return: %s" % set(after))
        self.assertEqual([], traffic.errors(), "failed requests in the steady stream")
        print("%d requests, none failed" % len(traffic.samples))
        self.assertEqual(pids, self.gateway.pids(), "nginx reloaded or a worker died")
        type(self).both_a_ids = back_ids

    def test_a_controller_down_leaves_the_other_cluster_and_its_own_routes(self):
        self.a.stop_controller()
        self.addCleanup(lambda: self.a.controller.running() or self.a.start_controller())
        wait_for(lambda: self.gateway.status()["clusters"]["a"]["last_error"], 15,
                 "cluster a's sync error shown")
        a_answer = srv_hosts(self.dns.query(A_VHOST, "SRV"))
        app_id, ids = deploy(self.b.api, "EDGE_B_NEW", "new.b.drove.test")
        wait_for(lambda: self.gateway.route("new.b.drove.test")[0] == 200, 10,
                 "cluster b still routed while a is down")
        wait_for(lambda: self.answers_as_listed(self.b, "new.b.drove.test"), 10,
                 "cluster b still answered while a is down")
        self.assertEqual(ids, self.served_by("new.b.drove.test"))
        self.assertEqual(self.a_ids, self.served_by(A_VHOST), "a's last good routes kept")
        self.assertEqual(a_answer, srv_hosts(self.dns.query(A_VHOST, "SRV")),
                         "a's last good answers kept")
        self.assertTrue(a_answer)
        self.assertEqual(self.b_ids, self.served_by(B_VHOST))
        syncs = self.gateway.status()["clusters"]["a"]["sync_count"]
        self.a.start_controller()
        wait_for(lambda: self.gateway.status()["clusters"]["a"]["sync_count"] > syncs, 30,
                 "cluster a followed again")
        self.assertEqual(self.a_ids, self.served_by(A_VHOST))


class LeaderVhostTest(unittest.TestCase):
    """A cluster of two controllers on ZooKeeper; `leader_vhost ctl.local` follows a leader kill.
    TLS: the controllers serve HTTPS, and the gateway proxies ctl.local over HTTPS verifying them
    (the docs' sample: a map from Host to the proxy_pass scheme)."""

    TLS = False

    def setUp(self):
        self.zk = Ensemble(1)
        self.addCleanup(self.zk.stop)
        self.cluster = Cluster(executors=0, controllers=2, zookeeper=self.zk, tls=self.TLS)
        self.addCleanup(self.cluster.stop)
        self.cluster.wait_leader()
        edits = []
        if self.TLS:
            edits = [("    map $http_upgrade", "    map $host $drove_scheme {\n        ctl.local "
                      "https;\n        default http;\n    }\n    map $http_upgrade"),
                     ("proxy_pass http://drove_apps;", "proxy_pass $drove_scheme://drove_apps;\n"
                      "            proxy_ssl_verify on;\n"
                      "            proxy_ssl_trusted_certificate %s;\n"
                      "            proxy_ssl_name node;" % harness_tls.certificates().ca)]
        self.gateway = DroveGateway([], self.cluster.workdir, edits=edits, clusters=[
            {"name": "main", "controllers": self.cluster.controller_urls,
             "leader_vhost": "ctl.local"}])
        self.gateway.start()
        self.addCleanup(self.gateway.stop)

    def leader_port(self):
        """The port of the controller ctl.local routes to, when it answers as the leader."""
        members = self.gateway.members("ctl.local")
        status = self.gateway.route("ctl.local", "/apis/v1/ping", headers=ADMIN)[0]
        return members[0]["port"] if members and status == 200 else None

    def test_leader_vhost_reaches_the_leader_and_follows_a_leader_kill(self):
        first = self.cluster.leader_index()
        wait_for(lambda: self.leader_port() == self.cluster.controller_ports[first], 10,
                 "ctl.local routes to the leader")
        self.cluster.kill_controller(first)
        killed = time.time()
        second = self.cluster.wait_leader(other_than=first)
        elected = time.time()
        wait_for(lambda: self.leader_port() == self.cluster.controller_ports[second],
                 LEADER_FOLLOWED_WITHIN_S, "ctl.local routes to the new leader", interval=0.02)
        followed = time.time()
        print("new leader answered %.2f s after the kill; ctl.local reached it %.2f s later"
              % (elected - killed, followed - elected))
        self.assertLessEqual(followed - elected, LEADER_FOLLOWED_WITHIN_S)


class LeaderVhostTlsTest(LeaderVhostTest):
    TLS = True


if __name__ == "__main__":
    unittest.main()

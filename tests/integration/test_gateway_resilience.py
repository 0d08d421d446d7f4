"""Gateway resilience: real nginx + ngx_http_drove_module + controller + executor + containers.

Two app versions share one vhost; a member that dies is skipped by passive failure accounting and
then removed, with no client error while a retry is possible; with every controller down the last
snapshot keeps routing through `nginx -s reload` and a full nginx restart (dump file), and the
gateway catches up within 1 s of the controller coming back."""
import time
import unittest

from harness import http
from harness.api import wait_for
from harness.gateway import EndpointsWatcher, GatewayTestCase, Traffic, long_poll_endpoints

CATCH_UP_S = 1.0


class GatewayResilienceTest(GatewayTestCase):
    CLUSTER_OPTIONS = {"controller_config": {"options": {"instanceLostTimeout": "10s"}}}

    def test_two_versions_on_one_vhost_share_traffic(self):
        vhost = "gw-versions.local"
        _, v1 = self.deploy("GW_VER", vhost, 1, version="1")
        _, v2 = self.deploy("GW_VER", vhost, 1, version="2")
        both = {v1[0]["instanceId"], v2[0]["instanceId"]}
        wait_for(lambda: both <= set(self.hits(vhost, 10)), 5, "both versions answering")
        hits = self.hits(vhost, 40)
        self.assertEqual(both, set(hits), hits)
        self.assertGreaterEqual(min(hits.values()), 10, "traffic shared: %s" % hits)
        apps = {m["app_id"] for m in self.gateway.members(vhost)}
        self.assertEqual({"GW_VER-1", "GW_VER-2"}, apps)

    def test_instance_that_dies_is_removed_and_clients_see_no_error(self):
        vhost = "gw-dies.local"
        app_id, healthy = self.deploy("GW_DIES", vhost, 2)
        victim, survivor = healthy
        wait_for(lambda: len(set(self.hits(vhost, 10))) == 2, 5, "both instances routed")
        with EndpointsWatcher(self.cluster.controller_url) as watcher, \
                Traffic(self.gateway, vhost, interval=0.005) as traffic:
            watcher.wait_listed(vhost, 2)
            started = time.time()
            self.exit_instance(victim)
            key = (vhost, victim["localInfo"]["hostname"], _host_port(victim))
            removed_at = wait_for(lambda: watcher.removed.get(key), 30, "victim left endpoints")
            time.sleep(CATCH_UP_S + 0.5)
        after = traffic.since(started)
        self.assertGreater(len(after), 50, "too little traffic to prove anything")
        self.assertEqual([], traffic.errors(started), "clients saw errors")
        late = [s for s in traffic.since(removed_at + CATCH_UP_S) if s[2] == victim["instanceId"]]
        self.assertEqual([], late, "the dead instance still got requests once removed")
        ports = {m["port"] for m in self.gateway.members(vhost)}
        self.assertNotIn(_host_port(victim), ports)
        self.assertIn(_host_port(survivor), ports)
        self.assert_no_crash()

    def test_dead_member_still_listed_is_skipped_by_passive_failure(self):
        # The executor is SIGKILLed first, so nobody tells the controller the container died: the
        # member stays in the endpoints (until instanceLostTimeout, 10 s) and only the balancer's
        # failure accounting protects clients.
        vhost = "gw-passive.local"
        _, healthy = self.deploy("GW_PASSIVE", vhost, 2)
        victim, survivor = healthy
        wait_for(lambda: len(set(self.hits(vhost, 10))) == 2, 5, "both instances routed")
        self.cluster.kill_executor(0)
        container = [c for c in self.cluster.containers()
                     if c["Labels"].get("drove.instance.id") == victim["instanceId"]]
        self.assertEqual(1, len(container), container)
        self.cluster.engine.remove(container[0]["Id"])
        hits = self.hits(vhost, 60)
        self.assertEqual({survivor["instanceId"]: 60}, dict(hits), "retried onto the survivor")
        self.assertIn(_host_port(victim), {m["port"] for m in self.gateway.members(vhost)},
                      "the controller should still list the dead member")
        self.assertRegex(self.gateway.metrics(),
                         r'drove_gateway_upstream_failures_total\{vhost="%s"\} [1-9]' % vhost)
        # Failure counts are per worker: some worker's status shows the member failed.
        wait_for(lambda: any(m["state"] == "failed" or m["fails"] >= 1
                             for m in self.gateway.members(vhost)
                             if m["port"] == _host_port(victim)), 5, "victim marked failed")

        self.cluster.start_executor(0)
        wait_for(lambda: _host_port(victim) not in {m["port"] for m in self.gateway.members(vhost)},
                 60, "dead member removed after the controller marks it lost")
        self.assertEqual([], [k for k in self.hits(vhost, 20) if k == victim["instanceId"]])
        self.assert_no_crash()

    def test_controllers_down_reload_and_restart_keep_routing_then_catch_up(self):
        vhost = "gw-down.local"
        app_id, healthy = self.deploy("GW_DOWN", vhost, 1)
        only = healthy[0]["instanceId"]
        wait_for(lambda: self.hits(vhost, 1) == {only: 1}, 5, "app routed")
        wait_for(lambda: self.gateway.status()["source"] == "controller", 5, "synced")

        self.cluster.kill_controller()
        time.sleep(1.5)  # the fetcher notices
        self.assertEqual({only: 20}, dict(self.hits(vhost, 20)), "routing on the last snapshot")
        self.assertTrue(self.gateway.status()["last_error"], "the lost controller is not visible")

        old = self.gateway.workers()
        self.assertEqual(0, self.gateway.signal_reload_cli(), "nginx -s reload failed")
        wait_for(lambda: self.gateway.workers() and not set(self.gateway.workers()) & set(old), 20,
                 "new workers after nginx -s reload")
        self.assertEqual({only: 20}, dict(self.hits(vhost, 20)), "routing after reload")

        self.gateway.stop()
        self.gateway.start()
        self.assertEqual({only: 20}, dict(self.hits(vhost, 20)), "routing after restart (dump)")
        self.assertEqual("dump", self.gateway.status()["source"])

        self.cluster.start_controller()
        back_at = time.time()
        generation, _ = long_poll_endpoints(self.cluster.controller_url, 0, 0)
        synced_at = wait_for(
            lambda: self._synced(generation), 10, "gateway synced with the controller again",
            interval=0.02)
        caught_up = synced_at - back_at
        print("caught up %.3f s after the controller came back" % caught_up)
        self.assertLessEqual(caught_up, CATCH_UP_S, "caught up after %.3f s" % caught_up)
        with EndpointsWatcher(self.cluster.controller_url) as watcher, \
                Traffic(self.gateway, vhost) as traffic:
            self.cluster.wait_executor_registered(0)
            wait_for(lambda: self.api.scale(app_id, 2)[0] == 200, 30, "scale accepted")
            new = [i["instanceId"] for i in self.api.wait_healthy(app_id, 2, timeout=90)
                   if i["instanceId"] != only][0]
            listed = watcher.wait_listed(vhost, 2)
            listed_at = max(watcher.listed[m] for m in listed)
            routed_at = wait_for(lambda: traffic.first(lambda s, who: who == new), 10,
                                 "new instance routed", interval=0.02)
        self.assertLessEqual(routed_at - listed_at, CATCH_UP_S)
        self.assert_no_crash()

    def _synced(self, generation):
        doc = self.gateway.status()
        return time.time() if doc["source"] == "controller" and doc["generation"] >= generation \
            and doc["last_sync_ms"] >= doc["last_error_ms"] else None

    def exit_instance(self, info):
        """Makes the container exit through the image's /cgi-bin/exit (no answer expected)."""
        http.get(info["localInfo"]["hostname"], _host_port(info), "/cgi-bin/exit?1", timeout=2)


def _host_port(info):
    return info["localInfo"]["ports"]["main"]["hostPort"]


if __name__ == "__main__":
    unittest.main()

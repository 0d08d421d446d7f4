"""Gateway routing: real nginx + ngx_http_drove_module + controller + executor + containers.

New apps become routable within 1 s of their first instance being listed HEALTHY by the controller,
scaling 1 -> 3 -> 1 moves traffic, unknown vhosts get a one-line 503, status and metrics answer,
and none of it reloads nginx (the master's and workers' pids never change)."""
import time
import unittest

from harness.api import wait_for
from harness.gateway import EndpointsWatcher, GatewayTestCase, Traffic

ROUTABLE_WITHIN_S = 1.0


class GatewayRoutingTest(GatewayTestCase):
    def test_new_app_is_routable_within_one_second_of_healthy_without_reload(self):
        pids = self.gateway.pids()
        vhost = "gw-new.local"
        self.assertEqual(503, self.gateway.route(vhost)[0], "vhost routed before the app exists")
        with EndpointsWatcher(self.cluster.controller_url) as watcher, \
                Traffic(self.gateway, vhost) as traffic:
            _, healthy = self.deploy("GW_NEW", vhost, 1)
            (member,) = watcher.wait_listed(vhost, 1)
            listed_at = watcher.listed[member]
            routed_at = wait_for(lambda: traffic.first(
                lambda status, who: status == 200 and who == healthy[0]["instanceId"]),
                10, "first request routed to the new instance", interval=0.02)
        self.assertLessEqual(routed_at - listed_at, ROUTABLE_WITHIN_S,
                             "routed %.3f s after it was listed" % (routed_at - listed_at))
        print("new app routed %.3f s after HEALTHY at the controller" % (routed_at - listed_at))
        self.assertEqual(pids, self.gateway.pids(), "nginx master or workers changed (reload?)")
        self.assert_no_crash()

    def test_scale_one_three_one_traffic_follows_the_healthy_members(self):
        pids = self.gateway.pids()
        vhost = "gw-scale.local"
        with EndpointsWatcher(self.cluster.controller_url) as watcher:
            app_id, first = self.deploy("GW_SCALE", vhost, 1)
            watcher.wait_listed(vhost, 1)
            wait_for(lambda: self.gateway.route(vhost)[0] == 200, ROUTABLE_WITHIN_S + 1,
                     "one instance routed")

            self.assertEqual(200, self.api.scale(app_id, 3)[0])
            three = {i["instanceId"] for i in self.api.wait_healthy(app_id, 3, timeout=90)}
            listed = watcher.wait_listed(vhost, 3)
            time.sleep(max(0.0, max(watcher.listed[m] for m in listed) + ROUTABLE_WITHIN_S
                           - time.time()))
            hits = self.hits(vhost, 60)
            self.assertEqual(three, set(hits), "every HEALTHY member gets requests: %s" % hits)

            self.assertEqual(200, self.api.scale(app_id, 1)[0])
            (left,) = watcher.wait_listed(vhost, 1)
            removed_at = max(watcher.removed.values())
            time.sleep(max(0.0, removed_at + ROUTABLE_WITHIN_S - time.time()))
            remaining = {i["instanceId"] for i in self.api.healthy_instances(app_id)}
            self.assertEqual(1, len(remaining))
            hits = self.hits(vhost, 30)
            self.assertEqual(remaining, set(hits), "removed members get no request: %s" % hits)
        self.assertIn(first[0]["instanceId"], three)
        members = self.gateway.members(vhost)
        self.assertEqual([left[2]], [m["port"] for m in members], members)
        self.assertEqual(pids, self.gateway.pids(), "nginx master or workers changed (reload?)")
        self.assert_no_crash()

    def test_unknown_vhost_gets_a_one_line_503_and_status_and_metrics_answer(self):
        self.deploy("GW_KNOWN", "gw-known.local", 1)
        wait_for(lambda: self.gateway.route("gw-known.local")[0] == 200, 5, "known vhost routed")
        status, body, _ = self.gateway.route("no-such-app.local")
        self.assertEqual(503, status, body)
        self.assertEqual(1, len(body.strip().splitlines()), "one-line body: %r" % body)
        self.assertTrue(body.strip(), "503 body is empty")

        doc = self.gateway.status()
        for key in ("worker_pid", "version", "generation", "leader", "last_sync_ms", "last_error",
                    "vhosts"):
            self.assertIn(key, doc)
        self.assertIn(doc["worker_pid"], self.gateway.workers())
        self.assertEqual(self.cluster.controller_url, doc["leader"])
        self.assertEqual("controller", doc["source"])
        self.assertIn("gw-known.local", doc["vhosts"])
        self.assertNotIn("no-such-app.local", doc["vhosts"])

        metrics = self.gateway.metrics()
        self.assertRegex(metrics, r'drove_gateway_requests_total\{vhost="gw-known.local"\} [1-9]')
        self.assertRegex(metrics, r"drove_gateway_unrouted_total [1-9]")
        self.assertRegex(metrics, r"drove_gateway_generation\{cluster=\"default\"\} [1-9]")
        self.assert_no_crash()


if __name__ == "__main__":
    unittest.main()

"""One drove-dns serving two Drove clusters (dns.yml `clusters:`), queried with kdig.

Two independent clusters, each one controller + one executor with real containers, on sibling
zones a.drove.test and b.drove.test: one drove-dns answers both; cluster A's controller going away
freezes only A's answers (last good) while B keeps following, and A is followed again once its
controller is back. Then containment: cluster A is a fake controller sending hostile data while B is
real, and B keeps updating while A's last good answers stay. Last, the `merged:` zone over two
endpoints feeds: a name follows the primary's healthy instances to the backup and back."""
import json
import shutil
import tempfile
import unittest

from harness import specs
from harness.api import wait_for
from harness.cluster import Cluster
from harness.dns import DroveDns, build_query, cluster_entry, reply_counts, udp_exchange
from harness.endpoints_feed import EndpointsFeed, app_item

ZONE_A = "a.drove.test"
ZONE_B = "b.drove.test"


def deploy(api, name, vhost, instances):
    spec = specs.app_spec(name=name, vhost=vhost)
    status, body = api.create_app(spec, instances=instances)
    assert status == 200, body
    app_id = specs.app_id(spec)
    api.wait_healthy(app_id, instances, timeout=90)
    return app_id


def endpoint_hosts(api, vhost):
    """{(host, port)} the controller lists for the vhost."""
    return {(h["host"], h["port"]) for app in api.endpoints() if app["vhost"] == vhost
            for h in app["hosts"]}


def srv_hosts(answer):
    """{(target, port)} of an SRV answer."""
    return {(rr.data.split()[3].rstrip("."), int(rr.data.split()[2])) for rr in answer.answer}


class TwoClustersBase(unittest.TestCase):
    """Starts the clusters each test needs and stops them by pid; prints their logs on failure."""

    def start_cluster(self):
        cluster = Cluster(executors=1)
        self.addCleanup(self._stop_cluster, cluster)
        self.parts.append(cluster)
        return cluster

    def _stop_cluster(self, cluster):
        cluster.stop()
        cluster.cleanup_dir()

    def start_dns(self, workdir, controllers_a, controllers_b, gateways=None, config=None):
        """drove-dns following cluster a (ZONE_A) and b (ZONE_B), once it answers web.<zone> of
        both with one record. gateways: (a's IPv4 list, b's)."""
        extra = [{"gateway": {"ipv4": ips}} for ips in gateways] if gateways else [{}, {}]
        dns = DroveDns([], workdir, config=config,
                       clusters=[cluster_entry("a", ZONE_A, controllers_a, **extra[0]),
                                 cluster_entry("b", ZONE_B, controllers_b, **extra[1])])
        dns.start()
        self.addCleanup(dns.stop)
        self.dns = dns
        dns.wait_ready()
        for zone in (ZONE_A, ZONE_B):
            self.wait_srv("web." + zone, 1)
        return dns

    def setUp(self):
        super().setUp()
        self.parts = []
        self.dns = None

    def run(self, result=None):
        before = len(result.failures) + len(result.errors) if result else 0
        result = super().run(result)
        if result is not None and len(result.failures) + len(result.errors) > before:
            for cluster in self.parts:
                cluster.failed = True
                cluster.print_logs()
            if self.dns:
                print(self.dns.log())
        return result

    def srv_count(self, vhost):
        reply = udp_exchange(self.dns.port, build_query(vhost), timeout=0.5)
        return reply_counts(reply) if reply else None

    def wait_srv(self, vhost, count, timeout=15):
        wait_for(lambda: self.srv_count(vhost) == (0, count), timeout,
                 "%d SRV records for %s in drove-dns" % (count, vhost))

    def metric(self, name, cluster):
        return self.dns.metrics().get('%s{cluster="%s"}' % (name, cluster), -1)

    def wait_metric_above(self, name, cluster, before, what):
        wait_for(lambda: self.metric(name, cluster) > before, 15, what)


class DnsFollowsTwoClustersTest(TwoClustersBase):
    def test_one_server_answers_both_zones_and_a_dead_controller_freezes_only_its_zone(self):
        a, b = self.start_cluster(), self.start_cluster()
        web_a, web_b = "web." + ZONE_A, "web." + ZONE_B
        app_a = deploy(a.api, "DNS_A", web_a, 1)
        app_b = deploy(b.api, "DNS_B", web_b, 1)
        dns = self.start_dns(a.workdir, [a.controller_url], [b.controller_url])
        self.assertEqual(endpoint_hosts(a.api, web_a), srv_hosts(dns.query(web_a, "SRV")))
        self.assertEqual(endpoint_hosts(b.api, web_b), srv_hosts(dns.query(web_b, "SRV")))
        self.assertEqual("REFUSED", dns.query("web.c.drove.test", "SRV").rcode)
        before_a = srv_hosts(dns.query(web_a, "SRV"))

        a.kill_controller()
        errors = self.metric("drove_dns_sync_errors_total", "a")
        self.wait_metric_above("drove_dns_sync_errors_total", "a", errors,
                               "drove-dns notices cluster a's controller is gone")
        self.assertEqual(200, b.api.scale(app_b, 2)[0])
        b.api.wait_healthy(app_b, 2, timeout=90)
        self.wait_srv(web_b, 2)
        self.assertEqual(endpoint_hosts(b.api, web_b), srv_hosts(dns.query(web_b, "SRV")))
        r = dns.query(web_a, "SRV")
        self.assertEqual(("NOERROR", before_a), (r.rcode, srv_hosts(r)))
        self.assertIn("AA", r.flags)
        self.assertEqual(200, dns.health())
        self.assertTrue(dns.alive())

        a.start_controller()
        self.assertEqual(200, a.api.scale(app_a, 2)[0])
        a.api.wait_healthy(app_a, 2, timeout=90)
        self.wait_srv(web_a, 2, timeout=30)
        self.assertEqual(endpoint_hosts(a.api, web_a), srv_hosts(dns.query(web_a, "SRV")))
        self.assertEqual(endpoint_hosts(b.api, web_b), srv_hosts(dns.query(web_b, "SRV")))


class RawFeed(EndpointsFeed):
    """An endpoints feed that can also serve any bytes as the endpoints body."""

    def __init__(self):
        super().__init__()
        # drove-dns hangs up on bodies past its limit, and on parked long-polls when it stops: not
        # worth a traceback on stderr.
        self.server.handle_error = lambda request, client_address: None

    def set_raw(self, body):
        with self._changed:
            self._body = body
            self.generation += 1
            self._changed.notify_all()


def envelope(data):
    return json.dumps({"status": "SUCCESS", "data": data, "message": "success"}).encode()


HOST_A = ("127.0.0.1", 40000)
# Bodies that must each be refused (a sync error of cluster a only).
HOSTILE_BODIES = [
    b"not json {{{",
    b'{"status":"SUCCESS","data":{"not":"a list"}}',
    b'{"status":"FAILED","message":"boom"}',
    b"[" * 200000,
    b'{"status":"SUCCESS","data":[' + b'"x",' * 50000 + b'"x"]}',
    envelope([{"appId": "X-1", "vhost": 7, "hosts": []}]),
    envelope([{"appId": "X-1", "vhost": "web." + ZONE_A,
               "hosts": [{"host": "127.0.0.1", "port": 99999, "portType": "HTTP"}]}]),
    envelope([]),  # a collapse to zero apps after a non-empty view
    b'{"status":"SUCCESS","data":"' + b"A" * (8 << 20) + b'"}',
]


class DnsClusterContainmentTest(TwoClustersBase):
    def test_hostile_controller_data_stays_in_its_cluster_and_the_real_one_keeps_updating(self):
        b = self.start_cluster()
        feed = RawFeed()
        self.addCleanup(feed.close)
        web_a, web_b = "web." + ZONE_A, "web." + ZONE_B
        feed.set_apps([app_item("WEB_A-1", web_a, [HOST_A])])
        app_b = deploy(b.api, "DNS_B", web_b, 1)
        dns = self.start_dns(b.workdir, [feed.url], [b.controller_url])

        for body in HOSTILE_BODIES:
            errors = self.metric("drove_dns_sync_errors_total", "a")
            feed.set_raw(body)
            self.wait_metric_above("drove_dns_sync_errors_total", "a", errors,
                                   "cluster a refusing %r" % body[:60])
            self.assertEqual({HOST_A}, srv_hosts(dns.query(web_a, "SRV")))
        # Valid data naming the other cluster's vhost: applied to a's zone only, so skipped.
        syncs = self.metric("drove_dns_sync_total", "a")
        feed.set_apps([app_item("WEB_A-1", web_a, [HOST_A]),
                       app_item("EVIL-1", web_b, [("10.6.6.6", 666)]),
                       app_item("API_A-1", "api." + ZONE_A, [("127.0.0.1", 40001)])])
        self.wait_metric_above("drove_dns_sync_total", "a", syncs, "cluster a's next view")
        self.assertEqual({("127.0.0.1", 40001)}, srv_hosts(dns.query("api." + ZONE_A, "SRV")))
        self.assertEqual(0, self.metric("drove_dns_sync_errors_total", "b"))

        self.assertEqual(200, b.api.scale(app_b, 2)[0])
        b.api.wait_healthy(app_b, 2, timeout=90)
        self.wait_srv(web_b, 2)
        self.assertEqual(endpoint_hosts(b.api, web_b), srv_hosts(dns.query(web_b, "SRV")))
        self.assertEqual({HOST_A}, srv_hosts(dns.query(web_a, "SRV")))
        self.assertTrue(dns.alive())
        self.assertEqual(200, dns.health())


class DnsMergedZoneTest(TwoClustersBase):
    """`merged: {zone: drove.test, clusters: [a, b]}` over two endpoints feeds (no containers)."""

    GATEWAY_A, GATEWAY_B = "198.51.100.1", "192.0.2.1"

    def merged_address(self):
        r = self.dns.query("web.drove.test", "A")
        return r.answer[0].data if r and r.answer else (r.rcode if r else None)

    def test_merged_name_moves_to_the_backup_and_back_with_the_primarys_instances(self):
        feed_a, feed_b = RawFeed(), RawFeed()
        self.addCleanup(feed_a.close)
        self.addCleanup(feed_b.close)
        feed_a.set_app("WEB_A-1", "web." + ZONE_A, [HOST_A])
        feed_b.set_app("WEB_B-1", "web." + ZONE_B, [("127.0.0.2", 40002)])
        workdir = tempfile.mkdtemp(prefix="drove-it-dns-")
        self.addCleanup(shutil.rmtree, workdir, True)
        dns = self.start_dns(workdir, [feed_a.url], [feed_b.url],
                             gateways=([self.GATEWAY_A], [self.GATEWAY_B]),
                             config={"merged": {"zone": "drove.test", "clusters": ["a", "b"]}})
        wait_for(lambda: self.merged_address() == self.GATEWAY_A, 10, "web.drove.test on a")
        feed_a.set_app("WEB_A-1", "web." + ZONE_A, [])  # the primary's last instance went
        wait_for(lambda: self.merged_address() == self.GATEWAY_B, 10, "web.drove.test on b")
        self.assertEqual({("127.0.0.2", 40002)}, srv_hosts(dns.query("web.drove.test", "SRV")))
        feed_a.set_app("WEB_A-1", "web." + ZONE_A, [HOST_A])
        wait_for(lambda: self.merged_address() == self.GATEWAY_A, 10, "web.drove.test back on a")
        self.assertIn("merged name moved", dns.log())
        self.assertEqual(200, dns.health())


if __name__ == "__main__":
    unittest.main()

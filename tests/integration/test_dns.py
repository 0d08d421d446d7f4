"""drove-dns against a real controller + executor + containers, queried with kdig.

Every answer form record by record (rcode, AA, TTL, SRV fields, glue, SOA on negative answers, case
echo; SRV by vhost, port type and port name), scale 1 -> 3 -> 1 followed within 200 ms of the controller's change, 40 instances (simulated
executors) truncated on UDP and whole on TCP, answers kept while the controller is down, forwarding,
and bad input that must never kill the server."""
import random
import socket
import time
import unittest

from harness import specs
from harness.api import wait_for
from harness.cluster import Cluster
from harness.dns import (DroveDns, build_query, kdig, question_bytes, reply_counts, tcp_exchange,
                         udp_exchange)
from harness.fake_executors import FakeExecutors
from harness.gateway import EndpointsWatcher
from harness.testcase import ClusterTestCase

ZONE = "drove.test"
FOLLOW_WITHIN_S = 0.200


def deploy(testcase, name, vhost, instances):
    spec = specs.app_spec(name=name, vhost=vhost)
    status, body = testcase.api.create_app(spec, instances=instances)
    testcase.assertEqual(200, status, body)
    app_id = specs.app_id(spec)
    testcase.api.wait_healthy(app_id, instances, timeout=90)
    return app_id


def endpoint_hosts(api, vhost):
    """{(host, port)} the controller lists for the vhost."""
    return {(h["host"], h["port"]) for app in api.endpoints() if app["vhost"] == vhost
            for h in app["hosts"]}


class DnsAnswerFormsTest(ClusterTestCase):
    """One app with two HEALTHY containers on web.drove.test, one drove-dns following the cluster."""

    CLUSTER_PER_CLASS = True
    VHOST = "web." + ZONE

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.api = cls.shared_cluster.api
        try:
            spec = specs.app_spec(name="DNS_WEB", vhost=cls.VHOST)
            status, body = cls.api.create_app(spec, instances=2)
            assert status == 200, body
            cls.api.wait_healthy(specs.app_id(spec), 2, timeout=90)
            cls.dns = DroveDns([cls.shared_cluster.controller_url], cls.shared_cluster.workdir)
            cls.dns.start()
            cls.dns.wait_ready()
            wait_for(lambda: len(cls.dns.query(cls.VHOST, "SRV").answer) == 2, 10, "2 SRV records")
        except BaseException:
            cls.shared_cluster.print_logs()
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "dns", None):
            cls.dns.stop()
        super().tearDownClass()

    def run(self, result=None):
        result = super().run(result)
        if result is not None and (result.failures or result.errors):
            print(self.dns.log())
        return result

    def assert_soa_authority(self, answer):
        self.assertEqual(1, len(answer.authority), answer)
        soa = answer.authority[0]
        self.assertEqual(("drove.test.", "SOA"), (soa.owner, soa.type))
        self.assertTrue(soa.data.startswith("ns.drove.test. hostmaster.drove.test. "), soa)
        self.assertTrue(soa.data.endswith(" 3600 600 86400 5"), soa)

    def test_vhost_srv_is_one_record_per_healthy_instance_in_drove_form(self):
        expected = endpoint_hosts(self.api, self.VHOST)
        self.assertEqual(2, len(expected))
        r = self.dns.query(self.VHOST, "SRV")
        self.assertEqual("NOERROR", r.rcode)
        self.assertEqual({"QR", "AA", "RD"}, r.flags)
        self.assertEqual(2, len(r.answer), r)
        got = set()
        for rr in r.answer:
            self.assertEqual(("web.drove.test.", 30, "SRV"), (rr.owner, rr.ttl, rr.type))
            priority, weight, port, target = rr.data.split()
            self.assertEqual(("1", "1"), (priority, weight))
            got.add((target.rstrip("."), int(port)))
        self.assertEqual(expected, got)
        glue = [rr for rr in r.additional]
        self.assertEqual([("127.0.0.1.", 30, "A", "127.0.0.1")],
                         [(g.owner, g.ttl, g.type, g.data) for g in glue], r)

    def test_rfc2782_service_name_answers_the_same_set(self):
        plain = self.dns.query(self.VHOST, "SRV")
        r = self.dns.query("_http._tcp." + self.VHOST, "SRV")
        self.assertEqual("NOERROR", r.rcode)
        self.assertIn("AA", r.flags)
        self.assertEqual(sorted(rr.data for rr in plain.answer), sorted(rr.data for rr in r.answer))
        self.assertTrue(all(rr.owner == "_http._tcp.web.drove.test." for rr in r.answer))

    def test_port_name_service_answers_the_same_set(self):
        # The sample spec exposes its port as "main": the controller names it beside portType.
        hosts = [h for app in self.api.endpoints() if app["vhost"] == self.VHOST for h in app["hosts"]]
        self.assertEqual([("HTTP", "main")] * 2, [(h["portType"], h.get("portName")) for h in hosts])
        plain = self.dns.query(self.VHOST, "SRV")
        for tcp in (False, True):
            r = self.dns.query("_main._tcp." + self.VHOST, "SRV", tcp=tcp)
            self.assertEqual("NOERROR", r.rcode)
            self.assertIn("AA", r.flags)
            self.assertEqual(sorted(rr.data for rr in plain.answer), sorted(rr.data for rr in r.answer))
            self.assertEqual({("_main._tcp.web.drove.test.", 30, "SRV")},
                             {tuple(rr[:3]) for rr in r.answer})
            self.assertEqual([("127.0.0.1.", "A", "127.0.0.1")],
                             [(g.owner, g.type, g.data) for g in r.additional], r)
        r = self.dns.query("_other._tcp." + self.VHOST, "SRV")
        self.assertEqual(("NXDOMAIN", []), (r.rcode, r.answer))

    def test_vhost_a_is_the_instance_address_and_aaaa_is_nodata(self):
        r = self.dns.query(self.VHOST, "A")
        self.assertEqual("NOERROR", r.rcode)
        self.assertIn("AA", r.flags)
        self.assertEqual([("web.drove.test.", 30, "A", "127.0.0.1")],
                         [(a.owner, a.ttl, a.type, a.data) for a in r.answer])
        r = self.dns.query(self.VHOST, "AAAA")
        self.assertEqual(("NOERROR", []), (r.rcode, r.answer))
        self.assertIn("AA", r.flags)
        self.assert_soa_authority(r)

    def test_vhost_a_and_aaaa_are_the_gateway_when_configured(self):
        gateway = DroveDns([self.cluster.controller_url], self.cluster.workdir, name="dns-gateway",
                           config={"gateway": {"ipv4": ["192.0.2.10", "192.0.2.11"],
                                               "ipv6": ["2001:db8::10"]}})
        gateway.start()
        try:
            gateway.wait_ready()
            r = gateway.query(self.VHOST, "A")
            self.assertEqual(["192.0.2.10", "192.0.2.11"], sorted(a.data for a in r.answer))
            self.assertTrue(all(a.ttl == 30 and "AA" in r.flags for a in r.answer))
            r = gateway.query(self.VHOST, "AAAA")
            self.assertEqual(["2001:db8::10"], [a.data for a in r.answer])
        finally:
            gateway.stop()

    def test_apex_has_soa_and_ns(self):
        r = self.dns.query(ZONE, "SOA")
        self.assertEqual(("NOERROR", 1), (r.rcode, len(r.answer)))
        self.assertIn("AA", r.flags)
        self.assertEqual(("drove.test.", 30, "SOA"), r.answer[0][:3])
        serial = int(r.answer[0].data.split()[2])
        self.assertGreater(serial, 0, "serial is the endpoints generation")
        r = self.dns.query(ZONE, "NS")
        self.assertEqual([("drove.test.", 3600, "NS", "ns.drove.test.")], [tuple(a) for a in r.answer])

    def test_unknown_name_is_nxdomain_with_soa(self):
        for tcp in (False, True):
            r = self.dns.query("nothing-here." + ZONE, "SRV", tcp=tcp)
            self.assertEqual("NXDOMAIN", r.rcode)
            self.assertIn("AA", r.flags)
            self.assertEqual([], r.answer)
            self.assert_soa_authority(r)

    def test_known_name_other_type_and_empty_non_terminal_are_nodata(self):
        for name, qtype in ((self.VHOST, "TXT"), ("_tcp." + self.VHOST, "SRV")):
            r = self.dns.query(name, qtype)
            self.assertEqual(("NOERROR", []), (r.rcode, r.answer), name)
            self.assertIn("AA", r.flags)
            self.assert_soa_authority(r)

    def test_matching_ignores_case_and_echoes_the_question(self):
        # kdig lowercases what it sends, so this one is a raw packet.
        query = build_query("WeB.DrOvE.TeSt", "SRV")
        for exchange in (udp_exchange, tcp_exchange):
            reply = exchange(self.dns.port, query)
            self.assertEqual(b"\x03WeB\x05DrOvE\x04TeSt\x00", question_bytes(reply))
            self.assertEqual((0, 2), reply_counts(reply))
            self.assertTrue(reply[2] & 0x04, "AA")

    def test_outside_the_zone_is_refused_without_forwarders(self):
        r = self.dns.query("example.com", "A")
        self.assertEqual("REFUSED", r.rcode)
        self.assertNotIn("AA", r.flags)

    def test_outside_the_zone_is_forwarded_and_cached_with_forwarders(self):
        # A second drove-dns serving another zone forwards drove.test to the first one.
        front = DroveDns([self.cluster.controller_url], self.cluster.workdir, zone="other.test",
                         name="dns-front",
                         config={"forward": {"servers": ["127.0.0.1:%d" % self.dns.port]}})
        front.start()
        try:
            front.wait_ready()
            for qid in (1, 2):
                reply = udp_exchange(front.port, build_query("Web.Drove.Test", "SRV", qid=qid))
                self.assertEqual(qid, int.from_bytes(reply[:2], "big"))
                self.assertEqual(b"\x03Web\x05Drove\x04Test\x00", question_bytes(reply))
                self.assertEqual((0, 2), reply_counts(reply))
            self.assertEqual(1.0, front.metrics()["drove_dns_forward_cache_hits_total"])
            r = front.query("nothing." + ZONE, "A")
            self.assertEqual("NXDOMAIN", r.rcode)
        finally:
            front.stop()

    def test_metrics_count_queries_by_type_and_rcode_and_health_is_up(self):
        before = self.dns.metrics().get('drove_dns_queries_total{type="SRV",rcode="NXDOMAIN"}', 0)
        self.dns.query("absent." + ZONE, "SRV")
        m = self.dns.metrics()
        self.assertEqual(before + 1, m['drove_dns_queries_total{type="SRV",rcode="NXDOMAIN"}'])
        self.assertGreaterEqual(m["drove_dns_sync_total"], 1)
        self.assertGreater(m["drove_dns_index_generation"], 0)
        self.assertGreaterEqual(m["drove_dns_data_age_seconds"], 0)
        self.assertEqual(200, self.dns.health())

    def test_bad_input_gets_formerr_or_nothing_and_the_server_lives(self):
        good = build_query(self.VHOST)
        cases = {
            "truncated question": good[:20],
            "zero questions": good[:4] + b"\x00\x00" + good[6:],
            "compression loop": good[:12] + b"\xc0\x0c\x00\x21\x00\x01",
            "label overflow": good[:12] + b"\x40" + b"a" * 64 + b"\x00\x00\x21\x00\x01",
            "name over 255": good[:12] + (b"\x3f" + b"a" * 63) * 5 + b"\x00\x00\x21\x00\x01",
            "wrong class": build_query(self.VHOST, qclass=3),
            "two questions": good[:4] + b"\x00\x02" + good[6:],
        }
        for what, packet in cases.items():
            reply = udp_exchange(self.dns.port, packet)
            if reply is not None:
                self.assertEqual(packet[:2], reply[:2], what)
                self.assertIn(reply_counts(reply)[0], (1, 5), "%s: FORMERR or REFUSED" % what)
        rng = random.Random(5)
        for _ in range(2000):
            packet = bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 80)))
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.sendto(packet, ("127.0.0.1", self.dns.port))
        for _ in range(300):
            mutated = bytearray(good)
            mutated[rng.randrange(len(mutated))] = rng.getrandbits(8)
            udp_exchange(self.dns.port, bytes(mutated[:rng.randrange(len(mutated) + 1)]), timeout=0.05)
        # TCP: a huge length prefix with little behind it, then garbage frames.
        with socket.create_connection(("127.0.0.1", self.dns.port)) as s:
            s.sendall(b"\xff\xff" + b"\x00" * 20)
        with socket.create_connection(("127.0.0.1", self.dns.port)) as s:
            s.settimeout(2)
            s.sendall(b"\x00\x05hello")
            self.assertEqual(b"", s.recv(100), "a frame that is not a query closes the connection")
        self.assertTrue(self.dns.alive(), self.dns.log())
        self.assertEqual(2, len(self.dns.query(self.VHOST, "SRV").answer))
        self.assertEqual(2, len(self.dns.query(self.VHOST, "SRV", tcp=True).answer))


class DnsFollowsTheControllerTest(ClusterTestCase):
    """Scale 1 -> 3 -> 1 on real containers; the controller going away."""

    def setUp(self):
        super().setUp()
        self.dns = DroveDns([self.cluster.controller_url], self.cluster.workdir)
        self.dns.start()
        self.addCleanup(self.dns.stop)
        self.dns.wait_ready()

    def srv_count(self, vhost):
        reply = udp_exchange(self.dns.port, build_query(vhost), timeout=0.5)
        return reply_counts(reply)[1] if reply else -1

    def wait_dns_count(self, vhost, count, timeout=10):
        """Polls drove-dns every ~2 ms; the time it first answered `count` records."""
        return wait_for(lambda: time.time() if self.srv_count(vhost) == count else None, timeout,
                        "%d SRV records for %s in drove-dns" % (count, vhost), interval=0.002)

    def test_scale_one_three_one_follows_within_200ms_of_the_controller(self):
        vhost = "scale." + ZONE
        lags = []
        with EndpointsWatcher(self.cluster.controller_url) as watcher:
            app_id = deploy(self, "DNS_SCALE", vhost, 1)
            watcher.wait_listed(vhost, 1)
            listed_at = max(watcher.listed.values())
            lags.append(self.wait_dns_count(vhost, 1) - listed_at)

            self.assertEqual(200, self.api.scale(app_id, 3)[0])
            members = watcher.wait_listed(vhost, 3, timeout=90)
            listed_at = max(watcher.listed[m] for m in members)
            lags.append(self.wait_dns_count(vhost, 3) - listed_at)

            self.assertEqual(200, self.api.scale(app_id, 1)[0])
            watcher.wait_listed(vhost, 1, timeout=90)
            removed_at = max(watcher.removed.values())
            lags.append(self.wait_dns_count(vhost, 1) - removed_at)
        print("drove-dns lag behind the controller's endpoints: %s ms"
              % ", ".join("%.1f" % (lag * 1000) for lag in lags))
        for lag in lags:
            self.assertLessEqual(lag, FOLLOW_WITHIN_S)
        r = self.dns.query(vhost, "SRV")
        self.assertEqual(endpoint_hosts(self.api, vhost),
                         {(rr.data.split()[3].rstrip("."), int(rr.data.split()[2])) for rr in r.answer})

    def test_controller_down_keeps_the_last_good_answers(self):
        vhost = "steady." + ZONE
        deploy(self, "DNS_STEADY", vhost, 1)
        self.wait_dns_count(vhost, 1)
        self.cluster.kill_controller()
        errors_before = self.dns.metrics()["drove_dns_sync_errors_total"]
        wait_for(lambda: self.dns.metrics()["drove_dns_sync_errors_total"] > errors_before, 15,
                 "drove-dns notices the controller is gone")
        for _ in range(3):
            r = self.dns.query(vhost, "SRV")
            self.assertEqual(("NOERROR", 1), (r.rcode, len(r.answer)))
            self.assertIn("AA", r.flags)
            time.sleep(0.3)
        self.assertEqual(200, self.dns.health())
        self.cluster.start_controller()
        self.wait_dns_count(vhost, 1, timeout=30)


class DnsTruncationTest(unittest.TestCase):
    """40 HEALTHY instances on one vhost from simulated executors (no containers) on a real controller."""

    def test_forty_instances_truncate_on_udp_and_come_whole_over_tcp(self):
        vhost = "big." + ZONE
        with Cluster(executors=0) as cluster, FakeExecutors(cluster.controller_url, executors=4):
            try:
                wait_for(lambda: len(cluster.api.executors()) == 4, 30, "simulated executors")
                spec = specs.app_spec(name="DNS_BIG", vhost=vhost)
                op_spec = {"timeout": "5m", "parallelism": 40, "failureStrategy": "STOP"}
                status, body = cluster.api.create_app(spec, instances=40, op_spec=op_spec)
                self.assertEqual(200, status, body)
                wait_for(lambda: len(endpoint_hosts(cluster.api, vhost)) == 40, 120, "40 listed")
                dns = DroveDns([cluster.controller_url], cluster.workdir)
                dns.start()
                try:
                    wait_for(lambda: len(dns.query(vhost, "SRV", tcp=True).answer) == 40, 10,
                             "40 records over TCP")
                    udp = dns.query(vhost, "SRV", bufsize=1232)
                    self.assertIn("TC", udp.flags)
                    self.assertLessEqual(udp.size, 1232)
                    self.assertGreater(len(udp.answer), 10)
                    self.assertLess(len(udp.answer), 40)
                    plain = dns.query(vhost, "SRV", bufsize=None)
                    self.assertIn("TC", plain.flags)
                    self.assertLessEqual(plain.size, 512)
                    tcp = dns.query(vhost, "SRV", tcp=True)
                    self.assertNotIn("TC", tcp.flags)
                    self.assertEqual(endpoint_hosts(cluster.api, vhost),
                                     {(rr.data.split()[3].rstrip("."), int(rr.data.split()[2]))
                                      for rr in tcp.answer})
                    self.assertEqual(4, len(tcp.additional), "one A per executor as glue")
                    # kdig's own retry: without +ignore a truncated UDP answer is retried over TCP.
                    full = kdig(dns.port, vhost, "SRV", extra=("+noignore",))
                    self.assertEqual(40, len(full.answer))
                    self.assertGreater(dns.metrics()["drove_dns_truncated_total"], 0)
                finally:
                    dns.stop()
            except BaseException:
                cluster.print_logs()
                raise


if __name__ == "__main__":
    unittest.main()

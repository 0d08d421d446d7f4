"""High availability: three controllers on one 3-node ZooKeeper ensemble. One leads, the standbys
refuse the API; the leader SIGKILLed in the middle of a scale-up is replaced by a standby that
finishes the operation without losing, doubling or restarting an instance, while the edge (the
gateway module and drove-dns, both given all three controllers) answers every request and every SRV
query throughout; the model is in ZooKeeper.

Needs the Debian `zookeeper` package and a JRE (skipped without them). Each test gets its own
ensemble and cluster (same work dir, kept on failure), so no test sees another's znodes."""
import json
import os
import socket
import tempfile
import threading
import time
import unittest

from harness import ClusterTestCase, specs
from harness.api import NOT_LEADER, DroveApi, wait_for
from harness.dns import DroveDns
from harness.gateway import DroveGateway, Traffic
from harness.zookeeper import Ensemble, NoNodeError, ZkClient
from test_zookeeper_harness import _zookeeper_missing

SCALE_OP = {"timeout": "5m", "parallelism": 1, "failureStrategy": "STOP"}
ZONE = "drove.test"


def slow_app(vhost=None):
    """The harness's sample app, each instance taking >= 2 s to become ready, so a scale-up with
    parallelism 1 is still running when the test kills the leader."""
    spec = specs.app_spec(vhost=vhost)
    spec["readiness"]["initialDelay"] = "2 seconds"
    return spec


class DnsProbe(threading.Thread):
    """Asks drove-dns for a name's SRV records every `interval` s (kdig over UDP, 1 s timeout)
    until stopped; keeps (time, rcode or None when no reply came, SRV count) of each query."""

    def __init__(self, dns, name, interval=0.1):
        super().__init__(daemon=True)
        self.dns, self.name, self.interval = dns, name, interval
        self.samples = []
        self._done = threading.Event()

    def run(self):
        while not self._done.is_set():
            t = time.time()
            try:
                answer = self.dns.query(self.name, "SRV", timeout=1)
            except Exception:  # noqa: BLE001 - kdig missing or hung: recorded as no reply
                answer = None
            srv = [rr for rr in answer.answer if rr.type == "SRV"] if answer else []
            self.samples.append((t, answer.rcode if answer else None, len(srv)))
            self._done.wait(max(0.0, self.interval - (time.time() - t)))

    def since(self, t0, until=None):
        return [s for s in list(self.samples) if s[0] >= t0 and (until is None or s[0] <= until)]

    def bad(self, t0=0, until=None):
        """Queries without a NOERROR answer holding at least one SRV record."""
        return [s for s in self.since(t0, until) if s[1] != "NOERROR" or s[2] < 1]

    def drops(self, t0=0, until=None):
        """(time, before, after) of each answered query with fewer records than the one before."""
        counts = [(t, n) for t, rcode, n in self.since(t0, until) if rcode == "NOERROR"]
        return [(t, a, b) for (_, a), (t, b) in zip(counts, counts[1:]) if b < a]

    def stop(self):
        self._done.set()
        self.join(5)


class ContainerWatch(threading.Thread):
    """Lists this cluster's containers of one app every 100 ms until stopped: the most ever running
    at once, and every instance id a container ever carried (catches a double that is later
    cleaned up, which a look at the end would miss)."""

    def __init__(self, cluster, app_id):
        super().__init__(daemon=True)
        self.cluster, self.app_id = cluster, app_id
        self.max_running, self.instance_ids = 0, set()
        self._done = threading.Event()

    def run(self):
        while not self._done.wait(0.1):
            try:
                mine = [c for c in self.cluster.containers()
                        if c["Labels"].get("drove.app.id") == self.app_id]
            except (OSError, RuntimeError):
                continue
            self.instance_ids |= {c["Labels"]["drove.instance.id"] for c in mine}
            self.max_running = max(self.max_running, sum(c["State"] == "running" for c in mine))

    def stop(self):
        self._done.set()
        self.join(5)


@unittest.skipIf(_zookeeper_missing(), _zookeeper_missing() or "")
class HaFailoverTest(ClusterTestCase):
    def setUp(self):
        workdir = tempfile.mkdtemp(prefix="drove-it-")
        self.zk = Ensemble(size=3, tick_ms=500, workdir=os.path.join(workdir, "zookeeper"))
        self.addCleanup(self.zk.stop)  # runs after the cluster's stop (cleanups are LIFO)
        self.CLUSTER_OPTIONS = dict(executors=2, controllers=3, zookeeper=self.zk, workdir=workdir)
        super().setUp()
        self.zkc = ZkClient(self.zk.connection_string)
        self.addCleanup(self.zkc.close)

    def node_id(self, index):
        """What controller `index` calls itself (main.cpp: "<hostname>:<port>")."""
        return "%s:%d" % (socket.gethostname(), self.cluster.controller_ports[index])

    def running_containers(self, app_id):
        """{instance id: (container id, StartedAt)} of this app's running containers."""
        out = {}
        for c in self.cluster.containers():
            if c["Labels"].get("drove.app.id") == app_id and c["State"] == "running":
                started = self.cluster.engine.inspect(c["Id"])["State"]["StartedAt"]
                out[c["Labels"]["drove.instance.id"]] = (c["Id"], started)
        return out

    def states(self, app_id, old=False):
        """{instance id: "STATE (errorMessage)"} of the app's active (or old) instances."""
        found = self.api.old_instances(app_id) if old else self.api.instances(app_id)
        return {i["instanceId"]: "%s (%s)" % (i["state"], i.get("errorMessage", "")) for i in found}

    def test_standbys_answer_400_and_leader_is_unique(self):
        pings = self.cluster.controller_pings()
        leaders = [i for i, (status, _) in enumerate(pings) if status == 200]
        self.assertEqual(1, len(leaders), "exactly one controller leads: %r" % pings)
        leader = leaders[0]
        standbys = [i for i in range(3) if i != leader]
        for i in standbys:
            self.assertEqual((400, {"status": "FAILED", "message": NOT_LEADER}), pings[i],
                             "standby controller-%d" % i)

        # Every call, reads and writes alike, after auth: a standby applies nothing.
        standby = DroveApi(self.cluster.controller_urls[standbys[0]])
        self.assertEqual(401, standby.as_user(None, None).get("/applications")[0])
        for status, body in (standby.get("/applications"), standby.get("/cluster"),
                             standby.create_app(specs.app_spec())):
            self.assertEqual((400, NOT_LEADER), (status, body.get("message")))
        self.assertEqual({}, self.api.data("/applications"), "the standby created nothing")

        summary = DroveApi(self.cluster.controller_urls[leader]).data("/cluster")
        self.assertEqual(self.node_id(leader), summary.get("leader"), summary)
        self.assertEqual(2, summary["numExecutors"])

    def start_edge(self, vhost, members):
        """The gateway module and drove-dns, each given all three controllers, serving `members`
        instances of `vhost`; stopped (by pid) at the end of the test."""
        gateway = DroveGateway(self.cluster.controller_urls, workdir=self.cluster.workdir)
        gateway.start()
        self.addCleanup(gateway.stop)
        dns = DroveDns(self.cluster.controller_urls, self.cluster.workdir, zone=ZONE)
        dns.start()
        self.addCleanup(dns.stop)
        dns.wait_ready()
        wait_for(lambda: len(gateway.members(vhost)) == members, 20,
                 "%d members of %s at the gateway" % (members, vhost))
        wait_for(lambda: gateway.route(vhost)[0] == 200, 10,
                 "the app answering through the gateway")
        wait_for(lambda: len(dns.query(vhost, "SRV").answer) == members, 20,
                 "%d SRV records of %s in drove-dns" % (members, vhost))
        return gateway, dns

    def test_leader_killed_during_scale_up_completes_with_exactly_six(self):
        vhost = "ha-app." + ZONE
        spec = slow_app(vhost)
        app_id = specs.app_id(spec)
        self.assertEqual(200, self.api.create_app(spec, instances=2)[0])
        first = self.api.wait_healthy(app_id, 2, timeout=60)
        self.assertEqual({0, 1}, {self.cluster.executor_index_of(i) for i in first},
                         "one instance on each executor")
        before = self.running_containers(app_id)
        self.assertEqual({i["instanceId"] for i in first}, set(before))
        gateway, dns = self.start_edge(vhost, 2)

        watch = ContainerWatch(self.cluster, app_id)
        watch.start()
        self.addCleanup(watch.stop)
        probe = DnsProbe(dns, vhost, interval=0.1)
        self.addCleanup(probe.stop)
        with Traffic(gateway, vhost, interval=0.05) as traffic:
            probe.start()
            edge_from = time.time()
            status, body = self.api.scale(app_id, 6, op_spec=SCALE_OP)
            self.assertEqual(200, status, body)
            healthy = wait_for(lambda: (lambda n: n if n >= 3 else None)(
                len(self.api.healthy_instances(app_id))), 60, "3 HEALTHY instances", interval=0.05)
            old_leader = self.cluster.leader_index()
            killed_wall = time.time()
            killed_at = time.monotonic()
            self.cluster.kill_controller(old_leader)
            new_leader = self.cluster.wait_leader(60, other_than=old_leader)
            failover = time.monotonic() - killed_at
            print("\nfailover: controller-%d SIGKILLed with %d of 6 HEALTHY; controller-%d "
                  "answered ping 200 after %.2f s" % (old_leader, healthy, new_leader, failover))
            self.assertLess(healthy, 6, "the scale-up was over before the kill")

            # The new leader finishes the operation: 3 more starts of ~2.5 s each once the
            # executors have found it (their next snapshot, 2 s). The bound stays well under
            # instanceLostTimeout (60 s), after which a dropped start would be replaced anyway and
            # the app still reach 6.
            try:
                done = self.api.wait_healthy(app_id, 6, timeout=40)
            except AssertionError as e:
                self.fail("%s\nactive: %s\nold: %s"
                          % (e, self.states(app_id), self.states(app_id, True)))
            # The edge follows the new leader to all 6 while still being sampled.
            wait_for(lambda: len(gateway.members(vhost)) == 6, 20, "6 members at the gateway")
            wait_for(lambda: probe.since(time.time() - 0.5) and
                     probe.since(time.time() - 0.5)[-1][2] == 6, 20, "6 SRV records in drove-dns")
            edge_until = time.time()
        probe.stop()

        # The edge during the whole scale-up, kill and takeover: every request through the gateway
        # answered 200 (a member going or coming is retried by the proxy: no error at all) and every
        # SRV query answered NOERROR with at least one record.
        requests = traffic.since(edge_from, edge_until)
        queries = probe.since(edge_from, edge_until)
        around_kill = [s for s in requests if killed_wall <= s[0] <= killed_wall + failover]
        print("failover edge: %d gateway requests in %.1f s (%d while no controller led), %d "
              "answered 200, %d instances answered; %d SRV queries, %d NOERROR with >= 1 record "
              "(%d-%d records)" % (
                  len(requests), edge_until - edge_from, len(around_kill),
                  sum(s[1] == 200 for s in requests), len({s[2] for s in requests if s[1] == 200}),
                  len(queries), sum(s[1] == "NOERROR" and s[2] >= 1 for s in queries),
                  min((s[2] for s in queries), default=0), max((s[2] for s in queries), default=0)))
        self.assertGreater(len(around_kill), 10, "gateway requests sampled during the takeover")
        self.assertGreater(len([s for s in queries
                                if killed_wall <= s[0] <= killed_wall + failover]), 5,
                           "SRV queries sampled during the takeover")
        self.assertEqual([], traffic.errors(edge_from, edge_until), "gateway requests not 200")
        self.assertEqual([], probe.bad(edge_from, edge_until),
                         "SRV queries without a NOERROR answer holding a record")
        # A scale-up only adds members: no leader's view may make drove-dns forget one.
        self.assertEqual([], probe.drops(edge_from, edge_until), "SRV record count going down")
        self.assertTrue(gateway.running(), "nginx master exited:\n" + gateway.log_tail())
        self.assertEqual([], gateway.crashes())
        self.assertTrue(dns.alive(), "drove-dns exited:\n" + dns.log())

        wait_for(lambda: self.api.data("/applications/" + app_id)["state"] == "RUNNING", 60,
                 "app RUNNING after the scale-up")
        wait_for(lambda: self.zkc.exists("/drove/operations/" + app_id) is None, 30,
                 "the finished operation gone from /drove/operations")
        summary = self.api.data("/applications/" + app_id)
        self.assertEqual((6, 6), (summary["requiredInstances"], summary["healthyInstances"]))
        active = self.api.instances(app_id)
        self.assertEqual(["HEALTHY"] * 6, [i["state"] for i in active], "only the 6, all HEALTHY")
        done_ids = {i["instanceId"] for i in done}
        self.assertEqual(done_ids, {i["instanceId"] for i in active})
        self.assertEqual({}, self.states(app_id, old=True), "no instance lost or replaced")

        # The engine agrees: exactly these 6 run, no orphan, no double, the first two untouched.
        running = wait_for(lambda: (lambda r: r if set(r) == done_ids else None)(
            self.running_containers(app_id)), 30, "running containers = the 6 HEALTHY instances")
        watch.stop()
        self.assertEqual(6, watch.max_running, "most containers of the app running at once")
        self.assertEqual(done_ids, watch.instance_ids, "every instance id a container ever carried")
        for instance_id, container in before.items():
            self.assertEqual(container, running[instance_id],
                             "%s: same container, not restarted" % instance_id)

    def test_znodes_hold_the_model(self):
        spec = specs.app_spec()
        app_id = specs.app_id(spec)
        self.assertEqual(200, self.api.create_app(spec, instances=2)[0])
        self.api.wait_healthy(app_id, 2, timeout=60)

        def stored_matches_api():
            record = json.loads(self.zkc.get("/drove/applications/" + app_id)[0])
            summary = self.api.data("/applications/" + app_id)
            app_ok = (record["appId"], record["instances"], record["state"]) == \
                (app_id, summary["requiredInstances"], summary["state"])
            path = "/drove/instances/" + app_id
            stored = {n: json.loads(self.zkc.get(path + "/" + n)[0]) for n in self.zkc.children(path)}
            from_api = {i["instanceId"]: i for i in self.api.instances(app_id)}
            return app_ok and len(stored) == 2 and stored == from_api and record

        record = wait_for(stored_matches_api, 15, "the app and its 2 instances in ZooKeeper as the "
                                                 "API shows them")
        self.assertEqual(self.api.data("/applications/%s/spec" % app_id), record["spec"])

        def candidates():
            """{election node: its data} under /drove/leaderselection."""
            base = "/drove/leaderselection/"
            try:
                return {n: self.zkc.get(base + n)[0].decode()
                        for n in self.zkc.children(base.rstrip("/"))}
            except NoNodeError:  # a node deleted between children() and get()
                return None

        leader = self.cluster.leader_index()
        nodes = candidates()
        self.assertEqual(sorted(self.node_id(i) for i in range(3)), sorted(nodes.values()))
        lowest = min(nodes, key=lambda n: n.rsplit("-lock-", 1)[1])
        self.assertEqual(self.node_id(leader), nodes[lowest], "the lowest sequence leads")

        # A crashed standby's ephemeral node goes with its session (timeout 2 s).
        standby = next(i for i in range(3) if i != leader)
        self.cluster.kill_controller(standby)
        live = sorted(self.node_id(i) for i in range(3) if i != standby)
        wait_for(lambda: sorted((candidates() or {}).values()) == live, 15,
                 "one election node per live controller: %s" % live)
        self.assertEqual(leader, self.cluster.leader_index(), "a standby's crash moves nothing")


if __name__ == "__main__":
    unittest.main()

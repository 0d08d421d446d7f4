"""High availability under faults: three controllers on a real 3-node ZooKeeper ensemble, real
executors and containers. Each test gets its own ensemble and cluster (one work dir, kept on failure),
so no test sees another's znodes.

- a deposed leader (SIGSTOPped until its session expired and another controller led) writes no
  znode, starts or stops no container and answers ping 400 once resumed;
- losing the ZooKeeper quorum: the gateway keeps serving the app, operations are refused with a
  message that says why, and after the quorum is back a leader serves again with the same containers;
- an executor killed together with its containers: its instances go LOST and are replaced on the
  other executor (time printed);
- an executor cut off the network (network-namespace hosts): replaced elsewhere; on its return its
  now unknown containers are stopped, so exactly the required count runs;
- bad ZooKeeper settings at start (connection string syntax, nobody listening, a namespace owned by
  something else): exit code != 0 and one stderr line naming the problem.

Needs the Debian `zookeeper` package and a JRE (skipped without them); the cut-off case also needs
root and `ip`/`iptables`."""
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

from harness import ClusterTestCase, paths, specs
from harness.testcase import _problems
from harness.api import NOT_LEADER, DroveApi, is_not_leader, wait_for
from harness.cluster import Cluster, free_port
from harness.gateway import DroveGateway, Traffic
from harness.hosts import available as hosts_unavailable
from harness.zookeeper import Ensemble, NoNodeError, ZkClient
from test_zookeeper_harness import _zookeeper_missing

SCALE_OP = {"timeout": "5m", "parallelism": 2, "failureStrategy": "STOP"}
ELECTION = "/drove/leaderselection"


def znodes(zkc, root="/drove"):
    """{path: (data, mzxid, version, cversion, pzxid)} of root and every descendant."""
    out, todo = {}, [root]
    while todo:
        path = todo.pop()
        try:
            data, stat = zkc.get(path)
            names = zkc.children(path)
        except NoNodeError:
            continue
        out[path] = (data, stat.mzxid, stat.version, stat.cversion, stat.pzxid)
        todo += [path + "/" + n for n in names]
    return out


def diff(before, after):
    """Human-readable list of what differs between two znodes() results."""
    out = []
    for path in sorted(set(before) | set(after)):
        if before.get(path) != after.get(path):
            out.append("%s: %r -> %r" % (path, before.get(path), after.get(path)))
    return out


@unittest.skipIf(_zookeeper_missing(), _zookeeper_missing() or "")
class HaFaultsTest(ClusterTestCase):
    def setUp(self):
        # No cluster here: every test starts its own (different options) through start_cluster().
        unittest.TestCase.setUp(self)
        self.workdir = tempfile.mkdtemp(prefix="drove-it-")

    def run(self, result=None):
        before = _problems(result)
        result = super().run(result)  # a cluster's work dir (the same) is handled there
        if getattr(self, "cluster", None) is None and result is not None:
            if _problems(result) > before or os.environ.get("DROVE_KEEP_TMP"):
                print("kept work dir %s" % self.workdir)
            else:
                shutil.rmtree(self.workdir, ignore_errors=True)
        return result

    def start_cluster(self, **options):
        self.zk = Ensemble(size=3, tick_ms=500, workdir=os.path.join(self.workdir, "zookeeper"))
        self.addCleanup(self.zk.stop)  # after the cluster's stop (cleanups are LIFO)
        options.setdefault("executors", 2)
        self.cluster = Cluster(controllers=3, zookeeper=self.zk, workdir=self.workdir, **options)
        self.addCleanup(self.cluster.stop)
        self.api = self.cluster.api
        self.zkc = ZkClient(self.zk.connection_string)
        self.addCleanup(self.zkc.close)
        return self.cluster

    def node_id(self, index):
        """What controller `index` calls itself (main.cpp: "<hostname>:<port>")."""
        return "%s:%d" % (socket.gethostname(), self.cluster.controller_ports[index])

    def election_nodes(self):
        """{election node name: its data (a controller's node id)}."""
        return {n: self.zkc.get(ELECTION + "/" + n)[0].decode()
                for n in self.zkc.children(ELECTION)}

    def app_containers(self, app_id, running_only=False):
        """{container id: (instance id, StartedAt, State)} of this cluster's containers of the app."""
        out = {}
        for c in self.cluster.containers():
            if c["Labels"].get("drove.app.id") != app_id:
                continue
            if running_only and c["State"] != "running":
                continue
            started = self.cluster.engine.inspect(c["Id"])["State"]["StartedAt"]
            out[c["Id"]] = (c["Labels"]["drove.instance.id"], started, c["State"])
        return out

    def deploy(self, api, instances, **spec_args):
        spec = specs.app_spec(**spec_args)
        app_id = specs.app_id(spec)
        status, body = api.create_app(spec, instances=instances)
        self.assertEqual(200, status, body)
        return app_id, api.wait_healthy(app_id, instances, timeout=90)

    def log_lines(self, index, *words):
        """Lines of controller `index`'s log holding any of `words` (for the report on stdout)."""
        with open(self.cluster.controllers[index].log_path, errors="replace") as f:
            return [line.rstrip() for line in f if any(w in line for w in words)]

    # ------------------------------------------------------------------------------------------
    def test_a_deposed_leader_writes_nothing_and_touches_no_container(self):
        cluster = self.start_cluster()
        app_id, _ = self.deploy(self.api, 2)
        old = cluster.leader_index()
        proc = cluster.controllers[old]
        (old_node,) = [n for n, d in self.election_nodes().items() if d == self.node_id(old)]

        stopped_at = time.monotonic()
        os.kill(proc.pid, signal.SIGSTOP)
        self.addCleanup(lambda: proc.running() and os.kill(proc.pid, signal.SIGCONT))
        wait_for(lambda: old_node not in self.election_nodes(), 20,
                 "the stopped leader's election node gone (its session expired)")
        expired = time.monotonic() - stopped_at
        new = cluster.wait_leader(30, other_than=old)
        led = time.monotonic() - stopped_at
        print("\ndeposed: controller-%d SIGSTOPped; its session expired after %.2f s, controller-%d "
              "led after %.2f s" % (old, expired, new, led))

        # A change through the new leader (never through the stopped one: a request queued in its
        # socket would be served after SIGCONT).
        api = DroveApi(cluster.controller_urls[new])
        # Until the executors' next snapshots reach it, a new leader knows no executor and refuses
        # operations ("No executors on cluster").
        wait_for(lambda: len([e for e in api.executors() if e.get("state") != "REMOVED"]) == 2,
                 20, "the new leader listing both executors")
        status, body = api.scale(app_id, 3, op_spec=SCALE_OP)
        self.assertEqual(200, status, body)
        api.wait_healthy(app_id, 3, timeout=60)
        wait_for(lambda: api.data("/applications/" + app_id)["state"] == "RUNNING", 30,
                 "app RUNNING after the scale")
        wait_for(lambda: self.zkc.exists("/drove/operations/" + app_id) is None, 30,
                 "the scale operation gone from /drove/operations")
        # Settled: two reads 1 s apart agree (the new leader has written all it had to).
        last = {}

        def settled():
            now = znodes(self.zkc)
            same = now == last.get("tree")
            last["tree"] = now
            return same

        wait_for(settled, 30, "znodes unchanged for 1 s", interval=1.0)
        before = last["tree"]
        containers = self.app_containers(app_id)
        self.assertEqual(3, len(containers))
        others = set(self.election_nodes())

        resumed_at = time.monotonic()
        os.kill(proc.pid, signal.SIGCONT)
        # Back: a new session and a new candidate node of its own (so it runs again), and 400.
        wait_for(lambda: any(d == self.node_id(old) for d in self.election_nodes().values()), 20,
                 "the resumed controller campaigning again")
        old_api = DroveApi(cluster.controller_urls[old], timeout=5)
        wait_for(lambda: is_not_leader(*old_api.ping()), 10, "the resumed controller answering 400")
        print("deposed: resumed controller-%d campaigned again and answered 400 after %.2f s"
              % (old, time.monotonic() - resumed_at))

        # Watch a few executor snapshots (2 s) and engine ticks: nothing may change.
        window_end = time.monotonic() + 6
        while True:
            self.assertEqual((400, {"status": "FAILED", "message": NOT_LEADER}), old_api.ping(),
                             "the deposed controller's ping")
            self.assertEqual(200, api.ping()[0], "controller-%d still leads" % new)
            after = znodes(self.zkc)
            outside = {p: v for p, v in after.items() if not p.startswith(ELECTION)}
            self.assertEqual([], diff({p: v for p, v in before.items()
                                       if not p.startswith(ELECTION)}, outside),
                             "znodes written after the deposed leader resumed")
            candidates = self.election_nodes()
            self.assertEqual(others, set(candidates) & others, "the other candidates' nodes stay")
            self.assertEqual([self.node_id(old)],
                             [d for n, d in candidates.items() if n not in others],
                             "one new candidate node: the resumed controller's")
            self.assertEqual(containers, self.app_containers(app_id),
                             "containers (id, instance, StartedAt, state) unchanged")
            if time.monotonic() >= window_end:
                break
            time.sleep(0.5)
        self.assertEqual(3, len(api.healthy_instances(app_id)))
        print("deposed: controller-%d log after SIGCONT:\n  %s" % (old, "\n  ".join(
            self.log_lines(old, "lost leadership", "refused", "not sent", "expired")[-8:])))

    # ------------------------------------------------------------------------------------------
    def test_b_quorum_loss_keeps_serving_refuses_operations_and_restarts_nothing(self):
        cluster = self.start_cluster()
        gateway = DroveGateway(cluster.controller_urls, workdir=cluster.workdir)
        gateway.start()
        self.addCleanup(gateway.stop)
        vhost = "ha-faults.local"
        app_id, healthy = self.deploy(self.api, 2, vhost=vhost)
        ids = {i["instanceId"] for i in healthy}
        wait_for(lambda: len(gateway.members(vhost)) == 2, 20, "2 members at the gateway")
        wait_for(lambda: gateway.route(vhost)[0] == 200, 10, "the app answering through the gateway")
        containers = self.app_containers(app_id)
        self.assertEqual(2, len(containers))

        leader_api = DroveApi(cluster.controller_urls[cluster.leader_index()])
        with Traffic(gateway, vhost, interval=0.05) as traffic:
            killed_at = time.time()
            killed = self.zk.kill_quorum()
            self.assertEqual(2, len(killed))
            # At once, while the leader may still hold its lease (half the 2 s session).
            early = leader_api.scale(app_id, 3, op_spec=SCALE_OP)
            early_after = time.time() - killed_at
            self.zk.wait_not_serving(10)
            # The leader steps down when its lease lapses (half the 2 s session).
            wait_for(lambda: all(s != 200 for s, _ in cluster.controller_pings()), 10,
                     "no controller leading without quorum")
            no_leader = time.time() - killed_at
            answers = []
            for url in cluster.controller_urls:
                status, body = DroveApi(url).scale(app_id, 3, op_spec=SCALE_OP)
                message = body.get("message") if isinstance(body, dict) else body
                answers.append((url, status, message))
                self.assertNotEqual(200, status, "%s accepted a scale without quorum: %r"
                                    % (url, body))
                self.assertTrue(message == NOT_LEADER or "zookeeper" in str(message).lower(),
                                "%s refused without saying why: %s %r" % (url, status, body))
            print("\nquorum loss: scale POST to the leader %.2f s after the kill: %s %r"
                  % (early_after, early[0], early[1]))
            print("quorum loss: no leader %.2f s after the kill; then a scale POST answered:\n  %s"
                  % (no_leader, "\n  ".join("%s -> %s %r" % a for a in answers)))
            with self.subTest("scale POST to the leader as the quorum goes"):
                self.assertNotEqual(200, early[0], "the leader accepted a scale as the quorum "
                                    "went: %r" % (early[1],))
                said = early[1].get("message") if isinstance(early[1], dict) else early[1]
                self.assertTrue(said == NOT_LEADER or "zookeeper" in json.dumps(early[1]).lower(),
                                "refused without naming ZooKeeper: %s %r" % early)
            # Keep the outage going for a while: the traffic samples cover it.
            wait_for(lambda: time.time() - killed_at >= 8, 15, "8 s of outage", interval=0.1)
            restarted_at = time.time()
            for i in killed:
                self.zk.start_node(i)
            self.zk.wait_serving(30)
            serving = time.time() - restarted_at
            cluster.wait_leader(30)
            recovered = time.time() - restarted_at
            wait_for(lambda: len(traffic.since(time.time() - 1)) > 0, 5, "traffic after recovery")
            ended_at = time.time()
        print("quorum loss: ZooKeeper serving %.2f s and a leader %.2f s after restarting %s"
              % (serving, recovered, killed))
        during = traffic.since(killed_at, ended_at)
        self.assertGreater(len(during), 50, "requests sampled during the outage")
        self.assertEqual([], traffic.errors(killed_at, ended_at), "requests that failed")
        print("quorum loss: %d requests through the gateway during %.1f s, all 200"
              % (len(during), ended_at - killed_at))

        # Nothing happened to the app: same instances, same containers, not restarted.
        summary = self.api.data("/applications/" + app_id)
        self.assertEqual((2, 2), (summary["requiredInstances"], summary["healthyInstances"]),
                         "the refused scale was not applied")
        self.assertEqual(ids, {i["instanceId"] for i in self.api.healthy_instances(app_id)})
        self.assertEqual([], self.api.old_instances(app_id), "no instance lost or replaced")
        self.assertEqual([], self.zkc.children("/drove/operations"), "no operation stored")
        self.assertEqual(containers, self.app_containers(app_id),
                         "containers (id, instance, StartedAt, state) unchanged")

    # ------------------------------------------------------------------------------------------
    def test_c_executor_killed_with_its_containers_is_replaced(self):
        cluster = self.start_cluster()
        app_id, healthy = self.deploy(self.api, 2)
        victim = cluster.executor_index_of(healthy[0])
        survivor = 1 - victim
        lost_ids = {i["instanceId"] for i in healthy if cluster.executor_index_of(i) == victim}

        killed_at = time.monotonic()
        cluster.kill_executor(victim)
        for c in cluster.containers(victim):
            cluster.engine.remove(c["Id"])
        self.assertEqual([], cluster.containers(victim))

        def lost():
            old = {i["instanceId"]: i["state"] for i in self.api.old_instances(app_id)}
            return all(old.get(i) == "LOST" for i in lost_ids)

        wait_for(lost, 75, "instances %s LOST" % sorted(lost_ids), interval=0.5)
        lost_after = time.monotonic() - killed_at

        def replaced():
            now = self.api.healthy_instances(app_id)
            on_survivor = all(cluster.executor_index_of(i) == survivor for i in now)
            return len(now) == 2 and on_survivor and not lost_ids & {i["instanceId"] for i in now}

        wait_for(replaced, max(1, 75 - (time.monotonic() - killed_at)),
                 "2 HEALTHY instances on executor-%d within 75 s" % survivor, interval=0.5)
        replaced_after = time.monotonic() - killed_at
        print("\nexecutor-%d SIGKILLed with its %d container(s) removed: LOST after %.1f s, "
              "replaced (2 HEALTHY on executor-%d) after %.1f s"
              % (victim, len(lost_ids), lost_after, survivor, replaced_after))
        self.assertEqual(2, len(self.app_containers(app_id, running_only=True)))

    # ------------------------------------------------------------------------------------------
    @unittest.skipIf(hosts_unavailable(), hosts_unavailable() or "")
    def test_d_cut_executor_is_replaced_and_its_containers_stopped_on_return(self):
        cluster = self.start_cluster(hosts=True, controller_config={
            "options": {"executorLostTimeout": "5s"}})
        app_id, healthy = self.deploy(self.api, 2)
        victim = cluster.executor_index_of(healthy[0])
        survivor = 1 - victim
        cut_ids = {i["instanceId"] for i in healthy if cluster.executor_index_of(i) == victim}
        executor = cluster.executor(victim)

        cut_at = time.monotonic()
        cluster.hosts.cut(victim)
        wait_for(lambda: executor.port not in [e["port"] for e in cluster.registered_executors()],
                 30, "executor-%d removed by the leader" % victim)

        def replaced():
            now = self.api.healthy_instances(app_id)
            return (len(now) == 2 and not cut_ids & {i["instanceId"] for i in now}
                    and all(cluster.executor_index_of(i) == survivor for i in now))

        wait_for(replaced, 60, "2 HEALTHY instances on executor-%d" % survivor, interval=0.5)
        replaced_after = time.monotonic() - cut_at
        cut_running = {i for i, _, state in self.app_containers(app_id).values()
                       if state == "running"} & cut_ids
        self.assertEqual(cut_ids, cut_running, "the cut host's containers still run meanwhile")

        restored_at = time.monotonic()
        cluster.hosts.restore(victim)
        cluster.wait_executor_registered(victim, 30)

        def exactly_required():
            found = self.app_containers(app_id)
            api_ids = {i["instanceId"] for i in self.api.healthy_instances(app_id)}
            required = self.api.data("/applications/" + app_id)["requiredInstances"]
            return (len(found) == required == len(api_ids)
                    and {i for i, _, _ in found.values()} == api_ids and found)

        found = wait_for(exactly_required, 60, "exactly the required 2 containers of the app")
        print("\ncut: executor-%d's instances replaced %.1f s after the cut; %d orphan(s) gone "
              "%.1f s after the restore" % (victim, replaced_after, len(cut_ids),
                                             time.monotonic() - restored_at))
        self.assertEqual({"running"}, {state for _, _, state in found.values()})
        self.assertFalse(cut_ids & {i for i, _, _ in found.values()})

    # ------------------------------------------------------------------------------------------
    def test_e_bad_zookeeper_settings_stop_the_controller_with_one_line(self):
        self.zk = Ensemble(size=3, tick_ms=500, workdir=os.path.join(self.workdir, "zookeeper"))
        self.addCleanup(self.zk.stop)
        self.zkc = ZkClient(self.zk.connection_string)
        self.addCleanup(self.zkc.close)
        # Foreign owners: /drove with data and a child of its own; /other unmarked with a child.
        self.zk.zkcli("create /drove kafka-config", "create /drove/brokers x",
                      "create /other", "create /other/brokers x")
        foreign = znodes(self.zkc, "/drove"), znodes(self.zkc, "/other")
        unreachable = "127.0.0.1:%d" % free_port()
        cases = [
            ("bad syntax", {"connectionString": "127.0.0.1"}, ["127.0.0.1", "host:port"]),
            ("bad syntax", {"connectionString": "127.0.0.1:2181;127.0.0.2:2181"},
             ["127.0.0.1:2181;127.0.0.2:2181"]),
            ("unreachable", {"connectionString": unreachable, "connectTimeout": "3s"},
             [unreachable]),
            ("foreign data", {"connectionString": self.zk.connection_string,
                              "namespace": "drove"}, ["/drove"]),
            ("foreign children", {"connectionString": self.zk.connection_string,
                                  "namespace": "other"}, ["/other", "brokers"]),
        ]
        for n, (what, zookeeper, names) in enumerate(cases):
            with self.subTest(what, connection=zookeeper["connectionString"]):
                config = {
                    "server": {"host": "127.0.0.1", "port": free_port()},
                    "zookeeper": dict({"sessionTimeout": "2s", "namespace": "drove"}, **zookeeper),
                    "userAuth": {"enabled": True, "users": [
                        {"username": "admin", "password": "admin",
                         "role": "EXTERNAL_READ_WRITE"}]},
                }  # logLevel: the default
                path = os.path.join(self.workdir, "bad-%d.yml" % n)
                with open(path, "w") as f:
                    json.dump(config, f)
                started = time.monotonic()
                out = subprocess.run([paths.CONTROLLER_BIN, "--config", path],
                                     stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
                took = time.monotonic() - started
                stderr = out.stderr.decode(errors="replace")
                print("\nbad input (%s): exit %d after %.2f s, stderr:\n%s"
                      % (what, out.returncode, took, stderr.rstrip()))
                self.assertNotEqual(0, out.returncode)
                lines = stderr.strip().splitlines()
                self.assertEqual(1, len(lines), "one line on stderr:\n" + stderr)
                for name in names:
                    self.assertIn(name, lines[0])
                self.assertIn("zookeeper", lines[0].lower())
        self.assertEqual(foreign, (znodes(self.zkc, "/drove"), znodes(self.zkc, "/other")),
                         "the foreign namespaces untouched")


if __name__ == "__main__":
    unittest.main()

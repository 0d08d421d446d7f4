"""High availability during a blacklist: three controllers on a fresh 3-node ZooKeeper ensemble, two
real executors. An app has 4 HEALTHY instances, 3 of them on executor 0; executor 0 is blacklisted
through the leader and the leader is SIGKILLed in the middle of the move (after the first
replacement is HEALTHY, before the executor is BLACKLISTED). The new leader resumes the move: the
executor ends BLACKLISTED, the app ends with exactly 4 HEALTHY instances, none on it, HEALTHY never
below 3 (sampled every 100 ms through whichever controller leads), exactly 4 containers run (no
orphan, no double), a later scale-up places nothing there, and unblacklisting makes it ACTIVE.

Needs the Debian `zookeeper` package and a JRE (skipped without them)."""
import os
import tempfile
import threading
import time
import unittest

from harness import ClusterTestCase, specs
from harness.api import wait_for
from harness.zookeeper import Ensemble, ZkClient
from test_ha_failover import ContainerWatch
from test_zookeeper_harness import _zookeeper_missing

USERS = [{"username": name, "password": name, "role": role, "encoding": "PLAIN"}
         for name, role in (("admin", "EXTERNAL_READ_WRITE"), ("guest", "EXTERNAL_READ_ONLY"),
                            ("root", "EXTERNAL_ROOT"))]
FAST_OP = {"timeout": "5m", "parallelism": 3, "failureStrategy": "STOP"}


class HealthySampler(threading.Thread):
    """Counts the app's HEALTHY instances every 100 ms through its own LeaderApi (which finds the
    new leader after a failover); keeps (time, count) of each answered sample and (time, error)
    of each that was not (no leader answering)."""

    def __init__(self, api, app_id, interval=0.1):
        super().__init__(daemon=True)
        self.api, self.app_id, self.interval = api, app_id, interval
        self.counts, self.errors = [], []
        self._done = threading.Event()

    def run(self):
        while not self._done.is_set():
            t = time.time()
            try:
                self.counts.append((t, len(self.api.healthy_instances(self.app_id))))
            except Exception as e:  # noqa: BLE001 - judged by the test
                self.errors.append((t, "%s: %s" % (type(e).__name__, e)))
            self._done.wait(max(0.0, self.interval - (time.time() - t)))

    def longest_gap(self):
        """Longest time between two answered samples, and when it began."""
        times = [t for t, _ in self.counts]
        gaps = [(b - a, a) for a, b in zip(times, times[1:])]
        return max(gaps, default=(0.0, None))

    def stop(self):
        self._done.set()
        self.join(70)  # a sample may be waiting for a leader (LeaderApi.find_timeout, 60 s)


def slow_app():
    """The sample app, each instance taking >= 2 s to become ready, so the move (one instance at
    a time, start-first) is still running when the test kills the leader."""
    spec = specs.app_spec(name="HA_BLACKLIST")
    spec["readiness"]["initialDelay"] = "2 seconds"
    return spec


@unittest.skipIf(_zookeeper_missing(), _zookeeper_missing() or "")
class HaBlacklistTest(ClusterTestCase):
    def setUp(self):
        workdir = tempfile.mkdtemp(prefix="drove-it-")
        self.zk = Ensemble(size=3, tick_ms=500, workdir=os.path.join(workdir, "zookeeper"))
        self.addCleanup(self.zk.stop)  # runs after the cluster's stop (cleanups are LIFO)
        self.CLUSTER_OPTIONS = dict(executors=2, controllers=3, zookeeper=self.zk, workdir=workdir,
                                    controller_config={"userAuth": {"users": USERS}})
        super().setUp()
        self.zkc = ZkClient(self.zk.connection_string)
        self.addCleanup(self.zkc.close)
        self.root = self.api.as_user("root", "root")
        self.ids = [ex.executor_id for ex in self.cluster.executors]

    # --- helpers ---------------------------------------------------------------------------------
    def executor_states(self):
        """{executor id: state} from GET /cluster/executors (through the leader)."""
        return {e["executorId"]: e["state"] for e in self.api.executors()}

    def wait_executor_state(self, index, state, timeout=90):
        wait_for(lambda: self.executor_states().get(self.ids[index]) == state, timeout,
                 "executor-%d %s" % (index, state))

    def blacklist(self, index, action="blacklist"):
        status, body = self.root.post("/cluster/executors/" + action, {}, {"id": [self.ids[index]]})
        self.assertEqual(200, status, body)
        self.assertEqual(([self.ids[index]], []),
                         (body["data"]["successful"], body["data"]["failed"]), body)
        return body["data"]

    def placement(self, instances):
        """[executor index] of each instance, sorted."""
        return sorted(self.cluster.executor_index_of(i) for i in instances)

    def app_containers(self, app_id):
        """{instance id: (executor index, State)} of this cluster's containers of the app."""
        out = {}
        for ex in self.cluster.executors:
            for c in self.cluster.containers(ex.index):
                if c["Labels"].get("drove.app.id") == app_id:
                    out[c["Labels"]["drove.instance.id"]] = (ex.index, c["State"])
        return out

    def states(self, app_id, old=False):
        found = self.api.old_instances(app_id) if old else self.api.instances(app_id)
        return {i["instanceId"]: "%s on executor-%d (%s)" % (
            i["state"], self.cluster.executor_index_of(i), i.get("errorMessage", ""))
            for i in found}

    def three_on_executor_0(self):
        """An app at 4 HEALTHY instances, 3 on executor 0 and 1 on executor 1: executor 1 is
        blacklisted (nothing to move) while the first 3 are placed, then made ACTIVE again and
        the 4th goes there (the scheduler prefers the emptier executor)."""
        self.blacklist(1)
        self.wait_executor_state(1, "BLACKLISTED", 30)
        spec = slow_app()
        app_id = specs.app_id(spec)
        status, body = self.api.create_app(spec, instances=3, op_spec=FAST_OP)
        self.assertEqual(200, status, body)
        self.assertEqual([0, 0, 0], self.placement(self.api.wait_healthy(app_id, 3, timeout=90)))
        self.blacklist(1, "unblacklist")
        self.assertEqual("ACTIVE", self.executor_states()[self.ids[1]])
        wait_for(lambda: self.api.data("/applications/" + app_id)["state"] == "RUNNING", 30,
                 "app RUNNING")
        status, body = self.api.scale(app_id, 4)
        self.assertEqual(200, status, body)
        healthy = self.api.wait_healthy(app_id, 4, timeout=60)
        self.assertEqual([0, 0, 0, 1], self.placement(healthy))
        wait_for(lambda: self.api.data("/applications/" + app_id)["state"] == "RUNNING", 30,
                 "app RUNNING after the scale to 4")
        return app_id, healthy

    # --- the test --------------------------------------------------------------------------------
    def test_leader_killed_mid_move_new_leader_finishes_blacklisting(self):
        app_id, healthy = self.three_on_executor_0()
        original = {i["instanceId"] for i in healthy}
        on_0 = {i["instanceId"] for i in healthy if self.cluster.executor_index_of(i) == 0}

        watch = ContainerWatch(self.cluster, app_id)
        watch.start()
        self.addCleanup(watch.stop)
        sampler = HealthySampler(self.api.as_user("admin", "admin"), app_id)
        sampler.start()
        self.addCleanup(sampler.stop)

        requested_at = time.time()
        data = self.blacklist(0)
        self.assertGreater(data["approxCompletionTimeMs"], 0, data)

        # The first replacement HEALTHY (on executor 1), executor 0 not yet emptied.
        def first_replacement():
            now = self.api.healthy_instances(app_id)
            new = [i for i in now if i["instanceId"] not in original]
            return (new, now) if new else None

        new, now = wait_for(first_replacement, 60, "the first replacement HEALTHY", interval=0.05)
        states = self.executor_states()
        left_on_0 = [i["instanceId"] for i in now if self.cluster.executor_index_of(i) == 0]
        old_leader = self.cluster.leader_index()
        killed_at = time.time()
        self.cluster.kill_controller(old_leader)
        self.assertEqual("BLACKLIST_REQUESTED", states[self.ids[0]],
                         "executor-0 when the leader was killed")
        self.assertEqual([1] * len(new), self.placement(new), "replacements on executor-1")
        self.assertTrue(left_on_0, "instances still HEALTHY on executor-0 at the kill")
        new_leader = self.cluster.wait_leader(60, other_than=old_leader)
        led_at = time.time()
        print("\nblacklist failover: controller-%d SIGKILLed %.2f s after the blacklist request, "
              "with %d replacement(s) HEALTHY and %d of 3 instances still on executor-0; "
              "controller-%d answered ping 200 after %.2f s"
              % (old_leader, killed_at - requested_at, len(new), len(left_on_0), new_leader,
                 led_at - killed_at))

        # The new leader resumes the move and finishes the blacklisting.
        try:
            self.wait_executor_state(0, "BLACKLISTED", 90)
        except AssertionError as e:
            self.fail("%s\nexecutors: %s\nactive: %s\nold: %s" % (
                e, self.executor_states(), self.states(app_id), self.states(app_id, True)))
        blacklisted_at = time.time()

        def four_off_0():
            now = self.api.healthy_instances(app_id)
            return now if len(now) == 4 and self.placement(now) == [1, 1, 1, 1] else None

        final = wait_for(four_off_0, 60, "4 HEALTHY instances, all on executor-1")
        wait_for(lambda: self.api.data("/applications/" + app_id)["state"] == "RUNNING", 60,
                 "app RUNNING after the move")
        wait_for(lambda: self.zkc.exists("/drove/operations/" + app_id) is None, 30,
                 "the move's operation gone from /drove/operations")
        final_ids = {i["instanceId"] for i in final}
        self.assertEqual(["HEALTHY"] * 4, [i["state"] for i in self.api.instances(app_id)],
                         "only the 4, all HEALTHY: %s" % self.states(app_id))
        self.assertEqual(original - on_0, final_ids & original, "executor-1's instance kept")
        self.assertEqual(3, len(final_ids - original), "3 replacements")
        old = self.states(app_id, old=True)
        self.assertEqual(on_0, set(old), "the 3 moved instances are the old ones: %s" % old)

        # The engine agrees: exactly the 4 HEALTHY instances run, all on executor-1; every
        # container the app ever had was one of the 4 first or one of the 3 replacements.
        running = wait_for(lambda: (lambda c: c if set(c) == final_ids else None)(
            {i: v for i, v in self.app_containers(app_id).items() if v[1] == "running"}),
            30, "running containers = the 4 HEALTHY instances")
        self.assertEqual({1}, {index for index, _ in running.values()})
        wait_for(lambda: set(self.app_containers(app_id)) == final_ids, 30,
                 "the moved instances' containers removed")
        watch.stop()
        self.assertEqual(original | final_ids, watch.instance_ids,
                         "every instance id a container ever carried")
        self.assertLessEqual(watch.max_running, 5, "start-first, one at a time: at most 4 + 1")
        print("blacklist failover: executor-0 BLACKLISTED %.2f s after the request (%.2f s after "
              "the new leader); at most %d containers of the app running at once"
              % (blacklisted_at - requested_at, blacklisted_at - led_at, watch.max_running))

        # A new scale-up places nothing on the blacklisted executor.
        status, body = self.api.scale(app_id, 6)
        self.assertEqual(200, status, body)
        scaled = self.api.wait_healthy(app_id, 6, timeout=60)
        self.assertEqual([1] * 6, self.placement(scaled))
        wait_for(lambda: self.api.data("/applications/" + app_id)["state"] == "RUNNING", 30,
                 "app RUNNING after the scale to 6")
        self.assertEqual({1}, {index for index, _ in self.app_containers(app_id).values()})
        self.assertEqual(6, len(self.app_containers(app_id)))

        self.blacklist(0, "unblacklist")
        self.wait_executor_state(0, "ACTIVE", 10)
        sampler.stop()

        # HEALTHY never below 3 in any answered sample; unanswered ones only around the takeover.
        counts = [n for _, n in sampler.counts]
        gap, gap_from = sampler.longest_gap()
        print("blacklist failover: %d HEALTHY samples answered (min %d, max %d), %d unanswered, "
              "longest gap %.2f s from %.2f s after the kill"
              % (len(counts), min(counts), max(counts), len(sampler.errors), gap,
                 (gap_from or killed_at) - killed_at))
        self.assertGreater(len(counts), 100, "HEALTHY samples")
        self.assertGreaterEqual(min(counts), 3, [c for c in sampler.counts if c[1] < 3])
        self.assertEqual([], [e for e in sampler.errors if not killed_at <= e[0] <= led_at + 5],
                         "samples unanswered outside the takeover")
        after_kill = [n for t, n in sampler.counts if killed_at <= t <= blacklisted_at]
        self.assertTrue(after_kill, "samples answered by the new leader during the move")


if __name__ == "__main__":
    unittest.main()

"""Blacklisting and maintenance mode on real containers: an executor's instances move start-first
(never below 3 HEALTHY of 4) and it ends BLACKLISTED; in maintenance, operations are refused and a
container killed meanwhile is replaced only once maintenance is off and the settle time is over."""
import os
import subprocess
import tempfile
import threading
import time
import unittest

from harness import ClusterTestCase, paths, specs
from harness.api import wait_for

SETTLE_SECONDS = 6
IN_MAINTENANCE = "Cluster is in maintenance mode"
USERS = [{"username": name, "password": name, "role": role, "encoding": "PLAIN"}
         for name, role in (("admin", "EXTERNAL_READ_WRITE"), ("guest", "EXTERNAL_READ_ONLY"),
                            ("root", "EXTERNAL_ROOT"))]
FAST_OP = {"timeout": "5m", "parallelism": 3, "failureStrategy": "STOP"}


class HealthySampler:
    """Counts the app's HEALTHY instances every 100 ms on a thread; keeps the counts."""

    def __init__(self, api, app_id):
        self.api, self.app_id = api, app_id
        self.counts, self.errors = [], []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                self.counts.append(len(self.api.healthy_instances(self.app_id)))
            except Exception as e:  # noqa: BLE001 - recorded, judged by the test
                self.errors.append(e)
            time.sleep(0.1)

    def stop(self):
        self._stop.set()
        self._thread.join()


class BlacklistMaintenanceTest(ClusterTestCase):
    CLUSTER_OPTIONS = {"executors": 2, "controller_config": {
        "userAuth": {"users": USERS},
        "options": {"maintenanceSettleTime": "%ds" % SETTLE_SECONDS}}}

    def setUp(self):
        super().setUp()
        self.root = self.api.as_user("root", "root")
        self.ids = [ex.executor_id for ex in self.cluster.executors]

    def drove(self, *args):
        """The CLI as root: (exit code, stdout, stderr)."""
        cmd = [paths.CLI_BIN, "-e", self.cluster.controller_url, "-u", "root", "-p", "root"]
        done = subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=60,
                              env=dict(os.environ, HOME=tempfile.gettempdir()))
        return done.returncode, done.stdout, done.stderr

    def executor_state(self, index):
        return self.api.data("/cluster/executors/%s" % self.ids[index])["executorState"]

    def wait_executor_state(self, index, state, timeout=90):
        wait_for(lambda: self.executor_state(index) == state, timeout,
                 "executor %d %s" % (index, state))

    def on_executor(self, app_id, index):
        return [i for i in self.api.healthy_instances(app_id) if i["executorId"] == self.ids[index]]

    def three_on_first_executor(self):
        """An app at 4 HEALTHY instances, 3 on executor 0 and 1 on executor 1 (executor 1 is
        blacklisted while the first 3 are placed)."""
        code, out, err = self.drove("executor", "blacklist", self.ids[1])
        self.assertEqual(0, code, err)
        self.assertIn("Successful: %s" % self.ids[1], out)
        self.wait_executor_state(1, "BLACKLISTED", 30)  # nothing to move
        spec = specs.app_spec()
        app_id = specs.app_id(spec)
        status, body = self.api.create_app(spec, instances=3, op_spec=FAST_OP)
        self.assertEqual(200, status, body)
        self.api.wait_healthy(app_id, 3, timeout=90)
        code, out, err = self.drove("executor", "unblacklist", self.ids[1])
        self.assertEqual(0, code, err)
        self.assertEqual("ACTIVE", self.executor_state(1))
        wait_for(lambda: self.api.data("/applications/" + app_id)["state"] == "RUNNING", 30,
                 "app RUNNING")
        status, body = self.api.scale(app_id, 4)
        self.assertEqual(200, status, body)
        self.api.wait_healthy(app_id, 4, timeout=60)
        self.assertEqual(3, len(self.on_executor(app_id, 0)))
        return app_id

    def kill_one_container(self, app_id):
        victim = self.api.healthy_instances(app_id)[0]
        found = self.cluster.engine.containers(["drove.instance.id=%s" % victim["instanceId"]])
        self.assertEqual(1, len(found), victim["instanceId"])
        self.cluster.engine.request("POST", "/containers/%s/kill" % found[0]["Id"])
        wait_for(lambda: len(self.api.instances(app_id)) == 3, 30, "the killed instance gone")
        return victim["instanceId"]

    def test_blacklist_moves_instances_then_maintenance_holds_replacement(self):
        app_id = self.three_on_first_executor()

        sampler = HealthySampler(self.api, app_id)
        status, body = self.root.post("/cluster/executors/blacklist", {}, {"id": [self.ids[0]]})
        self.assertEqual(200, status, body)
        self.assertEqual([self.ids[0]], body["data"]["successful"], body)
        self.assertEqual([], body["data"]["failed"], body)
        self.assertGreater(body["data"]["approxCompletionTimeMs"], 0, body)
        self.wait_executor_state(0, "BLACKLISTED")
        sampler.stop()
        self.assertEqual([], sampler.errors)
        self.assertGreaterEqual(min(sampler.counts), 3, sampler.counts)
        self.assertEqual(4, len(self.on_executor(app_id, 1)))
        self.assertEqual(1, self.api.data("/cluster")["numExecutors"])

        code, out, err = self.drove("cluster", "maintenance-on")
        self.assertEqual(0, code, err)
        self.assertEqual("Cluster state: MAINTENANCE\n", out)
        self.assertEqual("MAINTENANCE", self.api.data("/cluster")["state"])
        status, body = self.api.scale(app_id, 5)
        self.assertEqual(400, status, body)
        self.assertEqual([IN_MAINTENANCE], body["data"]["validationErrors"], body)
        status, body = self.root.post("/cluster/executors/%s/unblacklist" % self.ids[0])
        self.assertEqual((200, "FAILED", IN_MAINTENANCE),
                         (status, body["status"], body["message"]), body)

        killed = self.kill_one_container(app_id)
        time.sleep(SETTLE_SECONDS + 2)  # longer than the settle time: maintenance holds it anyway
        self.assertEqual(3, len(self.api.instances(app_id)), "replaced during maintenance")

        status, body = self.root.post("/cluster/maintenance/unset", {})
        self.assertEqual(200, status, body)
        unset_at = body["data"]["updated"]
        status, body = self.api.scale(app_id, 5)
        self.assertEqual(400, status, body)  # still settling
        healthy = self.api.wait_healthy(app_id, 4, timeout=60)
        replacement = [i for i in healthy if i["instanceId"] != killed and i["created"] > unset_at]
        self.assertEqual(1, len(replacement), healthy)
        self.assertGreaterEqual(replacement[0]["created"] - unset_at, SETTLE_SECONDS * 1000)


if __name__ == "__main__":
    unittest.main()

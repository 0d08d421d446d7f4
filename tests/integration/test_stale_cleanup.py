"""Stale data cleanup with short ages: finished tasks, old instance records beyond the count or the
age, and apps idle in MONITORING are removed; a running app and its live instance are not."""
import time
import unittest

from harness import ClusterTestCase, specs
from harness.api import wait_for

AGE_S = 6            # tasks and idle apps
INSTANCE_AGE_S = 30  # long enough that the count rule, not the age, removes the first old record
STALE = {"staleCheckInterval": "1s", "staleTaskAge": "%ds" % AGE_S,
         "staleInstanceAge": "%ds" % INSTANCE_AGE_S, "staleAppAge": "%ds" % AGE_S,
         "maxStaleInstancesCount": 1}


class StaleCleanupTest(ClusterTestCase):
    CLUSTER_OPTIONS = {"controller_config": {"options": STALE}}

    def test_finished_task_goes_after_its_age(self):
        status, body = self.api.task_create(specs.task_spec("short"))
        self.assertEqual(200, status, body)
        finished = self.api.wait_task_finished("TEST_APP", "short", timeout=60)
        self.assertIsNotNone(self.api.task_info("TEST_APP", "short"), "gone before its age")
        wait_for(lambda: self.api.task_info("TEST_APP", "short") is None, AGE_S + 10,
                 "finished task removed")
        gone_after_s = time.time() - finished["updated"] / 1000.0
        self.assertGreaterEqual(gone_after_s, AGE_S - 1)

    def test_old_instances_beyond_the_count_or_the_age_go(self):
        status, body = self.api.create_app(specs.app_spec(name="KEEP"), instances=1)
        self.assertEqual(200, status, body)
        replaced = []
        for _ in range(2):
            current = self.api.wait_healthy("KEEP-1", 1)[0]["instanceId"]
            self.assertEqual(200, self.api.replace_instances("KEEP-1", [current])[0])
            wait_for(lambda: current in [i["instanceId"] for i in self.api.old_instances("KEEP-1")],
                     60, "replaced instance old")
            replaced.append(current)
        first_gone = wait_for(lambda: [i["instanceId"] for i in self.api.old_instances("KEEP-1")]
                              == [replaced[1]], 10, "only the newest old record kept")
        self.assertTrue(first_gone)
        wait_for(lambda: not self.api.old_instances("KEEP-1"), INSTANCE_AGE_S + 10,
                 "old records aged out")
        self.assertEqual(1, len(self.api.wait_healthy("KEEP-1", 1)))

    def test_an_idle_app_is_destroyed_and_a_running_one_is_not(self):
        for name, instances in (("IDLE", 0), ("BUSY", 1)):
            status, body = self.api.create_app(specs.app_spec(name=name), instances=instances)
            self.assertEqual(200, status, body)
        self.api.wait_healthy("BUSY-1", 1)
        wait_for(lambda: self.api.app("IDLE-1")[1].get("status") != "SUCCESS", AGE_S + 20,
                 "idle app destroyed")
        self.assertEqual("SUCCESS", self.api.app("BUSY-1")[1]["status"])
        self.assertEqual(1, len(self.api.healthy_instances("BUSY-1")))


if __name__ == "__main__":
    unittest.main()

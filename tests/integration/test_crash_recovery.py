"""A controller or executor killed with SIGKILL restarts and carries on without losing or leaking."""
import time
import unittest

from harness import ClusterTestCase, specs
from harness.api import wait_for


class CrashRecoveryTest(ClusterTestCase):
    def test_controller_killed_during_scale_up_finishes_the_operation(self):
        spec = specs.app_spec()
        app_id = specs.app_id(spec)
        self.assertEqual(200, self.api.create_app(spec)[0])
        status, body = self.api.scale(app_id, 3)
        self.assertEqual(200, status, body)
        wait_for(lambda: len(self.api.healthy_instances(app_id)) >= 1, 90, "first instance HEALTHY")
        self.cluster.kill_controller()
        self.cluster.start_controller()

        healthy = self.api.wait_healthy(app_id, 3, timeout=120)
        wait_for(lambda: self.api.data("/applications/" + app_id)["state"] == "RUNNING", 60, "RUNNING")
        self.assertEqual(3, self.api.data("/applications/" + app_id)["requiredInstances"])
        # No orphans: exactly the HEALTHY instances have running containers.
        wait_for(lambda: len(self.cluster.containers()) == 3, 60, "three containers")
        labelled = sorted(c["Labels"]["drove.instance.id"] for c in self.cluster.containers())
        self.assertEqual(sorted(i["instanceId"] for i in healthy), labelled)

    def test_executor_killed_and_restarted_readopts_containers_without_restarting_them(self):
        spec = specs.app_spec()
        app_id = specs.app_id(spec)
        self.api.create_app(spec, instances=2)
        before = {i["instanceId"] for i in self.api.wait_healthy(app_id, 2, timeout=90)}
        containers = {c["Id"]: self.cluster.engine.inspect(c["Id"])["State"]["StartedAt"]
                      for c in self.cluster.containers()}
        self.assertEqual(2, len(containers))

        self.cluster.kill_executor()
        time.sleep(1)
        self.cluster.start_executor()
        time.sleep(5)  # two snapshot intervals: the controller hears from the new executor process

        after = {i["instanceId"] for i in self.api.wait_healthy(app_id, 2, timeout=30)}
        self.assertEqual(before, after, "same instance ids, still HEALTHY")
        now = {c["Id"]: self.cluster.engine.inspect(c["Id"])["State"]["StartedAt"]
               for c in self.cluster.containers()}
        self.assertEqual(containers, now, "no container was replaced or restarted")
        self.assertEqual([], [i for i in self.api.old_instances(app_id)], "no instance was lost")


if __name__ == "__main__":
    unittest.main()

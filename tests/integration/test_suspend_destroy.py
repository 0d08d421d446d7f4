"""SUSPEND leaves the app MONITORING with no containers; DESTROY removes every trace of it."""
import unittest

from harness import ClusterTestCase, specs
from harness.api import wait_for


class SuspendDestroyTest(ClusterTestCase):
    def test_suspend_then_destroy_removes_app_records_and_containers(self):
        spec = specs.app_spec()
        app_id = specs.app_id(spec)
        self.assertEqual(200, self.api.create_app(spec, instances=2)[0])
        self.api.wait_healthy(app_id, 2, timeout=90)
        instance_ids = [i["instanceId"] for i in self.api.instances(app_id)]

        status, body = self.api.suspend(app_id)
        self.assertEqual(200, status, body)
        wait_for(lambda: self.api.data("/applications/" + app_id)["state"] == "MONITORING",
                 60, "app MONITORING after SUSPEND")
        self.assertEqual([], self.api.instances(app_id))
        wait_for(lambda: self.cluster.containers() == [], 30, "no containers after SUSPEND")

        status, body = self.api.destroy(app_id)
        self.assertEqual(200, status, body)
        wait_for(lambda: self.api.get("/applications/" + app_id)[1].get("status") == "FAILED",
                 30, "app gone after DESTROY")
        status, body = self.api.get("/applications/" + app_id)
        self.assertEqual(200, status)
        self.assertEqual("App %s not found" % app_id, body["message"])
        self.assertNotIn(app_id, self.api.data("/applications"))
        self.assertEqual([], self.api.old_instances(app_id))
        for instance_id in instance_ids:
            status, body = self.api.get("/applications/%s/instances/%s" % (app_id, instance_id))
            self.assertEqual("FAILED", body["status"], body)
        self.assertEqual([], self.cluster.containers())

    def test_destroy_of_a_running_app_is_refused_with_the_reason(self):
        spec = specs.app_spec()
        app_id = specs.app_id(spec)
        self.api.create_app(spec, instances=1)
        self.api.wait_healthy(app_id, 1, timeout=90)
        wait_for(lambda: self.api.data("/applications/" + app_id)["state"] == "RUNNING", 30, "RUNNING")
        status, body = self.api.destroy(app_id)
        self.assertEqual(400, status, body)
        self.assertEqual("Command validation failure", body["message"])
        self.assertIn("RUNNING", " ".join(body["data"]["validationErrors"]))


if __name__ == "__main__":
    unittest.main()

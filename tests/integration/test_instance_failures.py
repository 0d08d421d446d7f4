"""Failing instances: unhealthy ones are stopped and replaced, exited ones replaced, never-ready ones fail."""
import unittest

from harness import ClusterTestCase, specs
from harness import http
from harness.api import wait_for


def instance_events(api, instance_id):
    """States this instance went through, from the event stream (oldest first)."""
    events = api.data("/cluster/events", {"lastSyncTime": 0, "size": 4096})
    return [e["metadata"]["CURRENT_STATE"] for e in reversed(events)
            if e["type"] == "INSTANCE_STATE_CHANGE" and e["metadata"].get("INSTANCE_ID") == instance_id]


class InstanceFailureTest(ClusterTestCase):
    def start_one(self, **spec_args):
        spec = specs.app_spec(**spec_args)
        app_id = specs.app_id(spec)
        status, body = self.api.create_app(spec, instances=1)
        self.assertEqual(200, status, body)
        return app_id, self.api.wait_healthy(app_id, 1, timeout=90)[0]

    def replacement_of(self, app_id, old_id):
        return wait_for(lambda: [i for i in self.api.healthy_instances(app_id) if i["instanceId"] != old_id],
                        90, "a HEALTHY replacement of %s" % old_id)[0]

    def test_failing_health_makes_instance_unhealthy_then_it_is_replaced(self):
        app_id, first = self.start_one()
        port = first["localInfo"]["ports"]["main"]["hostPort"]
        self.assertEqual(200, http.get(first["localInfo"]["hostname"], port, "/cgi-bin/sick")[0])
        self.replacement_of(app_id, first["instanceId"])
        old = wait_for(lambda: [i for i in self.api.old_instances(app_id)
                                if i["instanceId"] == first["instanceId"]], 30, "old instance listed")[0]
        self.assertEqual("STOPPED", old["state"])
        self.assertIn("UNHEALTHY", instance_events(self.api, first["instanceId"]))
        self.assertEqual([], self.cluster.engine.containers(["drove.instance.id=" + first["instanceId"]]))

    def test_container_that_exits_is_replaced(self):
        app_id, first = self.start_one()
        port = first["localInfo"]["ports"]["main"]["hostPort"]
        http.get(first["localInfo"]["hostname"], port, "/cgi-bin/exit?3")
        replacement = self.replacement_of(app_id, first["instanceId"])
        self.assertNotEqual(first["instanceId"], replacement["instanceId"])
        old = wait_for(lambda: [i for i in self.api.old_instances(app_id)
                                if i["instanceId"] == first["instanceId"]], 30, "old instance listed")[0]
        self.assertTrue(old["errorMessage"], "an exited instance says why it stopped")

    def test_readiness_that_never_passes_fails_and_removes_the_container(self):
        spec = specs.app_spec(env={"NEVER_READY": "1"})
        app_id = specs.app_id(spec)
        status, body = self.api.create_app(spec, instances=1)
        self.assertEqual(200, status, body)
        # Like Drove's executor, a failed instance passes through READINESS_CHECK_FAILED on its way
        # to STOPPED; the old-instances list keeps the reason.
        failed = wait_for(lambda: [i for i in self.api.old_instances(app_id)
                                   if "READINESS_CHECK_FAILED" in instance_events(self.api, i["instanceId"])],
                          60, "an instance that went through READINESS_CHECK_FAILED")[0]
        self.assertIn("Readiness check failed", failed["errorMessage"])
        self.assertEqual([], self.api.healthy_instances(app_id))
        wait_for(lambda: self.cluster.engine.containers(
            ["drove.instance.id=" + failed["instanceId"]]) == [], 30, "its container removed")

if __name__ == "__main__":
    unittest.main()

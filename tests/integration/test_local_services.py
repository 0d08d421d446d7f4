"""Local services (Drove's daemon-sets) with a real controller, three real executors and
containers: the sample spec validates unchanged; ACTIVATE runs one instance per executor, HEALTHY,
and an executor that joins later gets its own; the test instance is exactly one; RESTART both
ways; DEACTIVATE leaves none; DESTROY only when inactive; an app cannot take the cores held for a
service; bad specs and operations get 400s naming the field or Drove's state message."""
import copy
import time
import unittest

from harness import ClusterTestCase, specs
from harness.api import wait_for
from harness.cluster import EXECUTOR_SECRET

OPS = "/localservices/operations"


def service_spec(name="TEST_LOCAL_SERVICE", cpus=1):
    """Drove's sample service on the local HTTP image, with fast checks on /health."""
    spec = specs.sample("test_service")
    app = specs.app_spec(name=name, cpus=cpus)
    spec.update(name=name, executable=app["executable"], resources=app["resources"],
                healthcheck=app["healthcheck"],
                readiness=app["readiness"], preShutdown={"hooks": [], "waitBeforeKill": "0 seconds"})
    return spec


class LocalServicesTest(ClusterTestCase):
    CLUSTER_PER_CLASS = True
    CLUSTER_OPTIONS = {"executors": 3, "start": False}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cluster = cls.shared_cluster
        cluster.start_controller()
        cluster.wait_controller_up()
        for i in (0, 1):  # the third joins during a test
            cluster.start_executor(i)

    # --- helpers ---------------------------------------------------------------------------------
    def op(self, op_type, service_id=None, **fields):
        body = {"type": op_type}
        if service_id:
            body["serviceId"] = service_id
        body.update(fields)
        return self.api.post(OPS, body)

    def ok(self, op_type, service_id=None, **fields):
        status, body = self.op(op_type, service_id, **fields)
        self.assertEqual(200, status, body)
        return body["data"]

    def create(self, name, per_host=1, cpus=1):
        data = self.ok("CREATE", spec=service_spec(name, cpus), instancesPerHost=per_host)
        service_id = data["serviceId"]
        self.addCleanup(self.remove, service_id)
        return service_id

    def remove(self, service_id):
        # An operation in flight (ACTIVATION_REQUESTED...) accepts nothing: wait for it to settle.
        wait_for(lambda: self.state(service_id) in ("ACTIVE", "CONFIG_TESTING", "INACTIVE", None),
                 120, "%s settled" % service_id)
        if self.state(service_id) is None:
            return
        if self.state(service_id) != "INACTIVE":
            self.ok("DEACTIVATE", service_id)
            self.wait_state(service_id, "INACTIVE", 90)
        self.ok("DESTROY", service_id)
        wait_for(lambda: self.state(service_id) is None, 30, "%s destroyed" % service_id)

    def summary(self, service_id):
        """LocalServiceSummary, or None once the service is gone (200 FAILED)."""
        status, body = self.api.get("/localservices/" + service_id)
        self.assertEqual(200, status, body)
        return body.get("data") if body.get("status") == "SUCCESS" else None

    def state(self, service_id):
        return (self.summary(service_id) or {}).get("state")

    def wait_state(self, service_id, state, timeout=60):
        wait_for(lambda: self.state(service_id) == state, timeout, "%s %s" % (service_id, state))

    def instances(self, service_id):
        return self.api.data("/localservices/%s/instances" % service_id) or []

    def healthy_per_executor(self, service_id):
        out = {}
        for i in self.instances(service_id):
            if i["state"] == "HEALTHY":
                out[i["executorId"]] = out.get(i["executorId"], 0) + 1
        return out

    def executor_ids(self, *indexes):
        return {self.cluster.executor(i).executor_id for i in indexes}

    # --- tests -----------------------------------------------------------------------------------
    def test_the_sample_spec_validates_unchanged(self):
        status, body = self.api.post("/localservices/validate/spec", specs.sample("test_service"))
        self.assertEqual(200, status, body)
        self.assertEqual({"valid": True}, body["data"])

    def test_activate_runs_one_per_executor_and_a_joining_executor_gets_its_own(self):
        service_id = self.create("DAEMON")
        self.assertEqual("INACTIVE", self.state(service_id))
        self.ok("ACTIVATE", service_id)
        wait_for(lambda: self.healthy_per_executor(service_id) == dict.fromkeys(
            self.executor_ids(0, 1), 1), 60, "one HEALTHY instance on each of 2 executors")
        self.wait_state(service_id, "ACTIVE")
        for info in self.instances(service_id):  # Drove's LocalServiceInstanceInfo
            self.assertEqual(service_id, info["serviceId"])
            self.assertEqual("DAEMON", info["serviceName"])
            self.assertTrue(info["instanceId"].startswith("SI-"), info)
            host, port = self.cluster.instance_address({"localInfo": info["localInfo"]})
            self.assertGreater(port, 0)
        summary = self.summary(service_id)
        self.assertEqual(2, summary["healthyInstances"])
        self.assertEqual("ACTIVE", summary["activationState"])
        self.cluster.start_executor(2)
        joined = time.monotonic()
        wait_for(lambda: self.healthy_per_executor(service_id).get(
            self.cluster.executor(2).executor_id) == 1, 60, "the joining executor's instance")
        # The instance was placed within 10 s of the executor joining (HEALTHY takes its checks).
        placed = [i for i in self.instances(service_id)
                  if i["executorId"] == self.cluster.executor(2).executor_id][0]
        self.assertLess(placed["created"] / 1000.0 - time.time() + time.monotonic() - joined, 10)
        node = self.api.data("/cluster/executors/" + self.cluster.executor(2).executor_id)
        self.assertEqual([placed["instanceId"]], [i["instanceId"] for i in node["serviceInstances"]])

    def test_the_test_instance_is_exactly_one_and_deactivate_leaves_none(self):
        service_id = self.create("TESTED")
        self.ok("DEPLOY_TEST_INSTANCE", service_id)
        self.wait_state(service_id, "CONFIG_TESTING")
        wait_for(lambda: len(self.api.data("/localservices/%s/instances" % service_id,
                                           {"state": ["HEALTHY"]}) or []) == 1, 60,
                 "one HEALTHY test instance")
        time.sleep(2)  # several monitor passes: still exactly one
        self.assertEqual(1, len(self.instances(service_id)))
        self.ok("DEACTIVATE", service_id)
        self.wait_state(service_id, "INACTIVE", 90)
        self.assertEqual([], self.instances(service_id))
        old = self.api.data("/localservices/%s/instances/old" % service_id)
        self.assertEqual(["STOPPED"], [i["state"] for i in old])

    def test_restart_replaces_every_instance_with_and_without_stop_first(self):
        service_id = self.create("RESTARTED")
        self.ok("ACTIVATE", service_id)
        self.wait_state(service_id, "ACTIVE", 90)
        for stop_first in (False, True):
            before = {i["instanceId"] for i in self.instances(service_id)}
            self.ok("RESTART", service_id, stopFirst=stop_first)
            self.wait_state(service_id, "ACTIVE", 120)
            after = self.instances(service_id)
            self.assertEqual(len(before), len(after))
            self.assertFalse(before & {i["instanceId"] for i in after}, "every instance replaced")
            self.assertTrue(all(i["state"] == "HEALTHY" for i in after), after)

    def test_destroy_only_when_inactive(self):
        service_id = self.create("DESTROYED")
        self.ok("ACTIVATE", service_id)
        self.wait_state(service_id, "ACTIVE", 90)
        status, body = self.op("DESTROY", service_id)
        self.assertEqual(400, status, body)
        self.assertEqual(["Only [ADJUST_INSTANCES, DEACTIVATE, REPLACE_INSTANCES, RESTART, "
                          "STOP_INSTANCES, UPDATE_INSTANCE_COUNT] allowed for local service %s "
                          "as it is in ACTIVE state" % service_id],
                         body["data"]["validationErrors"])
        self.ok("DEACTIVATE", service_id)
        self.wait_state(service_id, "INACTIVE", 90)
        self.ok("DESTROY", service_id)
        wait_for(lambda: self.state(service_id) is None, 30, "destroyed")
        running = [c for c in self.cluster.containers()
                   if c.get("Labels", {}).get("drove.app.id") == service_id
                   and c.get("State") == "running"]
        self.assertEqual([], running)

    def test_an_app_cannot_take_the_cores_held_for_a_service(self):
        service_id = self.create("RESERVING", cpus=4)
        free = min(e["freeCores"] for e in self.cluster.registered_executors())
        self.ok("ACTIVATE", service_id)
        status, body = self.api.request("GET", "/internal/cluster/resources/reserved",
                                        headers={"Cluster-Authorization": EXECUTOR_SECRET,
                                                 "NodeId": "test"})
        self.assertEqual(200, status, body)
        reserved = body["data"]
        spec = specs.app_spec(name="GREEDY", cpus=free - 3)  # fits a host only without the share
        status, body = self.api.create_app(spec, instances=1)
        if status == 200:
            self.addCleanup(self.api.destroy, specs.app_id(spec))
        self.assertEqual(400, status, body)
        self.assertIn("local services reserve 4 cores", body["data"]["validationErrors"][0])
        self.assertEqual(4, reserved.get("cpus"), reserved)

    def test_bad_specs_and_operations_get_400s_naming_the_field(self):
        bad_policy = service_spec("BAD")
        bad_policy["placementPolicy"] = {"type": "ANY"}
        status, body = self.op("CREATE", spec=bad_policy, instancesPerHost=1)
        self.assertEqual(400, status, body)
        self.assertTrue(any("Only local placement is allowed for local services" in e
                            for e in body["data"]["validationErrors"]), body)
        status, body = self.op("CREATE", spec=service_spec("BAD"), instancesPerHost=0)
        self.assertEqual(400, status, body)
        self.assertTrue(any(e.startswith("instancesPerHost") for e in
                            body["data"]["validationErrors"]), body)
        no_resources = copy.deepcopy(service_spec("BAD"))
        del no_resources["resources"]
        status, body = self.op("CREATE", spec=no_resources, instancesPerHost=1)
        self.assertEqual(400, status, body)
        self.assertTrue(any("resources" in e for e in body["data"]["validationErrors"]), body)
        status, body = self.op("STOP_INSTANCES", "NOPE-1", instanceIds=[])
        self.assertEqual(400, status, body)
        self.assertTrue(any(e.startswith("instanceIds") for e in
                            body["data"]["validationErrors"]), body)
        status, body = self.op("ACTIVATE", "NOPE-1")
        self.assertEqual(400, status, body)
        self.assertEqual(["No state found for local service: NOPE-1"],
                         body["data"]["validationErrors"])
        status, body = self.api.post(OPS, {"type": "NOT_A_TYPE"})
        self.assertEqual(400, status, body)


if __name__ == "__main__":
    unittest.main()

"""Placement with a real controller and three real executors: tags, ONE_PER_HOST, HOPE rules over
executor metadata (CONFIGURED and ENVIRONMENT providers), the rule dry run, and the 400s a policy
the scheduler cannot evaluate gets at validation.

Executors: 0 (127.0.0.1) tagged "gpu", rack r1; 1 (127.0.0.2) rack r2 plus the ENVIRONMENT
provider (DROVE_IT_ZONE=z1 in its environment); 2 (127.0.0.3) rack r2."""
import os
import unittest

from harness import ClusterTestCase, specs
from harness.api import wait_for

os.environ["DROVE_IT_ZONE"] = "z1"  # inherited by the executors the harness starts

DRY_RUN = "/applications/placementpolicy/rule/dryrun"


def configured(rack):
    return {"metadataProviders": {"static": {"type": "CONFIGURED", "metadata": {"rack": rack}}}}


class PlacementTest(ClusterTestCase):
    CLUSTER_PER_CLASS = True
    CLUSTER_OPTIONS = {
        "executors": 3,
        "executor_tags": [["gpu"], [], []],
        "executor_configs": [
            {"metadata": configured("r1")},
            {"metadata": {"metadataProviders": {
                "static": {"type": "CONFIGURED", "metadata": {"rack": "r2"}},
                "zone": {"type": "ENVIRONMENT", "whitelistedVariables": ["DROVE_IT_.*"]}}}},
            {"metadata": configured("r2")},
        ],
    }

    # --- helpers ---------------------------------------------------------------------------------
    def executor_ids(self, *indexes):
        return {self.cluster.executor(i).executor_id for i in indexes}

    def create(self, name, placement, instances):
        spec = specs.app_spec(name=name, placement=placement)
        status, body = self.api.create_app(spec, instances=instances)
        self.assertEqual(200, status, body)
        app_id = specs.app_id(spec)
        self.addCleanup(self.remove, app_id)
        return app_id

    def remove(self, app_id):
        self.api.suspend(app_id)
        wait_for(lambda: self.api.data("/applications/" + app_id).get("state") == "MONITORING",
                 60, "%s MONITORING after SUSPEND" % app_id)
        status, body = self.api.destroy(app_id)
        self.assertEqual(200, status, body)

    def placed_on(self, app_id, n):
        """Executor ids of the app's n instances, once all are HEALTHY and the app RUNNING."""
        placed = sorted(i["executorId"] for i in self.api.wait_healthy(app_id, n))
        wait_for(lambda: self.api.data("/applications/" + app_id).get("state") == "RUNNING",
                 30, "%s RUNNING" % app_id)
        return placed

    def refused(self, body, status, message="Command validation failure"):
        self.assertEqual(400, status, body)
        self.assertEqual("FAILED", body["status"], body)
        self.assertEqual(message, body["message"], body)
        return body["data"]["validationErrors"]

    def create_refused(self, placement, message="Command validation failure"):
        spec = specs.app_spec(name="REFUSED", placement=placement)
        status, body = self.api.create_app(spec, instances=1)
        errors = self.refused(body, status, message)
        self.assertEqual(200, self.api.get("/applications/REFUSED-1")[0])
        self.assertEqual("FAILED", self.api.get("/applications/REFUSED-1")[1]["status"],
                         "a refused app is not created")
        return errors

    # --- tests -----------------------------------------------------------------------------------
    def test_executor_metadata_comes_from_configured_and_environment_providers(self):
        ex1 = self.cluster.executor(1).executor_id
        data = self.api.data("/cluster/executors/" + ex1)
        self.assertEqual("r2", data["metadata"].get("rack"), data["metadata"])
        self.assertEqual("z1", data["metadata"].get("DROVE_IT_ZONE"), data["metadata"])
        ex2 = self.api.data("/cluster/executors/" + self.cluster.executor(2).executor_id)
        self.assertNotIn("DROVE_IT_ZONE", ex2["metadata"])

    def test_match_tag_goes_only_to_the_tagged_executor(self):
        app_id = self.create("GPU_APP", {"type": "MATCH_TAG", "tag": "gpu"}, 2)
        self.assertEqual(set(self.placed_on(app_id, 2)), self.executor_ids(0))

    def test_one_per_host_stays_off_the_tagged_executor_and_refuses_the_extra_instance(self):
        app_id = self.create("SPREAD_APP", {"type": "ONE_PER_HOST"}, 2)
        self.assertEqual(self.placed_on(app_id, 2), sorted(self.executor_ids(1, 2)))
        status, body = self.api.scale(app_id, 3)
        errors = self.refused(body, status)
        self.assertIn("Cluster does not have enough resources for 1 more instances of SPREAD_APP-1",
                      errors[0])
        self.assertIn("ONE_PER_HOST", errors[0])
        self.assertIn("NO_TAG but executor is tagged gpu", errors[0])
        self.assertEqual("RUNNING", self.api.data("/applications/" + app_id)["state"])

    def test_untagged_app_never_lands_on_a_tagged_executor(self):
        app_id = self.create("PLAIN_APP", {"type": "ANY"}, 3)
        self.assertNotIn(self.cluster.executor(0).executor_id, self.placed_on(app_id, 3))

    def test_hope_rule_over_executor_metadata_picks_the_matching_executor(self):
        rule = ("'/allocatedExecutorNodeMetadata/rack' == \"r2\" && "
                "'/allocatedExecutorNodeMetadata/DROVE_IT_ZONE' == \"z1\"")
        app_id = self.create("RULE_APP", {"type": "RULE_BASED", "rule": rule, "ruleType": "HOPE"}, 2)
        self.assertEqual(set(self.placed_on(app_id, 2)), self.executor_ids(1))

    def test_dry_run_evaluates_the_given_info_and_every_live_executor(self):
        policy = {"type": "RULE_BASED", "ruleType": "HOPE",
                  "rule": "'/allocatedExecutorNodeMetadata/rack' == \"r1\""}
        info = {"executorNodeId": "x", "allocatedExecutorNodeMetadata": {"rack": "r1"},
                "allExecutorMetadata": {}, "applicationEnvironment": {}}
        status, body = self.api.post(DRY_RUN, {"ruleBasedPlacementPolicy": policy,
                                               "schedulingInfo": info})
        self.assertEqual(200, status, body)
        data = body["data"]
        self.assertTrue(data["status"], data)
        self.assertEqual({"status": "SUCCESS"}, data["checkResult"])
        self.assertEqual({"status": "SUCCESS", "result": True}, data["evalResult"])
        admitted = {e["executorId"] for e in data["executors"] if e["result"]}
        self.assertEqual(self.executor_ids(0), admitted)

        policy["rule"] = "'/allocatedExecutorNodeMetadata/rack' == "
        status, body = self.api.as_user("guest", "guest").post(
            DRY_RUN, {"ruleBasedPlacementPolicy": policy, "schedulingInfo": info})
        self.assertEqual(200, status, body)
        self.assertFalse(body["data"]["status"])
        self.assertEqual("FAILURE", body["data"]["checkResult"]["status"])
        self.assertIn("column", body["data"]["checkResult"]["error"])

    def test_unevaluable_policies_are_400_naming_the_field(self):
        errors = self.create_refused({"type": "RULE_BASED", "ruleType": "HOPE",
                                      "rule": "'/allocatedExecutorNodeMetadata/rack' = \"r1\""})
        self.assertTrue(errors[0].startswith("spec.placementPolicy.rule: "), errors)
        self.assertIn("column", errors[0])
        errors = self.create_refused({"type": "RULE_BASED", "ruleType": "MVEL", "rule": "true"})
        self.assertTrue(errors[0].startswith("spec.placementPolicy.ruleType: MVEL rules are not "
                                             "supported"), errors)
        errors = self.create_refused({"type": "SPREAD"}, "JSON validation failure")
        self.assertTrue(errors[0].startswith("spec.placementPolicy.type: unknown placement policy "
                                             "type \"SPREAD\""), errors)
        for bad_max in (0, 65):
            errors = self.create_refused({"type": "MAX_N_PER_HOST", "max": bad_max})
            self.assertIn("spec.placementPolicy.max: must be between 1 and 64", errors)
        errors = self.create_refused({"type": "COMPOSITE", "policies": []})
        self.assertIn("spec.placementPolicy.policies: must not be empty", errors)
        nested = {"type": "COMPOSITE", "combiner": "OR", "policies": [
            {"type": "MATCH_TAG", "tag": "gpu"},
            {"type": "RULE_BASED", "ruleType": "HOPE", "rule": "('/executorNodeId' == \"a\""}]}
        errors = self.create_refused(nested)
        self.assertTrue(errors[0].startswith("spec.placementPolicy.policies[1].rule: "), errors)


if __name__ == "__main__":
    unittest.main()

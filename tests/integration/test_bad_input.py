"""Bad input gets Drove's error envelope naming the field and rule; nothing crashes or is lost."""
import json
import unittest
import urllib.request

from harness import ClusterTestCase, specs


class BadInputTest(ClusterTestCase):
    CLUSTER_PER_CLASS = True

    def validation_errors(self, spec):
        status, body = self.api.post("/applications/validate/spec", spec)
        self.assertEqual(400, status, body)
        self.assertEqual("FAILED", body["status"])
        return body["data"]["validationErrors"], body["message"]

    def test_each_invalid_field_is_named(self):
        cases = {
            "resources[1].sizeInMB": lambda s: s["resources"][1].update(sizeInMB=0),
            "name": lambda s: s.update(name="bad name!"),
            "exposedPorts[0].port": lambda s: s["exposedPorts"][0].update(port=70000),
            "healthcheck.attempts": lambda s: s["healthcheck"].update(attempts=0),
            "exposureSpec.portName": lambda s: s["exposureSpec"].update(portName="nope"),
            "resources": lambda s: s.update(resources=[{"type": "CPU", "count": 1}]),
        }
        for field, breaks in cases.items():
            spec = specs.sample("test_app")
            breaks(spec)
            errors, message = self.validation_errors(spec)
            self.assertEqual("Command validation failure", message, field)
            self.assertTrue(any(e.startswith(field) for e in errors), "%s not named in %r" % (field, errors))

    def test_bad_types_and_enums_are_json_validation_failures(self):
        for breaks in (lambda s: s["healthcheck"].update(interval="5 parsecs"),
                       lambda s: s["exposedPorts"][0].update(type="SCTP"),
                       lambda s: s["resources"][0].update(type="GPU")):
            spec = specs.sample("test_app")
            breaks(spec)
            errors, message = self.validation_errors(spec)
            self.assertEqual("JSON validation failure", message)
            self.assertTrue(errors and errors[0], errors)

    def test_malformed_json_is_400(self):
        for raw in (b"{", b"not json", b"[]", b"\xff\xfe", b'{"type": "CREATE", "spec": 5}'):
            status, body = self.api.post("/applications/operations", raw)
            self.assertEqual(400, status, raw)
            self.assertEqual("FAILED", body["status"], raw)
        self.assertEqual(200, self.api.ping()[0], "the controller is still up")

    def test_unknown_ids_give_drove_soft_failures(self):
        status, body = self.api.get("/applications/NOPE-1")
        self.assertEqual((200, "FAILED", "App NOPE-1 not found"), (status, body["status"], body["message"]))
        status, body = self.api.get("/applications/NOPE-1/instances")
        self.assertEqual((200, []), (status, body["data"]))
        status, body = self.api.get("/applications/NOPE-1/instances/AI-x")
        self.assertEqual("No such application instance NOPE-1/AI-x", body["message"])
        status, body = self.api.get("/tasks/NOPE/instances/T1")
        self.assertEqual("No such task instance NOPE/T1", body["message"])
        status, body = self.api.get("/cluster/executors/nope")
        self.assertEqual("No executor found with id: nope", body["message"])
        status, body = self.api.scale("NOPE-1", 2)
        self.assertEqual(400, status)
        self.assertIn("No state found for app: NOPE-1", body["data"]["validationErrors"])

    def test_operation_forbidden_in_state_says_why(self):
        spec = specs.app_spec(name="STATE_APP")
        self.assertEqual(200, self.api.create_app(spec)[0])
        status, body = self.api.replace_instances("STATE_APP-1")
        self.assertEqual(400, status, body)
        self.assertTrue(any("MONITORING" in e for e in body["data"]["validationErrors"]), body)
        status, body = self.api.create_app(spec)
        self.assertEqual(400, status, body)
        self.assertIn("App STATE_APP-1 already exists", body["data"]["validationErrors"])
        self.api.destroy("STATE_APP-1")

    def test_cancel_with_nothing_running_is_400_without_data(self):
        status, body = self.api.post("/applications/operations/NOPE-1/cancel")
        self.assertEqual(400, status)
        self.assertEqual({"status": "FAILED", "message": "Current operation could not be cancelled"}, body)

    def test_auth_is_required_and_roles_are_enforced(self):
        status, _ = self.api.as_user(None, None).get("/ping")
        self.assertEqual(401, status)
        status, _ = self.api.as_user("admin", "wrong").get("/ping")
        self.assertEqual(401, status)
        guest = self.api.as_user("guest", "guest")
        self.assertEqual(200, guest.get("/applications")[0])
        status, _ = guest.create_app(specs.app_spec(name="GUEST_APP"))
        self.assertEqual(403, status)

    def test_post_without_content_type_is_accepted(self):
        body = ('{"type":"CREATE","spec":%s,"opSpec":{"timeout":"300 seconds","parallelism":1,'
                '"failureStrategy":"STOP"}}' % json.dumps(specs.app_spec(name="PLAIN_APP")))
        req = urllib.request.Request(self.cluster.controller_url + "/apis/v1/applications/operations",
                                     data=body.encode(), method="POST",
                                     headers={"Authorization": self.api.headers["Authorization"],
                                              "Content-Type": "text/plain; charset=ISO-8859-1"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            self.assertEqual(200, resp.status)
        self.api.destroy("PLAIN_APP-1")


if __name__ == "__main__":
    unittest.main()

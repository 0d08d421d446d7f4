"""drove-epoch's API status codes and envelopes, as epoch-api.md lists them (Epoch's quirky 200
FAILED answers included), auth (401/403), validation (400s), and config refusal at start.
No Drove is needed: the configured endpoint does not answer, and no test here runs a task."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest
import urllib.error
import urllib.request

from harness import free_port
from harness.api import DroveApi
from test_epoch import EPOCH_BIN, EpochServer, EpochServerTestCase, FAR_FUTURE_CRON, topology


def simple_request(name="simple", **changes):
    body = {"name": name, "cron": FAR_FUTURE_CRON, "docker": "docker.io/bash", "cpus": 1,
            "memory": 512, "notifyEmail": "a@b.com", "env": {"A": "B"}, "volumes": []}
    body.update(changes)
    return body


class EpochApiTest(EpochServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = EpochServer(["http://127.0.0.1:%d" % free_port()])
        cls.api = cls.server.api
        cls.guest = cls.server.as_user("guest", "guest")

    def put(self, path, body=None, api=None):
        return (api or self.api).request("PUT", path, body=body)

    def create(self, name):
        status, body = self.api.post("/topologies", topology(name))
        self.assertEqual((200, "SUCCESS"), (status, body["status"]), body)
        self.addCleanup(self.api.delete, "/topologies/" + name)
        return body["data"]

    # --- topologies ------------------------------------------------------------------------------
    def test_create_returns_details_and_a_second_create_is_200_failed(self):
        details = self.create("dup")
        self.assertEqual(["id", "topology", "state", "created", "updated"], list(details))
        self.assertEqual(("dup", "ACTIVE"), (details["id"], details["state"]))
        self.assertEqual(details["created"], details["updated"])
        status, body = self.api.post("/topologies", topology("dup"))
        self.assertEqual(200, status, body)
        self.assertEqual({"status": "FAILED", "message": "Topology dup already exists with ID: dup"},
                         body)

    def test_get_of_a_missing_topology_is_200_failed(self):
        self.assertEqual((200, {"status": "FAILED", "message": "No such topology: nope"}),
                         self.api.get("/topologies/nope"))
        self.create("there")
        ids = [d["id"] for d in self.api.data("/topologies")]
        self.assertIn("there", ids)
        self.assertEqual("there", self.api.data("/topologies/there")["id"])

    def test_update_pause_unpause_of_a_missing_topology_are_404(self):
        missing = {"status": "FAILED", "message": "[3004]: Topology not found: nope"}
        self.assertEqual((404, missing), self.put("/topologies", topology("nope")))
        self.assertEqual((404, missing), self.put("/topologies/nope/pause"))
        self.assertEqual((404, missing), self.put("/topologies/nope/unpause"))
        self.assertEqual((404, missing), self.put("/topologies/nope", simple_request()))

    def test_update_keeps_state_and_created_and_pause_unpause_flip_state(self):
        created = self.create("upd")
        status, body = self.put("/topologies/upd/pause")  # no body, no content type
        self.assertEqual((200, "PAUSED"), (status, body["data"]["state"]), body)
        spec = topology("upd", cron="0 0 1 ? * MON")
        status, body = self.put("/topologies", spec)
        self.assertEqual(200, status, body)
        self.assertEqual(("PAUSED", created["created"]),
                         (body["data"]["state"], body["data"]["created"]))
        self.assertEqual("0 0 1 ? * MON", body["data"]["topology"]["trigger"]["timeSpec"])
        self.assertGreaterEqual(body["data"]["updated"], created["updated"])
        status, body = self.put("/topologies/upd/unpause")
        self.assertEqual((200, "ACTIVE"), (status, body["data"]["state"]), body)

    def test_edit_replaces_task_trigger_notify_and_checks_cron(self):
        self.create("edit")
        status, body = self.put("/topologies/edit", simple_request(cpus=2, memory=256,
                                                                  notifyEmail="x@y.com, z@w.org"))
        self.assertEqual(200, status, body)
        task = body["data"]["topology"]["task"]
        self.assertEqual([{"type": "CPU", "count": 2}, {"type": "MEMORY", "sizeInMB": 256}],
                         task["resources"])
        self.assertEqual("docker-task", task["taskName"])
        self.assertEqual(["x@y.com", "z@w.org"], body["data"]["topology"]["notify"]["emails"])
        status, body = self.put("/topologies/edit", simple_request(cron="0 0 12 * * *"))
        self.assertEqual((400, {"status": "FAILED",
                                "message": "[3002]: Validation failed for input: cron"}),
                         (status, body))

    def test_delete_answers_true_even_for_an_unknown_topology(self):
        self.create("gone")
        self.assertEqual((200, {"status": "SUCCESS", "data": True, "message": "success"}),
                         self.api.delete("/topologies/gone"))
        self.assertEqual("FAILED", self.api.get("/topologies/gone")[1]["status"])
        self.assertEqual((200, {"status": "SUCCESS", "data": True, "message": "success"}),
                         self.api.delete("/topologies/never-was"))

    # --- validation ------------------------------------------------------------------------------
    def test_bad_names_are_command_validation_failures(self):
        status, body = self.api.post("/topologies", topology("bad name!"))
        self.assertEqual(400, status, body)
        self.assertEqual("Command validation failure", body["message"])
        self.assertEqual(["name - Only alphanumeric - and _ allowed"],
                         body["data"]["validationErrors"])
        status, body = self.api.post("/apis/ui/topologies/create", simple_request("bad name!"))
        self.assertEqual(400, status, body)
        self.assertIn('name must match "[0-9a-zA-Z_-]+"', body["data"]["validationErrors"])

    def test_cron_with_both_day_fields_is_refused(self):
        cron_error = {"status": "FAILED", "message": "[3002]: Validation failed for input: cron"}
        self.assertEqual((400, cron_error),
                         self.api.post("/apis/ui/topologies/create", simple_request(cron="0 0 12 * * *")))
        self.assertEqual((400, cron_error),
                         self.api.post("/apis/ui/topologies/create", simple_request(cron="* * * * *")))
        # Epoch stores an invalid cron given to the full API [q]; we refuse it the same way.
        self.assertEqual((400, cron_error),
                         self.api.post("/topologies", topology("c", cron="0 0 12 * * *")))

    def test_cpus_and_memory_limits(self):
        status, body = self.api.post("/apis/ui/topologies/create", simple_request(cpus=0, memory=50))
        self.assertEqual(400, status, body)
        self.assertEqual(["cpus must be greater than or equal to 1",
                          "memory must be greater than or equal to 128"],
                         body["data"]["validationErrors"])
        status, body = self.api.post("/apis/ui/topologies/create", simple_request(cpus=41, memory=100001))
        self.assertEqual(["cpus must be less than or equal to 40",
                          "memory must be less than or equal to 100000"],
                         body["data"]["validationErrors"])

    def test_malformed_json_and_bad_type_ids_are_json_validation_failures(self):
        for raw in (b'{"name": "x"', b'{"name":"x","trigger":{"type":"cron","timeSpec":"x"}}',
                    b'{"name": 5}', b'{"name":' + b'[' * 200 + b']' * 200 + b'}',
                    b'8E5011', b'{"name": "x", "task": 1e999}'):  # numbers too large
            status, body = self.api.post("/topologies", raw)
            self.assertEqual(400, status, (raw, body))
            self.assertEqual("JSON validation failure", body["message"], raw)
            self.assertIsInstance(body["data"]["validationErrors"], str)

    def test_missing_task_and_trigger_are_named(self):
        status, body = self.api.post("/topologies", {"name": "bare"})
        self.assertEqual(400, status, body)
        self.assertEqual(["task must not be null", "trigger must not be null"],
                         body["data"]["validationErrors"])

    # --- UI requests -----------------------------------------------------------------------------
    def test_ui_create_answers_the_redirect_and_409_when_it_exists(self):
        status, body = self.api.post("/apis/ui/topologies/create", simple_request("ui1"))
        self.addCleanup(self.api.delete, "/topologies/ui1")
        self.assertEqual((200, {"status": "SUCCESS",
                                "data": {"redirectUrl": "/topologies/ui1", "topologyId": "ui1"},
                                "message": "success"}), (status, body))
        status, body = self.api.post("/apis/ui/topologies/create", simple_request("ui1"))
        self.assertEqual((409, {"status": "FAILED",
                                "message": "[3003]: Topology already exists with name: ui1"}),
                         (status, body))
        status, body = self.put("/apis/ui/topologies/ui1/update", simple_request(cpus=3))
        self.assertEqual(200, status, body)
        self.assertEqual(404, self.put("/apis/ui/topologies/nope/update", simple_request())[0])

    # --- runs ------------------------------------------------------------------------------------
    def test_run_queries_of_missing_things(self):
        self.assertEqual((200, {"status": "FAILED", "message": "No such topology: nope"}),
                         self.put("/topologies/nope/run"))
        self.assertEqual([], self.api.data("/topologies/nope/runs"))
        self.create("r")
        self.assertEqual((200, {"status": "FAILED", "message": "Not run exists for r/EIR-1"}),
                         self.api.get("/topologies/r/runs/EIR-1"))
        status, body = self.api.post("/topologies/r/runs/EIR-1/tasks/docker-task/kill")
        self.assertEqual(200, status, body)
        self.assertEqual({"status": "FAILED",
                          "data": {"success": False, "message": "No task found for the provided id"},
                          "message": "No task exists for r/EIR-1/docker-task"}, body)
        self.assertEqual((200, {"status": "FAILED", "message": "No log exists for r/EIR-1/docker-task"}),
                         self.api.get("/topologies/r/runs/EIR-1/tasks/docker-task/log"))

    def test_run_now_without_drove_records_a_failed_run(self):
        self.create("nodrove")
        status, body = self.put("/topologies/nodrove/run")
        self.assertEqual(200, status, body)
        run_id = body["data"]["runId"]
        run = self.server.wait_finished("nodrove", run_id, timeout=30)
        self.assertEqual("FAILED", run["state"])
        task = run["tasks"]["docker-task"]
        self.assertEqual(("FAILED", "UNKNOWN"), (task["state"], task["upstreamId"]))
        self.assertTrue(task["errorMessage"].startswith(
            "Error making http call to /apis/v1/tasks/operations"), task)
        self.assertEqual([run_id], [r["runId"] for r in self.api.data(
            "/topologies/nodrove/runs", {"state": ["failed"]})])
        self.assertEqual([], self.api.data("/topologies/nodrove/runs", {"state": ["SUCCESSFUL"]}))
        self.assertEqual(400, self.api.get("/topologies/nodrove/runs", {"state": ["NOPE"]})[0])

    # --- auth and housekeeping -------------------------------------------------------------------
    def test_no_or_wrong_credentials_are_401_with_a_basic_challenge(self):
        for auth in (None, ("admin", "wrong"), ("nobody", "x")):
            api = DroveApi(self.server.url, *(auth or (None, None)))
            req = urllib.request.Request(self.server.url + "/apis/v1/topologies",
                                         headers=api.headers)
            with self.assertRaises(urllib.error.HTTPError) as caught:
                urllib.request.urlopen(req, timeout=5)
            self.assertEqual(401, caught.exception.code)
            self.assertEqual('Basic realm="realm"', caught.exception.headers["WWW-Authenticate"])
            self.assertEqual(b"Credentials are required to access this resource.",
                             caught.exception.read())

    def test_read_only_users_read_but_get_403_on_writes(self):
        self.create("ro")
        self.assertEqual(200, self.guest.get("/topologies")[0])
        self.assertEqual(200, self.guest.get("/topologies/ro/runs")[0])
        self.assertEqual((403, None), self.guest.post("/topologies", topology("ro2")))
        self.assertEqual((403, None), self.put("/topologies/ro/pause", api=self.guest))
        self.assertEqual((403, None), self.put("/topologies/ro/run", api=self.guest))
        self.assertEqual((403, None), self.guest.delete("/topologies/ro"))
        self.assertEqual("ACTIVE", self.api.data("/topologies/ro")["state"])

    def test_housekeeping_leader_is_not_enveloped(self):
        status, body = self.api.get("/apis/housekeeping/v1/leader")
        self.assertEqual(200, status)
        self.assertEqual(["leader"], list(body))
        self.assertRegex(body["leader"], r"^http://.+:%d$" % self.server.port)


class EpochConfigTest(unittest.TestCase):
    def start_with(self, text):
        workdir = tempfile.mkdtemp(prefix="drove-epoch-cfg-")
        self.addCleanup(shutil.rmtree, workdir, ignore_errors=True)
        path = os.path.join(workdir, "epoch.yml")
        with open(path, "w") as f:
            f.write(text)
        proc = subprocess.run([EPOCH_BIN, "--config", path], capture_output=True, text=True,
                              timeout=20)
        return proc.returncode, proc.stderr, path

    def test_unknown_keys_and_bad_roles_stop_the_daemon_naming_file_and_key(self):
        code, err, path = self.start_with(json.dumps({
            "drove": {"endpoints": ["http://127.0.0.1:1"], "appName": "A", "colour": "blue"},
            "userAuth": {"users": [{"username": "u", "password": "p", "role": "ADMIN"}]}}))
        self.assertEqual(2, code, err)
        lines = err.strip().splitlines()
        self.assertIn("%s:drove.colour: unknown key" % path, lines)
        self.assertIn("%s:userAuth.users[0].role: must be one of READ_WRITE, READ_ONLY" % path,
                      lines)

    def test_an_undefined_environment_variable_stops_the_daemon(self):
        code, err, path = self.start_with(
            "drove: {endpoints: [http://127.0.0.1:1], appName: A, password: ${EPOCH_IT_UNSET}}\n")
        self.assertEqual(2, code, err)
        self.assertIn("%s: environment variable EPOCH_IT_UNSET is not defined" % path, err)


if __name__ == "__main__":
    unittest.main()

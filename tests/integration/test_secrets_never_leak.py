"""Secrets never leak (issue 13): a cluster configured with users (PLAIN and CRYPT), a bearer token,
its own cluster secrets and instance key runs an app and a task that carry an INLINE config and
configs fetched with a credential; then no secret appears in any read route of the role matrix, the
events, the controller's and executor's logs, the audit trail, any process's arguments, or what the
engine shows of the containers (labels and all; only their env holds the instance token, which is
Drove's contract)."""
import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import uuid

from harness import ClusterTestCase, paths, specs
from harness import http as instance_http
from harness.api import wait_for
from harness.config_server import ConfigServer
from harness.credentials import hash_password, user
from harness.sse import STREAM, SseClient


def secret(label):
    return "%s-%s" % (label, uuid.uuid4().hex)


OPS_PASSWORD = secret("ops-password")
ROOT_PASSWORD = secret("root-password")
BEARER = secret("bearer-token")
CONTROLLER_SECRET = secret("controller-secret")
EXECUTOR_SECRET = secret("executor-secret")
INSTANCE_SECRET = secret("instance-secret")
INLINE = secret("inline-config").encode()
FETCH_CREDENTIAL = secret("fetch-credential")
FETCH_AUTH = "Bearer " + FETCH_CREDENTIAL
FILES = {"/ctrl.conf": secret("fetched-by-controller").encode(),
         "/exec.conf": secret("fetched-by-executor").encode()}
TOKEN_HEADER = "App-Instance-Authorization"
OP_SPEC = {"timeout": "5m", "parallelism": 2, "failureStrategy": "STOP"}
APP_NAME = "SECRET_APP"
TASK_ID = "secret-task"
MATRIX = os.path.join(paths.SOURCE_DIR, "orchestrator", "controller", "api", "role_matrix.cpp")


def b64(raw):
    return base64.b64encode(raw).decode()


def basic(user, password):
    return "Basic " + b64(("%s:%s" % (user, password)).encode())


def fetch_call(port, path, **credential):
    call = {"protocol": "HTTP", "hostname": "127.0.0.1", "port": port, "path": path,
            "verb": "GET", "successCodes": [200], "connectionTimeout": "1 second",
            "operationTimeout": "2 seconds", "insecure": False}
    call.update(credential)
    return call


def configs(port):
    """INLINE data, a controller fetch with authHeader, an executor fetch with the credential as a
    plain header (which Drove would not mask)."""
    return [{"type": "INLINE", "localFilename": "/cfg/inline.conf", "data": b64(INLINE)},
            {"type": "CONTROLLER_HTTP_FETCH", "localFilename": "/cfg/ctrl.conf",
             "http": fetch_call(port, "/ctrl.conf", authHeader=FETCH_AUTH)},
            {"type": "EXECUTOR_HTTP_FETCH", "localFilename": "/cfg/exec.conf",
             "http": fetch_call(port, "/exec.conf", headers={"Authorization": FETCH_AUTH})}]


def read_routes():
    """(pattern, access) of every GET row of the role matrix, read from its source."""
    with open(MATRIX) as f:
        rows = re.findall(r'\{"GET",\s*"([^"]+)",\s*([\w:]+)\}', f.read())
    if len(rows) < 20:
        raise AssertionError("role matrix rows not found in %s" % MATRIX)
    return rows


class SecretsNeverLeakTest(ClusterTestCase):
    CLUSTER_PER_CLASS = True

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="drove-it-secrets-")
        cls.audit_path = os.path.join(cls.dir, "audit.log")
        cls.root_hash = hash_password(ROOT_PASSWORD)
        cls.server = ConfigServer(FILES, FETCH_AUTH)
        controller = {
            "userAuth": {"users": [user("ops", OPS_PASSWORD, "EXTERNAL_READ_WRITE"),
                                   user("root", cls.root_hash, "EXTERNAL_ROOT", "CRYPT")],
                         "tokens": [{"name": "ci-bot", "token": BEARER,
                                     "role": "EXTERNAL_READ_WRITE"}]},
            "clusterAuth": {"secrets": [{"nodeType": "CONTROLLER", "secret": CONTROLLER_SECRET},
                                        {"nodeType": "EXECUTOR", "secret": EXECUTOR_SECRET}]},
            "instanceAuth": {"secret": INSTANCE_SECRET},
            "audit": {"file": cls.audit_path}}
        executor = {"clusterAuth": {"secret": EXECUTOR_SECRET,
                                    "controllerSecret": CONTROLLER_SECRET}}
        cls.CLUSTER_OPTIONS = {"executors": 1, "credentials": ("ops", OPS_PASSWORD),
                               "controller_config": controller, "executor_config": executor}
        super().setUpClass()
        cluster = cls.shared_cluster
        cls.responses = []  # (what, text) of every API answer
        cls.engine_views = []  # (container, inspect JSON without Config.Env)
        try:
            # The live event stream, open through the whole workload: it must carry no more than
            # events/latest does (read below with every other route).
            stream = SseClient(cluster.controller_url, auth=basic("root", ROOT_PASSWORD))
            cls.run_workload(cluster)
            stream.close()
            cls.streamed = stream.data()
            cls.answer("GET " + STREAM, (stream.status, "\n".join(cls.streamed)))
            cls.read_every_route(cluster)
        except BaseException:
            cluster.print_logs()
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        super().tearDownClass()
        shutil.rmtree(cls.dir, ignore_errors=True)

    # --- the workload ------------------------------------------------------------------------
    @classmethod
    def answer(cls, what, reply):
        status, body = reply
        cls.responses.append((what, body if isinstance(body, str) else json.dumps(body)))
        return status, body

    @classmethod
    def run_workload(cls, cluster):
        api = cluster.api
        spec = specs.app_spec(name=APP_NAME, configs=configs(cls.server.port))
        cls.app_id = specs.app_id(spec)
        cls.answer("validate", api.post("/applications/validate/spec", spec))
        status, body = cls.answer("create", api.create_app(spec, instances=1, op_spec=OP_SPEC))
        if status != 200:
            raise AssertionError("create: %s %r" % (status, body))
        api.wait_healthy(cls.app_id, 1, timeout=90)
        wait_for(lambda: api.data("/applications/" + cls.app_id)["state"] == "RUNNING", 60,
                 "%s RUNNING" % cls.app_id)
        cls.answer("scale", api.scale(cls.app_id, 2, op_spec=OP_SPEC))
        cls.instances = api.wait_healthy(cls.app_id, 2, timeout=90)
        cls.tokens = [instance_http.env(*cluster.instance_address(i))
                      ["DROVE_APP_INSTANCE_AUTH_TOKEN"] for i in cls.instances]
        for info in cls.instances:
            cls.inspect(cluster, info["instanceId"], ["drove.instance.id=" + info["instanceId"]])

        task = specs.task_spec(TASK_ID, source_app=APP_NAME, iterations=10, sleep=1,
                               configs=configs(cls.server.port))
        cls.answer("task validate", api.post("/tasks/validate/spec", task))
        status, body = cls.answer("task create", api.task_create(task, op_spec=OP_SPEC))
        if status != 200:
            raise AssertionError("task create: %s %r" % (status, body))
        # The executor removes a finished task's container: look at it while it runs.
        labels = ["drove.job.type=COMPUTATION",
                  "drove.executor.id=" + cluster.executors[0].executor_id]
        running = wait_for(lambda: cluster.engine.containers(labels), 60, "the task's container")
        cls.inspect(cluster, TASK_ID, labels, running)
        api.wait_task_finished(APP_NAME, TASK_ID, timeout=60)

        bot = api.as_user(None, None)
        cls.answer("bearer", bot.request("GET", "/applications",
                                         headers={"Authorization": "Bearer " + BEARER}))
        cls.answer("wrong password", api.as_user("ops", OPS_PASSWORD + "x").get("/applications"))
        cls.answer("discovery", bot.request("GET", "/internal/instances",
                                            headers={TOKEN_HEADER: cls.tokens[0]}))

    @classmethod
    def inspect(cls, cluster, what, labels, found=None):
        for container in found or cluster.engine.containers(labels):
            view = cluster.engine.inspect(container["Id"])
            view.get("Config", {}).pop("Env", None)
            cls.engine_views.append((what, json.dumps(view)))

    @classmethod
    def read_every_route(cls, cluster):
        instance = cls.instances[0]
        values = {"appId": cls.app_id, "instanceId": instance["instanceId"],
                  "executorId": instance["executorId"], "id": instance["executorId"],
                  "sourceAppName": APP_NAME, "taskId": TASK_ID, "appName": APP_NAME,
                  "serviceId": "NO_SERVICE-1", "fileName": "output.log"}
        root = cluster.api.as_user("root", ROOT_PASSWORD)
        principals = {"kNode": {"Cluster-Authorization": EXECUTOR_SECRET, "NodeId": "it"},
                      "Access::kAppInstance": {TOKEN_HEADER: cls.tokens[0]}}
        cls.statuses = {}
        for pattern, access in read_routes():
            if pattern == STREAM:
                continue  # never ends: read through the workload in setUpClass
            path = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], pattern)
            headers = principals.get(access)
            caller = root if headers is None else root.as_user(None, None)
            status, _ = cls.answer("GET " + path, caller.request("GET", path, headers=headers))
            cls.statuses[pattern] = status

    # --- the checks --------------------------------------------------------------------------
    def secrets(self):
        found = {"ops password": OPS_PASSWORD, "ops Basic": basic("ops", OPS_PASSWORD),
                 "root password": ROOT_PASSWORD, "root hash": self.root_hash,
                 "root Basic": basic("root", ROOT_PASSWORD), "bearer token": BEARER,
                 "controller secret": CONTROLLER_SECRET, "executor secret": EXECUTOR_SECRET,
                 "instance key": INSTANCE_SECRET, "inline data": INLINE.decode(),
                 "inline data base64": b64(INLINE), "fetch credential": FETCH_CREDENTIAL}
        for path, body in FILES.items():
            found["fetched %s" % path] = body.decode()
            found["fetched %s base64" % path] = b64(body)
        for i, token in enumerate(self.tokens):
            found["instance token %d" % i] = token
        return found

    def assertNoSecret(self, sources):
        leaks = []
        for where, text in sources:
            for name, value in self.secrets().items():
                at = text.find(value)
                if at >= 0:
                    leaks.append("%s in %s: ...%s..." % (name, where, text[max(0, at - 80):at]))
        self.assertEqual([], leaks)

    def read(self, path):
        with open(path, errors="replace") as f:
            return f.read()

    def test_the_workload_really_carried_every_secret(self):
        self.assertEqual({"/ctrl.conf", "/exec.conf"}, set(self.server.asked))
        host, port = self.cluster.instance_address(self.instances[0])
        for name, body in (("inline.conf", INLINE), ("ctrl.conf", FILES["/ctrl.conf"]),
                           ("exec.conf", FILES["/exec.conf"])):
            status, text = instance_http.get(host, port, "/cgi-bin/cat?/cfg/" + name)
            self.assertEqual((200, body.decode()), (status, text.strip()), name)
        task = self.api.task_info(APP_NAME, TASK_ID)
        self.assertEqual("SUCCESSFUL", task["taskResult"]["status"], task)
        self.assertTrue(all(self.tokens))
        self.assertEqual(2, len([v for v in self.engine_views if v[0] != TASK_ID]))
        self.assertEqual(1, len([v for v in self.engine_views if v[0] == TASK_ID]))

    def test_no_secret_in_api_responses_or_events(self):
        errors = {p: s for p, s in self.statuses.items() if s >= 500}
        self.assertEqual({}, errors, "every read route answered")
        self.assertTrue(self.streamed, "the event stream carried the workload's events")
        for pattern in ("/apis/v1/applications/{appId}/spec", "/apis/v1/cluster/events",
                        "/apis/v1/tasks/{sourceAppName}/instances/{taskId}",
                        "/apis/v1/internal/instances",
                        "/apis/v1/logfiles/applications/{appId}/{instanceId}/read/{fileName}"):
            self.assertEqual(200, self.statuses[pattern], pattern)
        spec = self.api.data("/applications/%s/spec" % self.app_id)
        self.assertEqual(["INLINE", "CONTROLLER_HTTP_FETCH", "EXECUTOR_HTTP_FETCH"],
                         [c["type"] for c in spec["configs"]], "the configs come back, masked")
        self.assertNoSecret(self.responses)

    def test_no_secret_in_logs_or_the_audit_trail(self):
        audit = self.read(self.audit_path)
        self.assertIn('"path":"/apis/v1/tasks/operations"', audit)
        logs = [(p.name + " log", self.read(p.log_path))
                for p in self.cluster.controllers + self.cluster.executors]
        self.assertNoSecret(logs + [("audit trail", audit)])

    def test_no_secret_in_process_arguments(self):
        out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, timeout=10)
        self.assertEqual(0, out.returncode, out.stderr)
        self.assertIn(paths.CONTROLLER_BIN, out.stdout)
        self.assertNoSecret([("ps -eo args", out.stdout)])

    def test_no_secret_in_what_the_engine_shows_of_containers_but_their_env(self):
        self.assertNoSecret(self.engine_views)
        labels = json.loads(self.engine_views[0][1])["Config"]["Labels"]
        self.assertIn("drove.instance.spec", labels)


if __name__ == "__main__":
    unittest.main()

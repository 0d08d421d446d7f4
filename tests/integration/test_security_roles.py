"""Users, roles, tokens and the audit trail on a real controller (simulated executors, no
containers): a read-only user changes nothing, a maintenance user blacklists and sets maintenance
but cannot deploy, an instance token lists only its own app's siblings, a bearer token and hashed
passwords (yescrypt from `drove-controller hash-password`, bcrypt) work, and every audited call
is one line in the audit file with no secret in it."""
import base64
import hashlib
import hmac
import json
import os
import shutil
import stat
import subprocess
import tempfile
import time
import uuid

from harness import ClusterTestCase, paths, specs
from harness.api import wait_for
from harness.credentials import hash_password, user
from harness.fake_executors import FakeExecutors

INSTANCE_SECRET = "it-security-instance-secret"
TOKEN = "it-security-bearer-token-0123456789abcdef"
ROOT_PASSWORD = "yescrypt root pass"
# bcrypt("secret") at cost 4, made with libcrypt.
BCRYPT_SECRET = "$2b$04$SEc7VXcxW6rHX.V2J8F9beT/XeF/3Mh1sx0H5drro8S/tb7JUoXPG"
OP_SPEC = {"timeout": "5m", "parallelism": 4, "failureStrategy": "STOP"}
APP = specs.app_spec(name="SEC_APP", version="1")
APP_V2 = specs.app_spec(name="SEC_APP", version="2")
OTHER = specs.app_spec(name="OTHER_APP", version="1")


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def mint(secret, info):
    """An app-instance token as Drove mints it, for the instance `info` (InstanceInfo)."""
    ids = (info["appId"], info["instanceId"], info["executorId"])
    claims = {"iss": "drove", "aud": "drove-application-instance", "sub": "drove-controller",
              "iat": int(time.time()), "droveAppId": ids[0], "droveInstanceId": ids[1],
              "droveExecutorId": ids[2],
              "jti": str(uuid.UUID(bytes=hashlib.md5(":".join(ids).encode()).digest(), version=3))}
    signed = b64url(b'{"alg":"HS256","typ":"JWT"}') + "." + b64url(json.dumps(claims).encode())
    return signed + "." + b64url(hmac.new(secret.encode(), signed.encode(), hashlib.sha256).digest())


class SecurityRolesTest(ClusterTestCase):
    CLUSTER_PER_CLASS = True

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="drove-it-security-")
        cls.audit_path = os.path.join(cls.dir, "audit.log")
        cls.CLUSTER_OPTIONS = {"executors": 0, "controller_config": {
            "userAuth": {"users": [
                user("admin", "admin", "EXTERNAL_READ_WRITE"),
                user("guest", "guest", "EXTERNAL_READ_ONLY"),
                user("maint", "maint", "DROVE_EXTERNAL_MAINTENANCE"),
                user("root", hash_password(ROOT_PASSWORD), "EXTERNAL_ROOT", "CRYPT"),
                user("bcrypt", BCRYPT_SECRET, "EXTERNAL_READ_ONLY", "CRYPT")],
                "tokens": [{"name": "ci-bot", "token": TOKEN, "role": "EXTERNAL_READ_WRITE"}]},
            "instanceAuth": {"secret": INSTANCE_SECRET},
            "options": {"maintenanceSettleTime": "1s"},
            "audit": {"file": cls.audit_path, "maxSize": "1m", "maxFiles": 2}}}
        super().setUpClass()
        cls.fakes = []
        try:
            api = cls.shared_cluster.api
            cls.fakes.append(FakeExecutors(cls.shared_cluster.controller_url, executors=2,
                                           snapshot_interval=1.0, first_host=60))
            wait_for(lambda: len(api.executors()) == 2, 30, "two simulated executors")
            for spec, count in ((APP, 2), (APP_V2, 1), (OTHER, 1)):
                status, body = api.create_app(spec, instances=count, op_spec=OP_SPEC)
                if status != 200:
                    raise AssertionError("create %s: %s %r" % (specs.app_id(spec), status, body))
            for spec, count in ((APP, 2), (APP_V2, 1), (OTHER, 1)):
                api.wait_healthy(specs.app_id(spec), count, timeout=60)
            # An executor that holds no instance, for the maintenance user to blacklist.
            cls.fakes.append(FakeExecutors(cls.shared_cluster.controller_url, executors=1,
                                           snapshot_interval=1.0, first_host=62))
            wait_for(lambda: len(api.executors()) == 3, 30, "the spare simulated executor")
            cls.spare = cls.fakes[1].nodes[0]["executorId"]
        except BaseException:
            cls.shared_cluster.print_logs()
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        for fake in getattr(cls, "fakes", []):
            fake.close()
        super().tearDownClass()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def as_user(self, name, password):
        return self.api.as_user(name, password)

    def audit_lines(self):
        with open(self.audit_path) as f:
            return [json.loads(line) for line in f]

    def test_a_read_only_user_cannot_change_anything(self):
        guest = self.as_user("guest", "guest")
        app_id = specs.app_id(OTHER)
        writes = [
            ("POST", "/applications/operations",
             {"type": "SCALE", "appId": app_id, "requiredInstances": 0, "opSpec": OP_SPEC}),
            ("POST", "/operations", {"type": "SUSPEND", "appId": app_id, "opSpec": OP_SPEC}),
            ("POST", "/applications/operations/%s/cancel" % app_id, None),
            ("POST", "/tasks/operations", {"type": "KILL", "sourceAppName": "A", "taskId": "T",
                                           "opSpec": OP_SPEC}),
            ("POST", "/localservices/operations", {"type": "DESTROY", "serviceId": "S-1"}),
            ("POST", "/cluster/maintenance/set", None),
            ("POST", "/cluster/executors/blacklist?id=%s" % self.spare, None),
            ("POST", "/cluster/executors/%s/unblacklist" % self.spare, None),
        ]
        # Drove lets any authenticated user DELETE a task record; that is its matrix, not a write
        # to a running workload, and stays allowed.
        for method, path, body in writes:
            status, _ = guest.request(method, path, body=body)
            self.assertEqual(403, status, "%s %s" % (method, path))
        self.assertEqual(1, len(self.api.healthy_instances(app_id)))
        self.assertEqual(200, guest.get("/applications/%s" % app_id)[0])
        self.assertEqual(200, guest.get("/cluster")[0])

    def test_a_maintenance_user_blacklists_and_sets_maintenance_but_cannot_deploy(self):
        maint = self.as_user("maint", "maint")
        status, body = maint.create_app(specs.app_spec(name="MAINT_APP"), instances=1)
        self.assertEqual(403, status, body)
        status, _ = maint.scale(specs.app_id(OTHER), 0)
        self.assertEqual(403, status)
        status, body = maint.post("/cluster/executors/blacklist", query={"id": self.spare})
        self.assertEqual(200, status, body)
        self.assertEqual([self.spare], body["data"]["successful"], body)
        status, body = maint.post("/cluster/executors/%s/unblacklist" % self.spare)
        self.assertEqual(200, status, body)
        status, body = maint.post("/cluster/maintenance/set")
        self.assertEqual((200, "MAINTENANCE"), (status, body["data"]["state"]), body)
        status, body = maint.post("/cluster/maintenance/unset")
        self.assertEqual((200, "NORMAL"), (status, body["data"]["state"]), body)
        time.sleep(1.5)  # maintenanceSettleTime, so later tests may operate
        self.assertEqual(403, maint.get("/logfiles/applications/X/Y/list")[0],
                         "maintenance users read no logs")

    def test_an_instance_token_lists_only_its_own_apps_siblings(self):
        mine = sorted(i["instanceId"] for i in self.api.healthy_instances(specs.app_id(APP)))
        v2 = [i["instanceId"] for i in self.api.healthy_instances(specs.app_id(APP_V2))]
        info = self.api.healthy_instances(specs.app_id(APP))[0]
        headers = {"App-Instance-Authorization": mint(INSTANCE_SECRET, info)}
        anonymous = self.as_user(None, None)
        status, body = anonymous.request("GET", "/internal/instances", headers=headers)
        self.assertEqual((200, "SUCCESS"), (status, body["status"]), body)
        self.assertEqual(mine, [i["instanceId"] for i in body["data"]])
        status, body = anonymous.request("GET", "/internal/instances", headers=headers,
                                         query={"forApp": "true"})
        self.assertEqual(sorted(mine + v2), [i["instanceId"] for i in body["data"]],
                         "every version of its own app, never OTHER_APP")
        for path in ("/applications", "/applications/%s/instances" % specs.app_id(OTHER),
                     "/cluster/executors"):
            status, _ = anonymous.request("GET", path, headers=headers)
            self.assertEqual(403, status, path)
        self.assertEqual(200, anonymous.request("GET", "/ping", headers=headers)[0])

    def test_a_bearer_token_works_with_its_role(self):
        bot = self.as_user(None, None)
        headers = {"Authorization": "Bearer " + TOKEN}
        status, body = bot.request("GET", "/applications", headers=headers)
        self.assertEqual(200, status, body)
        self.assertIn(specs.app_id(OTHER), body["data"])
        status, body = bot.request("POST", "/applications/operations", headers=headers, body={
            "type": "SCALE", "appId": specs.app_id(OTHER), "requiredInstances": 1,
            "opSpec": OP_SPEC})
        self.assertEqual(200, status, body)
        status, _ = bot.request("POST", "/cluster/maintenance/set", headers=headers)
        self.assertEqual(403, status, "a read-write token is no maintenance user")
        for wrong in ("Bearer " + TOKEN[:-1], "Bearer " + TOKEN + "x", "Bearer"):
            status, _ = bot.request("GET", "/applications", headers={"Authorization": wrong})
            self.assertEqual(401, status, wrong)

    def test_hashed_passwords_work(self):
        self.assertEqual(200, self.as_user("root", ROOT_PASSWORD).get("/cluster")[0])
        self.assertEqual(401, self.as_user("root", ROOT_PASSWORD + " ").get("/cluster")[0])
        self.assertEqual(200, self.as_user("bcrypt", "secret").get("/applications")[0])
        self.assertEqual(401, self.as_user("bcrypt", "Secret").get("/applications")[0])

    def test_hash_password_refuses_an_empty_password_in_one_line(self):
        out = subprocess.run([paths.CONTROLLER_BIN, "hash-password"], input="",
                             capture_output=True, text=True, timeout=30)
        self.assertNotEqual(0, out.returncode)
        self.assertEqual("", out.stdout)
        self.assertEqual(1, len(out.stderr.splitlines()), out.stderr)

    def test_the_audit_trail_has_one_line_per_audited_call_and_no_secret(self):
        marker = "AUDIT_APP"
        admin = self.as_user("admin", "admin")
        status, body = admin.create_app(specs.app_spec(name=marker), instances=0, op_spec=OP_SPEC)
        self.assertEqual(200, status, body)
        self.assertEqual(200, admin.get("/applications/%s-1" % marker)[0])
        guest = self.as_user("guest", "guest")
        self.assertEqual(403, guest.destroy("%s-1" % marker)[0])
        bot = self.as_user(None, None)
        bot.request("POST", "/applications/operations/%s-1/cancel" % marker,
                    headers={"Authorization": "Bearer " + TOKEN})
        lines = wait_for(lambda: (lambda l: l if len(l) >= 3 else None)(
            [l for l in self.audit_lines() if l.get("appId") == "%s-1" % marker]), 10,
            "three audit lines naming %s-1" % marker)
        self.assertEqual(3, len(lines), lines)
        create, refused, cancel = lines
        self.assertEqual(("admin", "EXTERNAL_READ_WRITE", "basic", "POST", 200),
                         (create["user"], create["role"], create["auth"], create["method"],
                          create["status"]))
        self.assertEqual("/apis/v1/applications/operations", create["path"])
        self.assertEqual("127.0.0.1", create["remote"])
        self.assertEqual(("guest", "EXTERNAL_READ_ONLY", 403),
                         (refused["user"], refused["role"], refused["status"]))
        self.assertEqual(("ci-bot", "bearer"), (cancel["user"], cancel["auth"]))
        self.assertFalse(any(l["method"] == "GET" for l in self.audit_lines()),
                         "GET is not audited by default")
        mode = stat.S_IMODE(os.stat(self.audit_path).st_mode)
        self.assertEqual(0, mode & 0o077, "the audit file is private: %o" % mode)
        with open(self.audit_path) as f:
            text = f.read()
        for secret in (TOKEN, ROOT_PASSWORD, INSTANCE_SECRET, "Basic ",
                       base64.b64encode(b"admin:admin").decode()):
            self.assertNotIn(secret, text)


if __name__ == "__main__":
    import unittest
    unittest.main()

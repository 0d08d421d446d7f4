"""App-instance tokens end to end: every container gets DROVE_APP_INSTANCE_AUTH_TOKEN (an HS256 JWT
with Drove's claims and an exp), and with that header alone it pings the leader and discovers its
siblings (GET /internal/instances), as Drove's Hazelcast/Ignite plugins do; it opens nothing else,
lists only its own app, and discovers nothing once its instance is stopped or replaced."""
import base64
import hashlib
import hmac
import json
import subprocess
import time
import unittest
import uuid

from harness import ClusterTestCase, specs
from harness import http
from harness.api import wait_for
from harness.engine import DEFAULT_SOCKET

SECRET = "it-instance-secret"
YEAR_SECONDS = 365 * 24 * 3600  # instanceAuth.tokenLifetime's default
INVALID_TOKEN = ("Please send valid token for you app instance. The token value is available in "
                 "the DROVE_APP_INSTANCE_AUTH_TOKEN environment variable")
HEADER = "App-Instance-Authorization"


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def mint(secret, app_id, instance_id, executor_id):
    """A token as Drove's JWTApplicationInstanceTokenManager builds it, made here independently."""
    claims = {"iss": "drove", "aud": "drove-application-instance", "sub": "drove-controller",
              "iat": int(time.time()), "droveAppId": app_id, "droveInstanceId": instance_id,
              "droveExecutorId": executor_id,
              "jti": jti(app_id, instance_id, executor_id)}
    signed = b64url(b'{"alg":"HS256","typ":"JWT"}') + "." + b64url(json.dumps(claims).encode())
    signature = hmac.new(secret.encode(), signed.encode(), hashlib.sha256).digest()
    return signed + "." + b64url(signature)


def jti(app_id, instance_id, executor_id):
    """Java's UUID.nameUUIDFromBytes of "<appId>:<instanceId>:<executorId>"."""
    seed = ("%s:%s:%s" % (app_id, instance_id, executor_id)).encode()
    return str(uuid.UUID(bytes=hashlib.md5(seed).digest(), version=3))


def token_of(cluster, info):
    return http.env(*cluster.instance_address(info))["DROVE_APP_INSTANCE_AUTH_TOKEN"]


class InstanceTokensTest(ClusterTestCase):
    CLUSTER_PER_CLASS = True
    # 0.0.0.0: containers reach the controller through their bridge gateway, as plugins would.
    CLUSTER_OPTIONS = {"executors": 2, "controller_config": {
        "server": {"host": "0.0.0.0"}, "instanceAuth": {"secret": SECRET}}}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        api = cls.shared_cluster.api
        try:
            for version, count in (("1", 2), ("2", 1)):
                status, body = api.create_app(specs.app_spec(version=version), instances=count)
                if status != 200:
                    raise AssertionError("create TEST_APP-%s: %s %r" % (version, status, body))
            cls.v1 = sorted(api.wait_healthy("TEST_APP-1", 2, timeout=90),
                            key=lambda i: i["instanceId"])
            cls.v2 = api.wait_healthy("TEST_APP-2", 1, timeout=90)
        except BaseException:
            # unittest skips tearDownClass when setUpClass fails: stop the cluster here.
            cls.shared_cluster.print_logs()
            cls.tearDownClass()
            raise

    def as_instance(self, token):
        return self.api.as_user(None, None), {HEADER: token}

    def siblings(self, token, query=None):
        api, headers = self.as_instance(token)
        return api.request("GET", "/internal/instances", headers=headers, query=query)

    def test_each_container_gets_a_token_for_its_own_instance(self):
        for info in self.v1 + self.v2:
            token = token_of(self.cluster, info)
            header, payload, signature = token.split(".")
            self.assertEqual("HS256", json.loads(unb64url(header))["alg"])
            expected = hmac.new(SECRET.encode(), (header + "." + payload).encode(),
                                hashlib.sha256).digest()
            self.assertEqual(expected, unb64url(signature), "signed with instanceAuth.secret")
            claims = json.loads(unb64url(payload))
            self.assertEqual(("drove", "drove-application-instance", "drove-controller"),
                             (claims["iss"], claims["aud"], claims["sub"]))
            self.assertEqual((info["appId"], info["instanceId"], info["executorId"]),
                             (claims["droveAppId"], claims["droveInstanceId"],
                              claims["droveExecutorId"]))
            self.assertEqual(jti(info["appId"], info["instanceId"], info["executorId"]),
                             claims["jti"])
            self.assertEqual(YEAR_SECONDS, claims["exp"] - claims["iat"])

    def test_the_token_alone_pings_and_lists_siblings_sorted(self):
        token = token_of(self.cluster, self.v1[1])
        api, headers = self.as_instance(token)
        status, body = api.request("GET", "/ping", headers=headers)
        self.assertEqual((200, "pong"), (status, body.get("data")), body)
        status, body = self.siblings(token)
        self.assertEqual(200, status, body)
        self.assertEqual("SUCCESS", body["status"], body)
        self.assertEqual([i["instanceId"] for i in self.v1],
                         [i["instanceId"] for i in body["data"]])
        self.assertEqual(self.cluster.instance_address(self.v1[0]),
                         self.cluster.instance_address(body["data"][0]))
        status, body = self.siblings(token, {"forApp": "true"})
        self.assertEqual(sorted(i["instanceId"] for i in self.v1 + self.v2),
                         [i["instanceId"] for i in body["data"]])
        status, body = self.siblings(token, {"state": ["STOPPED"]})
        self.assertEqual([], body["data"], body)
        status, body = self.siblings(token, {"state": ["bogus"]})
        self.assertEqual(404, status, body)

    def test_the_token_opens_no_other_route(self):
        api, headers = self.as_instance(token_of(self.cluster, self.v1[0]))
        for method, path in (("GET", "/applications"),
                             ("GET", "/applications/TEST_APP-1/instances"),
                             ("GET", "/cluster"), ("GET", "/endpoints"),
                             ("POST", "/applications/operations")):
            body = {} if method == "POST" else None
            status, _ = api.request(method, path, body=body, headers=headers)
            self.assertEqual(403, status, path)
        status, _ = self.api.get("/internal/instances")  # a user is no instance
        self.assertEqual(403, status)

    def test_forged_or_stale_tokens_are_refused_with_drove_texts(self):
        info = self.v1[0]
        status, body = self.siblings(mint("guessed", info["appId"], info["instanceId"],
                                          info["executorId"]))
        self.assertEqual(401, status, body)
        # Well signed (the test knows the secret) but naming what the controller does not know.
        for app_id, instance_id, executor_id in (
                (info["appId"], "AI-unknown", info["executorId"]),
                (info["appId"], info["instanceId"], "another-executor")):
            status, body = self.siblings(mint(SECRET, app_id, instance_id, executor_id))
            self.assertEqual(200, status, body)
            self.assertEqual(("FAILED", INVALID_TOKEN), (body["status"], body["message"]))
        status, body = self.siblings(mint(SECRET, info["appId"], info["instanceId"],
                                          info["executorId"]))
        self.assertEqual("SUCCESS", body["status"], "a token minted elsewhere with the secret")

    def test_a_token_lists_its_own_app_only_and_dies_with_its_instance(self):
        spec = specs.app_spec(name="TOKEN_APP")
        app_id = specs.app_id(spec)
        self.assertEqual(200, self.api.create_app(spec, instances=1)[0])
        self.addCleanup(self.remove, app_id)
        first = self.api.wait_healthy(app_id, 1, timeout=90)[0]
        token = token_of(self.cluster, first)
        for query in (None, {"forApp": "true"}, {"appId": "TEST_APP-1"}):
            status, body = self.siblings(token, query)
            self.assertEqual([first["instanceId"]], [i["instanceId"] for i in body["data"]], query)
        api, headers = self.as_instance(token)
        status, _ = api.request("GET", "/applications/TEST_APP-1/instances", headers=headers)
        self.assertEqual(403, status, "another app's instances")

        self.wait_idle(app_id)
        self.assertEqual(200, self.api.replace_instances(app_id)[0])
        second = wait_for(lambda: [i for i in self.api.healthy_instances(app_id)
                                   if i["instanceId"] != first["instanceId"]], 90,
                          "a replacement of %s" % first["instanceId"])[0]
        wait_for(lambda: self.siblings(token)[1].get("status") == "FAILED", 30,
                 "the replaced instance's token refused")
        self.assertEqual(INVALID_TOKEN, self.siblings(token)[1]["message"])
        replacement = token_of(self.cluster, second)
        self.assertEqual([second["instanceId"]],
                         [i["instanceId"] for i in self.siblings(replacement)[1]["data"]])

        self.wait_idle(app_id)
        self.assertEqual(200, self.api.stop_instances(app_id, [second["instanceId"]],
                                                      skip_respawn=True)[0])
        wait_for(lambda: self.siblings(replacement)[1].get("status") == "FAILED", 30,
                 "the stopped instance's token refused")

    def wait_idle(self, app_id):
        wait_for(lambda: self.api.data("/applications/" + app_id)["state"] in ("RUNNING",
                                                                                "MONITORING"),
                 90, "%s in a stable state" % app_id)

    def remove(self, app_id):
        self.api.suspend(app_id)
        wait_for(lambda: self.api.data("/applications/" + app_id).get("state") == "MONITORING",
                 60, "%s MONITORING after SUSPEND" % app_id)
        self.assertEqual(200, self.api.destroy(app_id)[0])

    def test_a_container_discovers_its_siblings_from_inside(self):
        info = self.v2[0]
        container = self.cluster.engine.containers(["drove.instance.id=" + info["instanceId"]])[0]
        networks = self.cluster.engine.inspect(container["Id"])["NetworkSettings"]["Networks"]
        gateway = next(n["Gateway"] for n in networks.values() if n.get("Gateway"))
        url = "http://%s:%d/apis/v1/internal/instances?forApp=true" % (
            gateway, self.cluster.controller_ports[0])
        script = ('wget -q -O - --header "%s: $DROVE_APP_INSTANCE_AUTH_TOKEN" "%s"' % (HEADER, url))
        out = subprocess.run(["docker", "-H", "unix://" + DEFAULT_SOCKET, "exec", container["Id"],
                              "sh", "-c", script], capture_output=True, text=True, timeout=30)
        self.assertEqual(0, out.returncode, out.stderr)
        body = json.loads(out.stdout)
        self.assertEqual(sorted(i["instanceId"] for i in self.v1 + self.v2),
                         [i["instanceId"] for i in body["data"]])


class DerivedSecretTest(ClusterTestCase):
    """Without instanceAuth.secret the key is derived from the cluster secret: not Drove's public
    DEFAULT_SECRET, and the same after a restart, so running containers keep working tokens."""
    CLUSTER_OPTIONS = {"start": False}

    def test_tokens_use_a_derived_key_that_survives_a_restart(self):
        path = self.cluster.controllers[0].config_path
        with open(path) as f:
            config = json.load(f)
        del config["instanceAuth"]
        with open(path, "w") as f:
            json.dump(config, f)
        self.cluster.start()
        self.api.create_app(specs.app_spec(), instances=1)
        info = self.api.wait_healthy("TEST_APP-1", 1, timeout=90)[0]
        token = token_of(self.cluster, info)
        header, payload, signature = token.split(".")
        public = hmac.new(b"DEFAULT_SECRET", (header + "." + payload).encode(),
                          hashlib.sha256).digest()
        self.assertNotEqual(public, unb64url(signature))
        instance_api = self.api.as_user(None, None)
        self.cluster.kill_controller()
        self.cluster.start_controller()
        def discovered():
            status, body = instance_api.request("GET", "/internal/instances",
                                                headers={HEADER: token})
            return body if isinstance(body, dict) and body.get("status") == "SUCCESS" else None

        body = wait_for(discovered, 30, "sibling discovery after the restart")
        self.assertEqual([info["instanceId"]], [i["instanceId"] for i in body["data"]])
        status, _ = instance_api.request("GET", "/internal/instances", headers={
            HEADER: mint("DEFAULT_SECRET", info["appId"], info["instanceId"], info["executorId"])})
        self.assertEqual(401, status)


class TokenLifetimeTest(ClusterTestCase):
    """instanceAuth.tokenLifetime reaches both the minting and the checking side."""
    CLUSTER_OPTIONS = {"controller_config": {"instanceAuth": {"secret": SECRET,
                                                              "tokenLifetime": "20 seconds"}}}

    def test_a_token_is_refused_after_its_lifetime(self):
        self.api.create_app(specs.app_spec(), instances=1)
        info = self.api.wait_healthy("TEST_APP-1", 1, timeout=90)[0]
        token = token_of(self.cluster, info)
        claims = json.loads(unb64url(token.split(".")[1]))
        self.assertEqual(20, claims["exp"] - claims["iat"])
        instance_api = self.api.as_user(None, None)

        def siblings():
            return instance_api.request("GET", "/internal/instances", headers={HEADER: token})

        status, body = siblings()
        self.assertEqual((200, "SUCCESS"), (status, body["status"]), body)
        wait_for(lambda: siblings()[0] == 401, 30, "the token refused after 20 s")
        self.assertGreaterEqual(time.time(), claims["exp"], "refused only once past its exp")


if __name__ == "__main__":
    unittest.main()

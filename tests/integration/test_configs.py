"""Config files reach the container from every source; secrets never come back through the API."""
import base64
import os
import socket
import tempfile
import unittest

from harness import ClusterTestCase, specs
from harness import http as instance_http
from harness.api import wait_for
from harness.config_server import ConfigServer

USER, PASSWORD = "cfg-user", "s3cret-pw"
FILES = {"/ctrl.conf": b"fetched-by-controller\n", "/exec.conf": b"fetched-by-executor\n"}


def http_call(port, path):
    return {"protocol": "HTTP", "hostname": "127.0.0.1", "port": port, "path": path, "verb": "GET",
            "successCodes": [200], "connectionTimeout": "1 second",
            "operationTimeout": "2 seconds", "username": USER, "password": PASSWORD,
            "insecure": False}


def unused_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ConfigSourcesTest(ClusterTestCase):
    def setUp(self):
        super().setUp()
        self.server = ConfigServer(FILES, "Basic " + base64.b64encode(
            ("%s:%s" % (USER, PASSWORD)).encode()).decode())
        self.addCleanup(self.server.stop)
        handle, self.local_path = tempfile.mkstemp(prefix="drove-cfg-")
        os.write(handle, b"from-executor-host-file\n")
        os.close(handle)
        self.addCleanup(os.remove, self.local_path)

    def configs(self, controller_port):
        inline = base64.b64encode(b"inline-data\n").decode()
        return [
            {"type": "INLINE", "localFilename": "/testfiles/inline.conf", "data": inline},
            {"type": "EXECUTOR_LOCAL_FILE", "localFilename": "/testfiles/local.conf",
             "filePathOnHost": self.local_path},
            {"type": "CONTROLLER_HTTP_FETCH", "localFilename": "/testfiles/ctrl.conf",
             "http": http_call(controller_port, "/ctrl.conf")},
            {"type": "EXECUTOR_HTTP_FETCH", "localFilename": "/testfiles/exec.conf",
             "http": http_call(self.server.port, "/exec.conf")},
        ]

    def test_every_config_source_lands_in_the_container_and_secrets_stay_masked(self):
        spec = specs.app_spec(name="CFG_APP", configs=self.configs(self.server.port))
        status, body = self.api.create_app(spec)
        self.assertEqual(200, status, body)
        app_id = specs.app_id(spec)
        self.api.scale(app_id, 1)
        instance = self.api.wait_healthy(app_id, 1, timeout=60)[0]
        host = instance["localInfo"]["hostname"]
        port = instance["localInfo"]["ports"]["main"]["hostPort"]
        expected = {"inline.conf": "inline-data", "local.conf": "from-executor-host-file",
                    "ctrl.conf": "fetched-by-controller", "exec.conf": "fetched-by-executor"}
        for name, text in expected.items():
            status, got = instance_http.get(host, port, "/cgi-bin/cat?/testfiles/" + name)
            self.assertEqual(200, status, name)
            self.assertEqual(text, got.strip(), name)
        self.assertEqual({"/ctrl.conf", "/exec.conf"}, set(self.server.asked))

        returned = self.api.data("/applications/%s/spec" % app_id)
        self.assertEqual("", returned["configs"][0]["data"])
        for masked in returned["configs"][2:]:
            for field in ("username", "password", "authHeader"):
                self.assertEqual("***", masked["http"][field], field)
        for path in ("/applications/%s/instances" % app_id,
                     "/applications/%s/instances/%s" % (app_id, instance["instanceId"])):
            status, raw = self.api.get(path)
            self.assertEqual(200, status, path)
            self.assertNotIn(PASSWORD, str(raw), path)
            self.assertNotIn(base64.b64encode(b"inline-data\n").decode(), str(raw), path)

    def test_failed_controller_fetch_fails_the_start_with_the_reason(self):
        spec = specs.app_spec(name="CFG_BAD", configs=self.configs(unused_port()))
        self.assertEqual(200, self.api.create_app(spec)[0])
        app_id = specs.app_id(spec)
        self.api.scale(app_id, 1)
        failed = wait_for(lambda: [i for i in self.api.old_instances(app_id)
                                   if i.get("state") == "PROVISIONING_FAILED"],
                          30, "an instance failed by the controller's config fetch")
        message = failed[0]["errorMessage"]
        self.assertIn("configs[2] (/testfiles/ctrl.conf)", message)
        self.assertIn("controller config fetch failed", message)
        self.assertEqual([], self.api.healthy_instances(app_id))


if __name__ == "__main__":
    unittest.main()

"""The `drove` CLI drives a real cluster: create, scale with --wait (printing progress), list, tasks,
local services and their instances."""
import json
import os
import subprocess
import tempfile
import unittest

from harness import ClusterTestCase, paths, specs
from harness.api import wait_for
from harness.cluster import free_port
from harness.nginx import Nginx


def tls_proxy(workdir, upstream_port):
    """nginx terminating TLS with a fresh self-signed certificate (CN localhost, IP 127.0.0.1) in
    front of the controller; returns the started Nginx with its `port`."""
    key, cert = os.path.join(workdir, "tls.key"), os.path.join(workdir, "tls.crt")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=30)
    ng = Nginx("", workdir, "tls-proxy")
    ng.port = free_port()
    ng.write_conf("""worker_processes 1;
events { worker_connections 256; }
http {
  access_log off;
  %s
  server {
    listen 127.0.0.1:%d ssl;
    ssl_certificate %s;
    ssl_certificate_key %s;
    location / { proxy_pass http://127.0.0.1:%d; proxy_read_timeout 120s; }
  }
}
""" % (ng.http_temp_paths(), ng.port, cert, key, upstream_port))
    return ng.start(wait_ports=[ng.port])


class CliTest(ClusterTestCase):
    CLUSTER_PER_CLASS = True

    def drove(self, *args, timeout=120, endpoint=None):
        cmd = [paths.CLI_BIN, "-e", endpoint or self.cluster.controller_url, "-u", "admin",
               "-p", "admin"]
        done = subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=timeout,
                              env=dict(os.environ, HOME=tempfile.gettempdir()))
        return done.returncode, done.stdout, done.stderr

    def spec_file(self, spec):
        f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump(spec, f)
        f.close()
        self.addCleanup(os.unlink, f.name)
        return f.name

    def test_ping(self):
        code, out, err = self.drove("cluster", "ping")
        self.assertEqual(0, code, err)
        self.assertIn("Cluster ping successful", out)

    def test_create_scale_wait_and_list(self):
        spec = specs.app_spec(name="CLI_APP")
        code, out, err = self.drove("apps", "create", self.spec_file(spec))
        self.assertEqual(0, code, err)
        self.assertIn("CLI_APP-1", out)

        code, out, err = self.drove("apps", "scale", "CLI_APP-1", "2", "--wait")
        self.assertEqual(0, code, err)
        self.assertIn("HEALTHY", out, "--wait prints state changes")
        self.assertEqual(2, len(self.api.healthy_instances("CLI_APP-1")))

        code, out, err = self.drove("apps", "list")
        self.assertEqual(0, code, err)
        self.assertIn("CLI_APP-1", out)

        code, out, err = self.drove("appinstances", "list", "CLI_APP-1")
        self.assertEqual(0, code, err)
        for instance in self.api.instances("CLI_APP-1"):
            self.assertIn(instance["instanceId"], out)

        code, out, err = self.drove("apps", "summary", "CLI_APP-1")
        self.assertEqual(0, code, err)
        self.assertIn("RUNNING", out)

        code, out, err = self.drove("apps", "suspend", "CLI_APP-1", "--wait")
        self.assertEqual(0, code, err)
        self.assertEqual([], self.api.healthy_instances("CLI_APP-1"))
        code, out, err = self.drove("apps", "destroy", "CLI_APP-1")
        self.assertEqual(0, code, err)

    def test_task_create_and_show(self):
        code, out, err = self.drove("tasks", "create", self.spec_file(specs.task_spec("cli-task")))
        self.assertEqual(0, code, err)
        self.api.wait_task_finished("TEST_APP", "cli-task")
        code, out, err = self.drove("tasks", "show", "TEST_APP", "cli-task")
        self.assertEqual(0, code, err)
        self.assertIn("SUCCESSFUL", out)

    def test_https_endpoint_verified_unless_insecure(self):
        port = int(self.cluster.controller_url.rsplit(":", 1)[1])
        proxy = tls_proxy(self.cluster.workdir, port)
        self.addCleanup(proxy.stop)
        endpoint = "https://127.0.0.1:%d" % proxy.port
        code, out, err = self.drove("-i", "apps", "list", endpoint=endpoint)
        self.assertEqual(0, code, err)
        code, out, err = self.drove("--insecure", "cluster", "ping", endpoint=endpoint)
        self.assertEqual(0, code, err)
        self.assertIn("Cluster ping successful", out)

        code, out, err = self.drove("cluster", "ping", endpoint=endpoint)
        self.assertNotEqual(0, code, "a self-signed certificate must be refused without -i")
        self.assertEqual(1, len(err.strip().splitlines()), err)
        self.assertIn("not trusted", err)

    def local_service_state(self, service_id):
        status, body = self.api.get("/localservices/" + service_id)
        return (body.get("data") or {}).get("state") if body.get("status") == "SUCCESS" else None

    def test_localservices_and_lsinstances(self):
        spec = specs.sample("test_service")
        app = specs.app_spec(name="CLI_SVC")
        spec.update(name="CLI_SVC", executable=app["executable"], healthcheck=app["healthcheck"],
                    readiness=app["readiness"],
                    preShutdown={"hooks": [], "waitBeforeKill": "0 seconds"})
        service_id = "CLI_SVC-1"
        code, out, err = self.drove("localservices", "create", self.spec_file(spec), "-i", "1")
        self.assertEqual(0, code, err)
        self.assertIn(service_id, out)
        code, out, err = self.drove("localservices", "activate", service_id)
        self.assertEqual(0, code, err)
        self.assertIn("Local service activated", out)
        wait_for(lambda: self.local_service_state(service_id) == "ACTIVE", 60, "ACTIVE")

        code, out, err = self.drove("localservices", "list")
        self.assertEqual(0, code, err)
        self.assertIn(service_id, out)
        self.assertIn("ACTIVE", out)
        code, out, err = self.drove("localservices", "summary", service_id)
        self.assertEqual(0, code, err)
        self.assertIn("ACTIVE", out)
        code, out, err = self.drove("localservices", "spec", service_id)
        self.assertEqual(0, code, err)
        shown = json.loads(out)
        self.assertEqual("CLI_SVC", shown["name"])
        self.assertEqual("", shown["configs"][0]["data"], "inline config data is masked")

        instance = self.api.data("/localservices/%s/instances" % service_id)[0]
        code, out, err = self.drove("lsinstances", "list", service_id)
        self.assertEqual(0, code, err)
        self.assertIn(instance["instanceId"], out)
        code, out, err = self.drove("lsinstances", "info", service_id, instance["instanceId"])
        self.assertEqual(0, code, err)
        self.assertIn("HEALTHY", out)
        code, out, err = self.drove("lsinstances", "logs", service_id, instance["instanceId"])
        self.assertEqual(0, code, err)
        self.assertIn("output.log", out)
        code, out, err = self.drove("executor", "lsinstances", instance["executorId"])
        self.assertEqual(0, code, err)
        self.assertIn(instance["instanceId"], out)

        code, out, err = self.drove("localservices", "restart", service_id, "--wait")
        self.assertEqual(0, code, err)
        wait_for(lambda: self.local_service_state(service_id) == "ACTIVE", 60, "ACTIVE again")
        now = self.api.data("/localservices/%s/instances" % service_id)
        self.assertNotIn(instance["instanceId"], [i["instanceId"] for i in now])

        code, out, err = self.drove("localservices", "destroy", service_id)
        self.assertNotEqual(0, code, "an active service is not destroyed")
        self.assertIn("allowed for local service %s as it is in ACTIVE state" % service_id,
                      out + err)
        code, out, err = self.drove("localservices", "deactivate", service_id)
        self.assertEqual(0, code, err)
        wait_for(lambda: self.local_service_state(service_id) == "INACTIVE", 60, "INACTIVE")
        code, out, err = self.drove("localservices", "destroy", service_id)
        self.assertEqual(0, code, err)
        wait_for(lambda: self.local_service_state(service_id) is None, 30, "destroyed")

    def test_refused_command_exits_non_zero_with_the_reason(self):
        code, out, err = self.drove("apps", "scale", "NOPE-1", "2")
        self.assertNotEqual(0, code)
        self.assertIn("No state found for app: NOPE-1", out + err)


if __name__ == "__main__":
    unittest.main()

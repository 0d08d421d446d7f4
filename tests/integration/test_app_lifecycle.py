"""Drove's own sample app runs unchanged: validate, create, scale to 2, exposed, answering, configured."""
import unittest

from harness import ClusterTestCase, specs
from harness import http
from harness.api import wait_for


class SampleAppLifecycleTest(ClusterTestCase):
    def test_sample_app_validates_scales_to_two_and_is_reachable(self):
        spec = specs.sample("test_app")
        status, body = self.api.post("/applications/validate/spec", spec)
        self.assertEqual(200, status, body)
        self.assertEqual({"valid": True}, body.get("data"), body)

        status, body = self.api.create_app(spec)
        self.assertEqual(200, status, body)
        app_id = body["data"]["appId"]
        self.assertEqual("TEST_APP-1", app_id)
        wait_for(lambda: self.api.data("/applications/" + app_id).get("state") == "MONITORING",
                 30, "app in MONITORING after CREATE with no instances")

        status, body = self.api.scale(app_id, 2)
        self.assertEqual(200, status, body)
        healthy = self.api.wait_healthy(app_id, 2, timeout=90)
        summary = self.api.data("/applications/" + app_id)
        self.assertEqual("RUNNING", summary["state"])
        self.assertEqual(2, summary["requiredInstances"])
        self.assertEqual(2, summary["healthyInstances"])

        endpoints = wait_for(lambda: [e for e in self.api.endpoints()
                                      if e["appId"] == app_id and len(e["hosts"]) == 2],
                             10, "both instances in the endpoints view")
        entry = endpoints[0]
        self.assertEqual("testapp.local", entry["vhost"])
        self.assertEqual("TEST_APP", entry["appName"])
        published = sorted((h["host"], h["port"]) for h in entry["hosts"])
        expected = sorted((i["localInfo"]["hostname"], i["localInfo"]["ports"]["main"]["hostPort"])
                          for i in healthy)
        self.assertEqual(expected, published)

        for host, port in published:
            status, text = http.get(host, port, "/")
            self.assertEqual(200, status, "instance at %s:%d" % (host, port))
            status, text = http.get(host, port, "/cgi-bin/cat?/testfiles/drove.txt")
            self.assertEqual(200, status)
            self.assertEqual("Drove test", text.strip(), "INLINE config inside the container")
            status, env = http.get(host, port, "/cgi-bin/env")
            self.assertIn("CORES=8", env)
            self.assertIn("PORT_8000=%d" % port, env)

    def test_spec_is_returned_with_inline_data_masked(self):
        spec = specs.sample("test_app")
        self.api.create_app(spec)
        returned = self.api.data("/applications/TEST_APP-1/spec")
        self.assertEqual("", returned["configs"][0]["data"])
        self.assertEqual("100 seconds", returned["executable"]["dockerPullTimeout"])
        self.assertEqual(spec["exposureSpec"]["vhost"], returned["exposureSpec"]["vhost"])


if __name__ == "__main__":
    unittest.main()

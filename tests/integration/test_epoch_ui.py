"""drove-epoch serving the operator UI kit (issue 14): ui/epoch.html and the shared files under
/ui/ with the controller's headers (CSP, nosniff, ETag and 304), history routing to epoch.html,
Epoch's page URLs as 303s, the Basic challenge, whoami with Epoch's roles, the cron preview the
topology form shows (next fire times, a clear error for a bad expression), the cross-site write
guard shared with the controller, and, with a real cluster, a run's link to its Drove task page."""
import calendar
import json
import os
import unittest

from harness import ClusterTestCase, browser, specs
from harness.api import wait_for
from test_epoch import APP_NAME, EpochLogOnFailure, EpochServer, EpochServerTestCase, topology
from test_ui_serving import CSP, UI_DIR, call

NO_DROVE = "http://127.0.0.1:9"  # nothing listens: these tests run no task


def utc_ms(year, month, day):
    return calendar.timegm((year, month, day, 0, 0, 0)) * 1000


def simple_request(name, **changes):
    body = {"name": name, "cron": "0 0 0 1 1 ? 2099", "docker": "docker.io/bash", "cpus": 1,
            "memory": 512, "notifyEmail": "a@b.com", "env": {}, "volumes": []}
    body.update(changes)
    return body


class EpochUiTest(EpochServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = EpochServer([NO_DROVE], config={"timeZone": "UTC"})

    def call(self, method, path, **kwargs):
        return call(self.server.url, method, path, **kwargs)

    def json_call(self, method, path, body=None, headers=None, auth=("admin", "admin")):
        all_headers = {"Content-Type": "application/json"}
        all_headers.update(headers or {})
        data = None if body is None else json.dumps(body)
        status, _, raw = self.call(method, path, headers=all_headers, body=data, auth=auth)
        return status, (json.loads(raw) if raw else None)

    def assert_ui_headers(self, headers, what):
        self.assertEqual(CSP, headers.get("content-security-policy"), what)
        self.assertEqual("nosniff", headers.get("x-content-type-options"), what)

    def test_the_epoch_shell_and_kit_are_served_with_headers_and_revalidate_with_304(self):
        with open(os.path.join(UI_DIR, "epoch.html"), "rb") as f:
            shell = f.read()
        for page in ("/ui/", "/ui/topologies/nightly", "/ui/topologies/nightly/edit", "/ui/new"):
            status, headers, body = self.call("GET", page)
            self.assertEqual((200, shell), (status, body), page)
            self.assertTrue(headers["content-type"].startswith("text/html"), page)
            self.assert_ui_headers(headers, page)
        for module in ("js/epoch/main.js", "js/epoch/pages/form.js", "js/table.js", "app.css"):
            status, headers, body = self.call("GET", "/ui/" + module)
            with open(os.path.join(UI_DIR, module), "rb") as f:
                self.assertEqual((200, f.read()), (status, body), module)
            self.assert_ui_headers(headers, module)
        _, headers, _ = self.call("GET", "/ui/js/epoch/main.js")
        self.assertTrue(headers["content-type"].startswith("text/javascript"))
        status, headers304, body = self.call("GET", "/ui/js/epoch/main.js",
                                             headers={"If-None-Match": headers["etag"]})
        self.assertEqual((304, b"", headers["etag"]), (status, body, headers304["etag"]))
        status, headers, _ = self.call("GET", "/ui/js/no-such-module.js")
        self.assertEqual(404, status)
        self.assert_ui_headers(headers, "404")

    def test_epoch_page_urls_answer_303_to_the_ui(self):
        for path, target in (("/", "/ui/"), ("/ui", "/ui/"),
                             ("/topologies/nightly", "/ui/topologies/nightly")):
            status, headers, _ = self.call("GET", path)
            self.assertEqual((303, target), (status, headers.get("location")), path)

    def test_a_browser_without_credentials_gets_the_basic_challenge(self):
        status, headers, _ = self.call("GET", "/ui/", auth=None)
        self.assertEqual(401, status)
        self.assertEqual('Basic realm="realm"', headers.get("www-authenticate"))
        status, _, _ = self.call("GET", "/ui/", auth=("admin", "wrong"))
        self.assertEqual(401, status)

    def test_whoami_names_the_user_and_epochs_role(self):
        self.assertEqual((200, {"user": "admin", "role": "READ_WRITE"}),
                         (lambda s, b: (s, b["data"]))(*self.json_call("GET", "/apis/v1/whoami")))
        status, body = self.json_call("GET", "/apis/v1/whoami", auth=("guest", "guest"))
        self.assertEqual((200, {"user": "guest", "role": "READ_ONLY"}), (status, body["data"]))

    def test_cron_preview_gives_the_next_five_fire_times(self):
        status, body = self.json_call(
            "GET", "/apis/v1/ui/cron?expression=0+0+0+1+*+%3F+2099&count=5",
            auth=("guest", "guest"))
        self.assertEqual((200, "SUCCESS"), (status, body["status"]), body)
        self.assertEqual({"valid": True, "zone": "UTC",
                          "next": [utc_ms(2099, m, 1) for m in range(1, 6)]}, body["data"])
        status, body = self.json_call("GET", "/apis/v1/ui/cron?expression=0+30+9+%3F+*+MON-FRI")
        nexts = body["data"]["next"]
        self.assertEqual(5, len(nexts), body)  # count defaults to 5
        self.assertEqual(sorted(nexts), nexts)

    def test_cron_preview_explains_a_bad_expression(self):
        for expression, field in (("0+0+12+*+*+*", "day-of-week"), ("*+*+*+*+*", "")):
            status, body = self.json_call("GET", "/apis/v1/ui/cron?expression=" + expression)
            self.assertEqual(200, status, body)
            data = body["data"]
            self.assertEqual((False, []), (data["valid"], data["next"]), body)
            self.assertIn(field, data["error"])
            self.assertTrue(data["error"], body)
        status, body = self.json_call("GET", "/apis/v1/ui/cron")
        self.assertEqual(400, status, body)
        self.assertTrue(body["data"]["validationErrors"][0].startswith("expression:"), body)
        status, body = self.json_call("GET", "/apis/v1/ui/cron?expression=0+*+*+%3F+*+*&count=0")
        self.assertEqual(400, status, body)
        self.assertTrue(body["data"]["validationErrors"][0].startswith("count:"), body)

    def test_writes_from_another_site_or_as_a_form_are_refused(self):
        own = self.server.url
        status, body = self.json_call("POST", "/topologies/create", simple_request("evil"),
                                      headers={"Origin": "http://evil.example"})
        self.assertEqual(403, status, body)
        self.assertIn("evil.example", body["message"])
        status, body = self.json_call("PUT", "/apis/v1/topologies/evil/run",
                                      headers={"Origin": "http://evil.example"})
        self.assertEqual(403, status, body)
        status, _, _ = self.call("POST", "/topologies/create", body="name=evil", headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(403, status)
        self.assertEqual((200, "FAILED"), (lambda s, b: (s, b["status"]))(
            *self.json_call("GET", "/apis/v1/topologies/evil")))
        # The UI's own calls, and epoch-cli's bodiless ones, pass.
        status, body = self.json_call("POST", "/topologies/create", simple_request("ours"),
                                      headers={"Origin": own, "Sec-Fetch-Site": "same-origin"})
        self.assertEqual((200, "/topologies/ours"), (status, body["data"]["redirectUrl"]), body)
        self.addCleanup(self.server.api.delete, "/topologies/ours")
        status, body = self.json_call("PUT", "/apis/v1/topologies/ours/pause", headers={"Origin": own})
        self.assertEqual((200, "PAUSED"), (status, body["data"]["state"]), body)
        status, _, _ = self.call("PUT", "/apis/v1/topologies/ours/unpause")  # no type, no body
        self.assertEqual(200, status)

    def test_read_only_users_are_refused_writes_by_the_server(self):
        status, _ = self.json_call("POST", "/topologies/create", simple_request("ro"),
                                   auth=("guest", "guest"))
        self.assertEqual(403, status)


class EpochUiTaskLinkTest(EpochLogOnFailure, ClusterTestCase):
    """A run now's task links to its page on the controller, which opens the controller's UI."""

    CLUSTER_PER_CLASS = True
    EPOCH_ATTR = "epoch"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.epoch = EpochServer([cls.shared_cluster.controller_url])

    @classmethod
    def tearDownClass(cls):
        cls.epoch.stop()
        cls.epoch.cleanup_dir()
        super().tearDownClass()

    def test_a_run_now_links_to_the_drove_task_page(self):
        status, body = self.epoch.api.post("/topologies", topology("linked"))
        self.assertEqual((200, "SUCCESS"), (status, body["status"]), body)
        self.addCleanup(self.epoch.api.delete, "/topologies/linked")
        run_id = self.epoch.put("/topologies/linked/run")[1]["data"]["runId"]
        run = self.epoch.wait_run("linked", run_id, lambda r: r["tasks"]["docker-task"].get(
            "upstreamId", "UNKNOWN") != "UNKNOWN", 60, "accepted by Drove")
        task_id = run["tasks"]["docker-task"]["upstreamId"]
        url = self.epoch.data("/topologies/linked/runs/%s/tasks/docker-task/log" % run_id)
        controller = self.cluster.controller_url
        self.assertEqual("%s/tasks/%s/%s" % (controller, APP_NAME, task_id), url)
        status, headers, _ = call(controller, "GET", url[len(controller):])
        self.assertEqual((303, "/ui/tasks/%s/%s" % (APP_NAME, task_id)),
                         (status, headers.get("location")))
        self.epoch.wait_finished("linked", run_id)
        wait_for(lambda: self.epoch.run("linked", run_id)["state"] == "COMPLETED", 10, "completed")

    @unittest.skipIf(browser.missing(), browser.missing())
    def test_the_epoch_pages_in_a_browser(self):
        self.addCleanup(self.epoch.api.delete, "/topologies/e2e-nightly")
        shots = os.path.join(self.epoch.workdir, "shots")
        users = {"RW": ["admin", "admin"], "RO": ["guest", "guest"]}
        fixture = {"epoch": True, "image": specs.TASK_IMAGE, "appName": APP_NAME,
                   "controller": self.cluster.controller_url}
        code, out = browser.run_e2e(["epoch.test.mjs"], self.epoch.url, users, fixture, shots)
        self.assertEqual(0, code, out[-3000:])
        self.assertRegex(out, r"skipped 0")

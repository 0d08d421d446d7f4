"""The operator UI served by drove-controller (issue 14, docs/ui.md): every file under ui/ with its
type, ETag (304 on revalidation) and security headers, history routing, Drove's page URLs as 303s,
Basic-auth challenge for browsers, the UI config, the API's cross-site write guard (a browser made
to post from another site gets 403, drove-cli-style JSON calls are unaffected), and a standby
controller sending browsers to the leader."""
import base64
import hashlib
import http.client
import json
import os
import socket
import unittest

from harness import ClusterTestCase, paths, specs
from harness.cluster import Cluster
from harness.zookeeper import Ensemble
from test_zookeeper_harness import _zookeeper_missing

UI_DIR = os.path.join(paths.SOURCE_DIR, "ui")
PAYLOAD_LIMIT = 150 * 1024
TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript",
         ".mjs": "text/javascript", ".svg": "image/svg+xml", ".png": "image/png",
         ".ico": "image/x-icon", ".json": "application/json"}
CSP = "default-src 'self'; frame-ancestors 'none'"


def ui_files():
    """Every file the build embeds: ui/ without ui/tests/ and dot files, relative paths."""
    out = []
    for root, dirs, files in os.walk(UI_DIR):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel_root = os.path.relpath(root, UI_DIR)
        if rel_root == "tests" or rel_root.startswith("tests" + os.sep):
            continue
        out += [os.path.normpath(os.path.join(rel_root, f)) for f in files if not f.startswith(".")]
    return sorted(out)


def basic(user, password):
    return "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()


def call(url, method, path, headers=None, body=None, auth=("admin", "admin")):
    """(status, {lower-case header: value}, body bytes) of one request; redirects not followed."""
    host, port = url.split("://", 1)[1].rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    all_headers = {"Authorization": basic(*auth)} if auth else {}
    all_headers.update(headers or {})
    try:
        conn.request(method, path, body=body, headers=all_headers)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


class UiServingTest(ClusterTestCase):
    CLUSTER_PER_CLASS = True
    CLUSTER_OPTIONS = {"executors": 0, "tls": False, "controller_config": {
        "ui": {"installation": {"label": "it-cluster", "criticality": "INTEGRATION"}}}}

    def get(self, path, **kwargs):
        return call(self.cluster.controller_url, "GET", path, **kwargs)

    def assert_ui_headers(self, headers, what):
        self.assertEqual(CSP, headers.get("content-security-policy"), what)
        self.assertEqual("nosniff", headers.get("x-content-type-options"), what)
        self.assertEqual("same-origin", headers.get("referrer-policy"), what)

    def test_every_ui_file_is_served_with_its_type_etag_and_headers(self):
        files = ui_files()
        self.assertIn("index.html", files)
        for rel in files:
            status, headers, body = self.get("/ui/" + rel)
            self.assertEqual(200, status, rel)
            with open(os.path.join(UI_DIR, rel), "rb") as f:
                self.assertEqual(f.read(), body, "%s differs from the source (rebuild?)" % rel)
            ext = os.path.splitext(rel)[1]
            if ext in TYPES:
                self.assertTrue(headers["content-type"].startswith(TYPES[ext]), rel)
            self.assertEqual('"%s"' % hashlib.sha256(body).hexdigest()[:32], headers["etag"], rel)
            self.assertEqual("no-cache", headers["cache-control"], rel)
            self.assert_ui_headers(headers, rel)

    def test_a_matching_etag_gets_304_and_a_stale_one_the_file(self):
        status, headers, body = self.get("/ui/index.html")
        self.assertEqual(200, status)
        etag = headers["etag"]
        status, headers304, body304 = self.get("/ui/index.html", headers={"If-None-Match": etag})
        self.assertEqual(304, status)
        self.assertEqual(b"", body304)
        self.assertEqual(etag, headers304["etag"])
        self.assert_ui_headers(headers304, "304")
        status, _, again = self.get("/ui/index.html", headers={"If-None-Match": '"stale"'})
        self.assertEqual((200, body), (status, again))

    def test_pages_serve_the_index_and_unknown_files_404(self):
        _, _, index = self.get("/ui/index.html")
        for page in ("/ui/", "/ui/apps", "/ui/apps/A-1/instances/AI-1", "/ui/events?type=X",
                     "/ui/logs/applications/A-1/AI-1/output.log", "/ui/some/future/page"):
            status, headers, body = self.get(page)
            self.assertEqual(200, status, page)
            self.assertTrue(headers["content-type"].startswith("text/html"), page)
            self.assertEqual(index, body, page)
            self.assert_ui_headers(headers, page)
        for missing in ("/ui/js/no-such-module.js", "/ui/app.css.map", "/ui/tests/x.test.mjs"):
            status, headers, _ = self.get(missing)
            self.assertEqual(404, status, missing)
            self.assert_ui_headers(headers, missing)

    def test_drove_page_urls_answer_303_to_ours(self):
        cases = {
            "/": "/ui/",
            "/dashboard": "/ui/",
            "/ui": "/ui/",
            "/cluster": "/ui/cluster",
            "/applications/A-1": "/ui/apps/A-1",
            "/ui/applications/A-1": "/ui/apps/A-1",
            "/applications/A-1/instances/AI-1": "/ui/apps/A-1/instances/AI-1",
            "/applications/A-1/instances/AI-1/stream?logFileName=output.log":
                "/ui/logs/applications/A-1/AI-1/output.log",
            "/tasks/APP/T-1": "/ui/tasks/APP/T-1",
            "/executors/E-1": "/ui/executors/E-1",
            "/localservices/LS-1": "/ui/localservices/LS-1",
        }
        for source, target in cases.items():
            status, headers, _ = self.get(source)
            self.assertEqual((303, target), (status, headers.get("location")), source)

    def test_a_browser_without_credentials_is_asked_for_them(self):
        for path in ("/ui/", "/ui/index.html", "/"):
            status, headers, _ = self.get(path, auth=None)
            self.assertEqual(401, status, path)
            self.assertTrue(headers.get("www-authenticate", "").startswith("Basic realm="), path)
        status, _, _ = self.get("/ui/", auth=("admin", "wrong"))
        self.assertEqual(401, status)
        # The API answers the CLI as before.
        status, headers, _ = self.get("/apis/v1/applications", auth=None)
        self.assertEqual(401, status)
        status, _, _ = self.get("/ui/", auth=("guest", "guest"))
        self.assertEqual(200, status)

    def test_ui_config_names_the_installation(self):
        status, _, body = self.get("/apis/v1/ui/config")
        self.assertEqual(200, status)
        data = json.loads(body)["data"]
        self.assertEqual({"label": "it-cluster", "criticality": "INTEGRATION"}, data["installation"])
        self.assertTrue(data["version"])

    def post_create(self, name, headers, body=None):
        spec = specs.app_spec(name=name)
        body = body if body is not None else json.dumps(
            {"type": "CREATE", "spec": spec,
             "opSpec": {"timeout": "300 seconds", "parallelism": 1, "failureStrategy": "STOP"}})
        return call(self.cluster.controller_url, "POST", "/apis/v1/applications/operations",
                    headers=headers, body=body)

    def assert_no_app(self, app_id):
        status, body = self.api.get("/applications/%s" % app_id)
        self.assertTrue(status == 404 or body.get("data") in (None, {}), (status, body))

    def test_a_write_from_another_site_is_refused(self):
        status, _, body = self.post_create("CSRF_APP", {"Content-Type": "application/json",
                                                        "Origin": "http://evil.example"})
        self.assertEqual(403, status)
        envelope = json.loads(body)
        self.assertEqual("FAILED", envelope["status"])
        self.assertIn("evil.example", envelope["message"])
        self.assert_no_app("CSRF_APP-1")

    def test_a_form_post_is_refused(self):
        status, _, body = self.post_create(
            "FORM_APP", {"Content-Type": "application/x-www-form-urlencoded"},
            body="type=CREATE&spec=x")
        self.assertEqual(403, status)
        self.assertEqual("FAILED", json.loads(body)["status"])
        status, _, _ = self.post_create("FORM_APP", {"Content-Type": "text/plain",
                                                     "Sec-Fetch-Site": "cross-site"})
        self.assertEqual(403, status)
        self.assert_no_app("FORM_APP-1")

    def test_json_writes_from_programs_and_our_own_pages_still_work(self):
        status, body = self.api.create_app(specs.app_spec(name="CLI_APP"))
        self.assertEqual(200, status, body)
        self.addCleanup(self.api.destroy, "CLI_APP-1")
        host = self.cluster.controller_url.split("://", 1)[1]
        status, _, body = self.post_create("PAGE_APP", {
            "Content-Type": "application/json", "Origin": "http://" + host,
            "Sec-Fetch-Site": "same-origin"})
        self.assertEqual(200, status, body)
        self.addCleanup(self.api.destroy, "PAGE_APP-1")

    def test_the_ui_payload_is_within_150_kib(self):
        total = 0
        for rel in ui_files():
            status, _, body = self.get("/ui/" + rel)
            self.assertEqual(200, status, rel)
            total += len(body)
        self.assertLessEqual(total, PAYLOAD_LIMIT)


@unittest.skipIf(_zookeeper_missing(), _zookeeper_missing() or "")
class UiOnStandbyTest(unittest.TestCase):
    """Two controllers on one ZooKeeper: the standby sends browsers to the leader."""

    def setUp(self):
        self.zk = Ensemble(size=1)
        self.addCleanup(self.zk.stop)
        self.cluster = Cluster(executors=0, controllers=2, zookeeper=self.zk, tls=False)
        self.addCleanup(self.cluster.stop)

    def test_a_standby_answers_pages_with_303_to_the_leader(self):
        leader = self.cluster.wait_leader()
        standby_url = self.cluster.controller_urls[1 - leader]
        leader_origin = "http://%s:%d" % (socket.gethostname(), self.cluster.controller_ports[leader])
        for path in ("/ui/apps?x=1", "/ui/", "/applications/A-1", "/"):
            status, headers, _ = call(standby_url, "GET", path)
            self.assertEqual((303, leader_origin + path), (status, headers.get("location")), path)
        # Files come from any controller; the API keeps Drove's answer on a standby.
        status, _, _ = call(standby_url, "GET", "/ui/index.html")
        self.assertEqual(200, status)
        status, _, _ = call(standby_url, "GET", "/apis/v1/ui/config")
        self.assertEqual(400, status)


if __name__ == "__main__":
    unittest.main()

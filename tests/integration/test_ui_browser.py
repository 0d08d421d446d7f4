"""The operator UI in a real browser (issue 14): Debian's Chromium driven by playwright-core runs
tests/ui/e2e/*.test.mjs against a real cluster (harness/browser.py), with users of every role.

- every page loads with no console error and no failed request (screenshot of each);
- scale 1 -> 3 from the app page: the page shows 3 HEALTHY within 1 s of the API over the event
  stream, within 6 s with the stream blocked;
- the log viewer opens at the end of a 100 MB log in < 1 s and follows new lines;
- HTML in an instance error message, an app tag and a log line renders as text;
- each role sees exactly its action buttons;
- topology of 100 simulated executors x 64 cores renders in < 500 ms;
- a leader change (2 controllers on ZooKeeper) shows the banner and the page recovers.

Screenshots: <work dir>/ui-screenshots, copied to $DROVE_UI_SCREENSHOTS or
<build>/ui-screenshots."""
import glob
import os
import tempfile
import unittest

from harness import ClusterTestCase, browser, specs
from harness.api import wait_for
from harness.credentials import user
from harness.fake_executors import FakeExecutors
from harness.zookeeper import Ensemble
from test_local_services import service_spec
from test_zookeeper_harness import _zookeeper_missing

OP_SPEC = {"timeout": "5m", "parallelism": 4, "failureStrategy": "STOP"}
# Role name in the e2e suite -> (user, password, Drove role).
ROLES = {"ROOT": ("root", "root", "EXTERNAL_ROOT"),
         "RW": ("admin", "admin", "EXTERNAL_READ_WRITE"),
         "RO": ("guest", "guest", "EXTERNAL_READ_ONLY"),
         "MAINTENANCE": ("maint", "maint", "DROVE_EXTERNAL_MAINTENANCE")}
USER_AUTH = {"userAuth": {"users": [user(name, password, role)
                                    for name, password, role in ROLES.values()]}}
E2E_USERS = {key: [name, password] for key, (name, password, _) in ROLES.items()}
LOG_BYTES = 100 * 1024 * 1024
# Each payload would create an element with this id, and set window.__xss, if rendered as HTML.
XSS = '<img id="%s" src="x" onerror="window.__xss=1;alert(1)">'
# In an image name (which reaches the instance's error message): no blank, no colon.
XSS_IMAGE = "<img/id=xss-error/src=x>"


class BrowserTestCase(ClusterTestCase):
    CLUSTER_PER_CLASS = True
    fixture = {}

    def setUp(self):
        super().setUp()
        self.shots = os.path.join(self.cluster.workdir, "ui-screenshots")

    def e2e(self, *files, url=None):
        code, out = browser.run_e2e(list(files), url or self.cluster.controller_url, E2E_USERS,
                                    self.fixture, self.shots)
        self.assertEqual(0, code, "node --test %s failed:\n%s" % (" ".join(files), out[-6000:]))


def write_big_log(path, xss_line, end_marker):
    """Appends LOG_BYTES of filler, then the HTML line and the end marker, to the instance's log."""
    line = ("filler line of a big log, padded to a round length " + "." * 63 + "\n").encode()
    block = line * (1024 * 1024 // len(line) + 1)
    with open(path, "ab") as f:
        written = 0
        while written < LOG_BYTES:
            f.write(block)
            written += len(block)
        f.write(("%s\n%s\n" % (xss_line, end_marker)).encode())


@unittest.skipIf(browser.missing(), browser.missing() or "")
class UiBrowserTest(BrowserTestCase):
    """One real executor with containers: a web app with a 100 MB log, an app to scale, an app
    with HTML in a tag, one whose instance failed with HTML in its error, a running task, an
    inactive local service."""
    CLUSTER_OPTIONS = {"executors": 1, "controller_config": USER_AUTH, "tls": False}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.fixture = cls.deploy(cls.shared_cluster)
        except BaseException:
            cls.shared_cluster.print_logs()
            cls.tearDownClass()
            raise

    @staticmethod
    def deploy(cluster):
        api = cluster.api
        web = specs.app_spec(name="UI_WEB", env={"TICK": "1"}, tags={"team": "ui"},
                             logging={"type": "LOCAL", "maxSize": "1g", "maxFiles": 2,
                                      "compress": False})
        scale = specs.app_spec(name="UI_SCALE")
        tagged = specs.app_spec(name="UI_TAGGED", tags={"note": XSS % "xss-tag"})
        broken = specs.app_spec(name="UI_BROKEN", image="drove-test/" + XSS_IMAGE)
        for spec, n in ((web, 1), (scale, 1), (tagged, 0), (broken, 1)):
            status, body = api.create_app(spec, instances=n, op_spec=OP_SPEC)
            if status != 200:
                raise AssertionError("create %s: %s %r" % (specs.app_id(spec), status, body))
        status, body = api.post("/localservices/operations", {
            "type": "CREATE", "spec": service_spec("UI_SERVICE"), "instancesPerHost": 1})
        if status != 200:
            raise AssertionError("create local service: %s %r" % (status, body))
        service_id = body["data"]["serviceId"]
        task = specs.task_spec("ui-task", iterations=100000, sleep=1)
        status, body = api.task_create(task)
        if status != 200:
            raise AssertionError("create task: %s %r" % (status, body))
        web_id, broken_id = specs.app_id(web), specs.app_id(broken)
        instance = api.wait_healthy(web_id, 1, timeout=90)[0]["instanceId"]
        api.wait_healthy(specs.app_id(scale), 1, timeout=90)
        failed = wait_for(lambda: [i for i in api.old_instances(broken_id)
                                   if "xss-error" in (i.get("errorMessage") or "")],
                          60, "an old UI_BROKEN instance with the HTML in its error")[0]
        api.scale(broken_id, 0, op_spec=OP_SPEC)  # no more failing attempts
        log_path = wait_for(lambda: glob.glob(os.path.join(
            cluster.executor(0).workdir, "logs", "**", instance, "**", "output.log"),
            recursive=True), 30, "the web instance's output.log")[0]
        end_marker = "end-of-the-100MB-log-%s" % instance
        write_big_log(log_path, XSS % "xss-log", end_marker)
        return {"appId": web_id, "instanceId": instance, "logAppId": web_id,
                "logInstanceId": instance, "logPath": log_path, "logEndMarker": end_marker,
                "scaleAppId": specs.app_id(scale), "executorId": api.executors()[0]["executorId"],
                "taskId": "ui-task", "sourceApp": task["sourceAppName"], "serviceId": service_id,
                "xssTagAppId": specs.app_id(tagged), "xssTagText": XSS % "xss-tag",
                "xssErrorAppId": broken_id, "xssErrorInstanceId": failed["instanceId"],
                "xssErrorText": XSS_IMAGE, "xssLogText": XSS % "xss-log"}

    def test_every_page_loads_with_no_console_error_or_failed_request(self):
        self.e2e("pages.test.mjs")

    def test_scaling_shows_on_the_app_page_via_the_stream_and_by_polling(self):
        self.e2e("live.test.mjs")

    def test_the_log_viewer_opens_a_100mb_log_at_its_end_and_follows(self):
        self.e2e("logs.test.mjs")

    def test_html_in_error_messages_tags_and_logs_renders_as_text(self):
        self.e2e("escaping.test.mjs")

    def test_each_role_sees_exactly_its_action_buttons(self):
        self.e2e("roles.test.mjs")


@unittest.skipIf(browser.missing(), browser.missing() or "")
class UiTopologyTest(BrowserTestCase):
    """100 simulated executors of 64 cores, two apps spread over them."""
    EXECUTORS, CORES, APPS, INSTANCES, CPUS = 100, 64, 2, 40, 16
    CLUSTER_OPTIONS = {"executors": 0, "controller_config": USER_AUTH, "tls": False}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fakes = None
        try:
            api = cls.shared_cluster.api
            cls.fakes = FakeExecutors(cls.shared_cluster.controller_url, executors=cls.EXECUTORS,
                                      cores=cls.CORES, memory_mb=256 * 1024,
                                      snapshot_interval=2.0, first_host=140)
            wait_for(lambda: len(api.executors()) == cls.EXECUTORS, 60, "100 simulated executors")
            for n in range(cls.APPS):
                spec = specs.app_spec(name="UI_TOPO_%d" % n, cpus=cls.CPUS)
                status, body = api.create_app(spec, instances=cls.INSTANCES, op_spec=OP_SPEC)
                if status != 200:
                    raise AssertionError("create: %s %r" % (status, body))
                api.wait_healthy(specs.app_id(spec), cls.INSTANCES, timeout=120)
            cls.fixture = {"topologyExecutors": cls.EXECUTORS, "topologyCores": cls.CORES,
                           "topologyUsedCores": cls.APPS * cls.INSTANCES * cls.CPUS}
        except BaseException:
            cls.shared_cluster.print_logs()
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "fakes", None):
            cls.fakes.close()
        super().tearDownClass()

    def test_topology_of_100_executors_by_64_cores_renders_in_under_500ms(self):
        self.e2e("topology.test.mjs")


@unittest.skipIf(browser.missing() or _zookeeper_missing(),
                 browser.missing() or _zookeeper_missing() or "")
class UiLeaderChangeTest(BrowserTestCase):
    """Two controllers on a one-node ZooKeeper ensemble, no executors."""
    CLUSTER_PER_CLASS = False

    def setUp(self):
        workdir = tempfile.mkdtemp(prefix="drove-it-")
        self.zk = Ensemble(size=1, tick_ms=500, workdir=os.path.join(workdir, "zookeeper"))
        self.addCleanup(self.zk.stop)  # after the cluster's stop (cleanups are LIFO)
        self.CLUSTER_OPTIONS = dict(executors=0, controllers=2, zookeeper=self.zk,
                                    workdir=workdir, tls=False, controller_config=USER_AUTH)
        super().setUp()
        pairs = zip(self.cluster.controller_urls, self.cluster.controllers)
        self.fixture = {"controllers": [{"url": url, "pid": proc.pid} for url, proc in pairs]}

    def test_a_leader_change_shows_the_banner_and_the_page_recovers(self):
        self.cluster.wait_leader(60)
        self.e2e("leader.test.mjs")


if __name__ == "__main__":
    unittest.main()

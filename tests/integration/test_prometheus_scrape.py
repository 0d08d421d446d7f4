"""A real Prometheus (Debian's package, started on loopback) scrapes the controller, the executor,
drove-dns, the gateway and drove-epoch of a running cluster (every daemon of the demo): every
target is up, a query for an app's healthy instances matches the API, the per-container series
pass promtool, and every metric the Grafana board (templates/grafana-dashboard.json) names exists
and each of its queries evaluates."""
import json
import os
import re
import shutil
import signal
import subprocess
import unittest
import urllib.error
import urllib.parse
import urllib.request

from harness import ClusterTestCase, paths, specs
from harness.api import wait_for
from harness.cluster import free_port
from harness.dns import DroveDns
from harness.gateway import DroveGateway
from test_epoch import EpochServer
from test_metrics import parse, promtool_accepts, scrape

PROMETHEUS = shutil.which("prometheus")
BOARD = os.path.join(paths.SOURCE_DIR, "templates", "grafana-dashboard.json")
METRIC_NAME = re.compile(r"\b(drove_[a-z0-9_]+)")
HISTOGRAM_SUFFIX = re.compile(r"_(bucket|sum|count)$")


class Prometheus:
    """prometheus on a free loopback port with a scrape config written for `jobs`
    ({job: {"targets": [...], "basic_auth": (user, password) or None}}), stopped by pid."""

    def __init__(self, workdir, jobs):
        self.dir = os.path.join(workdir, "prometheus")
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        self.config = os.path.join(self.dir, "prometheus.yml")
        with open(self.config, "w") as f:
            f.write(self._config(jobs))
        self.log_path = os.path.join(self.dir, "prometheus.log")
        self.proc = None

    @staticmethod
    def _config(jobs):
        lines = ["global:", "  scrape_interval: 1s", "  scrape_timeout: 1s", "scrape_configs:"]
        for job, spec in jobs.items():
            lines += ["  - job_name: %s" % job]
            if spec.get("basic_auth"):
                user, password = spec["basic_auth"]
                lines += ["    basic_auth: {username: %s, password: %s}" % (user, password)]
            lines += ["    static_configs:", "      - targets: %s" % json.dumps(spec["targets"])]
        return "\n".join(lines) + "\n"

    def start(self):
        log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [PROMETHEUS, "--config.file", self.config,
             "--storage.tsdb.path", os.path.join(self.dir, "data"),
             "--web.listen-address", "127.0.0.1:%d" % self.port],
            stdout=log, stderr=subprocess.STDOUT)
        log.close()
        wait_for(lambda: self._get("/-/ready") is not None, 30, "prometheus ready")

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def log(self):
        with open(self.log_path) as f:
            return f.read()[-4000:]

    def _get(self, path):
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d%s" % (self.port, path), timeout=5) as r:
                return json.loads(r.read().decode() or "null") if path.startswith("/api") else True
        except (OSError, ValueError):
            return None

    def targets(self):
        """{(job, address): health} of the active targets."""
        doc = self._get("/api/v1/targets")
        active = (doc or {}).get("data", {}).get("activeTargets", [])
        return {(t["labels"]["job"], t["labels"]["instance"]): t["health"] for t in active}

    def query(self, expr):
        """The instant vector's [(labels, value)]; raises naming the expression on an error."""
        url = "http://127.0.0.1:%d/api/v1/query?%s" % (
            self.port, urllib.parse.urlencode({"query": expr}))
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                doc = json.loads(r.read().decode())
        except urllib.error.HTTPError as e:
            raise AssertionError("query %r: %s %s" % (expr, e.code, e.read().decode()[:300]))
        if doc.get("status") != "success":
            raise AssertionError("query %r: %s" % (expr, doc))
        result = doc["data"]["result"]
        if doc["data"]["resultType"] == "scalar":
            return [({}, float(result[1]))]
        return [(sample["metric"], float(sample["value"][1])) for sample in result]


def board_exprs():
    """[(row title, expr)] of every panel query and templating variable of the board."""
    with open(BOARD) as f:
        board = json.load(f)
    exprs, row = [], ""
    for panel in board["panels"]:
        row = panel["title"] if panel["type"] == "row" else row
        exprs += [(row, target["expr"]) for target in panel.get("targets", [])]
    for variable in board["templating"]["list"]:
        if variable["type"] == "query":
            exprs.append(("templating", variable["query"]["query"]))
    return exprs


def metric_names(text):
    """Family names of a /metrics text (histogram series folded into their family)."""
    return {HISTOGRAM_SUFFIX.sub("", name) for name, _, _ in parse(text)} | set(
        re.findall(r"^# TYPE (\S+)", text, re.M))


class TemplatesTest(unittest.TestCase):
    """The shipped templates load as they are."""

    def test_the_scrape_config_passes_promtool(self):
        promtool = shutil.which("promtool")
        self.assertIsNotNone(promtool, "promtool missing: scripts/install-deps.sh installs it")
        config = os.path.join(paths.SOURCE_DIR, "templates", "prometheus.yml")
        check = subprocess.run([promtool, "check", "config", config], capture_output=True,
                               text=True, timeout=30)
        self.assertEqual(0, check.returncode, check.stdout + check.stderr)

    def test_the_board_is_a_dashboard_model_with_unique_panels_on_the_grid(self):
        with open(BOARD) as f:
            board = json.load(f)
        self.assertEqual(["app", "datasource", "executor"],
                         sorted(v["name"] for v in board["templating"]["list"]))
        ids = [panel["id"] for panel in board["panels"]]
        self.assertEqual(len(ids), len(set(ids)))
        for panel in board["panels"]:
            pos = panel["gridPos"]
            self.assertLessEqual(pos["x"] + pos["w"], 24, panel["title"])
            if panel["type"] != "row":
                self.assertEqual("${datasource}", panel["datasource"]["uid"], panel["title"])
                self.assertTrue(panel["targets"], panel["title"])


@unittest.skipIf(PROMETHEUS is None, "prometheus missing: scripts/install-deps.sh installs it")
class PrometheusScrapeTest(ClusterTestCase):
    # Per-container usage read every second, so the test need not wait for the default 10 s.
    CLUSTER_OPTIONS = dict(executor_config={"metricsInterval": "1s"})

    def start_edge(self):
        dns = DroveDns([self.cluster.controller_url], self.cluster.workdir)
        dns.start()
        self.addCleanup(dns.stop)
        dns.wait_ready()
        gateway = DroveGateway([self.cluster.controller_url], self.cluster.workdir)
        gateway.start()
        self.addCleanup(gateway.stop)
        epoch = EpochServer([self.cluster.controller_url],
                            workdir=os.path.join(self.cluster.workdir, "epoch"))
        self.addCleanup(epoch.stop)
        return dns, gateway, epoch

    def start_prometheus(self, dns, gateway, epoch):
        controller = urllib.parse.urlparse(self.cluster.controller_url).netloc
        executor = urllib.parse.urlparse(self.cluster.executor(0).url).netloc
        prometheus = Prometheus(self.cluster.workdir, {
            "drove-controller": {"targets": [controller], "basic_auth": ("guest", "guest")},
            "drove-executor": {"targets": [executor]},
            "drove-dns": {"targets": ["127.0.0.1:%d" % dns.metrics_port]},
            "drove-gateway": {"targets": ["127.0.0.1:%d" % gateway.admin_port]},
            "drove-epoch": {"targets": ["127.0.0.1:%d" % epoch.port],
                            "basic_auth": ("guest", "guest")},
        })
        prometheus.start()
        self.addCleanup(prometheus.stop)
        return prometheus

    def test_prometheus_scrapes_every_daemon_and_agrees_with_the_api(self):
        spec = specs.app_spec(name="SCRAPE_APP", cpus=1, memory_mb=128)
        app_id = specs.app_id(spec)
        status, body = self.api.create_app(spec, instances=2)
        self.assertEqual(200, status, body)
        healthy = self.api.wait_healthy(app_id, 2, timeout=90)
        dns, gateway, epoch = self.start_edge()
        prometheus = self.start_prometheus(dns, gateway, epoch)

        def all_up():
            targets = prometheus.targets()
            return len(targets) == 5 and all(h == "up" for h in targets.values()) and targets
        try:
            wait_for(all_up, 60, "every target up")
        except AssertionError:
            print(prometheus.log())
            raise

        # What Prometheus stored agrees with the API.
        def healthy_in_prometheus():
            found = prometheus.query('drove_app_instances{app="%s",state="HEALTHY"}' % app_id)
            return found and found[0][1] == len(healthy)
        wait_for(healthy_in_prometheus, 30, "HEALTHY instances of %s in Prometheus" % app_id)
        self.assertEqual(2, len(healthy))
        desired = prometheus.query('drove_app_instances_desired{app="%s"}' % app_id)
        self.assertEqual([2.0], [v for _, v in desired])

        # The executor reports each running container's usage, labelled by app and instance.
        executor_url = self.cluster.executor(0).url + "/metrics"

        def containers_reported():
            _, _, text = scrape(executor_url)
            series = [ls for n, ls, _ in parse(text)
                      if n == "drove_container_memory_usage_bytes" and ls.get("app") == app_id]
            return len(series) == 2 and text
        executor_text = wait_for(containers_reported, 30, "per-container series of %s" % app_id)
        promtool_accepts(self, executor_text, "executor /metrics")
        x = parse(executor_text)
        ids = {info["instanceId"] for info in healthy}
        for name in ("drove_container_cpu_usage_seconds_total", "drove_container_memory_limit_bytes",
                     "drove_container_pids"):
            labelled = {ls["instance_id"]: v for n, ls, v in x
                        if n == name and ls.get("app") == app_id}
            self.assertEqual(ids, set(labelled), name)
        limits = [v for n, ls, v in x
                  if n == "drove_container_memory_limit_bytes" and ls.get("app") == app_id]
        self.assertEqual([128 * 1024 * 1024] * 2, limits)
        self.assertTrue([1 for n, ls, _ in x if n == "drove_engine_request_duration_seconds_count"
                         and ls.get("call") == "stats"])
        self.assertTrue([1 for n, ls, v in x if n == "drove_instance_checks_total"
                         and ls.get("app") == app_id and ls.get("result") == "healthy" and v >= 1])

        # The controller: operations, store calls and leadership, and promtool accepts it all.
        _, _, controller_text = scrape(self.cluster.controller_url + "/metrics", "guest", "guest")
        promtool_accepts(self, controller_text, "controller /metrics")
        m = parse(controller_text)
        self.assertTrue([1 for n, ls, v in m if n == "drove_operations_total"
                         and ls.get("result") == "completed" and v >= 1], "no finished operation")
        self.assertTrue([1 for n, ls, v in m if n == "drove_store_op_duration_seconds_count"
                         and ls.get("op") == "apply" and v >= 1], "no store write timed")
        self.assertEqual([1.0], [v for n, _, v in m if n == "drove_leader_changes_total"])

        # The board: every metric it names is served by some daemon, every query evaluates.
        served = set()
        _, _, dns_text = scrape("http://127.0.0.1:%d/metrics" % dns.metrics_port)
        for text in (controller_text, executor_text, dns_text, gateway.metrics()):
            served |= metric_names(text)
        executor_id = [e["executorId"] for e in self.cluster.registered_executors()][0]
        # Rates need two samples of each series in their window.
        wait_for(lambda: prometheus.query(
            'rate(drove_container_cpu_usage_seconds_total{app="%s"}[1m])' % app_id), 30,
            "two scrapes of the container series")
        for row, expr in board_exprs():
            names = {HISTOGRAM_SUFFIX.sub("", n) for n in METRIC_NAME.findall(expr)}
            self.assertFalse(names - served, "board query names unknown metrics: %s" % expr)
            if row == "templating":
                continue
            found = prometheus.query(
                expr.replace("$app", app_id).replace("$executor", executor_id))
            # The app's and the executor's panels all show this app (it runs no task).
            if row in ("Application $app", "Executor $executor") and "_tasks" not in expr:
                self.assertTrue(found, "board query shows nothing for %s: %s" % (app_id, expr))
        # A per-executor query joins the executor's series to the controller's executor id.
        memory = prometheus.query(
            'sum by (app) (drove_container_memory_usage_bytes * on(instance) group_left() '
            'drove_executor_info{executor="%s"})' % executor_id)
        self.assertIn(app_id, [labels.get("app") for labels, _ in memory])

        # A container that is gone drops out of the executor's next reading.
        status, body = self.api.scale(app_id, 1)
        self.assertEqual(200, status, body)

        def only_the_live_container_left():
            _, _, text = scrape(executor_url)
            series = {ls["instance_id"] for n, ls, _ in parse(text)
                      if n == "drove_container_pids" and ls.get("app") == app_id}
            live = self.api.data("/applications/%s/instances" % app_id)
            return len(series) == 1 and series == {info["instanceId"] for info in live}
        wait_for(only_the_live_container_left, 60, "the stopped instance's series gone")


if __name__ == "__main__":
    unittest.main()

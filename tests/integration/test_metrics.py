"""Prometheus /metrics on the controller, the executor and drove-dns: promtool accepts each, and the
figures match the API (instances by state, leader, cores and memory) with route templates as labels."""
import base64
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import urllib.error
import urllib.request

from harness import ClusterTestCase, specs
from harness.dns import DroveDns
from harness.zookeeper import Ensemble
from test_zookeeper_harness import _zookeeper_missing

MIB = 1024 * 1024
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def scrape(url, user=None, password=None):
    """(status, content type, text) of GET url."""
    headers = {}
    if user is not None:
        token = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
        headers["Authorization"] = "Basic " + token
    req = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers.get("Content-Type"), resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read().decode(errors="replace")


def parse(text):
    """[(name, {label: value}, float)] of every sample line."""
    samples = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = SAMPLE.match(line)
        if match is None:
            raise AssertionError("not a sample line: %r" % line)
        name, labels, value = match.groups()
        samples.append((name, dict(LABEL.findall(labels or "")), float(value)))
    return samples


def value(samples, name, **labels):
    """The one sample of `name` whose labels include `labels`, or None."""
    found = [v for n, ls, v in samples if n == name and all(ls.get(k) == x for k, x in labels.items())]
    if len(found) > 1:
        raise AssertionError("%d samples of %s%r" % (len(found), name, labels))
    return found[0] if found else None


def promtool_accepts(test, text, what):
    promtool = shutil.which("promtool")
    test.assertIsNotNone(promtool, "promtool missing: scripts/install-deps.sh installs prometheus")
    check = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True,
                           text=True, timeout=30)
    test.assertEqual(0, check.returncode, "%s: %s%s" % (what, check.stdout, check.stderr))


class MetricsTest(ClusterTestCase):

    def test_controller_and_executor_metrics_pass_promtool_and_match_the_api(self):
        spec = specs.app_spec(name="METRICS_APP", cpus=1, memory_mb=128)
        app_id = specs.app_id(spec)
        status, body = self.api.create_app(spec, instances=2)
        self.assertEqual(200, status, body)
        healthy = self.api.wait_healthy(app_id, 2, timeout=90)
        executor = self.cluster.executor(0)
        summary = self.api.data("/applications/" + app_id)
        listed = self.cluster.registered_executors()
        cluster = self.api.data("/cluster")

        # The controller: a read for users, refused without credentials.
        url = self.cluster.controller_url + "/metrics"
        status, _, _ = scrape(url)
        self.assertEqual(401, status)
        status, content_type, text = scrape(url, "guest", "guest")
        self.assertEqual(200, status, text)
        self.assertTrue(content_type.startswith("text/plain; version=0.0.4"), content_type)
        promtool_accepts(self, text, "controller /metrics")
        m = parse(text)
        self.assertEqual(1, value(m, "drove_build_info"))
        self.assertEqual(1, value(m, "drove_controller_leader"))
        self.assertEqual(len(healthy), value(m, "drove_app_instances", app=app_id, state="HEALTHY"))
        self.assertEqual(2, value(m, "drove_app_instances", app=app_id, state="HEALTHY"))
        self.assertEqual(1, value(m, "drove_applications", state=summary["state"]))
        self.assertEqual(len(listed), value(m, "drove_executors", state="ACTIVE"))
        self.assertEqual(cluster["usedCores"], value(m, "drove_cluster_cpu_cores", state="used"))
        self.assertEqual(cluster["freeCores"], value(m, "drove_cluster_cpu_cores", state="free"))
        self.assertEqual(cluster["usedMemory"] * MIB,
                         value(m, "drove_cluster_memory_bytes", state="used"))
        for e in listed:
            eid = e["executorId"]
            self.assertEqual(e["usedCores"], value(m, "drove_executor_cpu_cores", executor=eid,
                                                   state="used"))
            self.assertEqual(e["freeMemory"] * MIB,
                             value(m, "drove_executor_memory_bytes", executor=eid, state="free"))
        # Requests are labelled by the route template, never by the raw path with its ids.
        self.assertGreaterEqual(value(m, "drove_http_requests_total", method="GET", code="200",
                                      route="/apis/v1/applications/{appId}"), 1)
        self.assertGreaterEqual(value(m, "drove_http_requests_total", method="GET", code="401",
                                      route="/metrics"), 1)
        self.assertIsNotNone(value(m, "drove_http_request_duration_seconds_count",
                                   route="/apis/v1/applications/{appId}/instances"))
        routes = {ls["route"] for n, ls, _ in m if "route" in ls}
        self.assertFalse([r for r in routes if app_id in r], routes)

        # The executor: open like its ping (Prometheus cannot send Cluster-Authorization).
        status, content_type, text = scrape(executor.url + "/metrics")
        self.assertEqual(200, status, text)
        self.assertTrue(content_type.startswith("text/plain; version=0.0.4"), content_type)
        promtool_accepts(self, text, "executor /metrics")
        x = parse(text)
        self.assertEqual(1, value(x, "drove_build_info"))
        self.assertEqual(2, value(x, "drove_executor_instances", state="HEALTHY"))
        own = [e for e in listed if e["port"] == executor.port][0]
        self.assertEqual(own["usedCores"], value(x, "drove_executor_cpu_cores", state="used"))
        self.assertEqual(2, value(x, "drove_executor_cpu_cores", state="used"))
        self.assertEqual(own["freeCores"], value(x, "drove_executor_cpu_cores", state="free"))
        self.assertEqual(2 * 128 * MIB, value(x, "drove_executor_memory_bytes", state="used"))
        self.assertGreaterEqual(value(x, "drove_http_requests_total", method="POST", code="200",
                                      route="/apis/v1/messages"), 1)

    def test_dns_metrics_pass_promtool(self):
        dns = DroveDns([self.cluster.controller_url], self.cluster.workdir)
        dns.start()
        self.addCleanup(dns.stop)
        dns.wait_ready()
        status, content_type, text = scrape("http://127.0.0.1:%d/metrics" % dns.metrics_port)
        self.assertEqual(200, status, text)
        self.assertTrue(content_type.startswith("text/plain; version=0.0.4"), content_type)
        promtool_accepts(self, text, "drove-dns /metrics")
        self.assertGreaterEqual(value(parse(text), "drove_dns_sync_total"), 1)


@unittest.skipIf(_zookeeper_missing(), _zookeeper_missing() or "")
class FollowerMetricsTest(ClusterTestCase):
    def setUp(self):
        workdir = tempfile.mkdtemp(prefix="drove-it-")
        self.zk = Ensemble(size=1, tick_ms=500, workdir=os.path.join(workdir, "zookeeper"))
        self.addCleanup(self.zk.stop)  # runs after the cluster's stop (cleanups are LIFO)
        self.CLUSTER_OPTIONS = dict(executors=1, controllers=2, zookeeper=self.zk, workdir=workdir)
        super().setUp()

    def test_a_follower_answers_with_leader_zero_and_no_cluster_figures(self):
        leader = self.cluster.wait_leader()
        for index, url in enumerate(self.cluster.controller_urls):
            status, _, text = scrape(url + "/metrics", "guest", "guest")
            self.assertEqual(200, status, text)
            promtool_accepts(self, text, "controller %d /metrics" % index)
            m = parse(text)
            self.assertEqual(1 if index == leader else 0, value(m, "drove_controller_leader"))
            if index != leader:
                self.assertEqual(0, value(m, "drove_executors", state="ACTIVE"))
                self.assertIsNone(value(m, "drove_executor_cpu_cores", state="free"))


if __name__ == "__main__":
    unittest.main()

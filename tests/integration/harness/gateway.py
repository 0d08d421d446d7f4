"""Tools for testing the gateway (nginx + ngx_http_drove_module) against a real cluster.

DroveGateway     templates/nginx.conf with the built module on free loopback ports; route(),
                 status(), metrics(), members(vhost), and all of Nginx (pids, reload, stop, log)
GatewayTestCase  a cluster and a started gateway per test; deploy(), hits(), assert_no_crash()
Traffic          requests through the gateway on a thread: who answered, when, with what status
EndpointsWatcher when the controller listed / dropped each member (long-poll on /endpoints)
"""
import collections
import json
import os
import re
import sys
import tempfile
import threading
import time
import urllib.request

from . import paths, specs, tls
from .api import wait_for
from .cluster import free_port
from .nginx import Nginx, http_get, render_template
from .testcase import ClusterTestCase, _problems

GATEWAY_TEMPLATE = os.path.join(paths.SOURCE_DIR, "templates", "nginx.conf")


def cluster_blocks(clusters, credentials, state_dir):
    """`drove_cluster` blocks for [{"name", "controllers": [urls], optional "priority",
    "leader_vhost", "credentials"}], each with its dump file state_dir/drove-<name>.json."""
    blocks = []
    for c in clusters:
        lines = ["controllers %s;" % " ".join(c["controllers"]),
                 "credentials %s;" % c.get("credentials", credentials),
                 "dump_file %s;" % os.path.join(state_dir, "drove-%s.json" % c["name"])]
        if any(url.startswith("https://") for url in c["controllers"]):
            lines.append("tls_trusted_certificate %s;" % tls.certificates().ca)
        if c.get("priority"):
            lines.append("priority %s;" % c["priority"])
        if c.get("leader_vhost"):
            lines.append("leader_vhost %s;" % c["leader_vhost"])
        blocks.append("drove_cluster %s {\n        %s\n    }" % (c["name"], "\n        ".join(lines)))
    return "\n    ".join(blocks)


class DroveGateway(Nginx):
    """nginx with ngx_http_drove_module from templates/nginx.conf, on free loopback ports:
    `port` routes by Host, `admin_port` serves /status and /metrics. `edits` is a list of
    (text, replacement) applied to the rendered config (each text must occur). `clusters` (see
    cluster_blocks) replaces the template's one cluster (`controllers`) with drove_cluster blocks."""

    def __init__(self, controllers, workdir=None, name="gateway", worker_processes=2,
                 credentials="basic admin:admin", edits=(), clusters=None):
        workdir = workdir or tempfile.mkdtemp(prefix="drove-gateway-")
        self.state_dir = os.path.join(workdir, name, "state")
        os.makedirs(self.state_dir, exist_ok=True)
        # Workers run as an unprivileged user and write the dump file under state_dir: mkdtemp's
        # 0700 would keep them out.
        for path in (workdir, os.path.join(workdir, name), self.state_dir):
            os.chmod(path, 0o755)
        super().__init__("", workdir, name, error_log=os.path.join(self.state_dir, "error.log"))
        self.port = free_port()
        self.admin_port = free_port()
        self.dump_path = os.path.join(self.state_dir, "drove-endpoints.json")
        self.controllers = list(controllers)
        self.credentials = credentials
        self.worker_processes = worker_processes
        self.edits = list(edits)
        self.clusters = clusters
        self.render()

    def render(self, controllers=None):
        """(Re)writes the config; takes effect at the next start or reload."""
        if controllers is not None:
            self.controllers = list(controllers)
        conf = render_template(
            GATEWAY_TEMPLATE, module_path=paths.GATEWAY_MODULE, state_dir=self.state_dir,
            worker_processes=self.worker_processes, listen="127.0.0.1:%d" % self.port,
            admin_listen="127.0.0.1:%d" % self.admin_port, controllers=" ".join(self.controllers),
            credentials=self.credentials)
        edits = list(self.edits)
        if any(url.startswith("https://") for url in self.controllers):
            # The module verifies the controllers against the tests' CA (harness/tls.py).
            line = "drove_credentials %s;" % self.credentials
            edits.append((line, "%s\n    drove_tls_trusted_certificate %s;"
                          % (line, tls.certificates().ca)))
        for text, replacement in edits:
            if text not in conf:
                raise AssertionError("gateway config edit: %r not in templates/nginx.conf" % text)
            conf = conf.replace(text, replacement)
        if self.clusters:
            conf = re.sub(r"^\s*drove_(controllers|credentials|sync|dump_file) .*\n", "", conf,
                          flags=re.M)
            conf = conf.replace("    drove_zone ", "    %s\n    drove_zone " % cluster_blocks(
                self.clusters, self.credentials, self.state_dir), 1)
        self.write_conf(conf)

    def start(self, wait_ports=(), timeout=20):
        if not os.path.exists(paths.GATEWAY_MODULE):
            raise AssertionError("gateway module not built: %s" % paths.GATEWAY_MODULE)
        return super().start(tuple(wait_ports) + (self.port, self.admin_port), timeout)

    def route(self, host, path="/", timeout=5, headers=None):
        """(status, body, headers) of a request through the routing server with this Host."""
        return http_get(self.port, path, host, timeout, headers=headers)

    def status(self):
        status, body, _ = http_get(self.admin_port, "/status")
        if status != 200:
            raise AssertionError("gateway /status: %s %s" % (status, body))
        return json.loads(body)

    def metrics(self):
        status, body, _ = http_get(self.admin_port, "/metrics")
        if status != 200:
            raise AssertionError("gateway /metrics: %s %s" % (status, body))
        return body

    def members(self, vhost):
        """The status location's members of a vhost (one worker's view)."""
        return self.status().get("vhosts", {}).get(vhost, {}).get("members", [])


def instance_of(body):
    """The DROVE_INSTANCE_ID the test http-server names in its `/` body, or None."""
    match = re.search(r"instance=(\S+)", body or "")
    return match.group(1) if match else None


class _Background:
    """A `_run` loop on a daemon thread for the span of a `with` block; `_run` checks `_stop`."""

    def __init__(self):
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(10)
        return False


class Traffic(_Background):
    """GETs through the gateway for one vhost every `interval` s on a thread; keeps
    (time, status, instance id or body) of each. Use as a context manager."""

    def __init__(self, gateway, vhost, interval=0.01, path="/"):
        self.gateway, self.vhost, self.interval, self.path = gateway, vhost, interval, path
        self.samples = []
        super().__init__()

    def _run(self):
        while not self._stop.is_set():
            status, body, _ = self.gateway.route(self.vhost, self.path, timeout=5)
            self.samples.append((time.time(), status, instance_of(body) or body.strip()))
            self._stop.wait(self.interval)

    def since(self, t0, until=None):
        return [s for s in list(self.samples) if s[0] >= t0 and (until is None or s[0] <= until)]

    def first(self, predicate, t0=0):
        """Time of the first sample at or after t0 with predicate(status, who), or None."""
        for t, status, who in list(self.samples):
            if t >= t0 and predicate(status, who):
                return t
        return None

    def errors(self, t0=0, until=None):
        return [s for s in self.since(t0, until) if s[1] != 200]


def long_poll_endpoints(controller_url, since_generation, wait_seconds,
                        authorization="Basic YWRtaW46YWRtaW4="):
    """(generation, ExposedAppInfo list) of GET /apis/v1/endpoints?sinceGeneration=&waitSeconds=
    on our controller (returns when the generation moves past since_generation, or at the wait)."""
    req = urllib.request.Request(
        "%s/apis/v1/endpoints?sinceGeneration=%d&waitSeconds=%d"
        % (controller_url, since_generation, wait_seconds),
        headers={"Authorization": authorization})
    with urllib.request.urlopen(req, timeout=wait_seconds + 10) as resp:
        generation = int(resp.headers.get("X-Drove-Endpoints-Generation", since_generation))
        return generation, json.loads(resp.read()).get("data") or []


def vhost_members(endpoints, vhost):
    """{(host, port)} of a vhost in an endpoints list."""
    return {(h["host"], h["port"]) for app in endpoints if app.get("vhost") == vhost
            for h in app.get("hosts", [])}


class EndpointsWatcher(_Background):
    """Follows the controller's endpoints by long-poll on a thread and records when each
    (vhost, host, port) was first listed and when it was last seen leaving: the moment a change
    is "at the controller"."""

    def __init__(self, controller_url):
        self.url = controller_url
        self.listed = {}    # (vhost, host, port) -> time first seen in the endpoints
        self.removed = {}   # (vhost, host, port) -> time it left the endpoints
        self.current = set()
        self.generation = 0
        super().__init__()

    def _run(self):
        while not self._stop.is_set():
            try:
                generation, data = long_poll_endpoints(self.url, self.generation, 1)
            except OSError:
                self._stop.wait(0.05)
                continue
            now = time.time()
            seen = {(app.get("vhost"), h["host"], h["port"]) for app in data
                    for h in app.get("hosts", [])}
            for key in seen - self.current:
                self.listed.setdefault(key, now)
                self.removed.pop(key, None)
            for key in self.current - seen:
                self.removed[key] = now
            self.current = seen
            self.generation = generation

    def wait_listed(self, vhost, count, timeout=60):
        """Waits until the vhost has exactly `count` members at the controller; returns them."""
        return wait_for(lambda: (lambda m: m if len(m) == count else None)(
            {k for k in self.current if k[0] == vhost}), timeout,
            "%d members of %s at the controller" % (count, vhost), interval=0.02)


class GatewayTestCase(ClusterTestCase):
    """ClusterTestCase plus `self.gateway`: a DroveGateway following the cluster's controller,
    started for each test (GATEWAY_OPTIONS: DroveGateway arguments). Its error log is printed
    when a test fails."""

    GATEWAY_OPTIONS = {}

    def setUp(self):
        super().setUp()
        self.gateway = DroveGateway([self.cluster.controller_url], workdir=self.cluster.workdir,
                                    **self.GATEWAY_OPTIONS)
        self.gateway.start()
        self.addCleanup(self.gateway.stop)

    def run(self, result=None):
        before = _problems(result)
        result = super().run(result)
        gateway = getattr(self, "gateway", None)
        if gateway is not None and result is not None and _problems(result) > before:
            print("---- gateway (%s), last lines:\n%s" % (gateway.error_log, gateway.log_tail(80)),
                  file=sys.stderr)
        return result

    def deploy(self, name, vhost, instances, version="1", **spec_args):
        """Creates an app of the test http-server on `vhost` (spec_args: specs.app_spec's), scales
        it, waits HEALTHY; returns (app id, HEALTHY instance infos)."""
        spec = specs.app_spec(name=name, version=version, vhost=vhost, **spec_args)
        status, body = self.api.create_app(spec)
        self.assertEqual(200, status, body)
        app_id = specs.app_id(spec)
        status, body = self.api.scale(app_id, instances)
        self.assertEqual(200, status, body)
        return app_id, self.api.wait_healthy(app_id, instances, timeout=90)

    def hits(self, vhost, n, headers=None):
        """Counter of who answered n sequential requests through the gateway (instance id for
        200s, "<status> <body>" otherwise)."""
        out = collections.Counter()
        for _ in range(n):
            status, body, _ = self.gateway.route(vhost, headers=headers)
            out[instance_of(body) if status == 200 else "%d %s" % (status, body.strip())] += 1
        return out

    def assert_no_crash(self):
        self.assertTrue(self.gateway.running(), "nginx master exited:\n" + self.gateway.log_tail())
        self.assertEqual([], self.gateway.crashes())

"""Benchmark `gateway`: nginx + ngx_http_drove_module against the drove-gateway way (static
upstream, re-rendered and reloaded on every change), same run, same backends, same load generator
(wrk).

Backends: one plain nginx answering `200 backend <port>` on BACKENDS loopback ports. A real
controller knows them as the instances of one app, reported by simulated executors
(harness/fake_executors.py), so every member change goes through the controller's endpoints feed.
Two gateway nginx instances with the same worker count: `module` (catch-all server routed by the
module) and `static` (an upstream block rendered from the controller's endpoints; in the reload
scenario a watcher long-polls the controller and renders + reloads on each change).

Phases: 1) steady state, interleaved rounds -> throughput_ratio; 2) churn: an instance flips
HEALTHY <-> UNHEALTHY every second for CHURN_SECONDS under load (in windows interleaved with
no-churn windows), through the module and through reloads -> churn_* and reload_*; 3) new app
HEALTHY at the controller -> first request routed (propagation_p99_s); 4) nginx RSS growth over
GENERATIONS snapshot generations; 5) scale: a module gateway of its own follows SCALE_VHOSTS vhosts x
SCALE_MEMBERS members served by harness/endpoints_feed.py (the controller's endpoints contract; a
real controller takes over an hour to fill through the executor protocol at this size): the
throughput ratio on one of those vhosts against a static upstream of its members (as phase 1),
SCALE_CHANGES one-member changes (an instance replaced) -> first request routed to the new member
(scale_propagation_p99_s), and nginx RSS (master + workers) with the table loaded at the end;
6) clusters: a gateway following three clusters (two feeds as primaries, one as backup): a vhost
whose BACKENDS members come half from each primary against a one-cluster gateway with the same
members (two_cluster_throughput_ratio), and the primary's last member of another vhost gone from
its feed -> first request served by the backup's member (cluster_failover_s, p99 of
FAILOVER_SAMPLES).
Last line: one JSON object."""
import itertools
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

from harness import Cluster, specs  # noqa: E402
from harness.api import wait_for  # noqa: E402
from harness.cluster import free_port  # noqa: E402
from harness.gateway import (DroveGateway, EndpointsWatcher, Traffic,  # noqa: E402
                             long_poll_endpoints, vhost_members)
from harness.endpoints_feed import EndpointsFeed, app_item  # noqa: E402
from harness.nginx import Nginx, http_get, start_backends  # noqa: E402
from harness.fake_executors import FakeExecutors  # noqa: E402

BACKENDS = int(os.environ.get("GATEWAY_BENCH_BACKENDS", "6"))
WORKERS = 2
WRK = ["wrk", "-t2", "-c50", "--latency"]
STEADY_ROUNDS = int(os.environ.get("GATEWAY_BENCH_ROUNDS", "12"))
STEADY_SECONDS = int(os.environ.get("GATEWAY_BENCH_STEADY_S", "3"))
CHURN_SECONDS = int(os.environ.get("GATEWAY_BENCH_CHURN_S", "30"))
CHURN_WINDOW_S = 3
SETTLE_SECONDS = 3
PROPAGATION_SAMPLES = int(os.environ.get("GATEWAY_BENCH_PROPAGATION", "30"))
GENERATIONS = int(os.environ.get("GATEWAY_BENCH_GENERATIONS", "10000"))
SCALE_VHOSTS = int(os.environ.get("GATEWAY_BENCH_SCALE_VHOSTS", "10000"))
SCALE_MEMBERS = 10
SCALE_CHANGES = int(os.environ.get("GATEWAY_BENCH_SCALE_CHANGES", "50"))
# The table is ~9 MB at 10,000 x 10, and a table outgrowing its block needs a second one beside
# it (16m, the template's, holds several thousand apps).
SCALE_ZONE = "64m"
FAILOVER_SAMPLES = int(os.environ.get("GATEWAY_BENCH_FAILOVER", "30"))
# A subset for development, e.g. GATEWAY_BENCH_PHASES=steady,churn; the figures need all six.
ALL_PHASES = ("steady", "churn", "propagation", "rss", "scale", "clusters")
PHASES = os.environ.get("GATEWAY_BENCH_PHASES", ",".join(ALL_PHASES)).split(",")
VHOST = "bench.local"
APP = "BENCH_APP"


def log(msg):
    print("[%s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


# --- wrk ---------------------------------------------------------------------------------------
_UNIT_S = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def parse_wrk(text):
    """{rps, p99_ms, requests, errors} from wrk --latency output; errors = socket errors plus
    non-2xx/3xx responses."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
    total = re.search(r"(\d+) requests in", text)
    if not (rps and p99 and total):
        raise RuntimeError("cannot parse wrk output:\n" + text)
    errors = 0
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if sock:
        errors += sum(int(x) for x in sock.groups())
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if non2xx:
        errors += int(non2xx.group(1))
    return {"rps": float(rps.group(1)), "p99_ms": float(p99.group(1)) * _UNIT_S[p99.group(2)] * 1e3,
            "requests": int(total.group(1)), "errors": errors}


def run_wrk(port, seconds, host=VHOST):
    out = subprocess.run(WRK + ["-d%ds" % seconds, "-H", "Host: " + host,
                                "http://127.0.0.1:%d/" % port],
                         capture_output=True, text=True, timeout=seconds + 60)
    result = parse_wrk(out.stdout)
    log("wrk :%d %ds -> %.0f rps, p99 %.2f ms, %d errors" % (port, seconds, result["rps"],
                                                              result["p99_ms"], result["errors"]))
    return result


# --- nginx configs ----------------------------------------------------------------------------
def static_conf(ng, port, members):
    """The drove-gateway shape: an upstream block of the vhost's members (a parked `server ... down`
    when there is none, so the config stays valid), proxied with templates/nginx.conf's settings."""
    lines = ["    server %s:%d;" % m for m in sorted(members)] or ["    server 127.0.0.1:1 down;"]
    return """worker_processes %d;
events { worker_connections 4096; }
http {
  access_log off;
  server_tokens off;
%s
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  upstream app {
%s
    keepalive 64;
  }
  server {
    listen 127.0.0.1:%d default_server;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_next_upstream error timeout http_502 http_503 http_504;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 2s;
    }
  }
}
""" % (WORKERS, ng.http_temp_paths(), "\n".join(lines), port)


class ReloadGateway:
    """drove-gateway's way: long-poll the controller's endpoints; on every change render the
    upstream block and reload nginx (SIGHUP to the master, what `nginx -s reload` sends)."""

    def __init__(self, ng, port, controller_url):
        self.ng, self.port, self.url = ng, port, controller_url
        self.reloads = 0
        self.stopped = threading.Event()
        self.members = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.stopped.set()
        self.thread.join(15)

    def _run(self):
        generation = 0
        while not self.stopped.is_set():
            try:
                generation, data = long_poll_endpoints(self.url, generation, 2)
            except OSError as e:
                log("reload gateway: %s" % e)
                time.sleep(0.2)
                continue
            members = vhost_members(data, VHOST)
            if members != self.members and not self.stopped.is_set():
                self.members = members
                self.ng.write_conf(static_conf(self.ng, self.port, members))
                os.kill(self.ng.master_pid, signal.SIGHUP)
                self.reloads += 1


# --- churn ------------------------------------------------------------------------------------
class Churn:
    """Every second one instance of the app flips HEALTHY <-> UNHEALTHY at the controller (through
    the simulated executors), so the vhost's member set changes every second."""

    def __init__(self, fake, instance_ids):
        self.fake, self.ids = fake, list(instance_ids)
        self.changes = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join(10)
        for instance_id in self.ids:  # back to all HEALTHY
            self.fake.set_state(instance_id, "HEALTHY")
        return False

    def _run(self):
        down = None
        for i in itertools.count():
            if down is not None:
                self.fake.set_state(down, "HEALTHY")
            down = self.ids[i % len(self.ids)]
            self.fake.set_state(down, "UNHEALTHY")
            self.changes += 1
            if self.stopped.wait(1.0):
                break


def make_executors(controller_url, ports):
    """Two simulated executors whose instances expose the backends' ports in turn."""
    turn = itertools.count()

    def expose(node, info, spec):
        return "127.0.0.1", ports[next(turn) % len(ports)]

    return FakeExecutors(controller_url, executors=2, expose=expose)


# --- phases -----------------------------------------------------------------------------------
# Runs come in adjacent pairs (A, B) in ABBA order (A B, B A, A B, ...) and a figure is the median of
# the per-pair ratios: on a shared 2-core VM throughput drifts by 10-25 % between minutes, far more
# than the 3 % margins measured here, while two adjacent windows see nearly the same machine.
def paired_median(pairs, key):
    """Median over (a, b) pairs of a[key] / b[key]."""
    return round(statistics.median(a[key] / b[key] for a, b in pairs), 3)


def abba(rounds, run_a, run_b):
    """[(result of run_a, result of run_b)] over `rounds` rounds, alternating which runs first."""
    pairs = []
    for k in range(rounds):
        if k % 2 == 0:
            a = run_a()
            b = run_b()
        else:
            b = run_b()
            a = run_a()
        pairs.append((a, b))
    return pairs


def steady_state(module, static):
    """STEADY_ROUNDS pairs of windows: the module against the static upstream."""
    pairs = abba(STEADY_ROUNDS, lambda: run_wrk(module.port, STEADY_SECONDS),
                 lambda: run_wrk(static.port, STEADY_SECONDS))
    return {"module_rps": round(statistics.mean(m["rps"] for m, _ in pairs)),
            "static_rps": round(statistics.mean(s["rps"] for _, s in pairs)),
            "throughput_ratio": paired_median(pairs, "rps")}


def under_churn(ng, fake, instance_ids, settle):
    """(churn window, baseline window) pairs on one gateway: CHURN_SECONDS of churn cut into
    CHURN_WINDOW_S windows, each paired with an adjacent no-churn window of the same length. After a
    churn window `settle` seconds pass unmeasured (the last change, and for reloads the old workers,
    out of the way)."""
    changes = []

    def churning():
        with Churn(fake, instance_ids) as c:
            result = run_wrk(ng.port, CHURN_WINDOW_S)
        changes.append(c.changes)
        time.sleep(settle)
        return result

    pairs = abba(max(1, CHURN_SECONDS // CHURN_WINDOW_S), churning,
                 lambda: run_wrk(ng.port, CHURN_WINDOW_S))
    log("churn on :%d: %d member changes, throughput ratio %.3f, p99 ratio %.3f"
        % (ng.port, sum(changes), paired_median(pairs, "rps"), paired_median(pairs, "p99_ms")))
    return pairs, sum(changes)


def churn_figures(prefix, pairs):
    return {prefix + "_errors": sum(c["errors"] for c, _ in pairs),
            prefix + "_throughput_ratio": paired_median(pairs, "rps"),
            prefix + "_p99_ratio": paired_median(pairs, "p99_ms"),
            prefix + "_p99_ms": round(statistics.median(c["p99_ms"] for c, _ in pairs), 2)}


def churn(fake, instance_ids, module, static, controller_url):
    """The same churn through the module, then through render + reload (the watcher follows the
    controller during the baselines too, but only reloads on a change)."""
    pairs, changes = under_churn(module, fake, instance_ids, 1)
    out = churn_figures("churn", pairs)
    out["churn_changes"] = changes

    # Control: the same churn with traffic through the static upstream, which ignores it; what
    # this loses is the churn driver's own cost (simulated executors, controller) on the shared
    # cores, not routing's.
    pairs, _ = under_churn(static, fake, instance_ids, 1)
    out.update(control_churn_throughput_ratio=paired_median(pairs, "rps"),
               control_churn_p99_ratio=paired_median(pairs, "p99_ms"))

    reloader = ReloadGateway(static, static.port, controller_url)
    reloader.start()
    wait_for(lambda: reloader.members is not None, 10, "reload gateway following the controller")
    first = reloader.reloads
    pairs, _ = under_churn(static, fake, instance_ids, SETTLE_SECONDS)
    reloader.stop()
    out.update(churn_figures("reload", pairs))
    out["reloads"] = reloader.reloads - first
    return out


def propagation(cluster, module):
    """Seconds from a new app's instance listed HEALTHY by the controller to the first request the
    module routes to it, over PROPAGATION_SAMPLES new apps (one vhost each)."""
    delays = []
    with EndpointsWatcher(cluster.controller_url) as watcher:
        for k in range(PROPAGATION_SAMPLES):
            vhost = "prop-%03d.local" % k
            spec = specs.app_spec(name="PROP_%03d" % k, vhost=vhost)
            assert cluster.api.create_app(spec)[0] == 200
            with Traffic(module, vhost, interval=0.002) as probe:
                assert cluster.api.scale(specs.app_id(spec), 1)[0] == 200
                (member,) = watcher.wait_listed(vhost, 1, timeout=30)
                routed = wait_for(lambda: probe.first(lambda status, _: status == 200), 10,
                                  "%s routed" % vhost, interval=0.005)
            delays.append(routed - watcher.listed[member])
    delays.sort()
    p99 = delays[min(len(delays) - 1, int(round(0.99 * (len(delays) - 1))))]
    log("propagation: min %.3f s, median %.3f s, p99 %.3f s"
        % (delays[0], statistics.median(delays), p99))
    return {"propagation_p99_s": round(p99, 3),
            "propagation_median_s": round(statistics.median(delays), 3)}


def rss_growth(fake, instance_id, module):
    """nginx RSS (master + workers) before and after GENERATIONS snapshots published by the module,
    each caused by a real member change at the controller, under light traffic."""
    def version():
        return module.status()["version"]

    for k in range(200):  # warm-up: allocator pools and zone pages in use
        fake.set_state(instance_id, "UNHEALTHY" if k % 2 == 0 else "HEALTHY")
    time.sleep(1)
    before_kb, start = module.rss_kb(), version()
    flips, t0 = 0, time.monotonic()
    # Requests keep flowing so both workers rebuild their private view generation after generation.
    with Traffic(module, VHOST, interval=0.002):
        while version() - start < GENERATIONS:
            for _ in range(50):
                fake.set_state(instance_id, "UNHEALTHY" if flips % 2 == 0 else "HEALTHY")
                flips += 1
    fake.set_state(instance_id, "HEALTHY")
    time.sleep(1)
    after_kb = module.rss_kb()
    published = version() - start
    log("rss: %d generations (%d flips) in %.0f s, %.1f -> %.1f MB"
        % (published, flips, time.monotonic() - t0, before_kb / 1024, after_kb / 1024))
    return {"rss_growth_mb": round((after_kb - before_kb) / 1024, 2), "generations": published,
            "nginx_rss_mb": round(after_kb / 1024, 1)}


# --- scale -----------------------------------------------------------------------------------
SCALE_VHOST = "scale-00000.local"
SCALE_APP = "SCALE_00000-1"


def scale_items(ports):
    """SCALE_VHOSTS apps of SCALE_MEMBERS members: the first on the backends, the others on
    executor-like addresses (127.0.0.10-17, a distinct port each) that no request goes to."""
    items = [app_item(SCALE_APP, SCALE_VHOST, [("127.0.0.1", p) for p in ports[:SCALE_MEMBERS]])]
    n = 0
    for i in range(1, SCALE_VHOSTS):
        hosts = []
        for _ in range(SCALE_MEMBERS):
            hosts.append(("127.0.0.%d" % (10 + n % 8), 20000 + n // 8))
            n += 1
        items.append(app_item("SCALE_%05d-1" % i, "scale-%05d.local" % i, hosts))
    return items


def answered_by(gateway, vhost, port):
    status, body, _ = http_get(gateway.port, "/", vhost, timeout=5)
    return status == 200 and body.strip() == "backend %d" % port


def routed_to(gateway, port):
    return answered_by(gateway, SCALE_VHOST, port)


def delay_figures(what, key, delays):
    """{key_p99_s, key_median_s} of `delays` (seconds), logged with their minimum."""
    delays = sorted(delays)
    p99 = delays[min(len(delays) - 1, int(round(0.99 * (len(delays) - 1))))]
    log("%s: min %.3f s, median %.3f s, p99 %.3f s"
        % (what, delays[0], statistics.median(delays), p99))
    return {key + "_p99_s": round(p99, 3), key + "_median_s": round(statistics.median(delays), 3)}


def scale_propagation(feed, module, ports):
    """Seconds from a member change in the feed (the new body ready) to the first request the
    module routes to the new member, over SCALE_CHANGES changes: the vhost's last member is
    replaced by an instance on another backend, and back."""
    delays = []
    for k in range(SCALE_CHANGES):
        new_port = ports[SCALE_MEMBERS] if k % 2 == 0 else ports[SCALE_MEMBERS - 1]
        hosts = [("127.0.0.1", p) for p in ports[:SCALE_MEMBERS - 1]] + [("127.0.0.1", new_port)]
        changed = feed.set_app(SCALE_APP, SCALE_VHOST, hosts)
        while not routed_to(module, new_port):
            if time.monotonic() - changed > 30:
                raise AssertionError("member change %d not routed in 30 s" % k)
            time.sleep(0.001)  # the probe must not load the workers that are rebuilding
        delays.append(time.monotonic() - changed)
        time.sleep(0.2)  # one change at a time
    return delay_figures("scale propagation", "scale_propagation", delays)


def scale(workdir):
    """Phase 5 (see the module doc): its own backends, feed, module gateway and static baseline."""
    ports = [free_port() for _ in range(SCALE_MEMBERS + 1)]
    backends = start_backends(ports, workdir, "scale-backends")
    feed = EndpointsFeed()
    gateways = []
    try:
        started = feed.set_apps(scale_items(ports))
        module = DroveGateway([feed.url], workdir, "scale-module", WORKERS,
                              edits=[("drove_zone drove 16m;", "drove_zone drove %s;" % SCALE_ZONE)])
        static = Nginx("", workdir, "scale-static")
        static.port = free_port()
        static.write_conf(static_conf(static, static.port,
                                      [("127.0.0.1", p) for p in ports[:SCALE_MEMBERS]]))
        gateways = [module.start(), static.start(wait_ports=[static.port])]
        wait_for(lambda: routed_to(module, ports[0]) or None, 120, "module routes the scale table",
                 interval=0.05)
        log("scale: %d vhosts x %d members routed %.1f s after the feed had them, table %.1f MB, "
            "nginx rss %.1f MB" % (SCALE_VHOSTS, SCALE_MEMBERS, time.monotonic() - started,
                                  os.path.getsize(module.dump_path) / 2**20, module.rss_kb() / 1024))
        pairs = abba(STEADY_ROUNDS, lambda: run_wrk(module.port, STEADY_SECONDS, SCALE_VHOST),
                     lambda: run_wrk(static.port, STEADY_SECONDS, SCALE_VHOST))
        out = {"scale_vhosts": SCALE_VHOSTS, "scale_members": SCALE_MEMBERS,
               "scale_module_rps": round(statistics.mean(m["rps"] for m, _ in pairs)),
               "scale_static_rps": round(statistics.mean(s["rps"] for _, s in pairs)),
               "scale_throughput_ratio": paired_median(pairs, "rps")}
        out.update(scale_propagation(feed, module, ports))
        out["scale_nginx_rss_mb"] = round(module.rss_kb() / 1024, 1)
        out["scale_table_mb"] = round(os.path.getsize(module.dump_path) / 2**20, 1)
        out["scale_nginx_crashes"] = len(module.crashes())
        return out
    finally:
        for ng in gateways + [backends]:
            ng.stop()
        feed.close()


TWO_VHOST = "two.local"
FAILOVER_VHOST = "failover.local"


def cluster_failover(primary, module, ports):
    """Seconds from the primary's last member of FAILOVER_VHOST leaving its feed to the first
    request served by the backup's member (ports[-1]), over FAILOVER_SAMPLES; the member comes
    back (and is routed to again) between samples."""
    delays = []
    for k in range(FAILOVER_SAMPLES):
        gone = primary.set_app("FAILOVER-1", FAILOVER_VHOST, [])
        while not answered_by(module, FAILOVER_VHOST, ports[-1]):
            if time.monotonic() - gone > 30:
                raise AssertionError("failover %d: the backup not routed in 30 s" % k)
            time.sleep(0.001)
        delays.append(time.monotonic() - gone)
        primary.set_app("FAILOVER-1", FAILOVER_VHOST, [("127.0.0.1", ports[0])])
        wait_for(lambda: answered_by(module, FAILOVER_VHOST, ports[0]), 30, "back on the primary",
                 interval=0.01)
    figures = delay_figures("cluster failover", "cluster_failover", delays)
    return {"cluster_failover_s": figures["cluster_failover_p99_s"],
            "cluster_failover_median_s": figures["cluster_failover_median_s"]}


def clusters(workdir):
    """Phase 6 (see the module doc): three feeds, a three-cluster gateway, a one-cluster one."""
    ports = [free_port() for _ in range(BACKENDS)]
    backends = start_backends(ports, workdir, "cluster-backends")
    hosts = [("127.0.0.1", p) for p in ports]
    half = BACKENDS // 2
    feeds = {name: EndpointsFeed() for name in ("a", "b", "backup", "single")}
    gateways = []
    try:
        feeds["a"].set_apps([app_item("TWO-1", TWO_VHOST, hosts[:half]),
                             app_item("FAILOVER-1", FAILOVER_VHOST, hosts[:1])])
        feeds["b"].set_apps([app_item("TWO-2", TWO_VHOST, hosts[half:])])
        feeds["backup"].set_apps([app_item("FAILOVER-2", FAILOVER_VHOST, hosts[-1:])])
        feeds["single"].set_apps([app_item("TWO-1", TWO_VHOST, hosts)])
        merged = DroveGateway([], workdir, "clusters-merged", WORKERS, clusters=[
            {"name": "a", "controllers": [feeds["a"].url]},
            {"name": "b", "controllers": [feeds["b"].url]},
            {"name": "backup", "controllers": [feeds["backup"].url], "priority": "backup"}])
        single = DroveGateway([feeds["single"].url], workdir, "clusters-single", WORKERS)
        gateways = [merged.start(), single.start()]
        for gateway in gateways:
            wait_for(lambda: len(gateway.members(TWO_VHOST)) == BACKENDS, 30,
                     "%s routes %s" % (gateway.name, TWO_VHOST))
        pairs = abba(STEADY_ROUNDS, lambda: run_wrk(merged.port, STEADY_SECONDS, TWO_VHOST),
                     lambda: run_wrk(single.port, STEADY_SECONDS, TWO_VHOST))
        out = {"two_cluster_rps": round(statistics.mean(m["rps"] for m, _ in pairs)),
               "one_cluster_rps": round(statistics.mean(s["rps"] for _, s in pairs)),
               "two_cluster_throughput_ratio": paired_median(pairs, "rps"),
               "two_cluster_errors": sum(m["errors"] for m, _ in pairs)}
        out.update(cluster_failover(feeds["a"], merged, ports))
        out["clusters_nginx_crashes"] = len(merged.crashes())
        return out
    finally:
        for ng in gateways + [backends]:
            ng.stop()
        for feed in feeds.values():
            feed.close()


def main():
    unknown = set(PHASES) - set(ALL_PHASES)
    if unknown:
        sys.exit("gateway bench: GATEWAY_BENCH_PHASES: unknown phase %s (known: %s)"
                 % (", ".join(sorted(unknown)), ", ".join(ALL_PHASES)))
    ports = [free_port() for _ in range(BACKENDS)]
    result = {}
    with Cluster(executors=0) as cluster:
        backends = start_backends(ports, cluster.workdir)
        fake = make_executors(cluster.controller_url, ports)
        gateways = []
        try:
            wait_for(lambda: len(cluster.api.executors()) == 2, 30, "simulated executors listed")
            spec = specs.app_spec(name=APP, vhost=VHOST)
            assert cluster.api.create_app(spec)[0] == 200
            op_spec = {"timeout": "5m", "parallelism": BACKENDS, "failureStrategy": "STOP"}
            assert cluster.api.scale(specs.app_id(spec), BACKENDS, op_spec)[0] == 200
            ids = [i["instanceId"] for i in cluster.api.wait_healthy(specs.app_id(spec), BACKENDS)]
            members = vhost_members(cluster.api.endpoints(), VHOST)

            module = DroveGateway([cluster.controller_url], cluster.workdir, "module", WORKERS)
            static = Nginx("", cluster.workdir, "static")
            static.port = free_port()
            static.write_conf(static_conf(static, static.port, members))
            gateways = [module.start(), static.start(wait_ports=[static.port])]
            wait_for(lambda: len(module.members(VHOST)) == BACKENDS, 10, "module routes the app")

            phases = {"steady": lambda: steady_state(module, static),
                      "churn": lambda: churn(fake, ids, module, static, cluster.controller_url),
                      "propagation": lambda: propagation(cluster, module),
                      "rss": lambda: rss_growth(fake, ids[0], module),
                      "scale": lambda: scale(cluster.workdir),
                      "clusters": lambda: clusters(cluster.workdir)}
            for name in PHASES:
                result.update(phases[name]())
            result["nginx_crashes"] = len(module.crashes())
        finally:
            for ng in gateways + [backends]:
                ng.stop()
            fake.close()
    result.update(backends=BACKENDS, workers=WORKERS, wrk=" ".join(WRK[1:]),
                  targets={"throughput_ratio": ">= 0.97", "churn_errors": 0,
                           "churn_throughput_ratio": ">= 0.97", "churn_p99_ratio": "<= 1.2",
                           "propagation_p99_s": "<= 0.5", "rss_growth_mb": "<= 2",
                           "scale_throughput_ratio": ">= 0.97", "scale_propagation_p99_s": "<= 0.5",
                           "scale_nginx_rss_mb": "<= 200",
                           "two_cluster_throughput_ratio": ">= 0.97",
                           "cluster_failover_s": "<= 0.5"})
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""Benchmark `ui`: what the operator UI's load costs the controller's API, in the same run.

One controller (SQLite store) with FakeExecutors (tests/integration/harness/fake_executors.py)
running APPS apps of one instance each. Throughout, FLIPPERS threads make FLIPS_PER_S instance
state changes a second (HEALTHY <-> UNHEALTHY, one INSTANCE_STATE_CHANGE event each). Two phases
of PHASE_S seconds, each with the same API probe (PROBES connections of sequential keep-alive
GET /apis/v1/applications from bench_http_load, every latency recorded):
- baseline: the probe alone;
- UI load: STREAM_CLIENTS clients on /apis/v1/cluster/events/stream plus PAGES browsers'
  page calls (GET /apis/v1/applications, /cluster, /cluster/executors, /whoami, each every 2 s:
  what an open apps page or overview costs under an event storm, whose refreshes the UI spaces
  2 s apart), all from bench_http_load (C++), so that the load generator does not take the CPU
  the controller and the probe are measured on.
Event delivery latency is the stream client's arrival time minus the event's `time` (both the
wall clock of this machine, in ms).
The per-client rate limit is off for the run (`maxRequestsPerSecondPerClient: 0`).
Env: UI_BENCH_APPS (1000), UI_BENCH_PAGES (50, as many as streams; 0: what the streams alone cost).

Last line: {"stream_clients", "events_delivered", "event_delivery_p50_ms", "event_delivery_p99_ms",
"api_p99_ms", "api_p99_ms_with_ui_load", "api_p99_ms_with_ui_load_ratio", "targets"}."""
import concurrent.futures
import json
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

from harness import Cluster, paths, specs  # noqa: E402
from harness.api import wait_for  # noqa: E402
from harness.fake_executors import FakeExecutors  # noqa: E402
from harness.sse import basic  # noqa: E402

APPS = int(os.environ.get("UI_BENCH_APPS", "1000"))
STREAM_CLIENTS = 50
PAGES = int(os.environ.get("UI_BENCH_PAGES", "50"))
PAGE_PAUSE_S = 2.0  # each reader: one page's GETs, then this pause (a user clicking along)
PROBES = 2
PHASE_S = 15
FLIPS_PER_S = 100
FLIPPERS = 4
OP_SPEC = {"timeout": "5m", "parallelism": 1, "failureStrategy": "STOP"}
TARGETS = {"event_delivery_p99_ms": 200, "api_p99_ms_with_ui_load_ratio": 1.2}  # issue 14
ADMIN = basic("admin", "admin")


def log(text):
    print(text, file=sys.stderr, flush=True)


def create_apps(cluster, fake):
    api = cluster.api
    wait_for(lambda: len(api.executors()) == len(fake.nodes), 30, "the simulated executors")
    started = time.monotonic()

    def create(i):
        status, body = api.create_app(specs.app_spec(name="UI_BENCH_%d" % i, version="1"),
                                      instances=1, op_spec=OP_SPEC)
        if status != 200:
            raise SystemExit("ui bench: create %d: %s %r" % (i, status, body))

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(create, range(APPS)))
    wait_for(lambda: len(fake.instance_ids()) >= APPS, 600, "%d instances started" % APPS,
             interval=1)
    log("%d apps running after %.1f s" % (APPS, time.monotonic() - started))


def flip(fake, stop, flips):
    """About FLIPS_PER_S state changes a second until `stop` (FLIPPERS senders, each on its own
    share of the instances, as executors report in parallel); counts them in flips[0]."""
    ids = fake.instance_ids()
    lock = threading.Lock()

    def run(mine):
        healthy = {i: True for i in mine}
        k, next_at = 0, time.monotonic()
        while not stop.is_set():
            instance_id = mine[k % len(mine)]
            healthy[instance_id] = not healthy[instance_id]
            fake.set_state(instance_id, "HEALTHY" if healthy[instance_id] else "UNHEALTHY")
            k += 1
            with lock:
                flips[0] += 1
            next_at += FLIPPERS / FLIPS_PER_S
            stop.wait(max(0.0, next_at - time.monotonic()))

    senders = [threading.Thread(target=run, args=(ids[n::FLIPPERS],)) for n in range(FLIPPERS)]
    for t in senders:
        t.start()
    for t in senders:
        t.join()


LOAD_BIN = os.path.join(paths.BUILD_DIR, "tests", "bench", "bench_http_load")
AUTH = ["--header", "Authorization: " + ADMIN]


def probe(url, seconds):
    """PROBES connections of sequential keep-alive GET /apis/v1/applications for `seconds`, from
    bench_http_load (a Python client's own GIL waits would be most of what it measured):
    its figures, latency_ms_p99 among them."""
    done = subprocess.run([LOAD_BIN, "load", url + "/apis/v1/applications", str(seconds),
                           str(PROBES)] + AUTH, stdout=subprocess.PIPE, text=True, check=True)
    return load_figures(done.stdout, "probe")


def load_figures(stdout, what):
    """The last line of a `bench_http_load load` run; exits when any request failed."""
    figures = json.loads(stdout.splitlines()[-1])
    if figures["errors"] or figures["bad_status"] or not figures["requests"]:
        raise SystemExit("ui bench: %s failed: %s" % (what, figures))
    return figures


PAGE_PATHS = ("/apis/v1/applications", "/apis/v1/cluster", "/apis/v1/cluster/executors",
              "/apis/v1/whoami")


def ui_phase(url):
    """The probe with the UI's load on: (its figures, the stream readers' figures). The load runs in
    bench_http_load (tests/bench/http_load.cpp), so that the load generator's own CPU does not
    take the cores the controller and the probe are measured on: STREAM_CLIENTS readers of
    /apis/v1/cluster/events/stream, and PAGES browsers each GETting a page's calls every
    PAGE_PAUSE_S (each call path on its own connection per browser)."""
    seconds = str(PHASE_S + 2)
    stream = subprocess.Popen(
        [LOAD_BIN, "stream", url + "/apis/v1/cluster/events/stream", seconds, str(STREAM_CLIENTS)]
        + AUTH, stdout=subprocess.PIPE, text=True)
    readers = [subprocess.Popen([LOAD_BIN, "load", url + path, seconds, str(PAGES), "--pause",
                                 str(PAGE_PAUSE_S)] + AUTH, stdout=subprocess.PIPE, text=True)
               for path in (PAGE_PATHS if PAGES else ())]
    time.sleep(1)  # every stream connected before the probe starts
    probed = probe(url, PHASE_S)
    figures = json.loads(stream.communicate(timeout=60)[0].splitlines()[-1])
    for reader in readers:
        load_figures(reader.communicate(timeout=60)[0], "page reader")
    return probed, figures


def main():
    config = {"server": {"maxRequestsPerSecondPerClient": 0}}
    with Cluster(executors=0, controller_config=config) as cluster, \
            FakeExecutors(cluster.controller_url, executors=8, snapshot_interval=5.0,
                          first_host=90) as fake:
        create_apps(cluster, fake)
        stop = threading.Event()
        flips = [0]
        flipper = threading.Thread(target=flip, args=(fake, stop, flips))
        flipper.start()
        try:
            baseline = probe(cluster.controller_url, PHASE_S)
            log("baseline: %d requests, p99 %.2f ms" % (baseline["requests"],
                                                         baseline["latency_ms_p99"]))
            flips_before = flips[0]
            loaded, streams = ui_phase(cluster.controller_url)
            log("ui load: %d requests, p99 %.2f ms; %d flips, events per client %d..%d"
                % (loaded["requests"], loaded["latency_ms_p99"], flips[0] - flips_before,
                   streams["min_events"], streams["max_events"]))
        finally:
            stop.set()
            flipper.join()
    base_p99, loaded_p99 = baseline["latency_ms_p99"], loaded["latency_ms_p99"]
    print(json.dumps({
        "stream_clients": STREAM_CLIENTS,
        "events_delivered": streams["events"],
        "event_delivery_p50_ms": streams["delivery_ms_p50"],
        "event_delivery_p99_ms": streams["delivery_ms_p99"],
        "api_p99_ms": round(base_p99, 2),
        "api_p99_ms_with_ui_load": round(loaded_p99, 2),
        "api_p99_ms_with_ui_load_ratio": round(loaded_p99 / base_p99, 3),
        "targets": TARGETS,
    }))


if __name__ == "__main__":
    main()

"""Benchmark `ui`: what the operator UI's load costs the controller's API, in the same run.

One controller (SQLite store) with FakeExecutors (tests/integration/harness/fake_executors.py)
running APPS apps of one instance each. Throughout, FLIPPERS threads make FLIPS_PER_S instance
state changes a second (HEALTHY <-> UNHEALTHY, one INSTANCE_STATE_CHANGE event each). Two phases
of PHASE_S seconds, each with the same API probe (PROBES threads of sequential keep-alive
GET /apis/v1/applications, every latency recorded):
- baseline: the probe alone;
- UI load: STREAM_CLIENTS clients on /apis/v1/cluster/events/stream plus PAGES page-load-like
  readers (GET /apis/v1/applications, /cluster, /cluster/executors, /whoami, then a 2 s pause),
  all in a child process so that their Python does not slow the probe's.
Event delivery latency is the stream client's arrival time minus the event's `time` (both the
wall clock of this machine, in ms; Python's reading adds to it, so it is an upper bound).
The per-client rate limit is off for the run (`maxRequestsPerSecondPerClient: 0`).
Env: UI_BENCH_APPS (1000), UI_BENCH_PAGES (10; 0 measures what the streams alone cost).

Last line: {"stream_clients", "events_delivered", "event_delivery_p50_ms", "event_delivery_p99_ms",
"api_p99_ms", "api_p99_ms_with_ui_load", "api_p99_ms_with_ui_load_ratio", "targets"}."""
import concurrent.futures
import http.client
import json
import multiprocessing
import os
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

from harness import Cluster, specs  # noqa: E402
from harness.api import wait_for  # noqa: E402
from harness.fake_executors import FakeExecutors  # noqa: E402
from harness.sse import SseClient, basic  # noqa: E402

APPS = int(os.environ.get("UI_BENCH_APPS", "1000"))
STREAM_CLIENTS = 50
PAGES = int(os.environ.get("UI_BENCH_PAGES", "10"))
PAGE_PAUSE_S = 2.0  # each reader: one page's GETs, then this pause (a user clicking along)
PROBES = 2
PHASE_S = 15
FLIPS_PER_S = 100
FLIPPERS = 4
OP_SPEC = {"timeout": "5m", "parallelism": 1, "failureStrategy": "STOP"}
TARGETS = {"event_delivery_p99_ms": 200, "api_p99_ms_with_ui_load_ratio": 1.2}  # issue 14
ADMIN = basic("admin", "admin")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] if ordered else None


def log(text):
    print(text, file=sys.stderr, flush=True)


class Getter:
    """Sequential keep-alive GETs as admin on one connection; returns each latency in ms."""

    def __init__(self, base_url):
        url = urllib.parse.urlsplit(base_url)
        self.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)

    def get(self, path):
        started = time.perf_counter()
        self.conn.request("GET", path, headers={"Authorization": ADMIN})
        response = self.conn.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit("ui bench: GET %s answered %d" % (path, response.status))
        return (time.perf_counter() - started) * 1000


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


def probe(url, seconds):
    """PROBES threads of sequential GET /apis/v1/applications for `seconds`: every latency."""
    latencies = []
    lock = threading.Lock()

    def run():
        getter, mine = Getter(url), []
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            mine.append(getter.get("/apis/v1/applications"))
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run) for _ in range(PROBES)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def pages(url, stop):
    getter = Getter(url)
    while not stop.is_set():
        for path in ("/apis/v1/applications", "/apis/v1/cluster", "/apis/v1/cluster/executors",
                     "/apis/v1/whoami"):
            getter.get(path)
        stop.wait(PAGE_PAUSE_S)


def ui_load(url, pipe):
    """In a process of its own (so its reading does not slow the probe's): STREAM_CLIENTS streams
    and PAGES readers until told to stop; sends back each event's delivery ms and per-client
    counts."""
    clients = [SseClient(url) for _ in range(STREAM_CLIENTS)]
    if any(c.status != 200 for c in clients):
        raise SystemExit("ui bench: a stream was refused")
    stop = threading.Event()
    readers = [threading.Thread(target=pages, args=(url, stop)) for _ in range(PAGES)]
    for t in readers:
        t.start()
    pipe.send("ready")
    pipe.recv()
    stop.set()
    for t in readers:
        t.join()
    delivery, counts = [], []
    for client in clients:
        client.close()
        events = list(client.events)
        counts.append(len(events))
        delivery.extend(arrived - json.loads(data)["time"] for _, data, arrived in events)
    pipe.send((delivery, counts, sum(c.resets for c in clients)))


def ui_phase(url):
    """The probe with the UI's load on: (latencies, delivery ms, events per client)."""
    ours, theirs = multiprocessing.Pipe()
    child = multiprocessing.Process(target=ui_load, args=(url, theirs))
    child.start()
    if not ours.poll(60) or ours.recv() != "ready":
        raise SystemExit("ui bench: the UI load did not start")
    latencies = probe(url, PHASE_S)
    ours.send("stop")
    delivery, counts, resets = ours.recv()
    child.join()
    if resets:
        raise SystemExit("ui bench: %d streams were reset" % resets)
    return latencies, delivery, counts


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
            log("baseline: %d requests, p99 %.2f ms" % (len(baseline), percentile(baseline, 99)))
            flips_before = flips[0]
            loaded, delivery, counts = ui_phase(cluster.controller_url)
            log("ui load: %d requests, p99 %.2f ms; %d flips, events per client %d..%d"
                % (len(loaded), percentile(loaded, 99), flips[0] - flips_before, min(counts),
                   max(counts)))
        finally:
            stop.set()
            flipper.join()
    base_p99, loaded_p99 = percentile(baseline, 99), percentile(loaded, 99)
    print(json.dumps({
        "stream_clients": STREAM_CLIENTS,
        "events_delivered": len(delivery),
        "event_delivery_p50_ms": round(percentile(delivery, 50), 1),
        "event_delivery_p99_ms": round(percentile(delivery, 99), 1),
        "api_p99_ms": round(base_p99, 2),
        "api_p99_ms_with_ui_load": round(loaded_p99, 2),
        "api_p99_ms_with_ui_load_ratio": round(loaded_p99 / base_p99, 3),
        "targets": TARGETS,
    }))


if __name__ == "__main__":
    main()

"""Benchmark `failover`: SIGKILL of the leader controller, 10 times, under a steady client load.

Setup: a real 3-node ZooKeeper ensemble (harness Ensemble, tickTime 500 ms), 3 controllers
(sessionTimeout 1.5 s, ZooKeeper store; the election is session + up to one tick, so 2 s left no
margin under the 3 s target), 2 real executors (tag `real`) running 3 apps x 2 instances
of the test image in real containers, and 8 simulated executors (harness/leader_fake_executors.py:
FakeExecutors that follow the leader as real executors do) carrying 1,000 apps x 2 HEALTHY
instances, so every new leader loads 1,000 apps and 2,000 instances from ZooKeeper.

Load: one client that follows the leader (the controller that last answered; on a refused
connection or a standby's 400 it tries the others) and sends
  - writes, back to back with 100 ms between them: CREATE of an app with 0 instances, then DESTROY
    of it (a fresh name each time). That is the first and last step of a Drove deploy (drove-cli
    `apps create` registers the spec with no instances; the old version is destroyed after the new
    one is up) and, unlike a SCALE, it involves no executor and no placement: it measures the
    controllers and the store, not how soon executors report to the new leader.
  - reads: GET /apis/v1/applications (all 1,000+ app summaries) every 0.5 s (0.1 s after a failure).
  A failed write is retried after 20 ms (on every controller in turn), which bounds the resolution
  of the failover figure.

Each round: the leader is SIGKILLed; failover = kill -> first successful (200) write answered by
another controller. takeover = that controller's log line `elected leader` -> that same first
successful write (API timing, same clock: it includes the model load, which the controller logs
as `leading` when done, and the first fenced write after it). The log-only figure (`elected
leader` -> `leading`) is printed per kill too. Then the killed controller is started again (there
are always 3) and the cluster settles SETTLE_S before the next kill.

lost_instances: instance ids any controller logged as going to state LOST over the whole run (the
`instance state` log line of every change), cross-checked at the end through the API (active and
old instances of every app). restarted_containers: real containers of the real apps whose
container id or State.StartedAt differ from the start of the run, or that are gone, or new ones,
checked after every kill and at the end.

Progress on stderr, one line per kill, then a summary. Last line: {"kills", "failover_p50_s",
"failover_max_s", "takeover_s" (the largest of the kills), "lost_instances",
"restarted_containers"}.
Env: FAILOVER_KILLS (10), FAILOVER_APPS (1000), FAILOVER_SETTLE_S (8).
"""
import datetime
import http.client
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

from harness import specs  # noqa: E402
from harness.api import NOT_LEADER, DroveApi, wait_for  # noqa: E402
from harness.leader_fake_executors import LeaderFakeExecutors  # noqa: E402
from harness.zookeeper import cluster_on_ensemble  # noqa: E402

KILLS = int(os.environ.get("FAILOVER_KILLS", "10"))
APPS = int(os.environ.get("FAILOVER_APPS", "1000"))
PER_APP = 2
FAKE_EXECUTORS = 8
REAL_APPS = 3
REAL_PER_APP = 2
SETTLE_S = float(os.environ.get("FAILOVER_SETTLE_S", "8"))
WRITE_INTERVAL_S = 0.1
READ_INTERVAL_S = 0.5
RETRY_PAUSE_S = 0.02       # writes: the failover figure's resolution
READ_RETRY_PAUSE_S = 0.1
FAILOVER_TIMEOUT_S = 60

# 2026-01-02T03:04:05.678Z INFO controller msg="elected leader" nodeId=... (orchestrator/core/util/log.cpp)
LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})Z (\w+) \S+ "
                      r"msg=(\"(?:[^\"\\]|\\.)*\"|\S+)(.*)$")


def log(text):
    print("[%s] %s" % (time.strftime("%H:%M:%S"), text), file=sys.stderr, flush=True)


# ------------------------------------------------------------------ the leader-following client
class Client:
    """Requests to the controller that answered last; on a refused/reset connection or a standby's
    400 the other controllers are tried at once (a full round, then RETRY_PAUSE_S). Returns
    (status, body, url, applied_unknown); status 0 when no controller answered."""

    def __init__(self, urls, timeout=5):
        self.urls = list(urls)
        self.apis = {u: DroveApi(u, timeout=timeout) for u in self.urls}
        self.current = self.urls[0]
        self.lock = threading.Lock()

    def once(self, method, path, body=None):
        with self.lock:
            first = self.current
        order = [first] + [u for u in self.urls if u != first]
        unknown = False
        for url in order:
            try:
                status, reply = self.apis[url].request(method, path, body)
            except (OSError, http.client.HTTPException) as e:  # IncompleteRead: killed mid-reply
                refused = isinstance(getattr(e, "reason", e), ConnectionRefusedError)
                if method != "GET" and not refused:
                    unknown = True  # cut off mid-flight: it may have been applied
                continue
            if status == 400 and isinstance(reply, dict) and reply.get("message") == NOT_LEADER:
                continue
            with self.lock:
                self.current = url
            return status, reply, url, unknown
        return 0, None, None, unknown


class Load:
    """The writer and reader threads; every answer is recorded as (wall time done, url, ok)."""

    def __init__(self, client, op_spec):
        self.client = client
        self.op_spec = op_spec
        self.writes = []  # (t_done, url, ok, kind, status)
        self.reads = []   # (t_done, url, ok)
        self.stop = threading.Event()
        self.seq = 0
        self.threads = [threading.Thread(target=self._write_loop, name="writer", daemon=True),
                        threading.Thread(target=self._read_loop, name="reader", daemon=True)]

    def start(self):
        for t in self.threads:
            t.start()

    def close(self):
        dead = [t.name for t in self.threads if not t.is_alive()]
        self.stop.set()
        for t in self.threads:
            t.join(10)
        if dead:
            raise RuntimeError("client threads died during the run: %s (see above)" % dead)

    def _write(self, body):
        status, reply, url, unknown = self.client.once("POST", "/applications/operations", body)
        ok = status == 200 and isinstance(reply, dict) and reply.get("status") == "SUCCESS"
        self.writes.append((time.time(), url, ok, body["type"], status))
        return ok, status, reply, unknown

    def _write_loop(self):
        pending_destroy = None
        while not self.stop.is_set():
            if pending_destroy is None:
                self.seq += 1
                spec = specs.app_spec(name="FO_PROBE_%06d" % self.seq)
                app_id = specs.app_id(spec)
                ok, status, reply, _ = self._write(
                    {"type": "CREATE", "spec": spec, "instances": 0, "opSpec": self.op_spec})
                if ok:
                    pending_destroy = app_id
                # Refused or cut off: a fresh name next time (a cut-off CREATE may have applied).
            else:
                ok, status, reply, _ = self._write(
                    {"type": "DESTROY", "appId": pending_destroy, "opSpec": self.op_spec})
                if ok:
                    pending_destroy = None
                elif status == 400 and "No state found" in json.dumps(reply):
                    pending_destroy = None  # the leader does not know it: nothing to destroy
            self.stop.wait(WRITE_INTERVAL_S if ok else RETRY_PAUSE_S)

    def _read_loop(self):
        while not self.stop.is_set():
            status, reply, url, _ = self.client.once("GET", "/applications")
            ok = status == 200 and isinstance(reply, dict) and reply.get("status") == "SUCCESS"
            self.reads.append((time.time(), url, ok))
            self.stop.wait(READ_INTERVAL_S if ok else READ_RETRY_PAUSE_S)

    def first_write_after(self, t, not_url):
        for t_done, url, ok, _, _ in list(self.writes):
            if t_done > t and ok and url != not_url:
                return t_done, url
        return None


# ------------------------------------------------------------------ controller logs
def parse_ts(stamp):
    return datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%f").replace(
        tzinfo=datetime.timezone.utc).timestamp()


def log_events(path, since=0.0):
    """[(wall time, level, msg, rest of line)] of a controller log from `since` on."""
    out = []
    try:
        with open(path, errors="replace") as f:
            for line in f:
                m = LOG_LINE.match(line)
                if not m:
                    continue
                t = parse_ts(m.group(1))
                if t < since:
                    continue
                msg = m.group(3)
                if msg.startswith('"'):
                    msg = msg[1:-1]
                out.append((t, m.group(2), msg, m.group(4)))
    except OSError:
        pass
    return out


def field(rest, key):
    m = re.search(r"\b%s=(\"(?:[^\"\\]|\\.)*\"|\S+)" % re.escape(key), rest)
    if not m:
        return None
    v = m.group(1)
    return v[1:-1] if v.startswith('"') else v


def lost_in_logs(cluster):
    lost = {}
    for proc in cluster.controllers:
        for t, _, msg, rest in log_events(proc.log_path):
            if msg == "instance state" and field(rest, "state") == "LOST":
                lost.setdefault(field(rest, "instanceId"), (proc.name, t, field(rest, "appId"),
                                                            field(rest, "error")))
    return lost


# ------------------------------------------------------------------ real containers
def real_containers(cluster, app_ids):
    """{instance id: (container id, StartedAt)} of the real apps' running containers."""
    out = {}
    for c in cluster.containers():
        labels = c.get("Labels") or {}
        if labels.get("drove.app.id") in app_ids and c.get("State") == "running":
            started = cluster.engine.inspect(c["Id"])["State"]["StartedAt"]
            out[labels["drove.instance.id"]] = (c["Id"], started)
    return out


def container_changes(before, now):
    """Instance ids whose container changed, vanished or appeared."""
    changed = {i for i in before if now.get(i) != before[i]}
    return changed | (set(now) - set(before))


# ------------------------------------------------------------------ main
def main():
    workdir = tempfile.mkdtemp(prefix="drove-bench-failover-")
    log("work dir %s" % workdir)
    with cluster_on_ensemble(workdir, executors=2, controllers=3,
                             executor_tags=[["real"], ["real"]],
                             controller_config={"logLevel": "INFO",
                                                "zookeeper": {"sessionTimeout": "1500ms"}}) as (cluster, _):
        run(cluster)


def run(cluster):
    api = cluster.api  # LeaderApi
    with LeaderFakeExecutors(cluster.controller_urls, executors=FAKE_EXECUTORS, cores=512,
                             memory_mb=512 * 1024, snapshot_interval=5.0) as fake:
        wait_for(lambda: len(cluster.registered_executors()) == 2 + FAKE_EXECUTORS, 60,
                 "all executors listed")

        # Real apps: real containers on the two real executors.
        real_ids = []
        for i in range(REAL_APPS):
            spec = specs.app_spec(name="FO_REAL_%d" % i,
                                  placement={"type": "MATCH_TAG", "tag": "real"})
            status, body = api.create_app(spec, instances=REAL_PER_APP,
                                          op_spec={"timeout": "5m", "parallelism": REAL_PER_APP,
                                                   "failureStrategy": "STOP"})
            assert status == 200, body
            real_ids.append(specs.app_id(spec))
        for app_id in real_ids:
            api.wait_healthy(app_id, REAL_PER_APP, timeout=120)
        before = real_containers(cluster, set(real_ids))
        assert len(before) == REAL_APPS * REAL_PER_APP, before
        log("%d real containers HEALTHY" % len(before))

        # 1,000 apps x 2 on the simulated executors.
        op_spec = {"timeout": "5m", "parallelism": PER_APP, "failureStrategy": "STOP"}
        t0 = time.monotonic()
        for i in range(APPS):
            spec = specs.app_spec(name="FO_APP_%04d" % i)
            status, body = api.create_app(spec, instances=PER_APP, op_spec=op_spec)
            assert status == 200, body
        total = APPS * PER_APP + REAL_APPS * REAL_PER_APP
        wait_for(lambda: sum(s["healthyInstances"] for s in api.data("/applications").values())
                 == total, 900, "all %d instances HEALTHY" % total, interval=2)
        log("%d apps x %d simulated instances HEALTHY in %.1f s" % (APPS, PER_APP,
                                                                   time.monotonic() - t0))

        client = Client(cluster.controller_urls)
        load = Load(client, {"timeout": "5m", "parallelism": 1, "failureStrategy": "STOP"})
        load.start()
        time.sleep(3)
        rounds, changed = [], set()
        try:
            for k in range(1, KILLS + 1):
                rounds.append(one_kill(k, cluster, load))
                changed |= container_changes(before, real_containers(cluster, set(real_ids)))
                time.sleep(SETTLE_S)
        finally:
            load.close()

        # The end: every instance still HEALTHY, nothing LOST, the real containers untouched.
        wait_for(lambda: sum(s["healthyInstances"] for s in api.data("/applications").values()
                             if not s["id"].startswith("FO_PROBE_")) == total, 120,
                 "all %d instances HEALTHY after the kills" % total, interval=2)
        changed |= container_changes(before, real_containers(cluster, set(real_ids)))
        lost_logged = lost_in_logs(cluster)
        lost_api = set()
        for app_id in api.data("/applications", {"size": 100000}):
            for info in api.instances(app_id) + api.old_instances(app_id):
                if info.get("state") == "LOST":
                    lost_api.add(info["instanceId"])
        lost = set(lost_logged) | lost_api
        for iid in sorted(lost)[:20]:
            log("LOST: %s %s" % (iid, lost_logged.get(iid, "(API only)")))

        failovers = [r["failover_s"] for r in rounds]
        takeovers = [r["takeover_api_s"] for r in rounds]
        takeovers_log = [r["takeover_log_s"] for r in rounds if r["takeover_log_s"] is not None]
        elections = [r["elected_s"] for r in rounds if r["elected_s"] is not None]
        reads = load.reads
        read_gaps = _gaps([t for t, _, ok in reads if ok])
        log("summary: failover p50 %.2f / max %.2f s; election (kill -> `elected leader`) p50 %.2f "
            "/ max %.2f s; takeover API p50 %.3f / max %.3f s; takeover log (`elected leader` -> "
            "`leading`) p50 %.3f / max %.3f s"
            % (statistics.median(failovers), max(failovers), _median(elections), _max(elections),
               statistics.median(takeovers), max(takeovers), _median(takeovers_log),
               _max(takeovers_log)))
        log("client: %d writes (%d ok), %d reads (%d ok), longest gap between good reads %.2f s; "
            "fake executors switched controller %d times, %d messages no controller took"
            % (len(load.writes), sum(1 for w in load.writes if w[2]), len(reads),
               sum(1 for r in reads if r[2]), max(read_gaps or [0]), fake.switches,
               fake.undelivered))
        if changed:
            log("real containers changed: %s" % sorted(changed))
        result = {"kills": len(rounds),
                  "failover_p50_s": round(statistics.median(failovers), 2),
                  "failover_max_s": round(max(failovers), 2),
                  "takeover_s": round(max(takeovers), 3),
                  "lost_instances": len(lost),
                  "restarted_containers": len(changed)}
        print(json.dumps(result), flush=True)


def cpu_times():
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def one_kill(k, cluster, load):
    """Kills the leader, waits for the first write on the new one, restarts the killed controller."""
    leader = cluster.leader_index()
    assert leader is not None, "no leader before kill %d" % k
    leader_url = cluster.controller_urls[leader]
    cpu_before = cpu_times()
    t_kill = time.time()
    cluster.controllers[leader].kill()
    first = wait_for(lambda: load.first_write_after(t_kill, leader_url), FAILOVER_TIMEOUT_S,
                     "a write on a new leader after kill %d" % k, interval=0.01)
    cpu_after = cpu_times()
    busy = (cpu_after[0] - cpu_before[0]) / max(1, cpu_after[1] - cpu_before[1])
    t_write, new_url = first
    new = cluster.controller_urls.index(new_url)
    events = log_events(cluster.controllers[new].log_path, since=t_kill - 1)
    elected = next((t for t, _, msg, _ in events if msg == "elected leader" and t >= t_kill), None)
    leading = loaded = None
    if elected is not None:
        leading = next((t for t, _, msg, _ in events if msg == "leading" and t >= elected), None)
        loaded = next((t for t, _, msg, _ in events if msg == "cluster model loaded"
                       and t >= elected), None)
    failover = t_write - t_kill
    takeover_api = t_write - elected if elected is not None else failover
    takeover_log = leading - elected if leading is not None and elected is not None else None
    log("kill %d/%d: controller-%d SIGKILLed; controller-%d elected after %s, model loaded %s, "
        "`leading` %s, first write %.3f s after the kill: failover %.2f s, takeover %.3f s (API), "
        "%s (log); machine CPU busy %.0f%% meanwhile, load average %s"
        % (k, KILLS, leader, new, _s(elected, t_kill), _s(loaded, t_kill), _s(leading, t_kill),
           failover, failover, takeover_api, _s(leading, elected), 100 * busy,
           open("/proc/loadavg").read().split()[0]))
    cluster.start_controller(leader)
    return {"failover_s": failover, "takeover_api_s": takeover_api, "takeover_log_s": takeover_log,
            "elected_s": None if elected is None else elected - t_kill}


def _s(t, since):
    return "?" if t is None or since is None else "%.3f s" % (t - since)


def _gaps(times):
    return [b - a for a, b in zip(times, times[1:])]


def _median(values):
    return statistics.median(values) if values else float("nan")


def _max(values):
    return max(values) if values else float("nan")


if __name__ == "__main__":
    main()

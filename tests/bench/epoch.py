"""Benchmark `epoch`: drove-epoch firing 1,000 cron topologies against a real controller for 3 minutes.

TOPOLOGIES topologies, topology i with cron `S * * * * ?` (S = i mod 60), so every second of a minute
fires ~17 of them at once. drove-epoch (test_epoch.py's EpochServer, SQLite store, INFO logs, UTC)
starts each fire as a Drove task on a real drove-controller whose executors are simulated
(harness/fake_executors.py, extended here with tasks): a START_TASK is reported RUNNING and at once
STOPPED with a SUCCESSFUL result, so every run ends within drove-epoch's poll interval and the next
minute's fire of the same topology is never held back by a run still going.

The window is WINDOW_S seconds starting at a whole second after all topologies exist; fires_expected
counts the cron times of every topology inside it (3 per topology). A fire is done when drove-epoch's
log says `task started on drove` for its ESR run id (logged when Drove answered the CREATE with
SUCCESS). Lateness = that log line's timestamp - the fire time encoded in the run id (the exact cron
second, UTC), i.e. cron time -> Drove CREATE accepted, measured from drove-epoch's own logs.
epoch_rss_mb: the highest VmRSS of drove-epoch sampled every second during the window.

Last line: {"topologies", "fires_expected", "fires_done", "fire_lateness_p50_ms",
"fire_lateness_p99_ms", "epoch_rss_mb", "fire_lateness_max_ms", "runs_successful", "loadavg_1m"}
(targets: fires_done = fires_expected, p99 <= 100 ms, rss <= 60 MB)."""
import calendar
import json
import math
import os
import re
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

from harness import Cluster  # noqa: E402
from harness.api import wait_for  # noqa: E402
from harness.fake_executors import FakeExecutors, now_ms  # noqa: E402
from harness.process_stats import rss_mb  # noqa: E402
from test_epoch import EpochServer, container_task  # noqa: E402

TOPOLOGIES = 1000
WINDOW_S = 180
GRACE_S = 15  # after the window: the last fires' CREATEs and runs finish
EXECUTORS = 4
STARTED = re.compile(r'^(\S+) INFO \S+ msg="task started on drove" topologyId=(\S+) '
                     r'runId=(ESR-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-\d{3}) ')


class TaskFakeExecutors(FakeExecutors):
    """FakeExecutors that also run tasks: a START_TASK is answered, then reported RUNNING and at once
    STOPPED with a SUCCESSFUL result (exit 0) from a thread of its own (the base class's report queue
    carries instance reports only)."""

    def __init__(self, *args, **kwargs):
        self.counts_lock = threading.Lock()
        self.started_tasks = 0
        self.undelivered_reports = 0
        super().__init__(*args, **kwargs)

    def _handler(self, node):
        base = super()._handler(node)
        fake = self

        class Handler(base):
            def do_POST(self):
                message = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                self._reply({"status": "SUCCESS", "message": "success"})
                if message.get("type") == "START_TASK":  # reported once this answer is out
                    threading.Thread(target=fake._run_task, args=(node, message["task"]),
                                     daemon=True).start()

        return Handler

    def _run_task(self, node, task):
        running = dict(task, state="RUNNING", executorId=node["executorId"],
                       hostname=node["hostname"], updated=now_ms())
        stopped = dict(running, state="STOPPED", taskResult={"status": "SUCCESSFUL", "exitCode": 0},
                       updated=now_ms() + 1)
        with self.counts_lock:
            self.started_tasks += 1
        for report in (running, stopped):
            for attempt in range(5):
                try:
                    self._post({"type": "TASK_STATE", "task": report}, node["executorId"])
                    break
                except OSError:
                    time.sleep(0.1 * (attempt + 1))
            else:
                with self.counts_lock:
                    self.undelivered_reports += 1


def fire_ms(run_id):
    """The fire time of an ESR id (yyyy-MM-dd-HH-mm-ss-SSS, UTC) in epoch ms."""
    parts = [int(p) for p in run_id.split("-")[1:8]]
    return calendar.timegm(tuple(parts[:6]) + (0, 0, 0)) * 1000 + parts[6]


def log_ms(stamp):
    """A log timestamp (2026-12-06T08:00:00.123Z) in epoch ms."""
    seconds = calendar.timegm(time.strptime(stamp[:19], "%Y-%m-%dT%H:%M:%S"))
    return seconds * 1000 + int(stamp[20:23])


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    return sorted_values[min(len(sorted_values) - 1, math.ceil(p / 100.0 * len(sorted_values)) - 1)]


def create_topologies(epoch):
    for i in range(TOPOLOGIES):
        spec = {"name": "bench-%04d" % i,
                "task": container_task(),
                "trigger": {"type": "CRON", "timeSpec": "%d * * * * ?" % (i % 60)},
                "notify": {"type": "BLACKHOLE"}}
        status, body = epoch.api.post("/topologies", spec)
        assert status == 200 and body.get("status") == "SUCCESS", body


def watch_window(epoch, start_s):
    """Sleeps through the window and the grace period; returns the highest VmRSS seen in it."""
    highest = 0.0
    while time.time() < start_s + WINDOW_S + GRACE_S:
        if start_s <= time.time() < start_s + WINDOW_S:
            highest = max(highest, rss_mb(epoch.popen.pid))
        time.sleep(1)
    return highest


def lateness_in_window(log_path, start_s):
    """{(topologyId, runId): lateness ms} of the fires inside the window, from the log."""
    begin, end = start_s * 1000, (start_s + WINDOW_S) * 1000
    done = {}
    with open(log_path, errors="replace") as f:
        for line in f:
            match = STARTED.match(line)
            if not match:
                continue
            fired = fire_ms(match.group(3))
            if begin <= fired < end:
                done[(match.group(2), match.group(3))] = log_ms(match.group(1)) - fired
    return done


def expected_fires(start_s):
    """Cron times of all topologies inside [start_s, start_s + WINDOW_S)."""
    per_second = [sum(1 for i in range(TOPOLOGIES) if i % 60 == s) for s in range(60)]
    return sum(per_second[t % 60] for t in range(start_s, start_s + WINDOW_S))


def successful_runs(epoch, start_s):
    """Runs fired in the window that ended SUCCESSFUL (read back through the API)."""
    begin, end = start_s * 1000, (start_s + WINDOW_S) * 1000
    count = 0
    for i in range(TOPOLOGIES):
        for run in epoch.runs("bench-%04d" % i):
            if run["runId"].startswith("ESR-") and begin <= fire_ms(run["runId"]) < end:
                count += run["state"] == "SUCCESSFUL"
    return count


def main():
    print("load before: %s" % (os.getloadavg(),), file=sys.stderr, flush=True)
    with Cluster(executors=0) as cluster, \
            TaskFakeExecutors(cluster.controller_url, executors=EXECUTORS) as fake:
        wait_for(lambda: len(cluster.api.executors()) == EXECUTORS, 30, "simulated executors listed")
        epoch = EpochServer([cluster.controller_url],
                            config={"logging": {"level": "INFO"}, "timeZone": "UTC"})
        try:
            began = time.monotonic()
            create_topologies(epoch)
            print("%d topologies created in %.1f s" % (TOPOLOGIES, time.monotonic() - began),
                  file=sys.stderr, flush=True)
            start_s = int(time.time()) + 2
            highest_rss = watch_window(epoch, start_s)
            loadavg = os.getloadavg()
            done = lateness_in_window(epoch.log_path, start_s)
            successful = successful_runs(epoch, start_s)
        except BaseException:
            epoch.print_log()
            raise
        finally:
            epoch.stop()
            epoch.cleanup_dir()
        print("simulated executors: %d tasks started, %d task reports not delivered"
              % (fake.started_tasks, fake.undelivered_reports), file=sys.stderr, flush=True)
    lateness = sorted(done.values())
    expected = expected_fires(start_s)
    print("window %d s: %d of %d fires started on Drove, %d runs SUCCESSFUL, load %s"
          % (WINDOW_S, len(done), expected, successful, (loadavg,)), file=sys.stderr, flush=True)
    print(json.dumps({"topologies": TOPOLOGIES, "fires_expected": expected, "fires_done": len(done),
                      "fire_lateness_p50_ms": percentile(lateness, 50),
                      "fire_lateness_p99_ms": percentile(lateness, 99),
                      "epoch_rss_mb": round(highest_rss, 1),
                      "fire_lateness_max_ms": lateness[-1] if lateness else None,
                      "runs_successful": successful,
                      "loadavg_1m": round(loadavg[0], 2)}))


if __name__ == "__main__":
    main()

"""drove-epoch against a real controller and executor: cron topologies run as Drove tasks on real
containers (ESR- ids, exit code decides SUCCESSFUL/FAILED, no self-overlap), run now (EIR-) on
ACTIVE and PAUSED topologies, SKIPPED fires of a paused topology, kill, composites.

EpochServer (here, shared with test_epoch_api.py) starts build/orchestrator/drove-epoch by pid with a
generated epoch.yml on a free loopback port and stops it on stop()."""
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

from harness import ClusterTestCase, free_port, paths, specs
from harness.api import DroveApi, wait_for
from harness.cluster import deep_merge, tail

EPOCH_BIN = os.path.join(paths.BUILD_DIR, "orchestrator", "drove-epoch")
APP_NAME = "EPOCH_IT"
ESR_ID = re.compile(r"^ESR-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-000$")
EIR_ID = re.compile(r"^EIR-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-\d{3}$")
FAR_FUTURE_CRON = "0 0 0 1 1 ? 2099"


class EpochServer:
    """One drove-epoch process: `api` is a DroveApi as admin (READ_WRITE), `as_user` for others.

    env: extra environment variables (e.g. HOST, which names the node in a ZooKeeper election)."""

    def __init__(self, drove_urls, workdir=None, config=None, start=True, env=None):
        self.workdir = workdir or tempfile.mkdtemp(prefix="drove-epoch-it-")
        os.makedirs(self.workdir, exist_ok=True)
        self.env = dict(env or {})
        self.port = free_port()
        self.config_path = os.path.join(self.workdir, "epoch.yml")
        self.log_path = os.path.join(self.workdir, "epoch.log")
        self.popen = None
        base = {
            "server": {"applicationConnectors": [{"type": "http", "port": self.port,
                                                  "bindHost": "127.0.0.1"}]},
            "store": {"path": os.path.join(self.workdir, "epoch.db")},
            "drove": {"endpoints": list(drove_urls), "username": "admin", "password": "admin",
                      "appName": APP_NAME, "operationTimeout": "10s", "connectionTimeout": "2s",
                      "pollInterval": "1s", "rpcRetryInterval": "1s", "rpcRetryCount": 3},
            "userAuth": {"enabled": True, "users": [
                {"username": "admin", "password": "admin", "role": "READ_WRITE"},
                {"username": "guest", "password": "guest", "role": "READ_ONLY"}]},
            "logging": {"level": "DEBUG"},
        }
        with open(self.config_path, "w") as f:
            json.dump(deep_merge(base, config), f, indent=2)
        self.url = "http://127.0.0.1:%d" % self.port
        self.api = DroveApi(self.url)
        if start:
            self.start()

    def as_user(self, user, password):
        return self.api.as_user(user, password)

    def start(self, timeout=20):
        if not os.access(EPOCH_BIN, os.X_OK):
            raise AssertionError("drove-epoch not built: %s" % EPOCH_BIN)
        with open(self.log_path, "ab") as log:
            self.popen = subprocess.Popen([EPOCH_BIN, "--config", self.config_path],
                                          stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                          start_new_session=True,
                                          env=dict(os.environ, **self.env))

        def up():
            if self.popen.poll() is not None:
                raise AssertionError("drove-epoch exited with %s:\n%s"
                                     % (self.popen.returncode, tail(self.log_path)))
            try:
                return self.api.get("/apis/housekeeping/v1/leader")[0] == 200
            except OSError:
                return False

        wait_for(up, timeout, "drove-epoch answering on %s" % self.url)

    def stop(self):
        if self.popen is None:
            return None
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        code, self.popen = self.popen.returncode, None
        return code

    def kill(self):
        """SIGKILL, as a crash."""
        if self.popen is not None:
            self.popen.kill()
            self.popen.wait()
            self.popen = None

    def cleanup_dir(self):
        """Removes the work dir unless DROVE_KEEP_TMP is set."""
        if os.environ.get("DROVE_KEEP_TMP"):
            print("drove-epoch: kept work dir %s" % self.workdir)
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def print_log(self):
        print("---- drove-epoch (%s):\n%s" % (self.log_path, tail(self.log_path)))

    # --- API helpers ----------------------------------------------------------------------------
    def put(self, path, body=None):
        return self.api.request("PUT", path, body=body)

    def data(self, path):
        return self.api.data(path)

    def runs(self, topology):
        return self.data("/topologies/%s/runs" % topology) or []

    def run(self, topology, run_id):
        status, body = self.api.get("/topologies/%s/runs/%s" % (topology, run_id))
        if status == 200 and body.get("status") == "SUCCESS":
            return body["data"]
        return None

    def wait_run(self, topology, run_id, predicate, timeout, what):
        return wait_for(lambda: (lambda r: r if r and predicate(r) else None)(
            self.run(topology, run_id)), timeout, "%s/%s %s" % (topology, run_id, what))

    def wait_finished(self, topology, run_id, timeout=90):
        return self.wait_run(topology, run_id, lambda r: r["state"] != "RUNNING", timeout,
                             "finished")


class EpochLogOnFailure:
    """Test case mixin: prints the log of the EpochServer in attribute EPOCH_ATTR when a test fails."""

    EPOCH_ATTR = "server"

    def run(self, result=None):
        failures = len(result.failures) + len(result.errors) if result else 0
        result = super().run(result)
        server = getattr(self, self.EPOCH_ATTR, None)
        if result and len(result.failures) + len(result.errors) > failures and server:
            server.print_log()
        return result


class EpochServerTestCase(EpochLogOnFailure, unittest.TestCase):
    """Tests sharing one drove-epoch without a Drove: setUpClass sets cls.server (an EpochServer),
    which is stopped and its work dir removed after the class."""

    server = None

    @classmethod
    def tearDownClass(cls):
        if cls.server is not None:
            cls.server.stop()
            cls.server.cleanup_dir()
        super().tearDownClass()


def container_task(name="docker-task", iterations=1, sleep=0.1, exit_code=0):
    """An Epoch CONTAINER_EXECUTION task on the local task image (tests/images/task)."""
    return {
        "type": "CONTAINER_EXECUTION",
        "taskName": name,
        "executable": {"type": "DOCKER", "url": specs.TASK_IMAGE,
                       "dockerPullTimeout": "100 seconds"},
        "resources": [{"type": "CPU", "count": 1}, {"type": "MEMORY", "sizeInMB": 128}],
        "volumes": [],
        "placementPolicy": {"type": "ANY"},
        "tags": {},
        "env": {"ITERATIONS": str(iterations), "SLEEP": str(sleep), "EXIT_CODE": str(exit_code)},
    }


def topology(name, cron=FAR_FUTURE_CRON, task=None):
    return {"name": name, "task": task or container_task(),
            "trigger": {"type": "CRON", "timeSpec": cron}, "notify": {"type": "BLACKHOLE"}}


def fire_seconds(run_id):
    """Seconds field of an ESR-/EIR- id's fire time."""
    return int(run_id.split("-")[6])


def id_time(run_id):
    """The fire time of a run id as epoch seconds (ids are in the host zone, UTC here)."""
    return time.mktime(time.strptime("-".join(run_id.split("-")[1:7]), "%Y-%m-%d-%H-%M-%S"))


class EpochTest(EpochLogOnFailure, ClusterTestCase):
    CLUSTER_PER_CLASS = True
    EPOCH_ATTR = "epoch"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.epoch = EpochServer([cls.shared_cluster.controller_url])

    @classmethod
    def tearDownClass(cls):
        cls.epoch.stop()
        cls.epoch.cleanup_dir()
        super().tearDownClass()

    def create(self, spec):
        status, body = self.epoch.api.post("/topologies", spec)
        self.assertEqual(200, status, body)
        self.assertEqual("SUCCESS", body["status"], body)
        self.addCleanup(self.epoch.api.delete, "/topologies/" + spec["name"])
        return body["data"]

    def drove_task(self, task_id):
        return self.api.task_info(APP_NAME, task_id)

    def finished_runs(self, name):
        return [r for r in self.epoch.runs(name) if r["state"] != "RUNNING"]

    def test_cron_every_five_seconds_runs_three_times_as_drove_tasks(self):
        self.create(topology("every5", cron="0/5 * * ? * *"))
        runs = wait_for(lambda: (lambda r: r if len(r) >= 3 else None)(
            self.finished_runs("every5")), 60, "3 finished runs of every5")
        self.epoch.put("/topologies/every5/pause")
        for run in runs[:3]:
            self.assertRegex(run["runId"], ESR_ID)
            self.assertEqual(0, fire_seconds(run["runId"]) % 5, run["runId"])
            self.assertEqual(("SUCCESSFUL", "Task successful", "SCHEDULED"),
                             (run["state"], run["message"], run["runType"]), run)
            task = run["tasks"]["docker-task"]
            self.assertEqual("every5-%s-docker-task" % run["runId"], task["taskId"])
            self.assertEqual(task["taskId"], task["upstreamId"])
            self.assertEqual("COMPLETED", task["state"])
            info = self.drove_task(task["taskId"])
            self.assertIsNotNone(info, task["taskId"])
            self.assertEqual({"status": "SUCCESSFUL", "exitCode": 0}, info["taskResult"])
        self.assertEqual(len(runs), len({r["runId"] for r in runs}))
        updated = [r["updated"] for r in self.epoch.runs("every5")]
        self.assertEqual(sorted(updated, reverse=True), updated)  # newest first

    def test_non_zero_exit_code_fails_the_run(self):
        self.create(topology("exit3", cron="0/5 * * ? * *", task=container_task(exit_code=3)))
        run = wait_for(lambda: (self.finished_runs("exit3") or [None])[-1], 60,
                       "a finished run of exit3")
        self.epoch.put("/topologies/exit3/pause")
        self.assertEqual(("FAILED", "Task failed"), (run["state"], run["message"]), run)
        task = run["tasks"]["docker-task"]
        self.assertEqual("FAILED", task["state"])
        self.assertEqual({"status": "FAILED", "exitCode": 3},
                         self.drove_task(task["taskId"])["taskResult"])

    def test_a_run_still_going_is_not_doubled(self):
        # Each run takes ~12 s; the cron fires every 5 s.
        self.create(topology("slow", cron="0/5 * * ? * *",
                             task=container_task(iterations=12, sleep=1)))
        first = wait_for(lambda: (lambda r: r[-1] if r else None)(self.finished_runs("slow")),
                         90, "the first run of slow to finish")
        self.epoch.put("/topologies/slow/pause")
        self.assertEqual("SUCCESSFUL", first["state"], first)
        self.assertGreater(first["updated"] - first["created"], 10000, first)
        others = [r for r in self.epoch.runs("slow") if r["runId"] != first["runId"]]
        for other in others:  # nothing started while the first run went on
            self.assertGreaterEqual(other["created"], first["updated"], (first, other))
            self.assertGreaterEqual(id_time(other["runId"]), first["updated"] // 1000 - 1,
                                    (first, other))
        started = [r for r in self.epoch.runs("slow")
                   if self.drove_task(r["tasks"]["docker-task"]["taskId"]) is not None]
        self.assertLessEqual(len(started), 2)

    def test_run_now_works_on_active_and_paused_topologies(self):
        self.create(topology("adhoc"))
        for state in ("ACTIVE", "PAUSED"):
            if state == "PAUSED":
                status, body = self.epoch.put("/topologies/adhoc/pause")
                self.assertEqual("PAUSED", body["data"]["state"], body)
            status, body = self.epoch.put("/topologies/adhoc/run")
            self.assertEqual(200, status, body)
            run_id = body["data"]["runId"]
            self.assertRegex(run_id, EIR_ID)
            run = self.epoch.wait_finished("adhoc", run_id)
            self.assertEqual(("COMPLETED", "Task completed", "INSTANT"),
                             (run["state"], run["message"], run["runType"]), run)
            self.assertEqual("COMPLETED", run["tasks"]["docker-task"]["state"])
            task_id = run["tasks"]["docker-task"]["upstreamId"]
            link = self.epoch.data("/topologies/adhoc/runs/%s/tasks/docker-task/log" % run_id)
            self.assertEqual("%s/tasks/%s/%s" % (self.cluster.controller_url, APP_NAME, task_id),
                             link)

    def test_a_paused_topologys_fire_is_skipped(self):
        self.create(topology("paused", cron="0/5 * * ? * *"))
        status, body = self.epoch.put("/topologies/paused/pause")
        self.assertEqual("PAUSED", body["data"]["state"], body)
        run = wait_for(lambda: (self.epoch.runs("paused") or [None])[0], 15, "a run of paused")
        self.assertRegex(run["runId"], ESR_ID)
        self.assertEqual(("SKIPPED", "Task skipped", "SCHEDULED"),
                         (run["state"], run["message"], run["runType"]), run)
        self.assertIsNone(self.drove_task(run["tasks"]["docker-task"]["taskId"]))

    def test_kill_cancels_the_task_and_fails_the_run(self):
        self.create(topology("killme", task=container_task(iterations=600, sleep=1)))
        run_id = self.epoch.put("/topologies/killme/run")[1]["data"]["runId"]
        self.epoch.wait_run("killme", run_id,
                            lambda r: r["tasks"]["docker-task"]["state"] == "RUNNING", 60,
                            "task RUNNING")
        status, body = self.epoch.api.post(
            "/topologies/killme/runs/%s/tasks/docker-task/kill" % run_id)
        self.assertEqual(200, status, body)
        self.assertEqual({"success": True, "message": "Task cancel accepted"}, body["data"])
        run = self.epoch.wait_finished("killme", run_id, timeout=60)
        self.assertEqual("FAILED", run["state"], run)
        self.assertEqual("CANCELLED", run["tasks"]["docker-task"]["state"], run)
        info = self.drove_task(run["tasks"]["docker-task"]["taskId"])
        self.assertEqual("CANCELLED", info["taskResult"]["status"])

    def test_composite_all_stops_at_the_first_failed_child_and_any_at_the_first_success(self):
        children = [container_task("fails", exit_code=2), container_task("works"),
                    container_task("later")]
        self.create(topology("all", task={"type": "COMPOSITE", "tasks": children,
                                          "compositionType": "ALL"}))
        self.create(topology("any", task={"type": "COMPOSITE", "tasks": children,
                                          "compositionType": "ANY"}))
        all_id = self.epoch.put("/topologies/all/run")[1]["data"]["runId"]
        any_id = self.epoch.put("/topologies/any/run")[1]["data"]["runId"]
        run = self.epoch.wait_finished("all", all_id)
        self.assertEqual("FAILED", run["state"], run)
        self.assertEqual(["FAILED", "PENDING", "PENDING"],
                         [run["tasks"][n]["state"] for n in ("fails", "works", "later")])
        run = self.epoch.wait_finished("any", any_id)
        self.assertEqual("COMPLETED", run["state"], run)
        self.assertEqual(["FAILED", "COMPLETED", "PENDING"],
                         [run["tasks"][n]["state"] for n in ("fails", "works", "later")])

    def test_retention_keeps_num_runs_per_job_and_deletes_drove_task_metadata(self):
        epoch = EpochServer([self.cluster.controller_url],
                            config={"options": {"numRunsPerJob": 2, "cleanupJobInterval": "2s"}})
        self.addCleanup(epoch.cleanup_dir)
        self.addCleanup(epoch.stop)
        status, body = epoch.api.post("/topologies", topology("kept"))
        self.assertEqual("SUCCESS", body["status"], body)
        run_ids = []
        for _ in range(4):
            run_ids.append(epoch.put("/topologies/kept/run")[1]["data"]["runId"])
            epoch.wait_finished("kept", run_ids[-1])
        task_ids = ["kept-%s-docker-task" % r for r in run_ids]
        kept = wait_for(lambda: (lambda r: r if len(r) == 2 else None)(epoch.runs("kept")), 30,
                        "retention down to 2 runs")
        self.assertEqual(set(run_ids[2:]), {r["runId"] for r in kept})
        for task_id in task_ids[:2]:
            self.assertIsNone(self.drove_task(task_id), task_id)
        for task_id in task_ids[2:]:
            self.assertIsNotNone(self.drove_task(task_id), task_id)

    def test_a_restarted_epoch_finishes_a_running_run_under_its_id_without_a_second_task(self):
        epoch = EpochServer([self.cluster.controller_url])
        self.addCleanup(epoch.cleanup_dir)
        self.addCleanup(epoch.stop)
        status, body = epoch.api.post("/topologies", topology(
            "crash", task=container_task(iterations=8, sleep=1)))
        self.assertEqual("SUCCESS", body["status"], body)
        run_id = epoch.put("/topologies/crash/run")[1]["data"]["runId"]
        epoch.wait_run("crash", run_id, lambda r: r["tasks"]["docker-task"]["state"] == "RUNNING",
                       60, "task RUNNING")
        epoch.kill()
        epoch.start()
        run = epoch.wait_finished("crash", run_id, timeout=60)
        self.assertEqual(("COMPLETED", "INSTANT"), (run["state"], run["runType"]), run)
        task_id = run["tasks"]["docker-task"]["taskId"]
        self.assertEqual({"status": "SUCCESSFUL", "exitCode": 0},
                         self.drove_task(task_id)["taskResult"])
        with open(epoch.log_path) as f:
            log = f.read()
        self.assertIn('msg="resuming run" topologyId=crash runId=%s' % run_id, log)
        self.assertEqual(1, log.count('msg="task started on drove" topologyId=crash'), log)

    def test_an_at_topology_fires_once_at_its_time_and_not_again_after_a_restart(self):
        epoch = EpochServer([self.cluster.controller_url])
        self.addCleanup(epoch.cleanup_dir)
        self.addCleanup(epoch.stop)
        at = int(time.time() * 1000) + 4000
        spec = topology("once")
        spec["trigger"] = {"type": "AT", "time": at}
        status, body = epoch.api.post("/topologies", spec)
        self.assertEqual("SUCCESS", body["status"], body)
        while time.time() * 1000 < at - 500:  # nothing before its time
            self.assertEqual([], epoch.runs("once"))
            time.sleep(0.2)
        runs = wait_for(lambda: epoch.runs("once"), 10, "the AT run")
        self.assertEqual(1, len(runs), runs)
        expected_id = "ESR-" + time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime(at // 1000)) + \
            "-%03d" % (at % 1000)
        self.assertEqual(expected_id, runs[0]["runId"])
        self.assertEqual("COMPLETED", epoch.wait_finished("once", expected_id)["state"])
        epoch.stop()
        epoch.start()
        deadline = time.monotonic() + 3  # a restarted node does not fire it again
        while time.monotonic() < deadline:
            self.assertEqual([expected_id], [r["runId"] for r in epoch.runs("once")])
            time.sleep(0.2)


if __name__ == "__main__":
    unittest.main()

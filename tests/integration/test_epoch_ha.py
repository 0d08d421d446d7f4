"""drove-epoch HA on a real 3-node ZooKeeper ensemble: two drove-epoch nodes elect a leader under
/epoch/leader-selection, the follower forwards every API call to the leader, topologies and runs
are znodes in Epoch's layout, and a SIGKILLed leader's RUNNING run is finished by the other node
under the same run id without a second Drove task, while the cron schedule goes on (the fire due
during the election run late, once). A leader cut off from the quorum stops at once and leads again
when it is back. Also: a bad or unreachable zookeeper.connectionString stops drove-epoch at start
with one line.

Drove itself (one controller, one executor, real containers) runs on SQLite: only Epoch is HA here.
Needs the Debian `zookeeper` package and a JRE (skipped without them)."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request

from harness import ClusterTestCase, free_port
from harness.api import wait_for
from harness.zookeeper import Ensemble, ZkClient
from test_epoch import APP_NAME, EPOCH_BIN, EpochServer, container_task, topology
from test_zookeeper_harness import _zookeeper_missing

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
LOCK_NODE = re.compile(r"^_c_%s-lock-\d{10}$" % UUID)  # Curator's protected lock node
SESSION_TIMEOUT = "2s"  # the tests' ensemble has tickTime 500 ms: sessions of 1-10 s


@unittest.skipIf(_zookeeper_missing(), _zookeeper_missing() or "")
class EpochHaTest(ClusterTestCase):
    CLUSTER_OPTIONS = dict(executors=1)

    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="drove-epoch-ha-")  # removed by run()
        self.zk = Ensemble(size=3, tick_ms=500, workdir=os.path.join(self.workdir, "zookeeper"))
        self.addCleanup(self.zk.stop)
        super().setUp()
        self.zkc = ZkClient(self.zk.connection_string)
        self.addCleanup(self.zkc.close)
        self.nodes = []

    def run(self, result=None):
        before = len(result.failures) + len(result.errors) if result else 0
        result = super().run(result)  # cleanups included: every process is stopped by now
        failed = result is not None and len(result.failures) + len(result.errors) > before
        for node in getattr(self, "nodes", []) if failed else []:
            node.print_log()
        workdir = getattr(self, "workdir", None)
        if workdir and (failed or os.environ.get("DROVE_KEEP_TMP")):
            print("drove-epoch HA: kept work dir %s" % workdir)
        elif workdir:
            shutil.rmtree(workdir, ignore_errors=True)  # the one this test made, by its path
        return result

    def epoch_node(self, name):
        """A drove-epoch on the ensemble, named http://127.0.0.1:<port> in the election."""
        admin_port = free_port()
        config = {"zookeeper": {"connectionString": self.zk.connection_string, "nameSpace": "epoch",
                                "sessionTimeout": SESSION_TIMEOUT, "connectTimeout": "10s"},
                  "server": {"adminConnectors": [{"type": "http", "port": admin_port}]},
                  "options": {"cleanupJobInterval": "1h"}}
        node = EpochServer([self.cluster.controller_url], workdir=os.path.join(self.workdir, name),
                           config=config, env={"HOST": "127.0.0.1"}, start=False)
        node.admin_url = "http://127.0.0.1:%d" % admin_port
        self.nodes.append(node)
        self.addCleanup(node.stop)
        node.start(timeout=30)
        return node

    def leader_of(self, node):
        status, body = node.api.get("/apis/housekeeping/v1/leader")
        return body.get("leader") if status == 200 and isinstance(body, dict) else None

    def health(self, node):
        try:
            with urllib.request.urlopen(node.admin_url + "/healthcheck", timeout=5) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def drove_task(self, task_id):
        return self.api.task_info(APP_NAME, task_id)

    def log_of(self, node):
        with open(node.log_path) as f:
            return f.read()

    def test_follower_forwards_calls_and_a_new_leader_finishes_the_run_without_a_second_start(self):
        a = self.epoch_node("a")
        wait_for(lambda: self.leader_of(a) == a.url, 20, "node a leading")
        b = self.epoch_node("b")
        self.assertEqual(a.url, self.leader_of(b))  # b forwards the housekeeping call to a

        # Writes through the follower land on the leader; reads through it come from the leader.
        spec = topology("hajob", task=container_task(iterations=15, sleep=1))
        status, body = b.api.post("/topologies", spec)
        self.assertEqual((200, "SUCCESS"), (status, body["status"]), body)
        self.assertEqual("hajob", a.data("/topologies/hajob")["id"])
        self.assertEqual(a.data("/topologies/hajob"), b.data("/topologies/hajob"))
        status, body = b.api.post("/topologies", spec)  # the leader's quirky answer, passed through
        self.assertEqual((200, "FAILED"), (status, body["status"]), body)
        status, body = b.as_user(None, None).get("/apis/v1/topologies")  # the leader authenticates
        self.assertEqual(401, status, body)
        status, body = b.as_user("guest", "guest").request("PUT", "/apis/v1/topologies/hajob/pause")
        self.assertEqual(403, status, body)
        # A call another node forwarded is never forwarded again: Epoch's 500 for "no leader".
        status, body = b.api.request("GET", "/apis/v1/topologies",
                                     headers={"X-Epoch-Forwarded": "true"})
        self.assertEqual((500, {"status": "FAILED", "message": "No leader found in epoch cluster"}),
                         (status, body))
        tick = topology("tick", cron="0/5 * * ? * *", task=container_task(sleep=0.1))
        self.assertEqual("SUCCESS", b.api.post("/topologies", tick)[1]["status"])

        # Epoch's znodes: the topology, the election nodes (lowest = a's URL).
        stored = json.loads(self.zkc.get("/epoch/topologies/hajob")[0])
        self.assertEqual(("hajob", "hajob", "ACTIVE"),
                         (stored["id"], stored["topology"]["name"], stored["state"]), stored)
        candidates = self.zkc.children("/epoch/leader-selection")
        self.assertEqual(2, len(candidates), candidates)
        for name in candidates:
            self.assertRegex(name, LOCK_NODE)
        lowest = min(candidates, key=lambda n: n[-10:])
        self.assertEqual(a.url.encode(), self.zkc.get("/epoch/leader-selection/" + lowest)[0])

        # A run started through the follower, RUNNING on Drove, then the leader dies.
        wait_for(lambda: [r for r in b.runs("tick") if r["state"] != "RUNNING"], 30,
                 "a finished tick run before the kill")
        status, body = b.put("/topologies/hajob/run")
        self.assertEqual((200, "SUCCESS"), (status, body["status"]), body)
        run_id = body["data"]["runId"]
        running = a.wait_run("hajob", run_id,
                             lambda r: r["tasks"]["docker-task"]["state"] == "RUNNING", 60,
                             "task RUNNING")
        task_id = running["tasks"]["docker-task"]["taskId"]
        instance_id = self.drove_task(task_id)["instanceId"]
        self.assertTrue(instance_id.startswith("TI-"), instance_id)
        stored = json.loads(self.zkc.get("/epoch/runs/hajob/" + run_id)[0])
        self.assertEqual(("RUNNING", run_id), (stored["state"], stored["runId"]), stored)

        def just_before_a_tick():  # no tick run going, and the next fire 0.6-1 s away
            runs = b.runs("tick")
            return 4.0 <= time.time() % 5 < 4.4 and all(r["state"] != "RUNNING" for r in runs)

        wait_for(just_before_a_tick, 30, "a quiet moment just before a tick fire", interval=0.05)
        a.kill()
        killed_at = time.time()
        missed_id = "ESR-%s-000" % time.strftime("%Y-%m-%d-%H-%M-%S",
                                                 time.gmtime((int(killed_at) // 5 + 1) * 5))
        answers = []

        def b_leads():
            status, body = b.api.get("/topologies/hajob")
            answers.append((status, body))
            return self.leader_of(b) == b.url

        wait_for(b_leads, 30, "node b leading after a was killed", interval=0.1)
        took_over_at = time.time()
        for status, body in answers:  # meanwhile: the leader's answer or Epoch's 500s
            if status == 200:
                self.assertEqual("SUCCESS", body["status"], body)
            else:
                self.assertEqual(500, status, body)
                self.assertEqual("FAILED", body["status"], body)
                self.assertTrue(body["message"] == "No leader found in epoch cluster" or
                                body["message"].startswith("Error proxying request due to error: "),
                                body)
        self.assertEqual(["hajob", "tick"], sorted(t["id"] for t in b.data("/topologies")))

        # b finishes the run under its id, following the task a started: one Drove task instance.
        run = b.wait_finished("hajob", run_id, timeout=60)
        self.assertEqual(("COMPLETED", "INSTANT", run_id),
                         (run["state"], run["runType"], run["runId"]))
        info = self.drove_task(task_id)
        self.assertEqual({"status": "SUCCESSFUL", "exitCode": 0}, info["taskResult"])
        self.assertEqual(instance_id, info["instanceId"])
        log_b = self.log_of(b)
        self.assertIn('msg="resuming run" topologyId=hajob runId=%s' % run_id, log_b)
        self.assertEqual(0, log_b.count('msg="task started on drove" topologyId=hajob'), log_b)
        self.assertEqual(1, self.log_of(a).count('msg="task started on drove" topologyId=hajob'))
        stored = json.loads(self.zkc.get("/epoch/runs/hajob/" + run_id)[0])
        self.assertEqual("COMPLETED", stored["state"], stored)

        # The fire due while nobody led (b's election takes a session timeout) is run late by b,
        # once; then the schedule goes on under b, each fire once.
        missed = b.wait_finished("tick", missed_id, timeout=30)
        self.assertEqual("SUCCESSFUL", missed["state"], missed)
        self.assertIn('msg="running a missed fire" topologyId=tick runId=%s' % missed_id,
                      self.log_of(b))
        self.assertNotIn(missed_id, self.log_of(a))
        wait_for(lambda: [r for r in b.runs("tick")
                          if r["state"] != "RUNNING" and r["created"] / 1000 > took_over_at and
                          r["runId"] != missed_id], 30, "a tick run fired on time by b")
        b.put("/topologies/tick/pause")
        ticks = b.runs("tick")
        self.assertEqual(len(ticks), len({r["runId"] for r in ticks}))
        self.assertEqual(sorted(r["runId"] for r in ticks),
                         sorted(self.zkc.children("/epoch/runs/tick")))
        self.assertEqual([b.url.encode()], [self.zkc.get("/epoch/leader-selection/" + n)[0]
                                            for n in self.zkc.children("/epoch/leader-selection")])
        self.assertEqual((200, {"healthy": True}),
                         (lambda h: (h[0], h[1]["zk-connection"]))(self.health(b)))
        print("epoch HA: b led %.1f s after a was killed" % (took_over_at - killed_at))

    def test_a_leader_cut_off_from_zookeeper_stops_scheduling_at_once_and_leads_again_after(self):
        a = self.epoch_node("a")
        wait_for(lambda: self.leader_of(a) == a.url, 20, "node a leading")
        tick = topology("tick", cron="0/5 * * ? * *", task=container_task(sleep=0.1))
        self.assertEqual("SUCCESS", a.api.post("/topologies", tick)[1]["status"])
        wait_for(lambda: [r for r in a.runs("tick") if r["state"] != "RUNNING"], 30,
                 "a finished tick run")

        self.zk.kill_quorum()
        cut_at = time.time()
        no_leader = (500, {"status": "FAILED", "message": "No leader found in epoch cluster"})
        wait_for(lambda: a.api.get("/topologies") == no_leader, 10, "node a no longer serving")
        self.assertLess(time.time() - cut_at, 3)  # its lease is half the 2 s session
        # Stay cut off across at least one fire time, then bring the quorum back.
        wait_for(lambda: time.time() - cut_at > 6, 10, "6 s without a quorum")
        self.zk.start(timeout=60)
        wait_for(lambda: self.leader_of(a) == a.url, 30, "node a leading again")
        wait_for(lambda: [r for r in a.runs("tick")
                          if r["state"] != "RUNNING" and r["created"] / 1000 > cut_at + 6], 30,
                 "a tick run after the quorum came back")

        lines = self.log_of(a).splitlines()
        lost = next(i for i, line in enumerate(lines) if 'msg="lost leadership"' in line)
        back = next(i for i, line in enumerate(lines)
                    if i > lost and 'msg="elected leader"' in line)
        self.assertIn('msg="scheduling stopped"', "\n".join(lines[lost:back]))
        started = [line for line in lines[lost:back]
                   if 'msg="run started"' in line or 'msg="task started on drove"' in line]
        self.assertEqual([], started)  # nothing fired while it could not prove it led


class EpochZookeeperStartTest(unittest.TestCase):
    """No ensemble needed: drove-epoch must refuse to start, with one line saying why."""

    def start_with(self, connection_string, timeout=30):
        workdir = tempfile.mkdtemp(prefix="drove-epoch-zk-start-")
        self.addCleanup(shutil.rmtree, workdir, True)
        node = EpochServer(["http://127.0.0.1:1"], workdir=workdir, start=False, config={
            "zookeeper": {"connectionString": connection_string, "connectTimeout": "2s"}})
        if not os.access(EPOCH_BIN, os.X_OK):
            raise AssertionError("drove-epoch not built: %s" % EPOCH_BIN)
        started = time.monotonic()
        done = subprocess.run([EPOCH_BIN, "--config", node.config_path], stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)
        return done.returncode, done.stderr.strip().splitlines(), time.monotonic() - started

    def test_a_bad_connection_string_is_refused_with_its_key(self):
        code, lines, _ = self.start_with("zk-without-port")
        self.assertEqual(2, code, lines)
        self.assertEqual(1, len(lines), lines)
        self.assertIn('epoch.yml:zookeeper.connectionString: bad connection string '
                      '"zk-without-port"', lines[0])

    def test_an_unreachable_ensemble_stops_the_start_with_one_line(self):
        port = free_port()
        code, lines, took = self.start_with("127.0.0.1:%d" % port)
        self.assertEqual(1, code, lines)
        errors = [line for line in lines if " msg=" not in line]  # besides key=value log lines
        self.assertEqual(1, len(errors), lines)
        self.assertIn('zookeeper: no server of "127.0.0.1:%d" answered within 2000 ms' % port,
                      errors[0])
        self.assertLess(took, 15, lines)


if __name__ == "__main__":
    unittest.main()

"""The native `epoch` CLI (build/orchestrator/epoch) against a real drove-epoch, a real controller
and executor, and real containers: every topology, runs and cluster command, its HTTP effect and its
output in epoch-cli's formats, the ~/.epoch file (DEFAULT and named sections, -f, -c), and the exit
code and single stderr line of errors (epoch-cli exits 0 there; we do not, see docs/epoch.md).

drove-epoch is test_epoch.py's EpochServer (admin/admin READ_WRITE, guest/guest READ_ONLY)."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from harness import ClusterTestCase, free_port, paths
from harness.api import wait_for
from test_epoch import APP_NAME, EIR_ID, EpochLogOnFailure, EpochServer, container_task, topology

EPOCH_CLI = os.path.join(paths.BUILD_DIR, "orchestrator", "epoch")
ROW_DATE = r"\d\d/\d\d/\d{4}, \d\d:\d\d:\d\d"


class EpochCliTest(EpochLogOnFailure, ClusterTestCase):
    EPOCH_ATTR = "epoch"
    CLUSTER_PER_CLASS = True

    @classmethod
    def setUpClass(cls):
        if not os.access(EPOCH_CLI, os.X_OK):
            raise AssertionError("epoch CLI not built: %s" % EPOCH_CLI)
        super().setUpClass()
        cls.epoch = EpochServer([cls.shared_cluster.controller_url])
        # HOME for the CLI: its ~/.epoch names the server in DEFAULT and a read-only user.
        cls.home = tempfile.mkdtemp(prefix="drove-epoch-cli-it-")
        with open(os.path.join(cls.home, ".epoch"), "w") as f:
            f.write("[DEFAULT]\nendpoint = %s/\nusername = admin\npassword = admin\n\n"
                    "[guest]\nusername = guest\npassword = guest\n" % cls.epoch.url)

    @classmethod
    def tearDownClass(cls):
        cls.epoch.stop()
        cls.epoch.cleanup_dir()
        shutil.rmtree(cls.home, ignore_errors=True)
        super().tearDownClass()

    # --- helpers --------------------------------------------------------------------------------
    def cli(self, *args, rc=0):
        """Runs `epoch ARGS` with HOME holding the class's ~/.epoch; checks the exit code."""
        done = subprocess.run([EPOCH_CLI] + list(args), capture_output=True, text=True, timeout=60,
                              env=dict(os.environ, HOME=self.home, TZ="UTC"))
        self.assertEqual(rc, done.returncode, "epoch %s\nstdout: %s\nstderr: %s"
                         % (" ".join(args), done.stdout, done.stderr))
        if rc == 0:
            self.assertEqual("", done.stderr)
        return done.stdout, done.stderr

    def spec_file(self, spec):
        fd, path = tempfile.mkstemp(prefix="epoch-cli-spec-", suffix=".json", dir=self.home)
        with os.fdopen(fd, "w") as f:
            json.dump(spec, f)
        self.addCleanup(os.remove, path)
        return path

    def create(self, spec):
        out, _ = self.cli("topology", "create", self.spec_file(spec))
        self.assertEqual("Topology created : %s\n" % spec["name"], out)
        self.addCleanup(self.epoch.api.delete, "/topologies/" + spec["name"])

    # --- tests ----------------------------------------------------------------------------------
    def test_topology_create_list_get_update_pause_unpause_delete(self):
        self.create(topology("cli-life", cron="0 0 0 1 1 ? 2099"))
        out, _ = self.cli("topology", "list")
        lines = out.splitlines()
        self.assertRegex(lines[0], r"^Id\s+Cron\s+State\s+CPU\s+Memory\s+Created\s+Updated\s*$")
        self.assertRegex(lines[1], r"^[- ]+$")
        self.assertTrue(any(re.match(r"^cli-life\s+0 0 0 1 1 \? 2099\s+ACTIVE\s+1\s+128\s+%s\s+%s$"
                                     % (ROW_DATE, ROW_DATE), line) for line in lines[2:]), out)

        out, _ = self.cli("topology", "get", "cli-life")
        self.assertTrue(out.startswith("Id                            cli-life\n"
                                       "Topology                      \n"
                                       "    name                          cli-life\n"
                                       "    task                          \n"
                                       "        type                          CONTAINER_EXECUTION\n"),
                        out)
        self.assertIn("\n        resources                     \n"
                      "            type                          CPU\n"
                      "            count                         1\n"
                      "            type                          MEMORY\n", out)
        self.assertRegex(out, r"\nState                         ACTIVE\nCreated                       "
                              r"%s\nUpdated                       %s\n$" % (ROW_DATE, ROW_DATE))

        out, _ = self.cli("topology", "update",
                          self.spec_file(topology("cli-life", cron="0 0 0 2 1 ? 2099")))
        self.assertEqual("Topology updated : cli-life\n", out)
        self.assertEqual("0 0 0 2 1 ? 2099", self.epoch.data("/topologies/cli-life")
                         ["topology"]["trigger"]["timeSpec"])

        for action, state in (("pause", "PAUSED"), ("unpause", "ACTIVE")):
            out, _ = self.cli("topology", action, "cli-life")
            self.assertTrue(out.startswith('{\n    "id": "cli-life",\n    "topology": {\n'), out)
            self.assertEqual(state, json.loads(out)["state"])

        out, _ = self.cli("topology", "delete", "cli-life")
        self.assertEqual("true\n", out)
        out, err = self.cli("topology", "get", "cli-life", rc=1)
        self.assertEqual(("", "Epoch CLI error: No such topology: cli-life\n"), (out, err))

    def test_composite_and_at_topologies_list_without_crashing(self):
        self.create(topology("cli-composite", task={"type": "COMPOSITE", "compositionType": "ALL",
                                                    "tasks": [container_task()]}))
        at = topology("cli-at")
        at["trigger"] = {"type": "AT", "time": 4102444800000}  # 2100-01-01
        self.create(at)
        out, _ = self.cli("topology", "list")
        self.assertRegex(out, r"\ncli-composite\s+0 0 0 1 1 \? 2099\s+ACTIVE\s+%s\s+%s\n"
                              % (ROW_DATE, ROW_DATE))
        self.assertRegex(out, r"\ncli-at\s+ACTIVE\s+1\s+128\s+%s\s+%s\n" % (ROW_DATE, ROW_DATE))

    def test_run_now_then_runs_list_get_and_log(self):
        self.create(topology("cli-run"))
        out, _ = self.cli("topology", "run", "cli-run")
        run_id = json.loads(out)["runId"]
        self.assertRegex(run_id, EIR_ID)
        self.assertEqual('{\n    "runId": "%s"\n}\n' % run_id, out)
        self.epoch.wait_finished("cli-run", run_id)

        out, _ = self.cli("runs", "list", "cli-run")
        lines = out.splitlines()
        self.assertRegex(lines[0], r"^TopologyId\s+RunId\s+State\s+runType\s+Created\s+Updated$")
        self.assertRegex(lines[2], r"^cli-run\s+%s\s+COMPLETED\s+INSTANT\s+\d{13}\s+\d{13}$"
                         % run_id)

        out, _ = self.cli("runs", "get", "cli-run", run_id)
        task_id = "cli-run-%s-docker-task" % run_id
        self.assertTrue(out.startswith(
            "topologyId                    cli-run\n"
            "runId                         %s\n"
            "state                         COMPLETED\n"
            "message                       Task completed\n"
            "tasks                         \n"
            "    docker-task                   \n"
            "        taskId                        %s\n"
            "        state                         COMPLETED\n" % (run_id, task_id)), out)
        self.assertRegex(out, r"\nrunType                       INSTANT\ncreated                       "
                              r"\d{13}\nupdated                       \d{13}\n$")

        out, _ = self.cli("runs", "log", "cli-run", run_id, "docker-task")
        self.assertEqual('"%s/tasks/%s/%s"\n' % (self.cluster.controller_url, APP_NAME, task_id), out)

        out, err = self.cli("runs", "get", "cli-run", "EIR-nope", rc=1)
        self.assertEqual("Epoch CLI error: Not run exists for cli-run/EIR-nope\n", err)

    def test_kill_cancels_a_running_task(self):
        self.create(topology("cli-kill", task=container_task(iterations=600, sleep=1)))
        run_id = json.loads(self.cli("topology", "run", "cli-kill")[0])["runId"]
        self.epoch.wait_run("cli-kill", run_id,
                            lambda r: r["tasks"]["docker-task"]["state"] == "RUNNING", 60,
                            "task RUNNING")
        out, _ = self.cli("runs", "kill", "cli-kill", run_id, "docker-task")
        self.assertEqual("{'success': True, 'message': 'Task cancel accepted'}\n", out)
        run = self.epoch.wait_finished("cli-kill", run_id, timeout=60)
        self.assertEqual(("FAILED", "CANCELLED"), (run["state"], run["tasks"]["docker-task"]["state"]))
        out, err = self.cli("runs", "kill", "cli-kill", run_id, "no-such-task", rc=1)
        self.assertEqual("Epoch CLI error: No task exists for cli-kill/%s/no-such-task\n" % run_id, err)

    def test_config_file_sections_and_their_errors(self):
        self.create(topology("cli-config"))
        out, _ = self.cli("-d", "topology", "list")  # ~/.epoch [DEFAULT]
        self.assertEqual("Endpoint: %s Username: True Password: True AuthHeader: False "
                         "Insecure: False" % self.epoch.url, out.splitlines()[0])
        out, _ = self.cli("-c", "guest", "runs", "list", "cli-config")  # READ_ONLY may read
        out, err = self.cli("-c", "guest", "topology", "pause", "cli-config", rc=1)
        self.assertEqual(("", "Epoch CLI error: Epoch call failed with status code: 403\n"),
                         (out, err))
        other = os.path.join(self.home, "other.ini")
        with open(other, "w") as f:
            f.write("[DEFAULT]\nuser = admin\n\n[prod]\nendpoint = %s\nusername = %%(user)s\n"
                    "password = admin\n" % self.epoch.url)
        self.addCleanup(os.remove, other)
        out, _ = self.cli("-f", other, "-c", "prod", "topology", "pause", "cli-config")
        self.assertEqual("PAUSED", json.loads(out)["state"])
        _, err = self.cli("-f", other, "-c", "stage", "topology", "list", rc=1)
        self.assertEqual("error: No cluster definition found for stage in config %s\n" % other, err)
        missing = os.path.join(self.home, "missing.ini")
        _, err = self.cli("-f", missing, "topology", "list", rc=1)
        self.assertEqual("Error: Config file %s is not present or readable\n" % missing, err)

    def test_errors_exit_non_zero_with_one_stderr_line(self):
        out, err = self.cli("-e", self.epoch.url, "-u", "admin", "-p", "wrong", "topology", "list",
                            rc=1)
        self.assertEqual(("", "Epoch CLI error: Credentials are required to access this resource.\n"),
                         (out, err))
        _, err = self.cli("-e", "http://127.0.0.1:%d" % free_port(), "topology", "list", rc=1)
        self.assertTrue(err.startswith("Epoch CLI error: Error connecting to endpoint http://127.0.0.1:"),
                        err)
        self.assertEqual(1, err.count("\n"), err)
        _, err = self.cli("topology", "update", self.spec_file(topology("cli-absent")), rc=1)
        self.assertTrue(err.startswith("Epoch CLI error: Epoch call failed with status code: 404, "
                                       "error: {"), err)
        self.assertIn("[3004]: Topology not found: cli-absent", err)
        _, err = self.cli("topology", "get", rc=2)
        self.assertIn("the following arguments are required: topo-id", err)

    def test_cluster_leader_export_import_and_pause_all(self):
        out, _ = self.cli("cluster", "leader")
        self.assertRegex(out, r"^\{'leader': 'http://[^']+'\}\n$")
        self.create(topology("cli-export"))
        base = os.path.join(self.home, "export")
        self.cli("cluster", "export", base)
        self.addCleanup(os.remove, base + ".json")
        with open(base + ".json") as f:
            exported = json.load(f)
        self.assertIn("cli-export", [t["id"] for t in exported])
        # Re-import only this one (other tests' topologies may still exist: they would be refused).
        only = os.path.join(self.home, "only.json")
        with open(only, "w") as f:
            json.dump([t for t in exported if t["id"] == "cli-export"], f)
        self.addCleanup(os.remove, only)
        self.epoch.api.delete("/topologies/cli-export")
        out, _ = self.cli("cluster", "import", only, "--paused", "true")
        self.assertEqual("Topology created : cli-export\n", out)
        self.assertEqual("PAUSED", self.epoch.data("/topologies/cli-export")["state"])
        out, _ = self.cli("cluster", "pause-all")
        self.assertIn("Topology paused : cli-export\n", out)


if __name__ == "__main__":
    unittest.main()

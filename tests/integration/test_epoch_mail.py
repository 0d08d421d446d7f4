"""drove-epoch's run mails and /metrics against a real controller, executor and containers, and a
real SMTP server (aiosmtpd, Debian's python3-aiosmtpd) that the test starts and reads back.

A failing AT topology sends exactly one mail, with Epoch's subject and body, to the topology's
MAIL recipients; with disableForSuccessfulRuns a SUCCESSFUL cron run sends none, while a COMPLETED
run-now still mails defaultEmails (the topology is BLACKHOLE). /metrics on the admin connector
shows the runs, the fire lateness and the topology gauges; without an admin connector it is on
the application port behind Basic auth."""
import email
import email.policy
import json
import os
import signal
import socket
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request

from harness import ClusterTestCase, free_port
from harness.api import wait_for
from test_epoch import EpochLogOnFailure, EpochServer, container_task, topology
from test_metrics import promtool_accepts

# The sink runs in its own interpreter (the one that has aiosmtpd) and appends one JSON line per
# message: envelope sender, envelope recipients, and the message text.
SINK = r"""
import json, signal, sys, threading
from aiosmtpd.controller import Controller

class Handler:
    async def handle_DATA(self, server, session, envelope):
        with open(sys.argv[2], "a") as f:
            f.write(json.dumps({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                                "data": envelope.content.decode("utf-8", "replace")}) + "\n")
        return "250 Message accepted for delivery"

controller = Controller(Handler(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
stop.wait()
controller.stop()
"""

DEFAULT_EMAILS = ["ops@example.com"]
FAIL_EMAILS = ["dev@example.com", "lead@example.com"]


def aiosmtpd_python():
    """This interpreter when it can import aiosmtpd, else Debian's (a pyenv python cannot)."""
    try:
        import aiosmtpd  # noqa: F401
        return sys.executable
    except ImportError:
        return "/usr/bin/python3"


class SmtpSink:
    """A local SMTP server on a free loopback port; messages() returns what it received."""

    def __init__(self, workdir):
        self.port = free_port()
        self.path = os.path.join(workdir, "smtp-sink.jsonl")
        self.log_path = os.path.join(workdir, "smtp-sink.log")
        with open(self.log_path, "ab") as log:
            self.popen = subprocess.Popen([aiosmtpd_python(), "-c", SINK, str(self.port), self.path],
                                          stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                          start_new_session=True)
        wait_for(self._listening, 15, "SMTP sink on 127.0.0.1:%d" % self.port)

    def _listening(self):
        if self.popen.poll() is not None:
            raise AssertionError("SMTP sink exited: %s" % open(self.log_path).read())
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def messages(self):
        if not os.path.exists(self.path):
            return []
        out = []
        with open(self.path) as f:
            for line in f:
                record = json.loads(line)
                record["message"] = email.message_from_string(record["data"],
                                                              policy=email.policy.default)
                out.append(record)
        return out

    def about(self, topology_id):
        return [m for m in self.messages()
                if m["message"]["Subject"].startswith("Topology run %s/" % topology_id)]

    def stop(self):
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


def scrape(url, auth=None):
    """(status, text) of GET url."""
    request = urllib.request.Request(url, headers={"Authorization": auth} if auth else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def series(text, name):
    """The value of the series `name` (with its labels) in a Prometheus text, or None."""
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    return None


class EpochMailTest(EpochLogOnFailure, ClusterTestCase):
    EPOCH_ATTR = "epoch"
    CLUSTER_PER_CLASS = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin_port = free_port()
        cls.epoch = EpochServer([cls.shared_cluster.controller_url], start=False)
        cls.sink = SmtpSink(cls.epoch.workdir)
        config = {
            "server": {"adminConnectors": [{"type": "http", "port": cls.admin_port,
                                            "bindHost": "127.0.0.1"}]},
            "notify": {"type": "MAIL", "smtpServer": "127.0.0.1", "port": cls.sink.port,
                       "tls": False, "defaultEmails": DEFAULT_EMAILS, "fromName": "Epoch IT",
                       "fromAddress": "epoch@example.com", "disableForSuccessfulRuns": True},
        }
        with open(cls.epoch.config_path) as f:
            base = json.load(f)
        base["server"].update(config["server"])
        base["notify"] = config["notify"]
        with open(cls.epoch.config_path, "w") as f:
            json.dump(base, f, indent=2)
        cls.epoch.start()
        cls.metrics_url = "http://127.0.0.1:%d/metrics" % cls.admin_port

    @classmethod
    def tearDownClass(cls):
        cls.epoch.stop()
        cls.sink.stop()
        cls.epoch.cleanup_dir()
        super().tearDownClass()

    def create(self, spec):
        status, body = self.epoch.api.post("/topologies", spec)
        self.assertEqual((200, "SUCCESS"), (status, body.get("status")), body)
        self.addCleanup(self.epoch.api.delete, "/topologies/" + spec["name"])

    def test_a_failed_run_mails_its_recipients_once_and_shows_in_metrics(self):
        at = int(time.time() * 1000) + 4000
        spec = topology("mailfail", task=container_task(exit_code=3))
        spec["trigger"] = {"type": "AT", "time": at}
        spec["notify"] = {"type": "MAIL", "emails": FAIL_EMAILS}
        self.create(spec)
        run = wait_for(lambda: (self.epoch.runs("mailfail") or [None])[0], 30, "the AT fire")
        run = self.epoch.wait_finished("mailfail", run["runId"], timeout=90)
        self.assertEqual("FAILED", run["state"], run)
        mails = wait_for(lambda: self.sink.about("mailfail"), 20, "the failure mail")
        time.sleep(2)  # a second mail would be a bug: give it time to show up
        mails = self.sink.about("mailfail")
        self.assertEqual(1, len(mails), [m["data"] for m in mails])
        mail, message = mails[0], mails[0]["message"]
        task_id = "mailfail-%s-docker-task" % run["runId"]
        self.assertEqual("Topology run mailfail/%s failed" % run["runId"], message["Subject"])
        self.assertEqual(FAIL_EMAILS, mail["rcpt_tos"])
        self.assertEqual("epoch@example.com", mail["mail_from"])
        sender = message["From"].addresses[0]
        self.assertEqual(("Epoch IT", "epoch@example.com"), (sender.display_name, sender.addr_spec))
        self.assertTrue(message.get_content().startswith(
            "Task %s with upstream ID %s failed with error: " % (task_id, task_id)),
            message.get_content())

        status, text = scrape(self.metrics_url)
        self.assertEqual(200, status, text)
        promtool_accepts(self, text, "drove-epoch /metrics")
        self.assertGreaterEqual(series(text, 'drove_epoch_runs_finished_total{state="FAILED"}'), 1,
                                text)
        self.assertGreaterEqual(series(text, "drove_epoch_fire_lateness_seconds_count"), 1, text)
        self.assertGreaterEqual(
            series(text, 'drove_epoch_fire_lateness_seconds_bucket{le="10"}'), 1, text)
        self.assertGreaterEqual(series(text, 'drove_epoch_topologies{state="ACTIVE"}'), 1, text)
        self.assertEqual(1, series(text, "drove_epoch_leader"), text)
        self.assertIsNotNone(series(text, 'drove_epoch_drove_call_errors_total{call="create"}'),
                             text)

    def test_disable_for_successful_runs_sends_no_mail_but_completed_still_mails(self):
        self.create(topology("mailok", cron="0/5 * * ? * *"))  # BLACKHOLE: defaultEmails
        run = wait_for(lambda: next((r for r in self.epoch.runs("mailok")
                                     if r["state"] != "RUNNING"), None), 60,
                       "a finished run of mailok")
        self.epoch.put("/topologies/mailok/pause")
        self.assertEqual("SUCCESSFUL", run["state"], run)
        time.sleep(3)
        self.assertEqual([], [m["data"] for m in self.sink.about("mailok")])
        status, text = scrape(self.metrics_url)
        self.assertGreaterEqual(
            series(text, 'drove_epoch_runs_finished_total{state="SUCCESSFUL"}'), 1, text)

        status, body = self.epoch.put("/topologies/mailok/run")  # INSTANT: COMPLETED
        run_id = body["data"]["runId"]
        run = self.epoch.wait_finished("mailok", run_id, timeout=90)
        self.assertEqual("COMPLETED", run["state"], run)
        mails = wait_for(lambda: self.sink.about("mailok"), 20, "the COMPLETED mail")
        self.assertEqual(1, len(mails), [m["data"] for m in mails])
        message = mails[0]["message"]
        self.assertEqual("Topology run mailok/%s completed successfully" % run_id,
                         message["Subject"])
        self.assertEqual(DEFAULT_EMAILS, mails[0]["rcpt_tos"])
        self.assertEqual("Tasks completed: [mailok-%s-docker-task] in %d ms"
                         % (run_id, run["updated"] - run["created"]),
                         message.get_content().strip())


class EpochMetricsOnAppPortTest(unittest.TestCase):
    """Without an admin connector /metrics is on the application port, behind Basic auth."""

    def test_metrics_need_credentials_on_the_application_port(self):
        epoch = EpochServer(["http://127.0.0.1:%d" % free_port()])
        try:
            status, _ = scrape(epoch.url + "/metrics")
            self.assertEqual(401, status)
            status, text = scrape(epoch.url + "/metrics", epoch.api.headers["Authorization"])
            self.assertEqual(200, status, text)
            self.assertIn("# TYPE drove_epoch_fire_lateness_seconds histogram", text)
            self.assertEqual(0, series(text, 'drove_epoch_topologies{state="PAUSED"}'), text)
        finally:
            epoch.stop()
            epoch.cleanup_dir()


if __name__ == "__main__":
    unittest.main()

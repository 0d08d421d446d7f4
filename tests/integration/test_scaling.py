"""Scaling up and down, and replacing instances with and without stopFirst."""
import threading
import time
import unittest

from harness import ClusterTestCase, specs
from harness.api import wait_for

ACTIVE_STATES = {"PENDING", "PROVISIONING", "STARTING", "UNREADY", "READY", "HEALTHY", "UNHEALTHY",
                 "DEPROVISIONING", "STOPPING"}


class Poller:
    """Calls sample() every 100 ms on a thread until stopped; keeps every value it saw."""

    def __init__(self, sample):
        self.sample = sample
        self.values = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                self.values.append(self.sample())
            except Exception as e:  # noqa: BLE001 - a failed poll is recorded, not fatal
                self.values.append(e)
            time.sleep(0.1)

    def stop(self):
        self._stop.set()
        self._thread.join()
        return self.values


class ScalingTest(ClusterTestCase):
    def create(self, n):
        spec = specs.app_spec()
        status, body = self.api.create_app(spec)
        self.assertEqual(200, status, body)
        app_id = specs.app_id(spec)
        if n:
            status, body = self.api.scale(app_id, n)
            self.assertEqual(200, status, body)
            self.api.wait_healthy(app_id, n, timeout=90)
        return app_id

    def wait_idle(self, app_id):
        wait_for(lambda: self.api.data("/applications/" + app_id)["state"] in ("RUNNING", "MONITORING"),
                 90, "app %s back in a stable state" % app_id)

    def test_scale_two_to_one_to_three(self):
        app_id = self.create(2)
        status, body = self.api.scale(app_id, 1)
        self.assertEqual(200, status, body)
        wait_for(lambda: len(self.api.instances(app_id)) == 1, 60, "one instance left")
        self.assertEqual(1, len(self.api.healthy_instances(app_id)))
        wait_for(lambda: len(self.cluster.containers()) == 1, 30, "one container left")

        self.wait_idle(app_id)
        status, body = self.api.scale(app_id, 3)
        self.assertEqual(200, status, body)
        self.api.wait_healthy(app_id, 3, timeout=90)
        self.assertEqual(3, self.api.data("/applications/" + app_id)["healthyInstances"])

    def test_replace_all_keeps_one_healthy_endpoint_at_every_poll(self):
        app_id = self.create(2)
        old_ids = {i["instanceId"] for i in self.api.healthy_instances(app_id)}
        poller = Poller(lambda: sum(len(e["hosts"]) for e in self.api.endpoints() if e["appId"] == app_id))
        status, body = self.api.replace_instances(
            app_id, op_spec={"timeout": "5m", "parallelism": 1, "failureStrategy": "STOP"})
        self.assertEqual(200, status, body)
        wait_for(lambda: (lambda h: len(h) == 2 and not (old_ids & {i["instanceId"] for i in h}))(
            self.api.healthy_instances(app_id)), 120, "two new HEALTHY instances")
        self.wait_idle(app_id)
        seen = poller.stop()
        self.assertTrue(seen, "the poller ran")
        errors = [v for v in seen if isinstance(v, Exception)]
        self.assertEqual([], errors)
        self.assertGreaterEqual(min(seen), 1, "an endpoints poll saw no HEALTHY instance: %r" % seen)

    def test_replace_with_stop_first_never_runs_more_than_required(self):
        app_id = self.create(2)
        old_ids = {i["instanceId"] for i in self.api.healthy_instances(app_id)}
        poller = Poller(lambda: len([i for i in self.api.instances(app_id)
                                     if i["state"] in ACTIVE_STATES]))
        status, body = self.api.replace_instances(app_id, stop_first=True)
        self.assertEqual(200, status, body)
        wait_for(lambda: (lambda h: len(h) == 2 and not (old_ids & {i["instanceId"] for i in h}))(
            self.api.healthy_instances(app_id)), 120, "two new HEALTHY instances")
        self.wait_idle(app_id)
        seen = poller.stop()
        self.assertLessEqual(max(seen), 2, "more than 2 ACTIVE instances during a stopFirst replace")


if __name__ == "__main__":
    unittest.main()

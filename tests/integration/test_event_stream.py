"""The live event stream and whoami on a real controller (simulated executors, no containers): a
burst of 5,000 events reaches a stream client whole (ids consecutive, no gap, no duplicate), a
client that drops mid-burst resumes with Last-Event-ID and gets exactly the rest, events/latest
paged with its lastSyncTime cursor gets the same events, heartbeats come at the configured interval,
an id that can no longer be resumed gets `event: reset`, and whoami names each user's role."""
import concurrent.futures
import json
import time
import urllib.request

from harness import ClusterTestCase, specs
from harness.api import wait_for
from harness.credentials import user
from harness.fake_executors import FakeExecutors
from harness.sse import SseClient, basic
from test_metrics import promtool_accepts

INSTANCES = 50
BURST = 5000
OP_SPEC = {"timeout": "5m", "parallelism": 16, "failureStrategy": "STOP"}
APP = specs.app_spec(name="STREAM_APP", version="1")


class EventStreamTest(ClusterTestCase):
    CLUSTER_PER_CLASS = True

    @classmethod
    def setUpClass(cls):
        cls.CLUSTER_OPTIONS = {"executors": 0, "controller_config": {
            "events": {"heartbeat": "1s"},
            "userAuth": {"users": [
                user("admin", "admin", "EXTERNAL_READ_WRITE"),
                user("guest", "guest", "EXTERNAL_READ_ONLY"),
                user("maint", "maint", "DROVE_EXTERNAL_MAINTENANCE")]}}}
        super().setUpClass()
        cls.fake = None
        try:
            api = cls.shared_cluster.api
            cls.fake = FakeExecutors(cls.shared_cluster.controller_url, executors=2,
                                     snapshot_interval=2.0, first_host=70)
            wait_for(lambda: len(api.executors()) == 2, 30, "two simulated executors")
            status, body = api.create_app(APP, instances=INSTANCES, op_spec=OP_SPEC)
            if status != 200:
                raise AssertionError("create: %s %r" % (status, body))
            api.wait_healthy(specs.app_id(APP), INSTANCES, timeout=120)
        except BaseException:
            cls.shared_cluster.print_logs()
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "fake", None):
            cls.fake.close()
        super().tearDownClass()

    def burst(self, flips):
        """`flips` INSTANCE_STATE_CHANGE events: instances go UNHEALTHY and back, 8 senders."""
        ids = self.fake.instance_ids(specs.app_id(APP))

        def flip_one(instance_id, count):
            for k in range(count):
                self.fake.set_state(instance_id, "UNHEALTHY" if k % 2 == 0 else "HEALTHY")

        per_instance = flips // len(ids)  # even: every instance ends HEALTHY
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            for future in [pool.submit(flip_one, i, per_instance) for i in ids]:
                future.result()
        return per_instance * len(ids)

    def latest_since(self, cursor):
        """Every event after `cursor`, oldest first, paging events/latest with its lastSyncTime."""
        events = []
        for _ in range(1000):
            page = self.api.data("/cluster/events/latest", {"lastSyncTime": cursor, "size": 500})
            self.assertLessEqual(len(page["events"]), 500)
            if not page["events"]:
                return events
            events.extend(reversed(page["events"]))
            cursor = page["lastSyncTime"]
        self.fail("events/latest never ran dry")

    def test_burst_arrives_whole_resumes_exactly_and_pages_the_same(self):
        url = self.cluster.controller_url
        full = SseClient(url)
        dropping = SseClient(url, stop_after=1000)
        self.assertEqual(full.status, 200)
        self.assertEqual(full.headers["Content-Type"], "text/event-stream")
        cursor = self.api.data("/cluster/events/summary")["lastSyncTime"]
        time.sleep(0.005)  # the next millisecond: the cursor then splits no millisecond
        started = time.monotonic()
        flips = self.burst(BURST)
        burst_seconds = time.monotonic() - started
        paged = self.latest_since(cursor)
        self.assertGreaterEqual(len(paged), flips)
        wait_for(lambda: len(full.ids()) >= len(paged), 60, "the stream to carry the burst")
        ids = full.ids()
        self.assertEqual(ids, list(range(ids[0], ids[0] + len(ids))), "ids not consecutive")
        streamed = [json.loads(data)["id"] for data in full.data()]
        self.assertEqual(streamed[:len(paged)], [e["id"] for e in paged])
        # The dropped client resumes after the last event it saw and gets exactly the rest.
        self.assertTrue(dropping.ended.wait(30))
        seen = dropping.ids()
        self.assertEqual(len(seen), 1000)
        resumed = SseClient(url, last_event_id=seen[-1])
        wait_for(lambda: len(seen) + len(resumed.ids()) >= len(ids), 60, "the resumed rest")
        self.assertEqual(resumed.resets, 0)
        self.assertEqual((seen + resumed.ids())[:len(ids)], ids)
        print("burst: %d events in %.2f s, all streamed, %d paged" % (flips, burst_seconds,
                                                                     len(paged)))
        for client in (full, resumed):
            client.close()

    def test_heartbeats_come_at_the_configured_interval(self):
        client = SseClient(self.cluster.controller_url, auth=basic("guest", "guest"))
        self.assertEqual(client.status, 200)
        wait_for(lambda: len(client.heartbeats) >= 3, 10, "three heartbeats")
        gaps = [b - a for a, b in zip(client.heartbeats, client.heartbeats[1:])]
        self.assertTrue(all(0.5 < gap < 2.0 for gap in gaps), gaps)
        client.close()

    def test_unresumable_id_gets_reset_and_bad_id_a_clear_error(self):
        client = SseClient(self.cluster.controller_url, last_event_id=1)
        wait_for(lambda: client.resets == 1, 10, "event: reset")
        client.close()
        bad = SseClient(self.cluster.controller_url, query="?lastEventId=abc")
        self.assertEqual(bad.status, 400)
        self.assertIn(b"lastEventId", bad.body)
        anonymous = SseClient(self.cluster.controller_url, auth=None)
        self.assertEqual(anonymous.status, 401)

    def test_metrics_count_events_and_stream_clients(self):
        client = SseClient(self.cluster.controller_url)
        request = urllib.request.Request(self.cluster.controller_url + "/metrics",
                                         headers={"Authorization": basic("admin", "admin")})
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode()
        promtool_accepts(self, text, "controller /metrics")
        self.assertIn('drove_events_total{type="INSTANCE_STATE_CHANGE"}', text)
        self.assertIn("drove_event_store_events ", text)
        clients = [line for line in text.splitlines()
                   if line.startswith("drove_event_stream_clients ")]
        self.assertEqual(len(clients), 1)
        self.assertGreaterEqual(float(clients[0].split()[1]), 1)
        client.close()

    def test_whoami_names_user_and_role(self):
        for name, role in (("admin", "EXTERNAL_READ_WRITE"), ("guest", "EXTERNAL_READ_ONLY"),
                           ("maint", "DROVE_EXTERNAL_MAINTENANCE")):
            data = self.api.as_user(name, name).data("/whoami")
            self.assertEqual(data, {"user": name, "role": role})
        status, _ = self.api.as_user(None, None).get("/whoami")
        self.assertEqual(status, 401)

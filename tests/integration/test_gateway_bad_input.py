"""Gateway bad input: a hostile "leader" (a small fake controller, the peer under test) answers the
module's endpoints fetch with garbage, a truncated body, `status: FAILED`, an empty app list, or a
hostname that does not resolve; a snapshot too big for the module's zone. Every time: routing stays
on the last good snapshot, the error shows in the status location and the error log, nginx's master
and workers never die. Backends are a plain nginx, so no container is needed."""
import http.server
import json
import shutil
import tempfile
import threading
import time
import unittest
import urllib.parse

from harness.api import wait_for
from harness.cluster import free_port
from harness.gateway import DroveGateway
from harness.nginx import start_backends

VHOST = "bad.local"


def exposed_app(app_id, vhost, hosts):
    """An ExposedAppInfo as GET /apis/v1/endpoints lists it."""
    return {"appId": app_id, "appName": app_id.rsplit("-", 1)[0], "vhost": vhost, "tags": {},
            "hosts": [{"host": h, "port": p, "portType": "HTTP"} for h, p in hosts]}


class FakeController:
    """A leader that answers /ping with 200, the events summary with no event, and /endpoints (with
    long-poll and the generation header, like ours) with whatever `mode` says; each set() moves
    the generation."""

    def __init__(self):
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.cond = threading.Condition()
        self.generation = 1
        self.mode, self.apps = "good", []
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def set(self, mode, apps=None):
        with self.cond:
            self.mode = mode
            if apps is not None:
                self.apps = apps
            self.generation += 1
            self.cond.notify_all()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def body(self, mode, apps):
        good = json.dumps({"status": "SUCCESS", "data": apps, "message": "success"}).encode()
        return {
            "good": good,
            "garbage": b"\x00\xff<html>this is not JSON {{{",
            "truncated": good[:len(good) // 2],
            "cut_connection": good,
            "failed": json.dumps({"status": "FAILED", "message": "Internal error"}).encode(),
            "empty": json.dumps({"status": "SUCCESS", "data": [], "message": "success"}).encode(),
        }.get(mode, good)

    def _handler(self):
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                if url.path == "/apis/v1/ping":
                    return self._send(b'{"status":"SUCCESS","data":"pong","message":"success"}')
                if url.path == "/apis/v1/cluster/events/summary":
                    summary = {"eventsCount": {}, "lastSyncTime": int(time.time() * 1000)}
                    return self._send(json.dumps({"status": "SUCCESS", "message": "success",
                                                  "data": summary}).encode())
                if url.path != "/apis/v1/endpoints":
                    return self._send(b'{"status":"FAILED","message":"not found"}', 404)
                query = urllib.parse.parse_qs(url.query)
                since = int(query.get("sinceGeneration", ["0"])[0])
                wait = min(float(query.get("waitSeconds", ["0"])[0]), 30)
                with fake.cond:
                    fake.cond.wait_for(lambda: fake.generation > since, wait)
                    mode, apps, generation = fake.mode, fake.apps, fake.generation
                body = fake.body(mode, apps)
                if mode == "cut_connection":  # promise the whole body, send half, hang up
                    self._send(body, length=len(body), send=body[:len(body) // 2],
                               generation=generation)
                    self.close_connection = True
                    return
                self._send(body, generation=generation)

            def _send(self, body, code=200, length=None, send=None, generation=None):
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body) if length is None else length))
                if generation is not None:
                    self.send_header("X-Drove-Endpoints-Generation", str(generation))
                self.end_headers()
                self.wfile.write(body if send is None else send)
                self.wfile.flush()

        return Handler


class FakeLeaderCase(unittest.TestCase):
    """A gateway following FakeController, routing VHOST to the first backend (no tests here)."""

    ZONE_EDITS = ()

    def setUp(self):
        workdir = tempfile.mkdtemp(prefix="drove-gw-bad-")
        self.addCleanup(shutil.rmtree, workdir, True)  # runs last: after both nginx stopped
        self.controller = FakeController()
        self.addCleanup(self.controller.close)
        self.backend_ports = [free_port(), free_port()]
        self.backends = start_backends(self.backend_ports, workdir)
        self.addCleanup(self.backends.stop)
        self.gateway = DroveGateway([self.controller.url], workdir, edits=self.ZONE_EDITS)
        self.addCleanup(self.gateway.stop)
        self.good = [exposed_app("BAD-1", VHOST, [("127.0.0.1", self.backend_ports[0])])]
        self.controller.set("good", self.good)
        self.gateway.start()
        wait_for(lambda: self.gateway.route(VHOST)[0] == 200, 10, "good snapshot routed")

    def run(self, result=None):
        before = len(result.failures) + len(result.errors) if result else 0
        result = super().run(result)
        if result is not None and len(result.failures) + len(result.errors) > before:
            print("---- gateway log:\n" + self.gateway.log_tail(80))
        return result

    def routes_to_first_backend(self):
        for _ in range(10):
            status, body, _ = self.gateway.route(VHOST)
            self.assertEqual((200, "backend %d" % self.backend_ports[0]), (status, body.strip()))

    def expect_refused(self, mode, apps=None, what=None):
        """Serves one bad answer; waits for the error to show; checks routing did not move."""
        before = self.gateway.status()
        log_before = len(self.gateway.log_text())
        self.controller.set(mode, apps)
        doc = wait_for(lambda: (lambda d: d if d["sync_errors"] > before["sync_errors"]
                                and d["last_error_ms"] > before["last_error_ms"] else None)(
            self.gateway.status()), 10, "%s: error in the status location" % mode, interval=0.05)
        self.assertTrue(doc["last_error"], doc)
        if what:
            self.assertIn(what, doc["last_error"].lower())
        self.assertEqual(before["version"], doc["version"], "%s: a snapshot was published" % mode)
        self.routes_to_first_backend()
        log = self.gateway.log_text()[log_before:]
        self.assertIn(doc["last_error"][:40], log, "%s: error not in the error log" % mode)
        return doc


class GatewayBadInputTest(FakeLeaderCase):
    def test_bad_answers_leave_routing_unchanged_and_show_the_error(self):
        pids = self.gateway.pids()
        for mode in ("garbage", "truncated", "cut_connection", "failed", "empty"):
            with self.subTest(mode=mode):
                self.expect_refused(mode)
                self.controller.set("good", self.good)  # leader fine again: recovers
                wait_for(lambda: self.gateway.status()["last_sync_ms"]
                         > self.gateway.status()["last_error_ms"], 10, "%s: recovered" % mode)
        self.assertEqual(pids, self.gateway.pids(), "nginx master or workers changed")
        self.assertEqual([], self.gateway.crashes())

    def test_unresolvable_hostname_keeps_the_members_that_resolve(self):
        pids = self.gateway.pids()
        bad = [exposed_app("BAD-1", VHOST, [("127.0.0.1", self.backend_ports[0]),
                                            ("no-such-host.invalid", self.backend_ports[1])])]
        before = self.gateway.status()
        self.controller.set("good", bad)
        doc = wait_for(lambda: (lambda d: d if d["last_error_ms"] > before["last_error_ms"]
                                else None)(self.gateway.status()), 20,
                       "resolution error in the status location", interval=0.05)
        self.assertIn("no-such-host.invalid", doc["last_error"])
        self.assertIn("no-such-host.invalid", self.gateway.log_text())
        self.routes_to_first_backend()
        self.assertEqual(pids, self.gateway.pids())
        self.assertEqual([], self.gateway.crashes())


class GatewayZoneTooSmallTest(FakeLeaderCase):
    ZONE_EDITS = (("drove_zone drove 16m;", "drove_zone drove 64k;"),)

    def test_snapshot_too_big_for_the_zone_keeps_the_last_good_one(self):
        pids = self.gateway.pids()
        huge = self.good + [exposed_app("BIG_%05d-1" % i, "big-%05d.example.local" % i,
                                        [("127.0.0.1", 20000 + j) for j in range(4)])
                            for i in range(3000)]
        doc = self.expect_refused("good", huge)
        self.assertIn("zone", doc["last_error"].lower())
        self.assertEqual([VHOST], sorted(doc["vhosts"]))
        self.assertEqual(pids, self.gateway.pids())
        self.assertEqual([], self.gateway.crashes())


if __name__ == "__main__":
    unittest.main()

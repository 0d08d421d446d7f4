"""A stand-in for the controller's endpoints feed, for the edge's benchmarks at production scale.

Serves what the gateway module and drove-dns read from a controller: GET /apis/v1/ping,
/apis/v1/cluster/events/summary and /apis/v1/endpoints with our long-poll (sinceGeneration +
waitSeconds, X-Drove-Endpoints-Generation), in Drove's envelope, apps sorted by appId, compact JSON
as the controller writes it. A change re-serializes one app and wakes the parked long-polls.

Why not a real controller fed by simulated executors: at 10,000 apps x 10 instances that takes
over an hour on a 2-core machine (the controller rebuilds its whole endpoints view for every
instance report), and the figure wanted is the edge's own cost.

    with EndpointsFeed() as feed:
        feed.set_app("APP-1", "app.local", [("ex-1.local", 31000), ...])
        changed_at = feed.set_app("APP-1", "app.local", [...])   # time.monotonic() of the change
        ... follow feed.url ...
"""
import bisect
import http.server
import json
import threading
import time
import urllib.parse

_PING = b'{"status":"SUCCESS","data":"pong","message":"success"}'
_SUMMARY = b'{"status":"SUCCESS","data":{"lastSyncTime":0,"eventsCount":{}},"message":"success"}'


def app_item(app_id, vhost, hosts, port_name="main"):
    """One /apis/v1/endpoints item as our controller writes it (appName = appId up to its last -)."""
    return {"appName": app_id.rsplit("-", 1)[0], "appId": app_id, "vhost": vhost, "tags": {},
            "hosts": [{"host": h, "port": p, "portType": "HTTP", "portName": port_name}
                      for h, p in hosts]}


class EndpointsFeed:
    def __init__(self, host="127.0.0.1"):
        self.generation = 1
        self._items = {}  # appId -> serialized item
        self._order = []  # appIds, sorted (as the controller lists apps)
        self._body = None
        self._changed = threading.Condition()
        self.server = http.server.ThreadingHTTPServer((host, 0), self._handler())
        self.server.daemon_threads = True
        self.url = "http://%s:%d" % (host, self.server.server_address[1])
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        with self._changed:
            self._changed.notify_all()
        self.server.shutdown()
        self.server.server_close()

    def set_apps(self, items):
        """Replaces every app at once (one generation): items as app_item() returns them."""
        with self._changed:
            self._items = {i["appId"]: self._dump(i) for i in items}
            self._order = sorted(self._items)
            return self._bump()

    def set_app(self, app_id, vhost, hosts):
        """Adds or changes one app; returns time.monotonic() of the change (the new body is ready)."""
        with self._changed:
            if app_id not in self._items:
                bisect.insort(self._order, app_id)
            self._items[app_id] = self._dump(app_item(app_id, vhost, hosts))
            return self._bump()

    @staticmethod
    def _dump(item):
        return json.dumps(item, separators=(",", ":")).encode()

    def _bump(self):
        self._body = (b'{"status":"SUCCESS","data":[' + b",".join(
            self._items[k] for k in self._order) + b'],"message":"success"}')
        self.generation += 1
        self._changed.notify_all()
        return time.monotonic()

    def _wait(self, since, seconds):
        """The body and generation once the generation differs from `since`, or after `seconds`."""
        deadline = time.monotonic() + seconds
        with self._changed:
            while since is not None and self.generation == since and time.monotonic() < deadline:
                self._changed.wait(deadline - time.monotonic())
            return self._body or b'{"status":"SUCCESS","data":[]}', self.generation

    def _handler(self):
        feed = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                query = urllib.parse.parse_qs(url.query)
                if url.path == "/apis/v1/ping":
                    return self._send(_PING)
                if url.path == "/apis/v1/cluster/events/summary":
                    return self._send(_SUMMARY)
                if url.path != "/apis/v1/endpoints":
                    return self._send(b'{"status":"FAILED","message":"not found"}', status=404)
                since = query.get("sinceGeneration", [None])[0]
                wait = int(query.get("waitSeconds", ["0"])[0])
                body, generation = feed._wait(int(since) if since and wait else None, wait)
                self._send(body, generation)

            def _send(self, body, generation=None, status=200):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                if generation is not None:
                    self.send_header("X-Drove-Endpoints-Generation", str(generation))
                self.end_headers()
                self.wfile.write(body)

        return Handler

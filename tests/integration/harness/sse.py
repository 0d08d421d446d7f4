"""A client of the controller's live event stream (GET /apis/v1/cluster/events/stream, docs/ui.md):
reads server-sent events on a thread and keeps each event's id, data and arrival time (ms)."""
import base64
import http.client
import threading
import time
import urllib.parse

STREAM = "/apis/v1/cluster/events/stream"


def basic(name, password):
    return "Basic " + base64.b64encode(("%s:%s" % (name, password)).encode()).decode()


class SseClient:
    """Events as (id, data text, arrival ms), heartbeat arrival times (monotonic), resets.
    `stop_after` closes the connection after that many events. A refused request keeps its
    status and body and reads nothing."""

    def __init__(self, base_url, auth=basic("admin", "admin"), last_event_id=None, stop_after=None,
                 query=""):
        url = urllib.parse.urlsplit(base_url)
        self.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        headers = {"Accept": "text/event-stream"}
        if auth:
            headers["Authorization"] = auth
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        self.conn.request("GET", STREAM + query, headers=headers)
        self.response = self.conn.getresponse()
        self.status = self.response.status
        self.headers = self.response.headers
        self.events, self.heartbeats, self.resets = [], [], 0
        self.stop_after = stop_after
        self.ended = threading.Event()
        self.lock = threading.Lock()
        if self.status == 200:
            threading.Thread(target=self._read, daemon=True).start()
        else:
            self.body = self.response.read()
            self.close()
            self.ended.set()

    def _read(self):
        fields = {}
        try:
            while True:
                line = self.response.readline()
                if not line:
                    break
                line = line.decode().rstrip("\n")
                if line.startswith(":"):
                    with self.lock:
                        self.heartbeats.append(time.monotonic())
                elif line:
                    name, _, value = line.partition(":")
                    fields[name] = value[1:] if value.startswith(" ") else value
                elif fields:
                    self._dispatch(fields)
                    fields = {}
                    if self.stop_after is not None and len(self.events) >= self.stop_after:
                        break
        except (OSError, ValueError, AttributeError, http.client.HTTPException):
            pass  # closed by the caller (http.client then loses its file object) or by the server
        finally:
            self.close()
            self.ended.set()

    def _dispatch(self, fields):
        with self.lock:
            if fields.get("event") == "reset":
                self.resets += 1
            else:
                self.events.append((int(fields["id"]), fields["data"], time.time() * 1000))

    def ids(self):
        with self.lock:
            return [event[0] for event in self.events]

    def data(self):
        with self.lock:
            return [event[1] for event in self.events]

    def close(self):
        self.conn.close()

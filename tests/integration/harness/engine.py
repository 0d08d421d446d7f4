"""Minimal Docker Engine API client over the unix socket, for test setup, checks and cleanup."""
import http.client
import json
import os
import socket
import urllib.parse

DEFAULT_SOCKET = os.environ.get("DROVE_ENGINE_SOCKET", "/var/run/docker.sock")
API_VERSION = "v1.41"


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self._path)
        self.sock = sock


class Engine:
    """Talks to dockerd (or podman's compatible socket). Methods raise RuntimeError on API errors."""

    def __init__(self, socket_path=DEFAULT_SOCKET, timeout=30):
        self.socket_path = socket_path
        self.timeout = timeout

    def request(self, method, path, body=None, ok=(200, 201, 204)):
        conn = _UnixConnection(self.socket_path, self.timeout)
        try:
            headers = {}
            data = None
            if body is not None:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
            conn.request(method, "/%s%s" % (API_VERSION, path), body=data, headers=headers)
            resp = conn.getresponse()
            raw = resp.read()
        finally:
            conn.close()
        if resp.status not in ok:
            raise RuntimeError("engine %s %s: %d %s" % (method, path, resp.status, raw[:300]))
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return raw.decode(errors="replace")

    def ping(self):
        try:
            return self.request("GET", "/_ping") == "OK"
        except OSError:
            return False

    def containers(self, labels=None, all=True):
        """Containers (list entries as the engine gives them) carrying every label in `labels`.

        `labels` items are "key" (label present) or "key=value"."""
        filters = {"label": list(labels or [])}
        query = urllib.parse.urlencode({"all": "1" if all else "0", "filters": json.dumps(filters)})
        return self.request("GET", "/containers/json?" + query)

    def inspect(self, container_id):
        return self.request("GET", "/containers/%s/json" % container_id)

    def logs(self, container_id):
        """stdout+stderr of a container (non-tty), demultiplexed into one string."""
        raw = self.request("GET", "/containers/%s/logs?stdout=1&stderr=1" % container_id)
        if isinstance(raw, str):
            raw = raw.encode()
        if raw is None:
            return ""
        out, i = [], 0
        while i + 8 <= len(raw):
            size = int.from_bytes(raw[i + 4:i + 8], "big")
            out.append(raw[i + 8:i + 8 + size])
            i += 8 + size
        return b"".join(out).decode(errors="replace")

    def remove(self, container_id):
        """Force-removes a container (and its anonymous volumes); a missing one is fine."""
        self.request("DELETE", "/containers/%s?force=1&v=1" % container_id, ok=(200, 204, 404))

    def remove_labelled(self, labels):
        """Removes every container carrying all `labels`; returns how many."""
        found = self.containers(labels)
        for c in found:
            self.remove(c["Id"])
        return len(found)

    def image_exists(self, name):
        try:
            self.request("GET", "/images/%s/json" % urllib.parse.quote(name, safe=""))
            return True
        except RuntimeError:
            return False

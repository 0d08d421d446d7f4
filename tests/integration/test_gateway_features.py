"""Gateway features beyond plain routing: real nginx + ngx_http_drove_module + controller + executor +
containers, with the gateway configured for least connections and drove-gateway's routing tag.

A WebSocket upgrade passes through and its tunnel survives a routing change; the routing tag header
picks the group of instances; least_conn keeps requests away from a member busy with a slow one."""
import base64
import hashlib
import os
import socket
import threading
import unittest

from harness.api import wait_for
from harness.gateway import GatewayTestCase, instance_of

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455, section 1.3


def _read_head(sock):
    """The response head (status line and headers) of an HTTP/1.1 response on sock."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise AssertionError("connection closed before the response head: %r" % data)
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    if rest:
        raise AssertionError("bytes after the 101 head before anything was sent: %r" % rest)
    lines = head.decode().split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return lines[0], headers


def _recv_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise AssertionError("tunnel closed after %d of %d echoed bytes" % (len(data), n))
        data += chunk
    return data


class GatewayFeaturesTest(GatewayTestCase):
    # One worker, so least_conn's in-flight counts (kept per worker, as nginx's own least_conn
    # without a zone) see every request of the test.
    GATEWAY_OPTIONS = {"worker_processes": 1, "edits": [
        ("drove_sync auto;", "drove_sync auto;\n    drove_routing_tag env X-Env;"),
        ("drove_balancer round_robin", "drove_balancer least_conn"),
    ]}

    def test_websocket_upgrade_passes_through_and_survives_a_routing_change(self):
        vhost = "gw-ws.local"
        app_id, (instance,) = self.deploy(
            "GW_WS", vhost, 1, env={"ECHO_PORT": "8001"},
            exposedPorts=[{"name": "main", "port": 8000, "type": "HTTP"},
                          {"name": "ws", "port": 8001, "type": "HTTP"}],
            exposureSpec={"vhost": vhost, "portName": "ws", "mode": "ALL"})
        wait_for(lambda: len(self.gateway.members(vhost)) == 1, 5, "the app routed")
        key = base64.b64encode(os.urandom(16)).decode()
        with socket.create_connection(("127.0.0.1", self.gateway.port), timeout=10) as sock:
            sock.sendall(("GET /chat HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\n"
                          "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                          "Sec-WebSocket-Version: 13\r\n\r\n" % (vhost, key)).encode())
            status, headers = _read_head(sock)
            self.assertTrue(status.startswith("HTTP/1.1 101"), status)
            self.assertEqual("websocket", headers.get("upgrade", "").lower())
            expected = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
            self.assertEqual(expected, headers.get("sec-websocket-accept"))
            self.assertEqual(instance["instanceId"], headers.get("x-drove-instance"))

            frame = b"\x81\x85" + os.urandom(4) + b"hello"  # a masked text frame, echoed as is
            sock.sendall(frame)
            self.assertEqual(frame, _recv_exactly(sock, len(frame)))

            # A new routing snapshot (the app scaled up) must not touch the open tunnel.
            version = self.gateway.status()["version"]
            self.assertEqual(200, self.api.scale(app_id, 2)[0])
            self.api.wait_healthy(app_id, 2, timeout=90)
            wait_for(lambda: len(self.gateway.members(vhost)) == 2, 5, "the second instance routed")
            self.assertGreater(self.gateway.status()["version"], version, "no new snapshot")
            big = os.urandom(256 * 1024)
            sock.sendall(big)
            self.assertEqual(big, _recv_exactly(sock, len(big)))
        self.assert_no_crash()

    def test_routing_tag_header_picks_the_group_of_instances(self):
        vhost = "gw-tag.local"
        _, (canary,) = self.deploy("GW_TAG_CANARY", vhost, 1, tags={"env": "canary"})
        _, (stable,) = self.deploy("GW_TAG_STABLE", vhost, 1)
        canary_id, stable_id = canary["instanceId"], stable["instanceId"]
        wait_for(lambda: self.hits(vhost, 2, {"X-Env": "canary"}) == {canary_id: 2}, 5,
                 "the canary group routed")
        self.assertEqual({canary_id: 20}, dict(self.hits(vhost, 20, {"X-Env": "canary"})))
        self.assertEqual({stable_id: 20}, dict(self.hits(vhost, 20)),
                         "requests without the header go to the untagged instances")
        self.assertEqual({stable_id: 20}, dict(self.hits(vhost, 20, {"X-Env": "nightly"})),
                         "a header naming no group goes to the untagged instances")
        self.assert_no_crash()

    def test_least_conn_keeps_requests_away_from_a_member_busy_with_a_slow_one(self):
        vhost = "gw-least.local"
        _, healthy = self.deploy("GW_LEAST", vhost, 2)
        ids = {i["instanceId"] for i in healthy}
        wait_for(lambda: set(self.hits(vhost, 10)) == ids, 5, "both instances routed")
        self.assertEqual(ids, set(self.hits(vhost, 10)), "idle members share the requests")

        slow = {}
        thread = threading.Thread(target=lambda: slow.update(
            answer=self.gateway.route(vhost, "/cgi-bin/sleep?3", timeout=15)))
        thread.start()
        wait_for(lambda: [1] == [m["conns"] for m in self.gateway.members(vhost) if m["conns"]],
                 2, "the slow request in flight")  # it answers in 3 s
        during = self.hits(vhost, 10)
        thread.join(20)
        status, body, _ = slow["answer"]
        self.assertEqual(200, status, body)
        busy = instance_of(body)
        self.assertEqual({(ids - {busy}).pop(): 10}, dict(during),
                         "requests went to the member busy with the slow one")
        self.assert_no_crash()


if __name__ == "__main__":
    unittest.main()

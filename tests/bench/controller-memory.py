"""Benchmark `controller-memory`: controller RSS while it holds 1,000 apps x 2 HEALTHY instances.

The executors are simulated: a small HTTP server accepts START_INSTANCE messages and reports each
instance HEALTHY back to the controller, as a real executor would (docs/internals.md). Several
simulated executors share that server, each with a large virtual layout.
Last line: {"apps", "instances", "rss_mb", ...}."""
import http.server
import json
import os
import queue
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

from harness import Cluster, executor_id_for  # noqa: E402
from harness.api import wait_for  # noqa: E402
from harness.cluster import CONTROLLER_SECRET, EXECUTOR_SECRET, free_port  # noqa: E402
from harness import specs  # noqa: E402

APPS = 1000
PER_APP = 2
EXECUTORS = 8
CORES_PER_EXECUTOR = 512
MEMORY_PER_EXECUTOR_MB = 512 * 1024


def now_ms():
    return int(time.time() * 1000)


class FakeExecutors:
    """EXECUTORS simulated executors on one HTTP port each, reporting every started instance HEALTHY."""

    def __init__(self, controller_url):
        self.controller_url = controller_url
        self.reports = queue.Queue()
        self.instances = {}  # executorId -> {instanceId: InstanceInfo}
        self.lock = threading.Lock()
        self.nodes = []
        for i in range(EXECUTORS):
            host = "127.0.0.%d" % (10 + i)
            port = free_port(host)
            node = {"executorId": executor_id_for(host, port), "hostname": host, "port": port,
                    "transportType": "HTTP",
                    "layout": {"cores": {"0": list(range(CORES_PER_EXECUTOR))},
                               "memory": {"0": MEMORY_PER_EXECUTOR_MB}},
                    "tags": [], "metadata": {}}
            self.nodes.append(node)
            self.instances[node["executorId"]] = {}
            server = http.server.ThreadingHTTPServer((host, port), self._handler(node))
            threading.Thread(target=server.serve_forever, daemon=True).start()
        threading.Thread(target=self._send_reports, daemon=True).start()
        threading.Thread(target=self._send_snapshots, daemon=True).start()

    def _handler(self, node):
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self._reply({"status": "SUCCESS", "data": "pong", "message": "success"})

            def do_POST(self):
                message = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                if message.get("type") == "START_INSTANCE":
                    info = dict(message["instance"])
                    info.update(state="HEALTHY", executorId=node["executorId"], updated=now_ms(),
                                errorMessage="",
                                localInfo={"hostname": node["hostname"],
                                           "ports": {"main": {"containerPort": 8000,
                                                              "hostPort": 20000 + len(fake.instances[node["executorId"]]),
                                                              "portType": "HTTP"}}})
                    with fake.lock:
                        fake.instances[node["executorId"]][info["instanceId"]] = info
                    fake.reports.put({"type": "INSTANCE_STATE", "instance": info})
                self._reply({"status": "SUCCESS", "message": "success"})

            def _reply(self, body):
                raw = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        return Handler

    def _post(self, message, node_id):
        req = urllib.request.Request(self.controller_url + "/apis/v1/messages",
                                     data=json.dumps(message).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              "Cluster-Authorization": EXECUTOR_SECRET,
                                              "NodeId": node_id})
        with urllib.request.urlopen(req, timeout=10) as resp:
            resp.read()

    def _send_reports(self):
        while True:
            message = self.reports.get()
            try:
                self._post(message, message["instance"]["executorId"])
            except OSError:
                time.sleep(0.1)
                self.reports.put(message)

    def snapshot_all(self):
        for node in self.nodes:
            with self.lock:
                instances = list(self.instances[node["executorId"]].values())
            for info in instances:
                info["updated"] = now_ms()
            self._post({"type": "EXECUTOR_SNAPSHOT", "executor": node, "instances": instances,
                        "tasks": []}, node["executorId"])

    def _send_snapshots(self):
        while True:
            try:
                self.snapshot_all()
            except OSError:
                pass
            time.sleep(5)


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmRSS for pid %d" % pid)


def main():
    with Cluster(executors=0) as cluster:
        fake = FakeExecutors(cluster.controller_url)
        wait_for(lambda: len(cluster.api.executors()) == EXECUTORS, 30, "simulated executors listed")
        op_spec = {"timeout": "5m", "parallelism": PER_APP, "failureStrategy": "STOP"}
        start = time.monotonic()
        for i in range(APPS):
            spec = specs.app_spec(name="MEM_APP_%04d" % i)
            status, body = cluster.api.create_app(spec, instances=PER_APP, op_spec=op_spec)
            assert status == 200, body
        wait_for(lambda: sum(s["healthyInstances"] for s in cluster.api.data("/applications").values())
                 == APPS * PER_APP, 600, "all instances HEALTHY", interval=2)
        elapsed = time.monotonic() - start
        time.sleep(6)  # one more snapshot round, so steady-state structures are all populated
        pid = cluster.controller.pid
        rss = rss_mb(pid)
        print("all %d instances HEALTHY in %.1f s" % (APPS * PER_APP, elapsed), file=sys.stderr)
        print(json.dumps({"apps": APPS, "instances": APPS * PER_APP, "rss_mb": round(rss, 1),
                          "target_rss_mb": 100, "setup_s": round(elapsed, 1)}))


if __name__ == "__main__":
    main()

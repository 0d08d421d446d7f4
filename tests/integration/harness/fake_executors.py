"""Simulated executors for benchmarks: thousands of HEALTHY instances on a REAL controller, no containers.

Each simulated executor is a small HTTP server on its own loopback address that speaks the executor side
of docs/internals.md: it accepts START_INSTANCE / STOP_INSTANCE, reports every started instance HEALTHY
(INSTANCE_STATE to the controller), and sends EXECUTOR_SNAPSHOTs every `snapshot_interval` seconds.
A benchmark decides what each instance exposes with `expose(node, info, spec)` -> (hostname, host_port),
and flips instances with set_state() to make the controller's endpoints move.

    with FakeExecutors(cluster.controller_url, executors=4, expose=my_ports) as fake:
        ...create apps through the controller...
        fake.set_state(instance_id, "UNHEALTHY")   # leaves the endpoints; "HEALTHY" brings it back
"""
import http.server
import json
import queue
import sys
import threading
import time
import urllib.request

from .cluster import EXECUTOR_SECRET, executor_id_for, free_port


def now_ms():
    return int(time.time() * 1000)


class FakeExecutors:
    """`executors` simulated executors on 127.0.0.<first_host + i>, each with one NUMA node of `cores`
    virtual cores and `memory_mb`. `expose(node, info, spec)` returns the (hostname, port) the started
    instance exposes for every port of the spec; by default the executor's address and 20000 + n.
    `expose` runs under the fake's lock: it must not call back into this object."""

    def __init__(self, controller_url, executors=8, cores=512, memory_mb=512 * 1024, expose=None,
                 snapshot_interval=5.0, first_host=10):
        self.controller_url = controller_url
        self.expose = expose or self._default_expose
        self.snapshot_interval = snapshot_interval
        self.reports = queue.Queue()
        self.instances = {}  # executorId -> {instanceId: InstanceInfo}
        self.owner = {}      # instanceId -> executorId
        self.lock = threading.Lock()
        self.nodes = []
        self.servers = []
        self.stopped = threading.Event()
        for i in range(executors):
            host = "127.0.0.%d" % (first_host + i)
            port = free_port(host)
            node = {"executorId": executor_id_for(host, port), "hostname": host, "port": port,
                    "transportType": "HTTP",
                    "layout": {"cores": {"0": list(range(cores))}, "memory": {"0": memory_mb}},
                    "tags": [], "metadata": {}}
            self.nodes.append(node)
            self.instances[node["executorId"]] = {}
            server = http.server.ThreadingHTTPServer((host, port), self._handler(node))
            server.daemon_threads = True
            self.servers.append(server)
            threading.Thread(target=server.serve_forever, daemon=True).start()
        threading.Thread(target=self._send_reports, daemon=True).start()
        threading.Thread(target=self._send_snapshots, daemon=True).start()

    # --- lifecycle ---------------------------------------------------------------------------------
    def close(self):
        self.stopped.set()
        for server in self.servers:
            server.shutdown()
            server.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # --- what benchmarks call ----------------------------------------------------------------------
    def instance_ids(self, app_id=None):
        with self.lock:
            return [iid for infos in self.instances.values() for iid, info in infos.items()
                    if app_id is None or info.get("appId") == app_id]

    def info(self, instance_id):
        with self.lock:
            return dict(self.instances[self.owner[instance_id]][instance_id])

    def set_state(self, instance_id, state):
        """Reports `state` for the instance to the controller now (synchronously, so a caller can time
        what follows). UNHEALTHY takes it out of the endpoints, HEALTHY puts it back."""
        with self.lock:
            info = self.instances[self.owner[instance_id]][instance_id]
            info.update(state=state, updated=now_ms())
            message = {"type": "INSTANCE_STATE", "instance": dict(info)}
        self._post(message, message["instance"]["executorId"])

    def snapshot_all(self):
        """One EXECUTOR_SNAPSHOT per executor; a failed post does not hold back the others (a controller
        that hears nothing from an executor for executorLostTimeout marks its instances LOST)."""
        failures = 0
        for node in self.nodes:
            with self.lock:
                instances = [self._as_snapshotted(i)
                             for i in self.instances[node["executorId"]].values()]
            try:
                self._post({"type": "EXECUTOR_SNAPSHOT", "executor": node, "instances": instances,
                            "tasks": []}, node["executorId"])
            except OSError as e:
                failures += 1
                print("fake executor %s: snapshot not delivered: %s" % (node["hostname"], e),
                      file=sys.stderr, flush=True)
        return failures

    def _as_snapshotted(self, info):
        """An instance as a snapshot carries it: here stamped afresh (see LeaderFakeExecutors)."""
        return dict(info, updated=now_ms())

    # --- the executor side -------------------------------------------------------------------------
    def _default_expose(self, node, info, spec):
        return node["hostname"], 20000 + len(self.instances[node["executorId"]])

    def _start(self, node, message):
        info = dict(message["instance"])
        spec = message.get("spec") or {}
        with self.lock:
            hostname, host_port = self.expose(node, info, spec)
        ports = {p["name"]: {"containerPort": p.get("port", 8000), "hostPort": host_port,
                             "portType": p.get("type", "HTTP")}
                 for p in spec.get("exposedPorts") or [{"name": "main", "port": 8000}]}
        info.update(state="HEALTHY", executorId=node["executorId"], updated=now_ms(), errorMessage="",
                    localInfo={"hostname": hostname, "ports": ports})
        with self.lock:
            self.instances[node["executorId"]][info["instanceId"]] = info
            self.owner[info["instanceId"]] = node["executorId"]
        self.reports.put({"type": "INSTANCE_STATE", "instance": info})

    def _stop(self, node, message):
        with self.lock:
            info = self.instances[node["executorId"]].pop(message.get("instanceId"), None)
            if info is None:
                return
            self.owner.pop(info["instanceId"], None)
            info = dict(info, state="STOPPED", updated=now_ms())
        self.reports.put({"type": "INSTANCE_STATE", "instance": info})

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
                    fake._start(node, message)
                elif message.get("type") == "STOP_INSTANCE":
                    fake._stop(node, message)
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
        with urllib.request.urlopen(req, timeout=30) as resp:
            resp.read()

    def _send_reports(self):
        while not self.stopped.is_set():
            try:
                message = self.reports.get(timeout=0.5)
            except queue.Empty:
                continue
            try:
                self._post(message, message["instance"]["executorId"])
            except OSError:
                time.sleep(0.1)
                self.reports.put(message)

    def _send_snapshots(self):
        while not self.stopped.is_set():
            self.snapshot_all()
            self.stopped.wait(self.snapshot_interval)

#!/usr/bin/env python3
"""API steps of scripts/demo.sh (stdlib only): wait for the controller and executor, deploy, describe.

usage: demo_api.py URLS wait-ping [TIMEOUT [PID]]          until a controller answers ping 200 (leads)
       demo_api.py URL wait-up [TIMEOUT [PID]]             until URL answers ping: 200, or a standby's 400
       demo_api.py URLS wait-executor HOSTNAME PORT [TIMEOUT [PID]]   prints the executorId
       demo_api.py URLS deploy SPEC.json INSTANCES [TIMEOUT]       creates (if absent) and scales the app
       demo_api.py URLS endpoints APP_ID                    prints host:port of each healthy instance
       demo_api.py URLS leader                              prints the leader's URL (exit 1 if none)
URLS: one controller URL, or several separated by commas (ZooKeeper HA): every call goes to the one
whose ping answers 200, looked up again when it stops answering or answers 400 "not the leader".
Waits give up early when process PID (the daemon being waited for) has exited.
Credentials: env DROVE_USER / DROVE_PASSWORD (admin / admin).
"""
import base64
import json
import os
import socket
import sys
import time
import urllib.error
import urllib.request

OP_SPEC = {"timeout": "5m", "parallelism": 1, "failureStrategy": "STOP"}
NOT_LEADER = "This node is not the leader controller"


def not_leader(status, body):
    return status == 400 and isinstance(body, dict) and body.get("message") == NOT_LEADER


class Api:
    def __init__(self, urls):
        self.urls = [u.rstrip("/") for u in urls.split(",") if u.strip()]
        self.leader = self.urls[0] if len(self.urls) == 1 else None
        user = os.environ.get("DROVE_USER", "admin")
        password = os.environ.get("DROVE_PASSWORD", "admin")
        self.auth = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()

    def call_at(self, url, method, path, body=None, timeout=10):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url + "/apis/v1" + path, data=data, method=method,
                                     headers={"Authorization": self.auth,
                                              "Content-Type": "application/json",
                                              "Accept": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                return e.code, json.loads(raw)
            except ValueError:
                return e.code, raw.decode(errors="replace")

    def find_leader(self):
        """The URL whose ping answers 200, or None."""
        for url in self.urls:
            try:
                status, body = self.call_at(url, "GET", "/ping", timeout=3)
            except OSError:
                continue
            if status == 200:
                return url
        return None

    def call(self, method, path, body=None):
        """One call to the leader; raises RuntimeError when no controller leads (a standby's 400
        applies nothing, so the call is sent again to the new leader once)."""
        for _ in range(2):
            if self.leader is None:
                self.leader = self.find_leader()
                if self.leader is None:
                    raise RuntimeError("no controller leads among %s" % ", ".join(self.urls))
            try:
                status, reply = self.call_at(self.leader, method, path, body)
            except OSError:
                if len(self.urls) == 1:
                    raise
                self.leader = None
                if method != "GET":
                    raise
                continue
            if len(self.urls) > 1 and not_leader(status, reply):
                self.leader = None
                continue
            return status, reply
        raise RuntimeError("no controller leads among %s" % ", ".join(self.urls))

    def data(self, path):
        status, body = self.call("GET", path)
        if status != 200 or not isinstance(body, dict) or body.get("status") != "SUCCESS":
            raise RuntimeError("GET %s: %s %s" % (path, status, body))
        return body.get("data")


def alive(pid):
    try:
        with open("/proc/%d/cmdline" % int(pid), "rb") as f:
            return bool(f.read())
    except OSError:
        return False


def wait(what, timeout, check, pid=None):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if pid is not None and not alive(pid):
            sys.exit("demo: process %s exited while waiting for %s" % (pid, what))
        try:
            result = check()
            if result:
                return result
        except (OSError, RuntimeError, ValueError) as e:
            last = e
        time.sleep(0.5)
    sys.exit("demo: timed out after %ss waiting for %s%s" % (timeout, what,
                                                             " (last error: %s)" % last if last else ""))


def wait_ping(api, timeout=60, pid=None):
    what = "controller ping" if len(api.urls) == 1 else "a leader among %s" % ", ".join(api.urls)
    wait(what, float(timeout), lambda: api.data("/ping") == "pong", pid)


def wait_up(api, timeout=60, pid=None):
    """The (one) controller answers ping: 200 when it leads, 400 "not the leader" when it stands by."""
    def up():
        status, body = api.call_at(api.urls[0], "GET", "/ping", timeout=3)
        return status == 200 or not_leader(status, body)
    wait("controller %s to answer ping" % api.urls[0], float(timeout), up, pid)


def leader(api):
    url = api.find_leader()
    if url is None:
        sys.exit(1)
    print(url)


def wait_executor(api, hostname, port, timeout=60, pid=None):
    def find():
        for e in api.data("/cluster/executors") or []:
            if e.get("hostname") == hostname and e.get("port") == int(port) \
                    and e.get("state") != "REMOVED":
                return e
        return None
    print(wait("executor %s:%s to register" % (hostname, port), float(timeout), find,
               pid)["executorId"])


def operation(api, body):
    status, reply = api.call("POST", "/applications/operations", body)
    if status != 200 or not isinstance(reply, dict) or reply.get("status") != "SUCCESS":
        sys.exit("demo: %s failed: %s %s" % (body["type"], status, json.dumps(reply)))
    return reply.get("data") or {}


def deploy(api, spec_path, instances, timeout=180):
    with open(spec_path) as f:
        spec = json.load(f)
    app_id = "%s-%s" % (spec["name"], spec["version"])
    wait_ping(api, 60)  # a leader (after a failover it may take a session timeout to appear)
    status, body = api.call("GET", "/applications/%s" % app_id)
    if isinstance(body, dict) and body.get("status") == "SUCCESS":
        print("demo: app %s exists (state %s)" % (app_id, body["data"].get("state")))
    else:
        operation(api, {"type": "CREATE", "spec": spec, "opSpec": OP_SPEC})
        print("demo: created %s" % app_id)
    wanted = int(instances)
    # The app may still be settling after CREATE; SCALE is accepted in MONITORING and RUNNING.
    wait("%s to accept SCALE" % app_id, 60.0,
         lambda: api.data("/applications/%s" % app_id).get("state") in ("MONITORING", "RUNNING"))
    healthy = [i for i in api.data("/applications/%s/instances" % app_id) or []
               if i.get("state") == "HEALTHY"]
    if len(healthy) != wanted:
        operation(api, {"type": "SCALE", "appId": app_id, "requiredInstances": wanted,
                        "opSpec": OP_SPEC})
        print("demo: scaling %s to %d" % (app_id, wanted))

    def all_healthy():
        inst = api.data("/applications/%s/instances" % app_id) or []
        healthy = [i for i in inst if i.get("state") == "HEALTHY"]
        # Reachable too: a store kept from an earlier run may list instances whose containers are
        # gone; the controller marks them LOST after instanceLostTimeout (60 s) and replaces them.
        return healthy if len(healthy) == wanted and all(map(reachable, healthy)) else None
    wait("%d HEALTHY and reachable instances of %s" % (wanted, app_id), float(timeout), all_healthy)
    print("demo: %s has %d HEALTHY instances" % (app_id, wanted))


def reachable(info):
    """The instance's main port accepts a connection."""
    local = info.get("localInfo") or {}
    port = ((local.get("ports") or {}).get("main") or {}).get("hostPort")
    try:
        with socket.create_connection((local.get("hostname"), int(port)), timeout=1):
            return True
    except (OSError, TypeError, ValueError):
        return False


def endpoints(api, app_id):
    for app in api.data("/endpoints") or []:
        if app.get("appId") == app_id:
            for host in app.get("hosts", []):
                print("%s:%s %s" % (host["host"], host["port"], app.get("vhost", "")))


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__.strip())
    api, command, args = Api(argv[1]), argv[2], argv[3:]
    commands = {"wait-ping": wait_ping, "wait-up": wait_up, "wait-executor": wait_executor,
                "deploy": deploy, "endpoints": endpoints, "leader": leader}
    if command not in commands:
        sys.exit(__doc__.strip())
    commands[command](api, *args)


if __name__ == "__main__":
    main(sys.argv)

#!/usr/bin/env python3
"""API steps of scripts/demo.sh (stdlib only): wait for the controller and executor, deploy, describe.

usage: demo_api.py URL wait-ping [TIMEOUT [PID]]
       demo_api.py URL wait-executor HOSTNAME PORT [TIMEOUT [PID]]   prints the executorId
       demo_api.py URL deploy SPEC.json INSTANCES [TIMEOUT]       creates (if absent) and scales the app
       demo_api.py URL endpoints APP_ID                          prints host:port of each healthy instance
Waits give up early when process PID (the daemon being waited for) has exited.
Credentials: env DROVE_USER / DROVE_PASSWORD (admin / admin).
"""
import base64
import json
import os
import sys
import time
import urllib.error
import urllib.request

OP_SPEC = {"timeout": "5m", "parallelism": 1, "failureStrategy": "STOP"}


class Api:
    def __init__(self, url):
        self.url = url.rstrip("/") + "/apis/v1"
        user = os.environ.get("DROVE_USER", "admin")
        password = os.environ.get("DROVE_PASSWORD", "admin")
        self.auth = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": self.auth,
                                              "Content-Type": "application/json",
                                              "Accept": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                return e.code, json.loads(raw)
            except ValueError:
                return e.code, raw.decode(errors="replace")

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
    wait("controller ping", float(timeout), lambda: api.data("/ping") == "pong", pid)


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
        return [i for i in inst if i.get("state") == "HEALTHY"] if \
            sum(1 for i in inst if i.get("state") == "HEALTHY") == wanted else None
    wait("%d HEALTHY instances of %s" % (wanted, app_id), float(timeout), all_healthy)
    print("demo: %s has %d HEALTHY instances" % (app_id, wanted))


def endpoints(api, app_id):
    for app in api.data("/endpoints") or []:
        if app.get("appId") == app_id:
            for host in app.get("hosts", []):
                print("%s:%s %s" % (host["host"], host["port"], app.get("vhost", "")))


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__.strip())
    api, command, args = Api(argv[1]), argv[2], argv[3:]
    commands = {"wait-ping": wait_ping, "wait-executor": wait_executor, "deploy": deploy,
                "endpoints": endpoints}
    if command not in commands:
        sys.exit(__doc__.strip())
    commands[command](api, *args)


if __name__ == "__main__":
    main(sys.argv)

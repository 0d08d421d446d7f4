"""A small client for Drove's REST API (/apis/v1), plus polling helpers for tests."""
import base64
import json
import time
import urllib.error
import urllib.parse
import urllib.request

DEFAULT_OP_SPEC = {"timeout": "5m", "parallelism": 1, "failureStrategy": "STOP"}


def wait_for(predicate, timeout, what, interval=0.2):
    """Calls predicate() every `interval` s until it returns a truthy value, which is returned.

    Exceptions from predicate count as "not yet". On timeout raises AssertionError naming `what`,
    the last value and the last exception."""
    deadline = time.monotonic() + timeout
    last_value, last_error = None, None
    while True:
        try:
            last_value = predicate()
            last_error = None
            if last_value:
                return last_value
        except Exception as e:  # noqa: BLE001 - any failure means "not yet"
            last_error = e
        if time.monotonic() >= deadline:
            msg = "timed out after %.1fs waiting for %s; last value: %r" % (timeout, what, last_value)
            if last_error is not None:
                msg += "; last error: %s: %s" % (type(last_error).__name__, last_error)
            raise AssertionError(msg)
        time.sleep(interval)


class DroveApi:
    """Calls return (http status, parsed JSON body or text). Basic auth admin/admin by default."""

    def __init__(self, base_url, user="admin", password="admin", timeout=10):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.headers = {"Accept": "application/json"}
        if user is not None:
            token = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
            self.headers["Authorization"] = "Basic " + token

    def as_user(self, user, password):
        """The same cluster seen by another user (None for no credentials)."""
        return DroveApi(self.base_url, user, password, self.timeout)

    # --- raw calls -------------------------------------------------------------------------------
    def request(self, method, path, body=None, headers=None, query=None):
        url = self.base_url + ("" if path.startswith("/apis/") else "/apis/v1") + path
        if query:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(query, doseq=True)
        data = None
        all_headers = dict(self.headers)
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        req = urllib.request.Request(url, data=data, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.status, _parse(resp.read())
        except urllib.error.HTTPError as e:
            return e.code, _parse(e.read())

    def get(self, path, query=None):
        return self.request("GET", path, query=query)

    def post(self, path, body=None, query=None):
        return self.request("POST", path, body=body, query=query)

    def delete(self, path):
        return self.request("DELETE", path)

    def data(self, path, query=None):
        """GET that must succeed: returns the envelope's `data`, or raises AssertionError."""
        status, body = self.get(path, query)
        if status != 200 or not isinstance(body, dict) or body.get("status") != "SUCCESS":
            raise AssertionError("GET %s: %s %r" % (path, status, body))
        return body.get("data")

    # --- cluster ---------------------------------------------------------------------------------
    def ping(self):
        return self.get("/ping")

    def executors(self):
        return self.data("/cluster/executors")

    # --- applications ----------------------------------------------------------------------------
    def app_operation(self, op_type, op_spec=None, **fields):
        body = {"type": op_type}
        body.update(fields)
        if op_type != "RECOVER":
            body["opSpec"] = op_spec or DEFAULT_OP_SPEC
        return self.post("/applications/operations", body)

    def create_app(self, spec, instances=None, op_spec=None):
        fields = {"spec": spec}
        if instances is not None:
            fields["instances"] = instances
        return self.app_operation("CREATE", op_spec, **fields)

    def scale(self, app_id, n, op_spec=None):
        return self.app_operation("SCALE", op_spec, appId=app_id, requiredInstances=n)

    def suspend(self, app_id, op_spec=None):
        return self.app_operation("SUSPEND", op_spec, appId=app_id)

    def destroy(self, app_id, op_spec=None):
        return self.app_operation("DESTROY", op_spec, appId=app_id)

    def stop_instances(self, app_id, instance_ids, skip_respawn=False, op_spec=None):
        return self.app_operation("STOP_INSTANCES", op_spec, appId=app_id,
                                  instanceIds=list(instance_ids), skipRespawn=skip_respawn)

    def replace_instances(self, app_id, instance_ids=None, stop_first=False, op_spec=None):
        return self.app_operation("REPLACE_INSTANCES", op_spec, appId=app_id,
                                  instanceIds=list(instance_ids or []), stopFirst=stop_first)

    def app(self, app_id):
        return self.get("/applications/%s" % app_id)

    def instances(self, app_id, states=None):
        """ACTIVE instances of an app (optionally only those in `states`)."""
        return self.data("/applications/%s/instances" % app_id,
                         {"state": list(states)} if states else None) or []

    def old_instances(self, app_id):
        return self.data("/applications/%s/instances/old" % app_id) or []

    def healthy_instances(self, app_id):
        return [i for i in self.instances(app_id) if i.get("state") == "HEALTHY"]

    def wait_healthy(self, app_id, n, timeout=60):
        """Waits until exactly n instances are HEALTHY and returns them."""
        return wait_for(lambda: (lambda h: h if len(h) == n else None)(self.healthy_instances(app_id)),
                        timeout, "%d HEALTHY instances of %s" % (n, app_id))

    def endpoints(self, apps=None):
        return self.data("/endpoints", {"app": list(apps)} if apps else None) or []

    # --- tasks -----------------------------------------------------------------------------------
    def task_create(self, spec, op_spec=None):
        return self.post("/tasks/operations",
                         {"type": "CREATE", "spec": spec, "opSpec": op_spec or DEFAULT_OP_SPEC})

    def task_kill(self, source_app, task_id, op_spec=None):
        return self.post("/tasks/operations", {"type": "KILL", "sourceAppName": source_app,
                                               "taskId": task_id,
                                               "opSpec": op_spec or DEFAULT_OP_SPEC})

    def task_get(self, source_app, task_id):
        """(status, body) of GET /tasks/{app}/instances/{taskId}; body["data"] is the TaskInfo."""
        return self.get("/tasks/%s/instances/%s" % (source_app, task_id))

    def task_info(self, source_app, task_id):
        status, body = self.task_get(source_app, task_id)
        if status == 200 and isinstance(body, dict) and body.get("status") == "SUCCESS":
            return body.get("data")
        return None

    def wait_task_finished(self, source_app, task_id, timeout=60):
        """Waits for the task to reach STOPPED and returns its TaskInfo."""
        return wait_for(lambda: (lambda t: t if t and t.get("state") == "STOPPED" else None)(
            self.task_info(source_app, task_id)), timeout, "task %s/%s STOPPED" % (source_app, task_id))


NOT_LEADER = "This node is not the leader controller"


def is_not_leader(status, body):
    """A standby's answer to any /apis call (after auth): 400 with Drove's fixed message."""
    return status == 400 and isinstance(body, dict) and body.get("message") == NOT_LEADER


class LeaderApi(DroveApi):
    """DroveApi over several controllers (ZooKeeper HA): every call goes to the leader.

    The leader is the controller whose ping answers 200; it is looked up on first use and again
    after a connection error or a standby's 400 "not the leader", waiting up to `find_timeout` s
    (an election after a leader crash takes about a ZooKeeper session timeout). The failed call is
    then sent once more, but only when it cannot have been applied: a GET, a 400 not-leader (the
    standby refused it), or a refused connection. A POST cut off mid-flight is raised, not resent,
    so a test never doubles an operation behind its own back."""

    def __init__(self, urls, user="admin", password="admin", timeout=10, find_timeout=60):
        super().__init__(urls[0], user, password, timeout)
        self.credentials = (user, password)
        self.urls = [u.rstrip("/") for u in urls]
        self.find_timeout = find_timeout
        self.leader_url = None

    def as_user(self, user, password):
        return LeaderApi(self.urls, user, password, self.timeout, self.find_timeout)

    def find_leader(self):
        """Waits for a controller whose ping answers 200 and sends every call there from now on."""
        def leader():
            for url in self.urls:
                try:
                    if DroveApi(url, *self.credentials, timeout=2).ping()[0] == 200:
                        return url
                except OSError:
                    pass
            return None

        self.leader_url = wait_for(leader, self.find_timeout, "a leader among %s" % self.urls)
        self.base_url = self.leader_url
        return self.leader_url

    def request(self, method, path, body=None, headers=None, query=None):
        for attempt in (1, 2):
            if self.leader_url is None:
                self.find_leader()
            try:
                status, reply = super().request(method, path, body, headers, query)
            except OSError as e:  # urllib's URLError, resets, timeouts (HTTPError never gets here)
                self.leader_url = None
                refused = isinstance(getattr(e, "reason", e), ConnectionRefusedError)
                if attempt == 2 or not (method == "GET" or refused):
                    raise
                continue
            if not is_not_leader(status, reply):
                return status, reply
            self.leader_url = None
        return status, reply


def _parse(raw):
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")

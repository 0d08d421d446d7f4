"""A local Drove cluster for integration tests: one controller and N executors on free loopback ports.

    with Cluster() as c:                       # or: self.cluster = start_cluster(self) in setUp
        c.api.create_app(specs.app_spec())

With zookeeper=Ensemble(...) (harness/zookeeper.py) the controllers use the ZooKeeper store, and
controllers=N starts N of them campaigning for leadership (namespace "drove"): executors get every
controller URL, c.api follows the leader (api.LeaderApi), c.leader_index() says who leads, and
kill_controller(i) / start_controller(i) / stop_controller(i) act on one of them (default: the leader).

With hosts=True each executor runs in its own network namespace ("host", harness/hosts.py) and the
controller binds the root namespace's address on the hosts' network; c.hosts.cut(i) partitions
executor i from the controller.

Configs are written as JSON (valid YAML) from the schema in docs/internals.md; every section can be
overridden. Processes are stopped by pid; containers labelled with this cluster's executor ids are
removed on stop(). On failure, the tails of the process logs are printed.
"""
import copy
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

from . import paths, tls as harness_tls
from .api import DroveApi, LeaderApi, is_not_leader, wait_for
from .engine import Engine
from .workdir import OwnsWorkdir
from .hosts import Hosts

CONTROLLER_SECRET = "DefaultControllerSecret"
EXECUTOR_SECRET = "DefaultExecutorSecret"
STOP_GRACE_SECONDS = 5
LOG_TAIL_LINES = int(os.environ.get("DROVE_LOG_TAIL_LINES", "60"))


# Ports free_port has handed out: the kernel may offer a just-closed port again, and two ports
# asked for one daemon (drove-dns' DNS and metrics listeners) must differ even before either binds.
_handed_out = set()


def free_port(host="127.0.0.1"):
    """A TCP port nobody listens on now, on `host` and on the wildcard address, and not handed out
    before by this process."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("", 0))
            port = s.getsockname()[1]
        if port in _handed_out:
            continue
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                s.bind((host, port))
        except OSError:
            continue
        _handed_out.add(port)
        return port


def executor_id_for(hostname, port):
    """Drove's executorId: UUIDv3 (Java nameUUIDFromBytes) of "<hostname>:<port>"."""
    digest = hashlib.md5(("%s:%d" % (hostname, port)).encode()).digest()
    return str(uuid.UUID(bytes=digest, version=3))


def deep_merge(base, override):
    """A copy of base with override merged in (dicts recursively, everything else replaced)."""
    out = copy.deepcopy(base)
    for key, value in (override or {}).items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def tail(path, lines=LOG_TAIL_LINES):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError as e:
        return "(cannot read %s: %s)\n" % (path, e)


class Process:
    """One daemon: its binary, config file, log file and (when running) its Popen."""

    def __init__(self, name, binary, config_path, log_path, wrapper=None):
        self.name = name
        self.binary = binary
        self.config_path = config_path
        self.log_path = log_path
        # argv prefix, e.g. ["ip", "netns", "exec", ns]: it must exec the binary (same pid).
        self.wrapper = list(wrapper or [])
        self.popen = None

    @property
    def pid(self):
        return self.popen.pid if self.popen else None

    def running(self):
        return self.popen is not None and self.popen.poll() is None

    def start(self):
        if self.running():
            raise RuntimeError("%s already running (pid %d)" % (self.name, self.pid))
        if not os.access(self.binary, os.X_OK):
            raise AssertionError("%s binary not built: %s" % (self.name, self.binary))
        log = open(self.log_path, "ab")
        log.write(("==== %s start %s\n" % (self.name, time.strftime("%H:%M:%S"))).encode())
        log.flush()
        try:
            self.popen = subprocess.Popen(self.wrapper + [self.binary, "--config", self.config_path],
                                          stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                          start_new_session=True)
        finally:
            log.close()

    def stop(self, sig=signal.SIGTERM, grace=STOP_GRACE_SECONDS):
        """Sends sig, then SIGKILL after `grace` s; returns the exit code (None if not started)."""
        if self.popen is None:
            return None
        if self.popen.poll() is None:
            self.popen.send_signal(sig)
            try:
                self.popen.wait(grace)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        code = self.popen.returncode
        self.popen = None
        return code

    def kill(self):
        return self.stop(signal.SIGKILL, grace=STOP_GRACE_SECONDS)

    def exit_code_if_dead(self):
        return None if self.popen is None else self.popen.poll()


class Executor(Process):
    def __init__(self, index, hostname, port, config, workdir, wrapper=None, scheme="http"):
        super().__init__("executor-%d" % index, paths.EXECUTOR_BIN,
                         os.path.join(workdir, "executor.yml"), os.path.join(workdir, "executor.log"),
                         wrapper)
        self.index = index
        self.hostname = hostname
        self.port = port
        self.config = config
        self.workdir = workdir
        self.scheme = scheme
        # Drove's id rule; replaced by what the controller reports on registration. Every id seen is
        # kept so cleanup finds containers labelled with either.
        self.executor_id = executor_id_for(hostname, port)
        self.known_ids = {self.executor_id}

    @property
    def url(self):
        return "%s://%s:%d" % (self.scheme, self.hostname, self.port)


class Cluster(OwnsWorkdir):
    """A controller plus `executors` executors, each on its own loopback address 127.0.0.<1+i>.

    controller_config / executor_config: dicts deep-merged into the generated configs (e.g.
    {"options": {"instanceLostTimeout": "10s"}}). executor_tags: list of tag lists, one per executor.
    executor_configs: list of per-executor override dicts (merged after executor_config).

    hosts=True (or a Hosts with at least `executors` hosts, then not closed by stop()): executor i runs
    in host i (`ip netns exec`), binds and reports hosts.address(i) (10.213.<i+1>.2); the controller
    stays in the root namespace on hosts.root_address (10.213.0.1), which the API and the executors
    use. All executors share the root dockerd over its unix socket, which publishes ports in the root
    namespace: executor i's instanceHostname is hosts.engine_address(i) (10.213.<i+1>.5), so
    instances report an address that answers (README, "Multi-host").

    zookeeper: an Ensemble (or a connection string): the controllers use the ZooKeeper store
    (sessionTimeout 2s, namespace drove) instead of SQLite; the namespace is fixed, so give each
    cluster a fresh ensemble or it loads the previous one's model. controllers: how many controllers
    (more than one needs zookeeper); controller i listens on its own free port and logs to
    controller-<i>.log (controller.log when alone). Methods taking a controller index default to the
    only controller, or to the current leader.

    tls: every hop over HTTPS with peer verification (harness/tls.py); default DROVE_TEST_TLS=1.
    credentials: (user, password) of every call the harness makes (c.api, pings); a
    controller_config that replaces userAuth.users must include that user."""
    LABEL = "cluster"

    def __init__(self, executors=1, controller_config=None, executor_config=None,
                 executor_configs=None, executor_tags=None, start=True, workdir=None, hosts=False,
                 controllers=1, zookeeper=None, tls=None, credentials=("admin", "admin")):
        self.engine = Engine()
        self.tls = harness_tls.ENABLED if tls is None else tls
        certificates = harness_tls.certificates() if self.tls else None
        scheme = harness_tls.scheme(self.tls)
        self.workdir = workdir or tempfile.mkdtemp(prefix="drove-it-")
        self.failed = False
        self.started_at = time.time()
        self.hosts = None
        self._own_hosts = False
        if hosts:
            if isinstance(hosts, Hosts):
                self.hosts = hosts
            else:
                self.hosts = Hosts(executors)
                self._own_hosts = True
            if self.hosts.n < executors:
                raise ValueError("%d hosts for %d executors" % (self.hosts.n, executors))
        if controllers > 1 and zookeeper is None:
            raise ValueError("%d controllers need a zookeeper ensemble" % controllers)
        controller_host = self.hosts.root_address if self.hosts else "127.0.0.1"
        self.controller_ports = []
        for _ in range(controllers):  # distinct: two free_port() calls may answer the same port
            self.controller_ports.append(
                _free_port_not_in(controller_host, self.controller_ports))
        self.controller_urls = ["%s://%s:%d" % (scheme, controller_host, port)
                                for port in self.controller_ports]
        self.credentials = credentials
        self.api = (LeaderApi(self.controller_urls, *credentials) if controllers > 1
                    else DroveApi(self.controller_urls[0], *credentials))
        if zookeeper is None:
            store = {"store": {"type": "sqlite", "path": os.path.join(self.workdir, "controller.db")}}
        else:
            store = {"store": {"type": "zookeeper"},
                     "zookeeper": {"connectionString": getattr(zookeeper, "connection_string",
                                                               zookeeper),
                                   "sessionTimeout": "2s", "namespace": "drove"}}

        controller_base = deep_merge({
            "userAuth": {"enabled": True, "users": [
                {"username": "admin", "password": "admin", "role": "EXTERNAL_READ_WRITE",
                 "encoding": "PLAIN"},
                {"username": "guest", "password": "guest", "role": "EXTERNAL_READ_ONLY",
                 "encoding": "PLAIN"}]},
            "clusterAuth": {"secrets": [
                {"nodeType": "CONTROLLER", "secret": CONTROLLER_SECRET},
                {"nodeType": "EXECUTOR", "secret": EXECUTOR_SECRET}]},
            "instanceAuth": {"secret": "DEFAULT_SECRET"},
            "options": {
                "maxEventsStorageDuration": "1h",
                "allowedMountDirs": [],
                "disableReadAuth": False,
                "instanceLostTimeout": "60s",
                "executorLostTimeout": "30s",
                "defaultOpSpec": {"timeout": "300s", "parallelism": 1, "failureStrategy": "STOP"},
            },
            "logLevel": "DEBUG",
            **({"tls": certificates.section()} if certificates else {}),
        }, store)
        self.controllers = []
        for i, port in enumerate(self.controller_ports):
            name = "controller" if controllers == 1 else "controller-%d" % i
            proc = Process(name, paths.CONTROLLER_BIN, os.path.join(self.workdir, name + ".yml"),
                           os.path.join(self.workdir, name + ".log"))
            _write_json(proc.config_path, deep_merge(
                deep_merge(controller_base, {"server": {"host": controller_host, "port": port}}),
                controller_config))
            self.controllers.append(proc)

        self.executors = []
        for i in range(executors):
            if self.hosts:
                # A fresh namespace: nothing listens there, any port not in use here will do.
                hostname, port = self.hosts.address(i), free_port()
            else:
                hostname = "127.0.0.%d" % (1 + i)
                port = free_port(hostname)
            exec_dir = os.path.join(self.workdir, "executor-%d" % i)
            os.makedirs(os.path.join(exec_dir, "logs"), exist_ok=True)
            cfg = deep_merge({
                "server": {"host": hostname, "port": port},
                "hostname": hostname,
                # Where its containers' published ports answer: the root dockerd publishes in the
                # root namespace, so host i's engine address, not its namespace address.
                **({"instanceHostname": self.hosts.engine_address(i)} if self.hosts else {}),
                "controllers": list(self.controller_urls),
                "clusterAuth": {"secret": EXECUTOR_SECRET, "controllerSecret": CONTROLLER_SECRET},
                "engine": {"socket": self.engine.socket_path},
                "logDir": os.path.join(exec_dir, "logs"),
                "snapshotInterval": "2s",
                "resources": {
                    "osCores": [],
                    "exposedMemPercentage": 100,
                    "disableNUMAPinning": False,
                    "tags": list(executor_tags[i]) if executor_tags else [],
                    "metadata": {},
                    "overProvisioning": {"enabled": True, "cpuMultiplier": 8, "memoryMultiplier": 1},
                },
                "logLevel": "DEBUG",
                **({"tls": certificates.section()} if certificates else {}),
            }, executor_config)
            if executor_configs and i < len(executor_configs):
                cfg = deep_merge(cfg, executor_configs[i])
            ex = Executor(i, hostname, port, cfg, exec_dir,
                          self.hosts.command(i, []) if self.hosts else None, scheme)
            _write_json(ex.config_path, cfg)
            self.executors.append(ex)

        if start:
            try:
                self.start()
            except BaseException:
                self.failed = True
                self.print_logs()
                self.stop()
                raise

    # --- lifecycle -------------------------------------------------------------------------------
    def start(self, timeout=30):
        for i in range(len(self.controllers)):
            self.controllers[i].start()
        for i in range(len(self.controllers)):
            self.wait_controller_up(timeout, i)
        if len(self.controllers) > 1:
            self.wait_leader(timeout)
        for ex in self.executors:
            self.start_executor(ex.index, timeout=timeout)

    def stop(self):
        """Stops the controllers first (so nothing is rescheduled; standbys before the leader, so
        none takes over meanwhile), then the executors, then removes the containers of this
        cluster's executors. Safe to call twice."""
        try:
            leader = self.leader_index() if len(self.controllers) > 1 else None
        except AssertionError:  # two leaders: stop them in any order
            leader = None
        for i, proc in enumerate(self.controllers):
            if i != leader:
                proc.stop()
        if leader is not None:
            self.controllers[leader].stop()
        for ex in self.executors:
            ex.stop()
        self.remove_containers()
        if self._own_hosts and self.hosts is not None:
            self.hosts.close()

    def remove_containers(self):
        removed = 0
        try:
            for ex in self.executors:
                for executor_id in sorted(ex.known_ids):
                    removed += self.engine.remove_labelled(["drove.executor.id=%s" % executor_id])
        except (OSError, RuntimeError) as e:
            print("cluster: could not remove containers: %s" % e, file=sys.stderr)
        return removed

    # --- controllers -----------------------------------------------------------------------------
    @property
    def controller(self):
        """The Process of the only controller, or of the leader."""
        return self.controllers[self._controller_index(None)]

    @property
    def controller_url(self):
        """The only controller's URL, or the leader's (found now: it changes with a failover)."""
        return self.controller_urls[self._controller_index(None)]

    def _controller_index(self, index):
        if index is not None:
            return index
        return 0 if len(self.controllers) == 1 else self.wait_leader()

    def controller_pings(self):
        """(status, body) of GET /apis/v1/ping on each controller; (0, error) when it does not answer."""
        out = []
        for url in self.controller_urls:
            try:
                out.append(DroveApi(url, *self.credentials, timeout=2).ping())
            except OSError as e:
                out.append((0, str(e)))
        return out

    def leader_index(self):
        """Index of the controller whose ping answers 200; None when none does. Two at once is a
        split brain and raises."""
        leaders = [i for i, (status, _) in enumerate(self.controller_pings()) if status == 200]
        if len(leaders) > 1:
            raise AssertionError("controllers %s all answer ping 200" % leaders)
        return leaders[0] if leaders else None

    def wait_leader(self, timeout=60, other_than=None):
        """Waits until one controller (not `other_than`) answers ping 200; returns its index."""
        def leader_plus_one():  # wait_for wants a truthy value, and 0 is an index
            i = self.leader_index()
            return i + 1 if i is not None and i != other_than else None

        return wait_for(leader_plus_one, timeout, "a leader controller other than %s" % other_than,
                        interval=0.05) - 1

    def start_controller(self, index=None, timeout=30):
        """Starts controller `index` (default: the only one; with several, the first not running)
        and waits until it answers: ping 200 when alone; with several, 200 or a standby's 400."""
        if index is None:
            stopped = [i for i, p in enumerate(self.controllers) if not p.running()]
            index = stopped[0] if stopped else 0  # none stopped: Process.start() says it runs
        self.controllers[index].start()
        self.wait_controller_up(timeout, index)

    def wait_controller_up(self, timeout=30, index=0):
        proc = self.controllers[index]
        api = DroveApi(self.controller_urls[index], *self.credentials, timeout=2)
        alone = len(self.controllers) == 1

        def up():
            code = proc.exit_code_if_dead()
            if code is not None:
                raise AssertionError("%s exited with %s" % (proc.name, code))
            status, body = api.ping()
            if not alone and is_not_leader(status, body):
                return True
            return status == 200 and isinstance(body, dict) and body.get("data") == "pong"

        try:
            wait_for(up, timeout, "%s answering ping on %s" % (proc.name, api.base_url))
        except AssertionError:
            if proc.exit_code_if_dead() is not None:
                raise AssertionError("%s exited with code %s; log tail:\n%s"
                                     % (proc.name, proc.exit_code_if_dead(), tail(proc.log_path)))
            raise

    def kill_controller(self, index=None):
        """SIGKILL controller `index` (default: the only one, or the leader), as a crash."""
        return self.controllers[self._controller_index(index)].kill()

    def stop_controller(self, index=None):
        return self.controllers[self._controller_index(index)].stop()

    # --- executors -------------------------------------------------------------------------------
    def executor(self, index=0):
        return self.executors[index]

    def start_executor(self, index=0, wait=True, timeout=30):
        """Starts executor `index`; with wait, until its port listens and the controller lists it.
        (After a restart the controller may still list the old registration: tests that need a
        fresh snapshot should wait for the state they expect.)"""
        ex = self.executors[index]
        ex.start()
        if wait:
            wait_for(lambda: _listening(ex.hostname, ex.port) or ex.exit_code_if_dead() is not None,
                     timeout, "%s listening on %s" % (ex.name, ex.url))
            self.wait_executor_registered(index, timeout)

    def kill_executor(self, index=0):
        """SIGKILL, as a crash (its containers keep running)."""
        return self.executors[index].kill()

    def stop_executor(self, index=0):
        return self.executors[index].stop()

    def registered_executors(self):
        """The ExecutorSummary list of live executors (state != REMOVED)."""
        return [e for e in (self.api.executors() or []) if e.get("state") != "REMOVED"]

    def wait_executor_registered(self, index=0, timeout=30):
        ex = self.executors[index]

        def registered():
            code = ex.exit_code_if_dead()
            if code is not None:
                raise AssertionError("%s exited with %s" % (ex.name, code))
            for e in self.registered_executors():
                if e.get("port") == ex.port and e.get("hostname") == ex.hostname:
                    return e
            return None

        try:
            summary = wait_for(registered, timeout,
                               "%s (%s) in /cluster/executors" % (ex.name, ex.url))
        except AssertionError:
            if ex.exit_code_if_dead() is not None:
                raise AssertionError("%s exited with code %s; log tail:\n%s"
                                     % (ex.name, ex.exit_code_if_dead(), tail(ex.log_path)))
            raise
        if summary.get("executorId"):
            ex.executor_id = summary["executorId"]
            ex.known_ids.add(ex.executor_id)
        return summary

    # --- containers ------------------------------------------------------------------------------
    def instance_address(self, info, port_name="main"):
        """(host, port) where tests in the root namespace reach an instance's published port: its
        reported localInfo.hostname. With hosts that is the executor's `instanceHostname`, host i's
        engine address (10.213.<i+1>.5, a root-namespace address that cut() does not touch), as
        dockerd publishes on every address of the ROOT namespace."""
        local = info["localInfo"]
        return local["hostname"], local["ports"][port_name]["hostPort"]

    def executor_index_of(self, info):
        """Index of the executor an InstanceInfo/TaskInfo reports (by executorId, else hostname)."""
        for ex in self.executors:
            if info.get("executorId") in ex.known_ids:
                return ex.index
        reported = (info.get("localInfo") or {}).get("hostname", info.get("hostname"))
        for ex in self.executors:
            if reported in (ex.hostname, ex.config.get("instanceHostname")):
                return ex.index
        raise AssertionError("no executor of this cluster runs %r" % info.get("instanceId"))

    def containers(self, index=None):
        """Engine container list entries of this cluster's executors (or one of them)."""
        chosen = self.executors if index is None else [self.executors[index]]
        out = []
        for ex in chosen:
            out += self.engine.containers(["drove.executor.id=%s" % ex.executor_id])
        return out

    # --- diagnostics -----------------------------------------------------------------------------
    def print_logs(self, lines=LOG_TAIL_LINES):
        out = ["", "=" * 30 + " cluster logs (%s) " % self.workdir + "=" * 30]
        for proc in self.controllers + self.executors:
            out.append("---- %s (%s), last %d lines:" % (proc.name, proc.log_path, lines))
            out.append(tail(proc.log_path, lines))
        print("\n".join(out), file=sys.stderr)


def _free_port_not_in(host, taken):
    while True:
        port = free_port(host)
        if port not in taken:
            return port


def _listening(host, port):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _write_json(path, doc):
    with open(path, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")

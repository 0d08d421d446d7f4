"""A ZooKeeper ensemble on loopback for tests, and a tiny read-only ZooKeeper client in pure Python.

    with Ensemble(size=3, tick_ms=500) as zk:      # started on free ports below the ephemeral range
        conn = zk.connection_string                  # "127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3"
        old = zk.leader(); zk.kill(old); zk.wait_leader(20, other_than=old)   # new election
        zk.kill_quorum(); zk.serving_nodes() == []   # a lone survivor stops serving
        zk.start_node(i); zk.wait_serving(30)

    with ZkClient(conn) as c:
        c.children("/drove"); c.get("/drove/x") -> (bytes, Stat); c.exists(p); c.tree("/drove")

Nodes are laid out and run by scripts/zookeeper.sh (`config`, then `exec-node`, which execs the JVM:
the Popen pid is the JVM's), so tests and the demo share one config. They are this process's children,
stopped by pid and reaped with wait() (on these machines an orphan stays a zombie for minutes, see the
shared notes). Each node also gets a zk.pid, so `scripts/zookeeper.sh stop DIR` cleans up after a killed
test run. Node indexes are 0-based like the rest of the harness; node i has myid i+1.

Readiness is `srvr` reporting a Mode: `ruok` answers imok even without a quorum.

ZkClient speaks just enough of the jute wire protocol (ConnectRequest, exists, getData, getChildren2,
closeSession; no watches, no writes) to read znodes back in a millisecond: zkCli.sh costs a JVM start
(0.3-0.7 s) per call.
"""
import collections
import contextlib
import os
import random
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

from . import paths
from .api import wait_for
from .workdir import OwnsWorkdir

SCRIPT = os.path.join(paths.SOURCE_DIR, "scripts", "zookeeper.sh")
ZKCLI = os.environ.get("DROVE_ZKCLI", "/usr/share/zookeeper/bin/zkCli.sh")
STOP_GRACE_SECONDS = 10
SERVING_MODES = ("leader", "follower", "standalone")


def four_letter(port, word="srvr", host="127.0.0.1", timeout=2.0):
    """The text a server answers to a four-letter word ("" when it does not answer)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.sendall(word.encode())
            chunks = []
            while True:
                data = s.recv(4096)
                if not data:
                    break
                chunks.append(data)
        return b"".join(chunks).decode(errors="replace")
    except OSError:
        return ""


def server_mode(port, host="127.0.0.1"):
    """leader / follower / standalone, or None while the server does not serve (or is down)."""
    for line in four_letter(port, "srvr", host).splitlines():
        if line.startswith("Mode: "):
            return line[6:].strip()
    return None


def _port_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def _free_runs(count, length, low=20000, high=32000):
    """`count` bases b such that b..b+length-1 are all free on 127.0.0.1, runs not overlapping.

    Below the kernel's ephemeral range (32768+) so that no outgoing connection takes a port between
    this check and the JVM's bind."""
    bases, taken = [], set()
    for _ in range(1000):
        base = random.randrange(low, high - length)
        run = set(range(base, base + length))
        if run & taken or not all(_port_free(p) for p in run):
            continue
        bases.append(base)
        taken |= run
        if len(bases) == count:
            return bases
    raise RuntimeError("no free port runs of %d found in %d-%d" % (length, low, high))


class Ensemble(OwnsWorkdir):
    """`size` ZooKeeper servers on 127.0.0.1 (size 1 = standalone), children of this process.

    tick_ms: tickTime (500 for tests: session timeouts 1-10 s, see the shared notes). base_port:
    first client port (default: free ports below 32000; quorum/election ports likewise). heap: -Xmx."""
    LABEL = "zookeeper"

    def __init__(self, size=3, tick_ms=500, workdir=None, base_port=None, heap="128m",
                 force_sync=True, start=True, start_timeout=60):
        self.size = size
        self.tick_ms = tick_ms
        self.heap = heap
        self.failed = False
        self._own_workdir = workdir is None
        self.workdir = workdir or tempfile.mkdtemp(prefix="drove-zk-")
        if base_port is None:
            self.client_port, self.quorum_port, self.election_port = _free_runs(3, size)
        else:
            self.client_port, self.quorum_port, self.election_port = (
                base_port, base_port + 707, base_port + 1707)
        self._env = dict(os.environ, ZK_TICK_MS=str(tick_ms), ZK_HEAP=heap,
                         ZK_FORCE_SYNC="yes" if force_sync else "no")
        subprocess.run(["bash", SCRIPT, "config", str(size), self.workdir, str(self.client_port),
                        str(self.quorum_port), str(self.election_port)],
                       env=self._env, check=True, stdout=subprocess.DEVNULL)
        self._popens = [None] * size
        if start:
            try:
                self.start(timeout=start_timeout)
            except BaseException:
                self.failed = True
                self.print_logs()
                self.stop()
                raise

    # --- addresses -------------------------------------------------------------------------------
    def port(self, i):
        return self.client_port + i

    def address(self, i):
        return "127.0.0.1:%d" % self.port(i)

    @property
    def connection_string(self):
        return ",".join(self.address(i) for i in range(self.size))

    def node_dir(self, i):
        return os.path.join(self.workdir, "n%d" % (i + 1))

    def log_path(self, i):
        return os.path.join(self.node_dir(i), "out.log")

    # --- lifecycle -------------------------------------------------------------------------------
    def start(self, timeout=60):
        """Starts every node not running and waits until all serve."""
        for i in range(self.size):
            if not self.running(i):
                self.start_node(i, wait=False)
        self.wait_serving(timeout)
        return self

    def start_node(self, i, wait=False, timeout=30):
        """Starts node i (again). With wait, until it serves (needs a quorum of running nodes)."""
        if self.running(i):
            raise RuntimeError("zookeeper node %d already running (pid %d)" % (i, self.pid(i)))
        log = open(self.log_path(i), "ab")
        log.write(("==== node %d start %s\n" % (i, time.strftime("%H:%M:%S"))).encode())
        log.flush()
        try:
            popen = subprocess.Popen(["bash", SCRIPT, "exec-node", self.workdir, str(i + 1)],
                                     env=self._env, stdin=subprocess.DEVNULL, stdout=log,
                                     stderr=log, start_new_session=True)
        finally:
            log.close()
        self._popens[i] = popen
        with open(os.path.join(self.node_dir(i), "zk.pid"), "w") as f:
            f.write("%d\n" % popen.pid)
        if wait:
            self.wait_serving(timeout, nodes=[i])
        return popen.pid

    def pid(self, i):
        return self._popens[i].pid if self._popens[i] else None

    def running(self, i):
        return self._popens[i] is not None and self._popens[i].poll() is None

    def running_nodes(self):
        return [i for i in range(self.size) if self.running(i)]

    def kill(self, i):
        """SIGKILL node i, as a crash; returns once the process is reaped."""
        return self._stop_node(i, signal.SIGKILL)

    def stop_node(self, i):
        return self._stop_node(i, signal.SIGTERM)

    def _stop_node(self, i, sig):
        popen = self._popens[i]
        if popen is None:
            return None
        if popen.poll() is None:
            popen.send_signal(sig)
            try:
                popen.wait(STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                popen.kill()
                popen.wait()
        self._popens[i] = None
        try:
            os.unlink(os.path.join(self.node_dir(i), "zk.pid"))
        except OSError:
            pass
        return popen.returncode

    def kill_quorum(self):
        """SIGKILLs the leader and then followers until fewer than a majority run; returns the
        indexes killed (leader first). The survivors stop serving (they go LOOKING)."""
        killed = []
        leader = self.leader()
        order = ([leader] if leader is not None else []) + \
            [i for i in self.running_nodes() if i != leader]
        majority = self.size // 2 + 1
        for i in order:
            if len(self.running_nodes()) < majority:
                break
            self.kill(i)
            killed.append(i)
        return killed

    def stop(self):
        """SIGTERM every node (SIGKILL after the grace). Safe to call twice."""
        for i in range(self.size):
            if self._popens[i] is not None and self._popens[i].poll() is None:
                self._popens[i].send_signal(signal.SIGTERM)
        for i in range(self.size):
            self._stop_node(i, signal.SIGTERM)

    def _owns_workdir(self):
        return self._own_workdir

    # --- state -----------------------------------------------------------------------------------
    def mode(self, i):
        """leader / follower / standalone, or None (not running, or running without a quorum)."""
        return server_mode(self.port(i)) if self.running(i) else None

    def serving_nodes(self):
        return [i for i in range(self.size) if self.mode(i) in SERVING_MODES]

    def leader(self):
        """Index of the node that reports Mode leader (or standalone), None if none does."""
        for i in range(self.size):
            if self.mode(i) in ("leader", "standalone"):
                return i
        return None

    def wait_leader(self, timeout=30, other_than=None):
        """Waits until a node other than `other_than` leads and every running node serves; returns
        its index. After a leader kill use this, not wait_serving() alone: for a moment the
        followers still answer `Mode: follower` before they notice and go LOOKING."""
        def new_leader():
            leader = self.leader()
            if leader is None or leader == other_than:
                return None
            running = self.running_nodes()
            return leader + 1 if all(self.mode(i) in SERVING_MODES for i in running) else None

        return wait_for(new_leader, timeout, "a zookeeper leader other than %s" % other_than) - 1

    def wait_serving(self, timeout=30, nodes=None):
        """Waits until every node in `nodes` (default: every running node) serves; a node that
        exits meanwhile fails the wait at once, with its log tail."""
        def all_serving():
            chosen = self.running_nodes() if nodes is None else list(nodes)
            for i in chosen:
                popen = self._popens[i]
                if popen is None or popen.poll() is not None:
                    raise _NodeDied("zookeeper node %d is not running (exit %s); log tail:\n%s"
                                    % (i, popen and popen.returncode, _tail(self.log_path(i))))
            return bool(chosen) and all(self.mode(i) in SERVING_MODES for i in chosen)

        try:
            return wait_for(all_serving, timeout,
                            "zookeeper nodes serving on %s" % self.connection_string)
        except _NodeDied as e:
            self.failed = True
            raise AssertionError(str(e)) from None
        except AssertionError:
            self.failed = True
            raise

    def wait_not_serving(self, timeout=10):
        """Waits until no node serves (after kill_quorum the survivors drop to LOOKING)."""
        return wait_for(lambda: not self.serving_nodes(), timeout, "no zookeeper node serving")

    # --- helpers ---------------------------------------------------------------------------------
    def zkcli(self, *commands, timeout=60):
        """Runs commands ("create /a 1", ...) in ONE zkCli.sh (one JVM start, ~0.7 s): the way to
        write test data; returns its output. Raises on a non-zero exit."""
        script = "".join(c + "\n" for c in commands) + "quit\n"
        out = subprocess.run([ZKCLI, "-server", self.connection_string], input=script.encode(),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
        text = out.stdout.decode(errors="replace")
        if out.returncode != 0:
            raise RuntimeError("zkCli.sh exited %d:\n%s" % (out.returncode, text))
        return text

    def print_logs(self, lines=40):
        out = ["", "=" * 30 + " zookeeper logs (%s) " % self.workdir + "=" * 30]
        for i in range(self.size):
            out.append("---- node %d (%s), last %d lines:" % (i, self.log_path(i), lines))
            out.append(_tail(self.log_path(i), lines))
        print("\n".join(out), file=sys.stderr)


class _NodeDied(BaseException):
    """Not an Exception: wait_for takes those for "not yet", and a dead node must end the wait."""


def _tail(path, lines=40):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError as e:
        return "(cannot read %s: %s)\n" % (path, e)


# ================================== the read-only client ==========================================

Stat = collections.namedtuple("Stat", "czxid mzxid ctime mtime version cversion aversion "
                                      "ephemeralOwner dataLength numChildren pzxid")
_STAT = struct.Struct(">qqqqiiiqiiq")

OP_EXISTS, OP_GET_DATA, OP_GET_CHILDREN2, OP_CLOSE = 3, 4, 12, -11
ERROR_NAMES = {-4: "CONNECTIONLOSS", -7: "OPERATIONTIMEOUT", -101: "NONODE", -102: "NOAUTH",
               -112: "SESSIONEXPIRED", -118: "SESSIONMOVED", -122: "NOTREADONLY"}


class ZkError(Exception):
    def __init__(self, code, path):
        super().__init__("zookeeper error %d (%s) on %s" % (code, ERROR_NAMES.get(code, "?"), path))
        self.code = code
        self.path = path


class NoNodeError(ZkError):
    pass


class ZkClient:
    """Reads znodes over the ZooKeeper wire protocol: one session on one server of `connection`
    ("h:p,h:p[/chroot]"), opened on first use. A lost connection is retried once on the next server
    (reads are idempotent); a server without quorum refuses sessions, which raises ConnectionError.

    children(path) -> sorted names; get(path) -> (bytes or None, Stat); exists(path) -> Stat or None;
    tree(path) -> {path: bytes} of path and every descendant. Missing nodes raise NoNodeError."""

    def __init__(self, connection, timeout=5.0, session_timeout_ms=10000):
        hosts, _, chroot = connection.partition("/")
        self.chroot = ("/" + chroot).rstrip("/") if chroot else ""
        self.servers = []
        for item in hosts.split(","):
            host, _, port = item.strip().rpartition(":")
            self.servers.append((host or "127.0.0.1", int(port)))
        self.timeout = timeout
        self.session_timeout_ms = session_timeout_ms
        self.session_id = 0
        self.server = None
        self._sock = None
        self._xid = 0
        self._passwd = b"\x00" * 16
        self._next = random.randrange(len(self.servers))

    # --- public reads ----------------------------------------------------------------------------
    def exists(self, path):
        try:
            body = self._call(OP_EXISTS, path, _string(self._full(path)) + b"\x00")
        except NoNodeError:
            return None
        return Stat._make(_STAT.unpack_from(body, 0))

    def get(self, path):
        body = self._call(OP_GET_DATA, path, _string(self._full(path)) + b"\x00")
        data, offset = _read_buffer(body, 0)
        return data, Stat._make(_STAT.unpack_from(body, offset))

    def children(self, path):
        body = self._call(OP_GET_CHILDREN2, path, _string(self._full(path)) + b"\x00")
        (count,), offset = struct.unpack_from(">i", body, 0), 4
        names = []
        for _ in range(max(count, 0)):
            name, offset = _read_buffer(body, offset)
            names.append(name.decode())
        return sorted(names)

    def tree(self, path="/", skip=("/zookeeper",)):
        """{path: data} of `path` and all its descendants (breadth first; nodes deleted meanwhile
        are left out). `skip`: subtrees not to read (ZooKeeper's own /zookeeper by default)."""
        out, todo = {}, [path]
        while todo:
            current = todo.pop(0)
            if current in skip:
                continue
            try:
                out[current] = self.get(current)[0]
                names = self.children(current)
            except NoNodeError:
                out.pop(current, None)
                continue
            todo += [(current.rstrip("/") + "/" + n) for n in names]
        return out

    def close(self):
        """Ends the session (closeSession), so the server forgets it at once."""
        if self._sock is not None:
            try:
                self._xid += 1
                self._send(struct.pack(">ii", self._xid, OP_CLOSE))
                self._recv_packet()
            except OSError:
                pass
            self._drop()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # --- protocol --------------------------------------------------------------------------------
    def _full(self, path):
        if not path.startswith("/"):
            raise ValueError("znode paths are absolute: %r" % path)
        return (self.chroot + path).rstrip("/") or "/"

    def _call(self, op, path, payload):
        last = None
        for _ in range(2):
            try:
                if self._sock is None:
                    self._connect()
                self._xid += 1
                xid = self._xid
                self._send(struct.pack(">ii", xid, op) + payload)
                while True:
                    reply = self._recv_packet()
                    rxid, _zxid, err = struct.unpack_from(">iqi", reply, 0)
                    if rxid == xid:
                        break  # xid -1 (watch events) and -2 (pings) are not ours
                if err == -101:
                    raise NoNodeError(err, path)
                if err != 0:
                    raise ZkError(err, path)
                return reply[16:]
            except (OSError, ConnectionError, struct.error) as e:
                last = e
                self._drop()
        raise ConnectionError("zookeeper read of %s failed: %s" % (path, last))

    def _connect(self):
        """Tries every server once, starting after the last one used; keeps the session id so a
        reconnect resumes the same session."""
        errors = []
        for _ in range(len(self.servers)):
            host, port = self.servers[self._next % len(self.servers)]
            self._next += 1
            try:
                sock = socket.create_connection((host, port), timeout=self.timeout)
            except OSError as e:
                errors.append("%s:%d %s" % (host, port, e))
                continue
            self._sock = sock
            try:
                # ConnectRequest: protocolVersion, lastZxidSeen, timeOut, sessionId, passwd, readOnly
                self._send(struct.pack(">iqiq", 0, 0, self.session_timeout_ms, self.session_id) +
                           _buffer(self._passwd) + b"\x00")
                reply = self._recv_packet()
                _proto, negotiated, session_id = struct.unpack_from(">iiq", reply, 0)
                passwd, _ = _read_buffer(reply, 16)
                if negotiated <= 0:  # an expired session: start a new one next time
                    self.session_id, self._passwd = 0, b"\x00" * 16
                    raise ConnectionError("session expired")
                self.session_id, self._passwd = session_id, passwd
                self.server = (host, port)
                self._xid = 0
                return
            except (OSError, ConnectionError, struct.error) as e:
                # A server without quorum closes the connection right after the ConnectRequest.
                errors.append("%s:%d %s" % (host, port, e or type(e).__name__))
                self._drop()
        raise ConnectionError("no zookeeper server accepted a session: " + "; ".join(errors))

    def _drop(self):
        if self._sock is not None:
            try:
                self._sock.close()
            except OSError:
                pass
        self._sock = None
        self.server = None

    def _send(self, payload):
        self._sock.sendall(struct.pack(">i", len(payload)) + payload)

    def _recv_packet(self):
        (length,) = struct.unpack(">i", self._recv_exact(4))
        if length < 0 or length > 64 * 1024 * 1024:
            raise ConnectionError("bad packet length %d" % length)
        return self._recv_exact(length)

    def _recv_exact(self, n):
        chunks, got = [], 0
        while got < n:
            data = self._sock.recv(n - got)
            if not data:
                raise ConnectionError("connection closed by the server")
            chunks.append(data)
            got += len(data)
        return b"".join(chunks)


def _string(text):
    raw = text.encode()
    return struct.pack(">i", len(raw)) + raw


def _buffer(raw):
    return struct.pack(">i", len(raw)) + raw


def _read_buffer(body, offset):
    """(bytes or None for a null buffer/string, next offset)."""
    (length,) = struct.unpack_from(">i", body, offset)
    offset += 4
    if length < 0:
        return None, offset
    return body[offset:offset + length], offset + length


@contextlib.contextmanager
def cluster_on_ensemble(workdir, zk_nodes=3, heap="256m", **cluster_options):
    """A Cluster (harness/cluster.py) on its own ZooKeeper ensemble (tickTime 500) under `workdir`,
    yielded as (cluster, ensemble) and torn down in order: controllers and executors first (standbys
    before the leader), then ZooKeeper, then the work dir (kept, with the logs printed, on failure or
    with DROVE_KEEP_TMP)."""
    from .cluster import Cluster  # cluster.py does not import this module; keep it that way
    zk = Ensemble(size=zk_nodes, tick_ms=500, workdir=os.path.join(workdir, "zookeeper"), heap=heap)
    cluster = None
    try:
        cluster = Cluster(zookeeper=zk, workdir=workdir, **cluster_options)
        yield cluster, zk
    except BaseException:
        zk.failed = True
        if cluster is not None:
            cluster.failed = True
            cluster.print_logs()
        raise
    finally:
        if cluster is not None:
            cluster.stop()
        zk.stop()
        if cluster is not None:
            cluster.cleanup_dir()

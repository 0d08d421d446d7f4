"""Several "hosts" on one machine: network namespaces wired to the root namespace, for multi-host tests.

    with Hosts(2) as hosts:
        p = hosts.run(0, ["drove-executor", "--config", cfg])    # inside host 0 (`ip netns exec`)
        hosts.address(0)         # "10.213.1.2": host 0's address (bind and report this)
        hosts.root_address       # "10.213.0.1": the root namespace as every host sees it (controller)
        hosts.cut(0)             # host 0's link down: it cannot reach the root namespace nor be reached
        hosts.restore(0)

Layout, host i (k = i+1), all names carrying this object's unique id `uid`:
- namespace `<prefix>-h<k>-<uid>`, loopback up;
- control link: veth `dv<uid>h<k>` 10.213.k.1/30 (root) <-> `eth0` 10.213.k.2/30 (host), default route
  via 10.213.k.1. cut(i)/restore(i) take the root end down/up: the host loses its carrier, its routes
  stay (flagged linkdown) and come back with it.
- engine link: veth `dv<uid>e<k>` 10.213.k.5/30 (root) <-> `eng0` 10.213.k.6/30 (host). cut() leaves it
  alone. TCP to 127.0.0.1 inside the host is DNATed to 10.213.k.5 (route_localnet=1, SNAT to
  10.213.k.6): the host sees the one root dockerd's published ports on its own loopback, as a real
  host sees its engine's. Without it the executor's HTTP checks (hard-wired to 127.0.0.1:<host port>)
  fail in a namespace; over the control link a cut would fail them too and the executor would stop
  its healthy containers. Consequence: nothing else can listen on 127.0.0.1 inside a host for TCP.
- root address: a port-less bridge `dv<uid>c` holding 10.213.0.1/32 in the root namespace: local to
  the root namespace (tests reach it directly), reached by every host over its own control link.
  Bind the controller there.
Hosts talk to the root namespace only (no host-to-host routes: executors only talk to controllers).

Ownership: `uid` is this process's pid in hex plus a random byte, so a Hosts whose process died (a
killed test run) is recognised and swept away (its processes killed by pid, namespaces and links
deleted) by the next Hosts(); live ones of other processes are left alone. close() (also on a failed
construction and at interpreter exit) deletes everything this object created. Needs root and `ip`,
`iptables`, `sysctl`.
"""
import atexit
import os
import random
import re
import signal
import subprocess
import time

from .api import wait_for

IFACE_PREFIX = "dv"
NET = "10.213"
MAX_HOSTS = 60
STOP_GRACE_SECONDS = 5


def available():
    """None when namespaces can be made here, else why not (for unittest.skipIf)."""
    if os.geteuid() != 0:
        return "network namespaces need root"
    for tool in ("ip", "iptables", "sysctl"):
        if subprocess.run(["sh", "-c", "command -v " + tool], stdout=subprocess.DEVNULL).returncode:
            return "%s not installed" % tool
    return None


def _run(argv, check=True):
    out = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    if check and out.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(argv), out.returncode,
                                                out.stderr.decode(errors="replace").strip()))
    return out.stdout.decode(errors="replace")


def _pid_running(pid):
    """True for a live process; False when gone or a zombie (kill -0 succeeds on zombies)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2:].split()[0] != "Z"


def _netns_names():
    return [line.split()[0] for line in _run(["ip", "netns", "list"]).splitlines() if line.strip()]


def _link_names():
    out = []
    for line in _run(["ip", "-o", "link", "show"]).splitlines():
        # "12: dv1a2b3ch1@if3: <BROADCAST,..." -> dv1a2b3ch1
        parts = line.split(":", 2)
        if len(parts) >= 2:
            out.append(parts[1].strip().split("@")[0])
    return out


def _kill_netns_processes(ns):
    """SIGKILL by pid whatever still runs in namespace ns (ours: started through run())."""
    for _ in range(50):
        pids = [int(p) for p in _run(["ip", "netns", "pids", ns], check=False).split() if p.isdigit()]
        pids = [p for p in pids if _pid_running(p)]
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.1)


def sweep_leftovers(prefix="drove"):
    """Deletes namespaces and links of Hosts objects whose process is gone; returns their uids."""
    ns_re = re.compile(r"^%s-h\d+-([0-9a-f]{3,})$" % re.escape(prefix))
    link_re = re.compile(r"^%s([0-9a-f]{3,})[hec]\d*$" % IFACE_PREFIX)
    stale = set()
    namespaces = {}
    for ns in _netns_names():
        m = ns_re.match(ns)
        if m:
            namespaces.setdefault(m.group(1), []).append(ns)
    links = {}
    for link in _link_names():
        m = link_re.match(link)
        if m:
            links.setdefault(m.group(1), []).append(link)
    for uid in set(namespaces) | set(links):
        if _pid_running(int(uid[:-2], 16)):
            continue
        stale.add(uid)
        for ns in namespaces.get(uid, []):
            _kill_netns_processes(ns)
            _run(["ip", "netns", "del", ns], check=False)
        for link in links.get(uid, []):
            _run(["ip", "link", "del", link], check=False)
    return sorted(stale)


class Hosts:
    """`n` hosts (network namespaces) wired to the root namespace; see the module docstring."""

    def __init__(self, n, prefix="drove"):
        if not 1 <= n <= MAX_HOSTS:
            raise ValueError("1..%d hosts" % MAX_HOSTS)
        reason = available()
        if reason:
            raise RuntimeError(reason)
        self.n = n
        self.prefix = prefix
        self.uid = "%x%02x" % (os.getpid(), random.randrange(256))
        self.popens = []
        self._cut = set()
        self._closed = False
        self._created_ns = []
        self._created_links = []
        sweep_leftovers(prefix)
        self._check_addresses_free()
        atexit.register(self.close)
        try:
            self._create()
        except BaseException:
            self.close()
            raise

    # --- names and addresses ---------------------------------------------------------------------
    def netns(self, i):
        return "%s-h%d-%s" % (self.prefix, i + 1, self.uid)

    def address(self, i):
        """Host i's own address (its control link): bind and report this."""
        return "%s.%d.2" % (NET, i + 1)

    def gateway(self, i):
        """The root end of host i's control link (its default gateway)."""
        return "%s.%d.1" % (NET, i + 1)

    def engine_address(self, i):
        """The root end of host i's engine link: a root-namespace address, so the engine's published
        ports answer there (and on every other root address), whatever cut() does. Where tests in the
        root namespace reach host i's containers."""
        return "%s.%d.5" % (NET, i + 1)

    @property
    def root_address(self):
        """The root namespace's address on the hosts' network (bind the controller there)."""
        return "%s.0.1" % NET

    def control_link(self, i):
        return "%s%sh%d" % (IFACE_PREFIX, self.uid, i + 1)

    def engine_link(self, i):
        return "%s%se%d" % (IFACE_PREFIX, self.uid, i + 1)

    @property
    def root_link(self):
        return "%s%sc" % (IFACE_PREFIX, self.uid)

    # --- setup -----------------------------------------------------------------------------------
    def _check_addresses_free(self):
        """10.213.0.0/16 is one per machine: a live Hosts of another process would share routes."""
        used = [line for line in _run(["ip", "-o", "-4", "addr", "show"]).splitlines()
                if " inet %s." % NET in line]
        if used:
            raise RuntimeError("%s.0.0/16 is already in use in the root namespace (another live "
                               "Hosts?):\n%s" % (NET, "\n".join(used)))

    def _create(self):
        _run(["ip", "link", "add", self.root_link, "type", "bridge"])
        self._created_links.append(self.root_link)
        _run(["ip", "addr", "add", self.root_address + "/32", "dev", self.root_link])
        _run(["ip", "link", "set", self.root_link, "up"])
        for i in range(self.n):
            ns, k = self.netns(i), i + 1
            _run(["ip", "netns", "add", ns])
            self._created_ns.append(ns)
            in_ns = ["ip", "-n", ns]
            _run(in_ns + ["link", "set", "lo", "up"])
            for root_end, host_end, root_ip, host_ip in (
                    (self.control_link(i), "eth0", self.gateway(i), self.address(i)),
                    (self.engine_link(i), "eng0", self.engine_address(i), "%s.%d.6" % (NET, k))):
                _run(["ip", "link", "add", root_end, "type", "veth", "peer", "name", host_end,
                      "netns", ns])
                self._created_links.append(root_end)
                _run(["ip", "addr", "add", root_ip + "/30", "dev", root_end])
                _run(["ip", "link", "set", root_end, "up"])
                _run(in_ns + ["addr", "add", host_ip + "/30", "dev", host_end])
                _run(in_ns + ["link", "set", host_end, "up"])
            _run(in_ns + ["route", "add", "default", "via", self.gateway(i)])
            exec_ns = ["ip", "netns", "exec", ns]
            _run(exec_ns + ["sysctl", "-qw", "net.ipv4.conf.all.route_localnet=1"])
            _run(exec_ns + ["iptables", "-t", "nat", "-A", "OUTPUT", "-d", "127.0.0.1/32", "-p", "tcp",
                            "-j", "DNAT", "--to-destination", self.engine_address(i)])
            _run(exec_ns + ["iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "eng0",
                            "-j", "SNAT", "--to-source", "%s.%d.6" % (NET, k)])

    # --- processes -------------------------------------------------------------------------------
    def command(self, i, argv):
        """argv run inside host i. `ip netns exec` execs it: the pid is the program's own."""
        return ["ip", "netns", "exec", self.netns(i)] + list(argv)

    def run(self, i, argv, **popen_kw):
        """Starts argv inside host i (subprocess.Popen keywords pass through); close() kills it."""
        popen_kw.setdefault("stdin", subprocess.DEVNULL)
        popen = subprocess.Popen(self.command(i, argv), **popen_kw)
        self.popens.append(popen)
        return popen

    def call(self, i, argv, timeout=30):
        """Runs argv inside host i to completion: (exit code, stdout+stderr text)."""
        out = subprocess.run(self.command(i, argv), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=timeout)
        return out.returncode, out.stdout.decode(errors="replace")

    # --- faults ----------------------------------------------------------------------------------
    def cut(self, i):
        """Host i off the network: the root end of its control link goes down (its engine link, i.e.
        what its loopback sees of the engine's published ports, stays)."""
        _run(["ip", "link", "set", self.control_link(i), "down"])
        self._cut.add(i)

    def restore(self, i, timeout=5):
        """Link up again; returns once the host has its carrier and the root namespace routes to it.
        Neighbour entries that failed during the cut are flushed on both ends: a FAILED entry would
        answer "No route to host" for a while after the link is back."""
        _run(["ip", "link", "set", self.control_link(i), "up"])
        _run(["ip", "neigh", "flush", "dev", self.control_link(i)], check=False)
        _run(["ip", "-n", self.netns(i), "neigh", "flush", "dev", "eth0"], check=False)
        self._cut.discard(i)
        wait_for(lambda: "LOWER_UP" in _run(["ip", "-n", self.netns(i), "link", "show", "eth0"])
                 and "dev %s" % self.control_link(i) in
                 _run(["ip", "route", "get", self.address(i)], check=False),
                 timeout, "host %d link up and routed" % i)

    def is_cut(self, i):
        return i in self._cut

    # --- teardown --------------------------------------------------------------------------------
    def close(self):
        """Stops what run() started (SIGTERM, SIGKILL after a grace), kills by pid anything else left
        in the namespaces, deletes namespaces and links. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        try:
            atexit.unregister(self.close)
        except Exception:  # noqa: BLE001 - interpreter shutting down
            pass
        for popen in self.popens:
            if popen.poll() is None:
                popen.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for popen in self.popens:
            try:
                popen.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                popen.kill()
                popen.wait()
        for ns in self._created_ns:
            _kill_netns_processes(ns)
            _run(["ip", "netns", "del", ns], check=False)
        existing = set(_link_names())
        for link in self._created_links:
            if link in existing:  # veth root ends usually went with their namespace
                _run(["ip", "link", "del", link], check=False)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

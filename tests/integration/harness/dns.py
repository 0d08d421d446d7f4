"""drove-dns for tests: one server process following a cluster's controller, by pid, and kdig queries.

    dns = DroveDns([cluster.controller_url], workdir=cluster.workdir, zone="drove.test")
    dns.start()                       # waits until /health answers (200 or 503)
    r = dns.query("app.drove.test", "SRV")            # kdig +json over UDP -> Answer
    r = dns.query("app.drove.test", "SRV", tcp=True)
    r.rcode, r.flags, r.answer -> [Rr(owner, ttl, type, data)], r.additional, r.authority
    dns.metrics() -> {"drove_dns_sync_total": 3.0, ...}; dns.stop()

The config is written as JSON (valid YAML) from DroveDns(..., config={...}) deep-merged over the
defaults below; udp and tcp share one free port on 127.0.0.1.

Several clusters (dns.yml `clusters:`): pass controllers=[] and clusters=[...] of cluster_entry():

    dns = DroveDns([], workdir, clusters=[cluster_entry("a", "a.drove.test", [a.controller_url]),
                                          cluster_entry("b", "b.drove.test", [b.controller_url])])
    dns.metrics()['drove_dns_sync_total{cluster="a"}']
"""
import collections
import json
import os
import socket
import subprocess
import urllib.error
import urllib.request

from . import paths, tls
from .api import wait_for
from .cluster import Process, deep_merge, free_port, tail

Rr = collections.namedtuple("Rr", "owner ttl type data")
RCODES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED"}


class Answer:
    """One kdig answer: rcode name, header flags set, sections as Rr lists (OPT left out)."""

    def __init__(self, doc, raw_text):
        self.doc = doc
        self.raw = raw_text
        self.id = doc.get("ID")
        self.rcode = RCODES.get(doc.get("RCODE"), str(doc.get("RCODE")))
        self.flags = {name for name in ("QR", "AA", "TC", "RD", "RA", "AD", "CD") if doc.get(name)}
        self.question = doc.get("QNAME")
        self.answer = _rrs(doc.get("answerRRs", []))
        self.authority = _rrs(doc.get("authorityRRs", []))
        self.additional = [rr for rr in _rrs(doc.get("additionalRRs", [])) if rr.type != "OPT"]
        self.size = doc.get("msgLength")

    def __repr__(self):
        return self.raw


def _rrs(items):
    return [Rr(i.get("NAME"), i.get("TTL"), i.get("TYPEname"),
               i.get("rdata%s" % i.get("TYPEname"), i.get("RDATAHEX"))) for i in items]


def kdig(port, name, qtype, tcp=False, bufsize=1232, address="127.0.0.1", timeout=2, extra=()):
    """Runs kdig with +json; bufsize None = no EDNS. Returns an Answer, or None on no reply."""
    args = ["kdig", "@%s" % address, "-p", str(port), "+json", "+retry=0",
            "+timeout=%d" % timeout, "+tcp" if tcp else "+notcp", "+ignore"]
    args.append("+bufsize=%d" % bufsize if bufsize else "+noedns")
    args += list(extra) + [name, qtype]
    out = subprocess.run(args, capture_output=True, text=True, timeout=timeout + 5)
    try:
        return Answer(json.loads(out.stdout), out.stdout)
    except ValueError:
        return None


def udp_exchange(port, packet, timeout=1.0, address="127.0.0.1"):
    """Sends raw bytes over UDP; the reply bytes, or None when none came."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(packet, (address, port))
        try:
            return s.recv(65535)
        except socket.timeout:
            return None


def _controllers_section(controllers):
    """The `controllers:` key the tests use: the harness's admin user, quick long-poll and polling."""
    return {"endpoints": list(controllers), "username": "admin", "password": "admin",
            "longPollWaitSeconds": 5, "pollIntervalMs": 200}


def cluster_entry(name, zone, controllers, **extra):
    """One item of dns.yml `clusters:`; extra keys (gateway=..., controllers overrides) merged in."""
    return deep_merge({"name": name, "zone": zone, "controllers": _controllers_section(controllers)},
                      extra)


class DroveDns:
    def __init__(self, controllers, workdir, zone="drove.test", config=None, name="drove-dns",
                 clusters=None):
        self.port = free_port()
        self.metrics_port = free_port()
        self.zone = zone
        urls = list(controllers) + [url for c in clusters or []
                                    for url in c["controllers"]["endpoints"]]
        where = ({"clusters": list(clusters)} if clusters else
                 {"zone": zone, "controllers": _controllers_section(controllers)})
        cfg = deep_merge({
            **where,
            "listen": {"udp": ["127.0.0.1:%d" % self.port], "tcp": ["127.0.0.1:%d" % self.port]},
            "metrics": {"address": "127.0.0.1", "port": self.metrics_port},
            "logLevel": "debug",
            # https controllers are verified against the tests' CA (harness/tls.py)
            **({"tls": {"caFile": tls.certificates().ca}}
               if any(url.startswith("https://") for url in urls) else {}),
        }, config)
        self.config = cfg
        self.process = Process(name, paths.DNS_BIN, os.path.join(workdir, name + ".yml"),
                               os.path.join(workdir, name + ".log"))
        with open(self.process.config_path, "w") as f:
            json.dump(cfg, f, indent=2)

    @property
    def pid(self):
        return self.process.pid

    def start(self, timeout=10):
        self.process.start()
        wait_for(lambda: self.health() is not None or self._died(), timeout, "drove-dns /health")
        if self._died():
            raise AssertionError("drove-dns exited: %s" % tail(self.process.log_path))

    def _died(self):
        return self.process.exit_code_if_dead() is not None

    def alive(self):
        return self.process.running()

    def stop(self):
        return self.process.stop()

    def log(self):
        return tail(self.process.log_path, 200)

    def query(self, name, qtype, **kwargs):
        return kdig(self.port, name, qtype, **kwargs)

    def _get(self, path):
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d%s" % (self.metrics_port, path),
                                        timeout=2) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()
        except OSError:
            return None

    def health(self):
        """HTTP status of /health, or None when it does not answer."""
        got = self._get("/health")
        return got[0] if got else None

    def metrics(self):
        """{metric line name with labels: value} from /metrics."""
        got = self._get("/metrics")
        out = {}
        for line in (got[1] if got else "").splitlines():
            if line and not line.startswith("#"):
                key, _, value = line.rpartition(" ")
                out[key] = float(value)
        return out

    def wait_ready(self, timeout=10):
        wait_for(lambda: self.health() == 200, timeout, "drove-dns first sync")


QTYPES = {"A": 1, "NS": 2, "SOA": 6, "TXT": 16, "AAAA": 28, "SRV": 33, "ANY": 255}


def build_query(name, qtype="SRV", qid=0x1234, edns_size=1232, qclass=1):
    """A plain query packet (RD set, one question, an OPT of edns_size unless None)."""
    packet = bytearray(qid.to_bytes(2, "big") + b"\x01\x00\x00\x01\x00\x00\x00\x00")
    packet += (1 if edns_size else 0).to_bytes(2, "big")
    for label in name.rstrip(".").split("."):
        packet += bytes([len(label)]) + label.encode()
    packet += b"\x00" + QTYPES.get(qtype, qtype if isinstance(qtype, int) else 0).to_bytes(2, "big")
    packet += qclass.to_bytes(2, "big")
    if edns_size:
        packet += b"\x00\x00\x29" + edns_size.to_bytes(2, "big") + b"\x00\x00\x00\x00\x00\x00"
    return bytes(packet)


def reply_counts(reply):
    """(rcode, ancount) of a reply packet's header."""
    return reply[3] & 0x0F, int.from_bytes(reply[6:8], "big")


def tcp_exchange(port, packet, timeout=2.0, address="127.0.0.1"):
    """One length-prefixed query over TCP; the reply bytes, or None when the server closed."""
    with socket.create_connection((address, port), timeout=timeout) as s:
        s.sendall(len(packet).to_bytes(2, "big") + packet)
        data = b""
        while len(data) < 2 or len(data) < 2 + int.from_bytes(data[:2], "big"):
            chunk = s.recv(65535)
            if not chunk:
                return None
            data += chunk
        return data[2:2 + int.from_bytes(data[:2], "big")]


def question_bytes(packet):
    """The question name's wire bytes of a query or reply (kdig lowercases names; dig keeps case)."""
    end = 12
    while packet[end]:
        end += 1 + packet[end]
    return packet[12:end + 1]

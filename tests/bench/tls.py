"""Benchmark `tls`: what TLS costs the controller's API, in the same run.

One controller (SQLite store, no executors) is started without TLS and then with TLS (the harness's
throw-away CA, scripts/tls/make-certs.sh); against each, bench_http_load (tests/bench/http_load.cpp,
closed loop over 8 keep-alive connections, TLS clients verifying the CA) measures for ROUND_S seconds:
- api: GET /apis/v1/applications as admin (Basic auth checked on every request);
- reports: POST /apis/v1/messages with an EXECUTOR_SNAPSHOT of one simulated executor (the cluster
  secret checked, the JSON parsed and applied), as executors send them.
Plain and TLS rounds alternate (ROUNDS each) so drift on a shared machine hits both alike; the ratios
are TLS/plain of the summed rates. Then HANDSHAKES fresh connections to the TLS controller time TCP
connect plus a full TLS handshake (no session resumption).
The per-client rate limit is off for the run (`maxRequestsPerSecondPerClient: 0`): it would cap both.

Last line: {"api_rps_plain", "api_rps_tls", "api_rps_ratio", "reports_plain", "reports_tls",
"reports_ratio", "handshake_ms_p50", "handshake_ms_p99", "targets"}."""
import base64
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

from harness import Cluster  # noqa: E402
from harness.cluster import EXECUTOR_SECRET, executor_id_for  # noqa: E402
from harness import paths, tls  # noqa: E402

ROUND_S = 5
ROUNDS = 2
CONNECTIONS = 8
HANDSHAKES = 500
LOAD_BIN = os.path.join(paths.BUILD_DIR, "tests", "bench", "bench_http_load")
TARGETS = {"api_rps_ratio": 0.8, "reports_ratio": 0.8, "handshake_ms_p99": 5.0}


def run_load(*args):
    out = subprocess.run([LOAD_BIN] + list(args), capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    print("  %s -> %s" % (" ".join(args[:2]), figures), file=sys.stderr, flush=True)
    return figures


def snapshot_body(directory):
    """An EXECUTOR_SNAPSHOT of one simulated executor with no instances, as a file for the tool."""
    host, port = "127.0.0.9", 3999
    node = {"executorId": executor_id_for(host, port), "hostname": host, "port": port,
            "transportType": "HTTP", "layout": {"cores": {"0": list(range(16))}, "memory": {"0": 65536}},
            "tags": [], "metadata": {}}
    path = os.path.join(directory, "snapshot.json")
    with open(path, "w") as f:
        json.dump({"type": "EXECUTOR_SNAPSHOT", "executor": node, "instances": [], "tasks": []}, f)
    return path, node["executorId"]


def measure(cluster, ca, body_path, node_id):
    url = cluster.controller_url
    extra = ["--ca", ca] if url.startswith("https") else []
    admin = "Authorization: Basic " + base64.b64encode(b"admin:admin").decode()
    api = run_load("load", url + "/apis/v1/applications", str(ROUND_S), str(CONNECTIONS),
                   "--header", admin, *extra)
    reports = run_load("load", url + "/apis/v1/messages", str(ROUND_S), str(CONNECTIONS),
                       "--method", "POST", "--body-file", body_path,
                       "--header", "Content-Type: application/json",
                       "--header", "Cluster-Authorization: " + EXECUTOR_SECRET,
                       "--header", "NodeId: " + node_id, *extra)
    for figures in (api, reports):
        if figures["errors"] or figures["bad_status"]:
            raise SystemExit("tls bench: failed requests: %s" % figures)
    return api["rps"], reports["rps"]


def main():
    certificates = tls.certificates()
    edge = {"server": {"maxRequestsPerSecondPerClient": 0}}
    totals = {False: [0.0, 0.0], True: [0.0, 0.0]}
    handshakes = None
    with tempfile.TemporaryDirectory(prefix="drove-bench-tls-") as directory:
        body_path, node_id = snapshot_body(directory)
        for _ in range(ROUNDS):
            for with_tls in (False, True):
                print("round: %s" % ("TLS" if with_tls else "plain"), file=sys.stderr, flush=True)
                with Cluster(executors=0, controller_config=edge, tls=with_tls) as cluster:
                    api, reports = measure(cluster, certificates.ca, body_path, node_id)
                    totals[with_tls][0] += api
                    totals[with_tls][1] += reports
                    if with_tls and handshakes is None:
                        handshakes = run_load("handshakes", cluster.controller_url,
                                              str(HANDSHAKES), "--ca", certificates.ca)
    plain, secure = totals[False], totals[True]
    result = {
        "api_rps_plain": round(plain[0] / ROUNDS, 1), "api_rps_tls": round(secure[0] / ROUNDS, 1),
        "api_rps_ratio": round(secure[0] / plain[0], 3),
        "reports_plain": round(plain[1] / ROUNDS, 1), "reports_tls": round(secure[1] / ROUNDS, 1),
        "reports_ratio": round(secure[1] / plain[1], 3),
        "handshake_ms_p50": handshakes["handshake_ms_p50"],
        "handshake_ms_p99": handshakes["handshake_ms_p99"],
        "targets": TARGETS,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""Benchmark `deploy`: CREATE + SCALE to 10 HEALTHY instances through Drove, against the same 10
containers started directly through the engine API and health-checked by this script, in one run.

Both sides use 1 s check intervals. Last line: {"orchestrated_s", "direct_s", "ratio", ...}."""
import concurrent.futures
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

from harness import Cluster, specs  # noqa: E402
from harness import http  # noqa: E402
from harness.cluster import free_port  # noqa: E402

INSTANCES = 10
CHECK_INTERVAL_S = 1.0
LABEL = "drove.bench.deploy"


def orchestrated():
    """Seconds from CREATE to all INSTANCES HEALTHY through the controller."""
    with Cluster() as cluster:
        spec = specs.app_spec(name="BENCH_APP", check_interval="1 second")
        app_id = specs.app_id(spec)
        op_spec = {"timeout": "5m", "parallelism": INSTANCES, "failureStrategy": "STOP"}
        start = time.monotonic()
        status, body = cluster.api.create_app(spec, op_spec=op_spec)
        assert status == 200, body
        status, body = cluster.api.scale(app_id, INSTANCES, op_spec=op_spec)
        assert status == 200, body
        cluster.api.wait_healthy(app_id, INSTANCES, timeout=300)
        return time.monotonic() - start


def start_direct(engine, index):
    """Creates and starts one container like the executor would (port published, 1 core, 128 MB)."""
    port = free_port()
    body = {
        "Image": specs.HTTP_IMAGE,
        "Env": ["PORT=8000"],
        "Labels": {LABEL: "1"},
        "ExposedPorts": {"8000/tcp": {}},
        "HostConfig": {"PortBindings": {"8000/tcp": [{"HostIp": "127.0.0.1", "HostPort": str(port)}]},
                       "CpusetCpus": str(index % os.cpu_count()), "Memory": 128 * 1024 * 1024},
    }
    created = engine.request("POST", "/containers/create?name=drove-bench-%d" % index, body)
    engine.request("POST", "/containers/%s/start" % created["Id"])
    return port


def wait_healthy_direct(port):
    """Polls /health every CHECK_INTERVAL_S like a health check would, until it answers 200."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if http.get("127.0.0.1", port, "/health", timeout=1)[0] == 200:
            return
        time.sleep(CHECK_INTERVAL_S)
    raise RuntimeError("direct container on port %d never became healthy" % port)


def direct():
    """Seconds to start INSTANCES containers in parallel via the engine API until all are healthy."""
    from harness import Engine
    engine = Engine()
    engine.remove_labelled([LABEL])
    try:
        start = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(INSTANCES) as pool:
            ports = list(pool.map(lambda i: start_direct(engine, i), range(INSTANCES)))
            list(pool.map(wait_healthy_direct, ports))
        return time.monotonic() - start
    finally:
        engine.remove_labelled([LABEL])


def main():
    direct_s = direct()
    print("direct: %.2f s" % direct_s, file=sys.stderr)
    orchestrated_s = orchestrated()
    print("orchestrated: %.2f s" % orchestrated_s, file=sys.stderr)
    print(json.dumps({"instances": INSTANCES, "orchestrated_s": round(orchestrated_s, 2),
                      "direct_s": round(direct_s, 2), "ratio": round(orchestrated_s / direct_s, 2),
                      "target_ratio": 1.3}))


if __name__ == "__main__":
    main()

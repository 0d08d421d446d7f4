"""Benchmark `controller-memory`: controller RSS while it holds 1,000 apps x 2 HEALTHY instances.

The executors are simulated (harness/fake_executors.py): each accepts START_INSTANCE messages and reports
the instance HEALTHY back to the controller, as a real executor would (docs/internals.md), with a large
virtual layout.
Last line: {"apps", "instances", "rss_mb", ...}."""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

from harness import Cluster  # noqa: E402
from harness.api import wait_for  # noqa: E402
from harness.fake_executors import FakeExecutors  # noqa: E402
from harness import specs  # noqa: E402

APPS = 1000
PER_APP = 2
EXECUTORS = 8
CORES_PER_EXECUTOR = 512
MEMORY_PER_EXECUTOR_MB = 512 * 1024


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmRSS for pid %d" % pid)


def main():
    with Cluster(executors=0) as cluster, \
            FakeExecutors(cluster.controller_url, executors=EXECUTORS, cores=CORES_PER_EXECUTOR,
                          memory_mb=MEMORY_PER_EXECUTOR_MB):
        wait_for(lambda: len(cluster.api.executors()) == EXECUTORS, 30, "simulated executors listed")
        op_spec = {"timeout": "5m", "parallelism": PER_APP, "failureStrategy": "STOP"}
        start = time.monotonic()
        for i in range(APPS):
            spec = specs.app_spec(name="MEM_APP_%04d" % i)
            status, body = cluster.api.create_app(spec, instances=PER_APP, op_spec=op_spec)
            assert status == 200, body
        wait_for(lambda: sum(s["healthyInstances"] for s in cluster.api.data("/applications").values())
                 == APPS * PER_APP, 600, "all instances HEALTHY", interval=2)
        elapsed = time.monotonic() - start
        time.sleep(6)  # one more snapshot round, so steady-state structures are all populated
        pid = cluster.controller.pid
        rss = rss_mb(pid)
        print("all %d instances HEALTHY in %.1f s" % (APPS * PER_APP, elapsed), file=sys.stderr)
        print(json.dumps({"apps": APPS, "instances": APPS * PER_APP, "rss_mb": round(rss, 1),
                          "target_rss_mb": 100, "setup_s": round(elapsed, 1)}))


if __name__ == "__main__":
    main()

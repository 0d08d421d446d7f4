"""Benchmark `controller-memory`: controller RSS while it holds 1,000 apps x 2 HEALTHY instances, once
with the SQLite store and once with the ZooKeeper store.

The executors are simulated (harness/fake_executors.py): each accepts START_INSTANCE messages and reports
the instance HEALTHY back to the controller, as a real executor would (docs/internals.md), with a large
virtual layout. They are harness/leader_fake_executors.py's, whose snapshots carry each instance as
last reported, as a real executor's do (the plain FakeExecutors re-stamp `updated` in every snapshot,
which makes the controller store every instance again each round: one ZooKeeper transaction per
instance every 5 s).

ZooKeeper run: one controller (it leads alone) on a real 3-node ensemble (harness Ensemble, tickTime
500 ms, forceSync on), same apps and executors. zk_writes counts the transactions the ensemble
committed while the instances came up (first CREATE -> all HEALTHY): the difference of the `Zxid`
that `srvr` (four-letter word) reports, whose low 32 bits count every committed transaction of the
leader's epoch. Every store write of the controller is one fenced `multi`, one transaction; the
only others are session opens/closes (none meanwhile). zk_writes_per_s = zk_writes / zk_setup_s.
zk_steady_writes_per_s: the same count over the 6 s after (all HEALTHY, snapshots still arriving).

Last line: {"apps", "instances", "rss_mb", "target_rss_mb", "setup_s", "zk_ensemble_nodes", "zk_rss_mb",
"zk_setup_s", "zk_writes", "zk_writes_per_s", "zk_steady_writes_per_s"}: the SQLite run's keys
unprefixed, the ZooKeeper run's prefixed zk_. Env CONTROLLER_MEMORY_STORES: "sqlite,zookeeper" (default), or one of them."""
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

from harness import Cluster  # noqa: E402
from harness.api import wait_for  # noqa: E402
from harness.leader_fake_executors import LeaderFakeExecutors  # noqa: E402
from harness.zookeeper import cluster_on_ensemble, four_letter  # noqa: E402
from harness import specs  # noqa: E402
from harness.process_stats import rss_mb  # noqa: E402

APPS = 1000
PER_APP = 2
EXECUTORS = 8
CORES_PER_EXECUTOR = 512
MEMORY_PER_EXECUTOR_MB = 512 * 1024
ZK_NODES = 3
SETTLE_S = 6


def zxid(zk):
    """The ensemble leader's last committed zxid (from `srvr`)."""
    leader = zk.leader()
    assert leader is not None, "no zookeeper leader"
    for line in four_letter(zk.port(leader), "srvr").splitlines():
        if line.startswith("Zxid: "):
            return int(line[6:].strip(), 16)
    raise RuntimeError("no Zxid in srvr of node %d" % leader)


def fill(cluster, mark=None):
    """Creates APPS apps x PER_APP instances on simulated executors; returns (rss MB, seconds to all
    HEALTHY, [mark() at the first CREATE, when all are HEALTHY, SETTLE_S later])."""
    marks = []
    with LeaderFakeExecutors([cluster.controller_url], executors=EXECUTORS,
                             cores=CORES_PER_EXECUTOR, memory_mb=MEMORY_PER_EXECUTOR_MB):
        wait_for(lambda: len(cluster.api.executors()) == EXECUTORS, 30, "simulated executors listed")
        op_spec = {"timeout": "5m", "parallelism": PER_APP, "failureStrategy": "STOP"}
        marks.append(mark() if mark else None)
        start = time.monotonic()
        for i in range(APPS):
            spec = specs.app_spec(name="MEM_APP_%04d" % i)
            status, body = cluster.api.create_app(spec, instances=PER_APP, op_spec=op_spec)
            assert status == 200, body
        wait_for(lambda: sum(s["healthyInstances"] for s in cluster.api.data("/applications").values())
                 == APPS * PER_APP, 600, "all instances HEALTHY", interval=2)
        elapsed = time.monotonic() - start
        marks.append(mark() if mark else None)
        time.sleep(SETTLE_S)  # one more snapshot round, so steady-state structures are all populated
        marks.append(mark() if mark else None)
        return rss_mb(cluster.controller.pid), elapsed, marks


def sqlite_run():
    with Cluster(executors=0) as cluster:
        rss, elapsed, _ = fill(cluster)
    print("sqlite: all %d instances HEALTHY in %.1f s, rss %.1f MB" % (APPS * PER_APP, elapsed, rss),
          file=sys.stderr, flush=True)
    return {"apps": APPS, "instances": APPS * PER_APP, "rss_mb": round(rss, 1),
            "target_rss_mb": 100, "setup_s": round(elapsed, 1)}


def zookeeper_run():
    workdir = tempfile.mkdtemp(prefix="drove-bench-memory-")
    with cluster_on_ensemble(workdir, zk_nodes=ZK_NODES, executors=0) as (cluster, zk):
        rss, elapsed, (zxid_start, zxid_end, zxid_settled) = fill(cluster, lambda: zxid(zk))
    if zxid_start >> 32 != zxid_settled >> 32:
        raise RuntimeError("zookeeper elected a new leader during the run (zxid epoch %d -> %d)"
                           % (zxid_start >> 32, zxid_settled >> 32))
    writes = zxid_end - zxid_start
    steady = (zxid_settled - zxid_end) / SETTLE_S
    print("zookeeper (%d nodes): all %d instances HEALTHY in %.1f s, rss %.1f MB, %d transactions "
          "committed (%.0f/s), %.1f/s in the %d s after" % (ZK_NODES, APPS * PER_APP, elapsed, rss,
                                                          writes, writes / elapsed, steady, SETTLE_S),
          file=sys.stderr, flush=True)
    return {"zk_ensemble_nodes": ZK_NODES, "zk_rss_mb": round(rss, 1), "zk_setup_s": round(elapsed, 1),
            "zk_writes": writes, "zk_writes_per_s": round(writes / elapsed),
            "zk_steady_writes_per_s": round(steady, 1)}


def main():
    stores = [s.strip() for s in os.environ.get("CONTROLLER_MEMORY_STORES", "sqlite,zookeeper").split(",")
              if s.strip()]
    unknown = set(stores) - {"sqlite", "zookeeper"}
    if unknown or not stores:
        sys.exit("controller-memory: CONTROLLER_MEMORY_STORES: unknown %s" % sorted(unknown))
    result = {}
    if "sqlite" in stores:
        result.update(sqlite_run())
    if "zookeeper" in stores:
        result.update(zookeeper_run())
    print(json.dumps(result))


if __name__ == "__main__":
    main()

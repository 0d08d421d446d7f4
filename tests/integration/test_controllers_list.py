"""The controller list (GET /apis/v1/cluster/controllers, issue 14): three controllers on a
3-node ZooKeeper ensemble each list all three, the same leader first, the answering node marked
self; a SIGKILLed leader drops out of every survivor's list once its session expires, and one of
the two left leads. In a browser (tests/ui/e2e/controllers.test.mjs) the overview and cluster
pages list the three, leader and this node marked.

Needs the Debian `zookeeper` package and a JRE (skipped without them); the browser test also
Chromium and playwright-core (harness/browser.py)."""
import os
import socket
import tempfile
import time
import unittest

from harness import ClusterTestCase, browser
from harness.api import DroveApi, wait_for
from harness.zookeeper import Ensemble
from test_zookeeper_harness import _zookeeper_missing

SESSION_TIMEOUT_S = 2  # the harness's zookeeper.sessionTimeout


class ThreeControllersTestCase(ClusterTestCase):
    """Three controllers, no executors, on their own 3-node ensemble per test."""
    EXTRA_OPTIONS = {}

    def setUp(self):
        workdir = tempfile.mkdtemp(prefix="drove-it-")
        self.zk = Ensemble(size=3, tick_ms=500, workdir=os.path.join(workdir, "zookeeper"))
        self.addCleanup(self.zk.stop)  # runs after the cluster's stop (cleanups are LIFO)
        self.CLUSTER_OPTIONS = dict(executors=0, controllers=3, zookeeper=self.zk, workdir=workdir,
                                    **self.EXTRA_OPTIONS)
        super().setUp()


@unittest.skipIf(_zookeeper_missing(), _zookeeper_missing() or "")
class ControllersListTest(ThreeControllersTestCase):

    def node_id(self, index):
        """What controller `index` calls itself (main.cpp: "<hostname>:<port>")."""
        return "%s:%d" % (socket.gethostname(), self.cluster.controller_ports[index])

    def controllers(self, index):
        """Controller `index`'s answer to GET /cluster/controllers (its data list)."""
        api = DroveApi(self.cluster.controller_urls[index], *self.cluster.credentials, timeout=2)
        status, body = api.get("/cluster/controllers")
        self.assertEqual(200, status, "controller-%d: %r" % (index, body))
        self.assertEqual("SUCCESS", body["status"])
        return body["data"]

    def settled_list(self, index, ids):
        """Controller `index`'s list once it names exactly `ids` with one leader; None before."""
        data = self.controllers(index)
        if sorted(c["id"] for c in data) != sorted(ids):
            return None
        if sum(c["leader"] for c in data) != 1 or not data[0]["leader"]:
            return None
        return data

    def all_settled(self, alive):
        """{index: list} once every controller in `alive` lists exactly those, one leading."""
        ids = [self.node_id(i) for i in alive]
        lists = {i: self.settled_list(i, ids) for i in alive}
        return lists if all(lists.values()) else None

    def check_same_list(self, alive, timeout):
        """Waits until every controller in `alive` lists exactly those, then checks they agree
        (leader, order) and each marks itself; returns the leader's id."""
        lists = wait_for(lambda: self.all_settled(alive), timeout,
                         "controllers %s each listing all of them with one leader" % alive)
        leader_ids = {i: [c["id"] for c in data if c["leader"]][0] for i, data in lists.items()}
        self.assertEqual(1, len(set(leader_ids.values())), "one leader everywhere: %r" % lists)
        self.assertEqual(1, len({tuple(c["id"] for c in data) for data in lists.values()}),
                         "the same order everywhere: %r" % lists)
        for i, data in lists.items():
            mine = [c for c in data if c["self"]]
            self.assertEqual([self.node_id(i)], [c["id"] for c in mine],
                             "self on controller-%d" % i)
            for c in data:
                self.assertEqual("%s:%d" % (c["hostname"], c["port"]), c["id"])
        return leader_ids[alive[0]]

    def test_every_controller_lists_all_and_a_killed_leader_drops_out(self):
        leader = self.cluster.wait_leader()
        self.assertEqual(self.node_id(leader), self.check_same_list([0, 1, 2], 15))

        killed_at = time.monotonic()
        self.cluster.kill_controller(leader)
        survivors = [i for i in range(3) if i != leader]
        new_leader_id = self.check_same_list(survivors, SESSION_TIMEOUT_S + 8)
        took = time.monotonic() - killed_at
        print("the killed leader left every list in %.1f s" % took)
        self.assertIn(new_leader_id, [self.node_id(i) for i in survivors])
        new_leader = self.cluster.wait_leader(other_than=leader, timeout=15)
        self.assertEqual(self.node_id(new_leader), new_leader_id)


@unittest.skipIf(browser.missing() or _zookeeper_missing(),
                 browser.missing() or _zookeeper_missing() or "")
class ControllersPageTest(ThreeControllersTestCase):
    EXTRA_OPTIONS = {"tls": False}

    def test_overview_and_cluster_pages_list_the_controllers(self):
        leader = self.cluster.wait_leader()
        fixture = {"controllers": [{"url": url} for url in self.cluster.controller_urls]}
        shots = os.path.join(self.cluster.workdir, "ui-screenshots")
        code, out = browser.run_e2e(["controllers.test.mjs"], self.cluster.controller_urls[leader],
                                    {"RW": list(self.cluster.credentials)}, fixture, shots)
        self.assertEqual(0, code, "node --test controllers.test.mjs failed:\n" + out[-6000:])


if __name__ == "__main__":
    unittest.main()

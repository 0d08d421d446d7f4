"""Simulated executors (harness/fake_executors.py) that follow the leader among several controllers.

    with LeaderFakeExecutors(cluster.controller_urls, executors=8) as fake:
        ...
        fake.controller_url        # the controller that took the last message

A real executor sends to whichever controller answers its ping 200 and looks again after a failed
send (orchestrator/executor/link). This does the same without the ping: a message goes to the
controller that took the previous one; when that one refuses it (a standby's 400 "not the leader",
which applies nothing) or cannot be reached, the other controllers are tried in turn, and the one
that takes it is used from then on. When none takes it, the last error is raised and the base class
retries (reports) or tries again at the next snapshot round, as it does with one controller.
`switches` counts how often the target changed; `undelivered` counts messages no controller took.

Snapshots carry each instance as it was last reported, as a real executor's do (its `updated` moves
only with the state, orchestrator/executor/runner/instance_runner.cpp). The base class stamps
`updated` afresh in every snapshot, so the controller stores every instance again each round: free
with SQLite, but one ZooKeeper transaction per instance per round with the ZooKeeper store (2,000
instances and 8 executors every 5 s: 400 writes/s of pure artefact). With one URL this is simply a
FakeExecutors with realistic snapshots.
"""
import http.client
import json
import threading
import urllib.error
import urllib.request

from .api import NOT_LEADER
from .cluster import EXECUTOR_SECRET
from .fake_executors import FakeExecutors

POST_TIMEOUT_SECONDS = 5


class LeaderFakeExecutors(FakeExecutors):
    def __init__(self, controller_urls, **kwargs):
        self.controller_urls = [u.rstrip("/") for u in controller_urls]
        self._target_lock = threading.Lock()
        self.switches = 0
        self.undelivered = 0
        # Set before the base class starts its sender threads, which call _post at once.
        super().__init__(self.controller_urls[0], **kwargs)

    def _post(self, message, node_id):
        raw = json.dumps(message).encode()
        with self._target_lock:
            first = self.controller_url
        order = [first] + [u for u in self.controller_urls if u != first]
        last_error = None
        for url in order:
            req = urllib.request.Request(url + "/apis/v1/messages", data=raw, method="POST",
                                         headers={"Content-Type": "application/json",
                                                  "Cluster-Authorization": EXECUTOR_SECRET,
                                                  "NodeId": node_id})
            try:
                with urllib.request.urlopen(req, timeout=POST_TIMEOUT_SECONDS) as resp:
                    resp.read()
            except urllib.error.HTTPError as e:
                body = e.read()
                if e.code == 400 and NOT_LEADER.encode() in body:
                    last_error = OSError("%s: not the leader" % url)
                    continue  # a standby: nothing applied, try the next
                # The leader refused the message itself: as with one controller, with its reason.
                raise OSError("HTTP %d from %s: %s"
                              % (e.code, url, body[:300].decode(errors="replace")))
            except (OSError, http.client.HTTPException) as e:  # refused, reset, cut: dead or not up
                last_error = OSError("%s: %s" % (url, getattr(e, "reason", e)))
                continue
            if url != first:
                with self._target_lock:
                    if self.controller_url != url:
                        self.controller_url = url
                        self.switches += 1
            return
        with self._target_lock:
            self.undelivered += 1
        raise OSError("no controller took the message (last: %s)" % last_error)

    def _as_snapshotted(self, info):
        """As last reported, like a real executor's snapshot (see the module doc)."""
        return dict(info)

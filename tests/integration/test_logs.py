"""Container output is listed, read (Drove's offset protocol), tailed and downloaded via the controller."""
import time
import unittest

from harness import ClusterTestCase, specs
from harness.api import wait_for


class LogsTest(ClusterTestCase):
    def read(self, prefix, query):
        status, body = self.api.get(prefix + "/read/output.log", query)
        self.assertEqual(200, status, body)
        return body

    def test_instance_output_is_listed_read_tailed_and_downloaded(self):
        spec = specs.app_spec(env={"TICK": "1"})
        app_id = specs.app_id(spec)
        self.api.create_app(spec, instances=1)
        instance = self.api.wait_healthy(app_id, 1, timeout=90)[0]
        prefix = "/logfiles/applications/%s/%s" % (app_id, instance["instanceId"])

        status, listing = self.api.get(prefix + "/list")
        self.assertEqual(200, status, listing)
        self.assertIn("output.log", listing["files"])

        first = wait_for(lambda: (lambda b: b if "tick" in b["data"] else None)(
            self.read(prefix, {"offset": 0})), 20, "ticks in output.log")
        self.assertEqual(0, first["offset"], "read answers the requested offset")
        self.assertIn("http-server: starting", first["data"])

        size = self.read(prefix, {"offset": -1, "length": -1})
        self.assertEqual("", size["data"])
        self.assertGreaterEqual(size["offset"], len(first["data"]))

        # Tail, as drove-cli does: from the size, advance by what was read, until new lines come.
        offset, followed = size["offset"], ""
        deadline = time.monotonic() + 15
        while "tick" not in followed and time.monotonic() < deadline:
            chunk = self.read(prefix, {"offset": offset})
            self.assertEqual(offset, chunk["offset"])
            followed += chunk["data"]
            offset += len(chunk["data"])
            time.sleep(0.5)
        self.assertIn("tick", followed, "tail saw new lines")

        part = self.read(prefix, {"offset": 2, "length": 5})
        self.assertEqual(first["data"][2:7], part["data"])

        status, raw = self.api.get(prefix + "/download/output.log")
        self.assertEqual(200, status)
        text = raw if isinstance(raw, str) else str(raw)
        self.assertIn("http-server: starting", text)

    def test_task_output_is_readable_after_it_finished(self):
        spec = specs.task_spec("log-task", iterations=5)
        self.api.task_create(spec)
        self.api.wait_task_finished("TEST_APP", "log-task", timeout=60)
        prefix = "/logfiles/tasks/TEST_APP/log-task"
        status, listing = self.api.get(prefix + "/list")
        self.assertEqual(200, status, listing)
        body = self.read(prefix, {"offset": 0})
        for n in range(1, 6):
            self.assertIn("iteration %d" % n, body["data"])

    def test_rotation_keeps_at_most_max_files(self):
        spec = specs.task_spec("chatty-task", iterations=3000, sleep=0,
                               logging={"type": "LOCAL", "maxSize": "4k", "maxFiles": 3,
                                        "compress": False})
        status, body = self.api.task_create(spec)
        self.assertEqual(200, status, body)
        self.api.wait_task_finished("TEST_APP", "chatty-task", timeout=90)
        prefix = "/logfiles/tasks/TEST_APP/chatty-task"
        files = wait_for(lambda: self.api.get(prefix + "/list")[1]["files"], 10, "log files listed")
        self.assertGreaterEqual(len(files), 2, "output rotated: %r" % files)
        self.assertLessEqual(len(files), 3, "at most maxFiles files: %r" % files)
        newest = self.read(prefix, {"offset": 0, "length": 100000})
        self.assertIn("iteration 3000", newest["data"])

    def test_logs_of_unknown_instance_are_no_content(self):
        status, _ = self.api.get("/logfiles/applications/NOPE-1/AI-missing/list")
        self.assertEqual(204, status)


if __name__ == "__main__":
    unittest.main()

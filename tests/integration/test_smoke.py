"""Smoke test: a controller and an executor start, the controller answers ping and lists the executor."""
import unittest

from harness import ClusterTestCase


class ClusterStartsTest(ClusterTestCase):
    def test_ping_answers_pong(self):
        status, body = self.api.ping()
        self.assertEqual(200, status, body)
        self.assertEqual("SUCCESS", body.get("status"), body)
        self.assertEqual("pong", body.get("data"), body)

    def test_executor_is_listed(self):
        executor = self.cluster.executor(0)
        listed = [e for e in self.cluster.registered_executors()
                  if e.get("port") == executor.port and e.get("hostname") == executor.hostname]
        self.assertEqual(1, len(listed), self.cluster.registered_executors())
        self.assertTrue(listed[0].get("executorId"))


if __name__ == "__main__":
    unittest.main()

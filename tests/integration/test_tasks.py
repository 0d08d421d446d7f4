"""One-shot tasks: exit codes become task results; KILL cancels."""
import unittest

from harness import ClusterTestCase, specs
from harness.api import wait_for


class TaskTest(ClusterTestCase):
    CLUSTER_PER_CLASS = True

    def run_task(self, task_id, **args):
        spec = specs.task_spec(task_id, **args)
        status, body = self.api.task_create(spec)
        self.assertEqual(200, status, body)
        self.assertEqual("TEST_APP-" + task_id, body["data"]["taskId"])
        return self.api.wait_task_finished("TEST_APP", task_id, timeout=60)

    def test_exit_zero_is_successful(self):
        info = self.run_task("ok-task", exit_code=0)
        self.assertEqual({"status": "SUCCESSFUL", "exitCode": 0}, info["taskResult"])
        self.assertEqual("127.0.0.1", info["hostname"])
        self.assertEqual([], info["volumes"])

    def test_exit_three_is_failed_with_its_code(self):
        info = self.run_task("failing-task", exit_code=3)
        self.assertEqual({"status": "FAILED", "exitCode": 3}, info["taskResult"])

    def test_kill_cancels_a_running_task(self):
        spec = specs.task_spec("long-task", iterations=600, sleep=1)
        self.assertEqual(200, self.api.task_create(spec)[0])
        wait_for(lambda: (self.api.task_info("TEST_APP", "long-task") or {}).get("state") == "RUNNING",
                 60, "task RUNNING")
        status, body = self.api.task_kill("TEST_APP", "long-task")
        self.assertEqual(200, status, body)
        info = self.api.wait_task_finished("TEST_APP", "long-task", timeout=60)
        self.assertEqual("CANCELLED", info["taskResult"]["status"])
        self.assertEqual([], self.cluster.engine.containers(["drove.instance.id=" + info["instanceId"]]))

    def test_duplicate_task_is_refused_with_drove_text_and_finished_task_can_be_deleted(self):
        self.run_task("dup-task")
        status, body = self.api.task_create(specs.task_spec("dup-task"))
        self.assertEqual(400, status, body)
        self.assertEqual("Task already exists for TEST_APP/dup-task with taskID: TEST_APP-dup-task",
                         body["data"]["validationErrors"][0])
        status, body = self.api.delete("/tasks/TEST_APP/instances/dup-task")
        self.assertEqual(200, status, body)
        self.assertEqual({"deleted": True}, body["data"])
        status, body = self.api.task_get("TEST_APP", "dup-task")
        self.assertEqual("No such task instance TEST_APP/dup-task", body["message"])

    def test_kill_of_unknown_task_is_refused(self):
        status, body = self.api.task_kill("TEST_APP", "never-was")
        self.assertEqual(400, status, body)
        self.assertIn("Either task does not exist or has already finished for TEST_APP/never-was",
                      body["data"]["validationErrors"][0])


if __name__ == "__main__":
    unittest.main()

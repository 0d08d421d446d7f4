"""Controller options disableCmdlArgs / enableRawDeviceAccess decide whether specs may carry args / devices."""
import unittest

from harness import ClusterTestCase, specs

DEVICES = [{"type": "DIRECT", "pathOnHost": "/dev/null", "pathInContainer": "/dev/xnull",
            "permissions": "READ_WRITE"}]
ARGS_REFUSED = "Passing command line to containers is disabled on this cluster"
DEVICES_REFUSED = ("Device access is disabled. To enable, set enableRawDeviceAccess: true in "
                   "controller options.")


class DefaultRulesTest(ClusterTestCase):
    CLUSTER_PER_CLASS = True

    def test_devices_are_refused_by_default_and_args_allowed(self):
        status, body = self.api.create_app(specs.app_spec(name="DEV_APP", devices=DEVICES))
        self.assertEqual(400, status, body)
        self.assertEqual([DEVICES_REFUSED], body["data"]["validationErrors"])
        status, body = self.api.task_create(specs.task_spec("dev-task", devices=DEVICES))
        self.assertEqual(400, status, body)
        self.assertEqual([DEVICES_REFUSED], body["data"]["validationErrors"])
        status, body = self.api.create_app(specs.app_spec(name="ARGS_APP", args=["x"]))
        self.assertEqual(200, status, body)
        self.api.destroy("ARGS_APP-1")


class ConfiguredRulesTest(ClusterTestCase):
    CLUSTER_PER_CLASS = True
    CLUSTER_OPTIONS = {"controller_config": {"options": {"disableCmdlArgs": True,
                                                         "enableRawDeviceAccess": True}}}

    def test_args_are_refused_when_disabled_and_devices_allowed_when_enabled(self):
        status, body = self.api.create_app(specs.app_spec(name="ARGS_APP", args=["x"]))
        self.assertEqual(400, status, body)
        self.assertEqual([ARGS_REFUSED], body["data"]["validationErrors"])
        status, body = self.api.task_create(specs.task_spec("args-task", args=["x"]))
        self.assertEqual(400, status, body)
        self.assertEqual([ARGS_REFUSED], body["data"]["validationErrors"])
        status, body = self.api.create_app(specs.app_spec(name="DEV_APP", devices=DEVICES))
        self.assertEqual(200, status, body)
        self.api.destroy("DEV_APP-1")


if __name__ == "__main__":
    unittest.main()

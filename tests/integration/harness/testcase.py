"""unittest base class that gives each test (or each class) a running Cluster and shows its logs on failure."""
import unittest

from .cluster import Cluster


class ClusterTestCase(unittest.TestCase):
    """self.cluster / self.api are ready in every test.

    Class attributes: CLUSTER_PER_CLASS = True shares one cluster among the tests of the class
    (faster; tests must then clean up their apps); CLUSTER_OPTIONS = dict of Cluster(...) arguments."""

    CLUSTER_PER_CLASS = False
    CLUSTER_OPTIONS = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shared_cluster = None
        if cls.CLUSTER_PER_CLASS:
            cls.shared_cluster = Cluster(**cls.CLUSTER_OPTIONS)

    @classmethod
    def tearDownClass(cls):
        if cls.shared_cluster is not None:
            cls.shared_cluster.stop()
            cls.shared_cluster.cleanup_dir()
            cls.shared_cluster = None
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        if self.shared_cluster is not None:
            self.cluster = self.shared_cluster
        else:
            self.cluster = Cluster(**self.CLUSTER_OPTIONS)
            self.addCleanup(self.cluster.stop)
        self.api = self.cluster.api

    def run(self, result=None):
        before = _problems(result)
        result = super().run(result)
        cluster = getattr(self, "cluster", None)
        if cluster is None or result is None:
            return result
        if _problems(result) > before:
            cluster.failed = True
            cluster.print_logs()
        if cluster is not self.shared_cluster:
            cluster.cleanup_dir()
        return result


def _problems(result):
    if result is None:
        return 0
    return len(result.failures) + len(result.errors) + len(getattr(result, "unexpectedSuccesses", []))

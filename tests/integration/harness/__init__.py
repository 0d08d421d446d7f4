"""Integration-test harness: start a local Drove cluster, call its API, build specs for the test images."""
from .api import DroveApi, wait_for
from .cluster import Cluster, executor_id_for, free_port
from .engine import Engine
from .hosts import Hosts
from .testcase import ClusterTestCase
from . import paths, specs

__all__ = ["Cluster", "ClusterTestCase", "DroveApi", "Engine", "Hosts", "executor_id_for", "free_port",
           "paths", "specs", "wait_for"]

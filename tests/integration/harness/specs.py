"""Builders for application and task specs that use the local test images (tests/images/)."""
import copy
import json
import os

from .paths import SOURCE_DIR

HTTP_IMAGE = "drove-test/http-server:1"
TASK_IMAGE = "drove-test/task:1"
# Verbatim copies of shared/drove-samples, kept in the repo so a fresh clone tests on its own.
SAMPLES_DIR = os.path.join(SOURCE_DIR, "tests", "data", "drove-samples")


def _check(path, interval="1 second", attempts=3, initial_delay="0 seconds", timeout="1 second"):
    return {
        "mode": {"type": "HTTP", "protocol": "HTTP", "portName": "main", "path": path,
                 "verb": "GET", "successCodes": [200], "payload": "",
                 "connectionTimeout": "1 second"},
        "timeout": timeout,
        "interval": interval,
        "attempts": attempts,
        "initialDelay": initial_delay,
    }


def app_spec(name="TEST_APP", version="1", image=HTTP_IMAGE, cpus=1, memory_mb=128, env=None,
             vhost=None, health_path="/health", readiness_path="/ready", check_interval="1 second",
             check_attempts=3, placement=None, tags=None, wait_before_kill="0 seconds",
             pre_shutdown_hooks=False, **extra):
    """The sample app (shared/drove-samples/test_app.json) with fast checks, on the local HTTP image.

    env knobs of the image (tests/images/http-server/rootfs/start.sh): FAIL_HEALTH_AFTER=<s>,
    NEVER_READY=1, EXIT_AFTER=<s> with EXIT_CODE, TICK=1, PORT. `extra` keys are set on the spec
    as given (e.g. configs=[...], volumes=[...], args=[...])."""
    spec = {
        "name": name,
        "version": version,
        "type": "SERVICE",
        "executable": {"type": "DOCKER", "url": image, "dockerPullTimeout": "100 seconds"},
        "exposedPorts": [{"name": "main", "port": 8000, "type": "HTTP"}],
        "volumes": [],
        "configs": [],
        "resources": [{"type": "CPU", "count": cpus}, {"type": "MEMORY", "sizeInMB": memory_mb}],
        "placementPolicy": placement or {"type": "ANY"},
        "healthcheck": _check(health_path, check_interval, check_attempts),
        "readiness": _check(readiness_path, check_interval, check_attempts),
        "tags": dict(tags or {}),
        "env": dict(env or {}),
        "exposureSpec": {"vhost": vhost or "%s.local" % name.lower().replace("_", "-"),
                         "portName": "main", "mode": "ALL"},
        "preShutdown": {"hooks": [], "waitBeforeKill": wait_before_kill},
    }
    if pre_shutdown_hooks:
        spec["preShutdown"]["hooks"] = [_check("/", "1 second")["mode"]]
    spec.update(extra)
    return spec


def app_id(spec):
    return "%s-%s" % (spec["name"], spec["version"])


def task_spec(task_id, source_app="TEST_APP", image=TASK_IMAGE, iterations=3, sleep=0.2,
              exit_code=0, cpus=1, memory_mb=128, env=None, placement=None, **extra):
    """A task on the local task image: prints `iteration N` `iterations` times, exits `exit_code`."""
    task_env = {"ITERATIONS": str(iterations), "SLEEP": str(sleep), "EXIT_CODE": str(exit_code)}
    task_env.update(env or {})
    spec = {
        "sourceAppName": source_app,
        "taskId": task_id,
        "executable": {"type": "DOCKER", "url": image, "dockerPullTimeout": "100 seconds"},
        "volumes": [],
        "resources": [{"type": "CPU", "count": cpus}, {"type": "MEMORY", "sizeInMB": memory_mb}],
        "env": task_env,
        "placementPolicy": placement or {"type": "ANY"},
    }
    spec.update(extra)
    return spec


def sample(name):
    """A spec from shared/drove-samples unchanged (test_app, test_task, test_service)."""
    with open(os.path.join(SAMPLES_DIR, name + ".json")) as f:
        return json.load(f)


def tweaked(spec, **changes):
    """A deep copy of spec with top-level keys replaced."""
    out = copy.deepcopy(spec)
    out.update(changes)
    return out

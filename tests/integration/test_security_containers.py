"""Containers with least privilege, host mounts kept inside allowedMountDirs, and path tricks on the
log APIs: what the engine is asked for, what the container really gets, and what reaches a client."""
import base64
import http.client
import os
import shutil
import tempfile
import unittest

from harness import ClusterTestCase, specs
from harness.api import wait_for
from harness.cluster import CONTROLLER_SECRET
from harness.http import get as http_get

SECRET = "SECRET-CONTENT-7f3a9c"  # in a file outside every log folder: must never be served
CAP_BITS = {"NET_RAW": 13, "SYS_ADMIN": 21, "MKNOD": 27, "SETFCAP": 31}  # linux/capability.h
HOST_ESCAPE = "outside allowedMountDirs"
EXECUTOR_ESCAPE = "outside the executor's allowedMountDirs"
# Log file names that must never read another file: "..", its percent-encoded forms, an encoded
# slash, an absolute path, a NUL byte, and a symlink planted in the instance's own log folder.
FILE_TRICKS = ["..", "%2e%2e", "%2E%2E", "..%2F..%2F..%2Fsecret.txt",
               "%2e%2e%2f%2e%2e%2fsecret.txt", "%2Fetc%2Fpasswd", "output.log%00.txt",
               "output.log.9"]


def raw_get(host, port, path, headers):
    """(status, body text) of a GET sent exactly as written (no client-side normalisation)."""
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read().decode(errors="replace")
    finally:
        conn.close()


class SecureContainersTest(ClusterTestCase):
    CLUSTER_PER_CLASS = True

    @classmethod
    def setUpClass(cls):
        # The allowed host dir and a secret beside it; made before the cluster, which names them.
        cls.host_dir = os.path.realpath(tempfile.mkdtemp(prefix="drove-sec-host-"))
        cls.data_dir = os.path.join(cls.host_dir, "data")
        os.makedirs(os.path.join(cls.data_dir, "app"))
        cls.secret_dir = os.path.join(cls.host_dir, "secret")
        os.makedirs(cls.secret_dir)
        with open(os.path.join(cls.host_dir, "secret.txt"), "w") as f:
            f.write(SECRET)
        with open(os.path.join(cls.secret_dir, "output.log"), "w") as f:
            f.write(SECRET)
        os.symlink(cls.secret_dir, os.path.join(cls.data_dir, "escape"))
        cls.CLUSTER_OPTIONS = {
            "controller_config": {"options": {"allowedMountDirs": [cls.data_dir]}},
            "executor_config": {"containerSecurity": {"allowedMountDirs": [cls.data_dir]}},
        }
        try:
            super().setUpClass()
        except BaseException:
            shutil.rmtree(cls.host_dir, ignore_errors=True)
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            shutil.rmtree(cls.host_dir, ignore_errors=True)

    def healthy_app(self, name):
        """A running instance (app id, InstanceInfo) of the HTTP image with a volume under data/."""
        volume = {"pathInContainer": "/mnt/data", "pathOnHost": self.data_dir + "/app",
                  "mode": "READ_WRITE"}
        spec = specs.app_spec(name=name, volumes=[volume])
        app_id = specs.app_id(spec)
        status, body = self.api.create_app(spec, instances=1)
        self.assertEqual(200, status, body)
        return app_id, self.api.wait_healthy(app_id, 1, timeout=90)[0]

    def container_of(self, instance_id):
        found = self.cluster.engine.containers(["drove.instance.id=%s" % instance_id])
        self.assertEqual(1, len(found), found)
        return self.cluster.engine.inspect(found[0]["Id"])

    # --- (a) least privilege ------------------------------------------------------------------------
    def test_default_container_has_no_new_privileges_dropped_caps_and_pids_limit(self):
        app_id, instance = self.healthy_app("SEC_DEFAULTS")
        host = self.container_of(instance["instanceId"])["HostConfig"]
        self.assertIn("no-new-privileges", host.get("SecurityOpt") or [])
        # Podman reports only the drops from its own default set (SYS_ADMIN is never in it), so
        # the engine-independent check is the bounding set below.
        for cap in ("NET_RAW", "MKNOD", "SETFCAP", "AUDIT_WRITE"):
            self.assertTrue(any(c.upper().endswith(cap) for c in host.get("CapDrop") or []),
                            "%s dropped: %r" % (cap, host.get("CapDrop")))
        self.assertEqual(4096, host.get("PidsLimit"))
        self.assertFalse(host.get("Privileged"))
        self.assertFalse(host.get("ReadonlyRootfs"), "read-only root is opt-in")
        binds = host.get("Binds") or []
        self.assertEqual(1, len(binds), binds)  # Podman appends its mount options
        self.assertTrue(binds[0].startswith(self.data_dir + "/app:/mnt/data:rw"), binds)

        # What the processes inside really get, read by the image's CGI (cat runs in the container).
        where = self.cluster.instance_address(instance)
        status, text = http_get(where[0], where[1], "/cgi-bin/cat?/proc/self/status")
        self.assertEqual(200, status, text)
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        self.assertEqual("1", fields["NoNewPrivs"].strip())
        bounding = int(fields["CapBnd"].strip(), 16)
        for name, bit in CAP_BITS.items():
            self.assertFalse(bounding & (1 << bit), "%s in bounding set %x" % (name, bounding))

    # --- (b) path tricks on the log APIs -------------------------------------------------------------
    def test_path_tricks_never_read_outside_the_instance_log_folder(self):
        app_id, instance = self.healthy_app("SEC_LOGS")
        instance_id = instance["instanceId"]
        executor = self.cluster.executors[self.cluster.executor_index_of(instance)]
        logs = os.path.join(executor.workdir, "logs")
        folder = os.path.join(logs, app_id, instance_id)
        wait_for(lambda: os.path.exists(os.path.join(folder, "output.log")), 20, "output.log")
        # Links planted where the APIs look: a file link in the folder, a linked instance folder
        # and a linked app folder, all leading to the secret.
        os.symlink(os.path.join(self.host_dir, "secret.txt"), os.path.join(folder, "output.log.9"))
        os.symlink(self.secret_dir, os.path.join(logs, app_id, "AI-linked"))
        os.symlink(self.host_dir, os.path.join(logs, "LINKED_APP"))

        auth = "Basic " + base64.b64encode(b"admin:admin").decode()
        controller = ("127.0.0.1", self.cluster.controller_ports[0], {"Authorization": auth})
        direct = (executor.hostname, executor.port,
                  {"Cluster-Authorization": CONTROLLER_SECRET, "NodeId": "test"})
        base = [(controller, "/apis/v1/logfiles/applications/%s/%s" % (app_id, instance_id)),
                (direct, "/apis/v1/logs/filestream/%s/%s" % (app_id, instance_id))]

        for side, prefix in base:
            host, port, headers = side
            status, listing = raw_get(host, port, prefix + "/list", headers)
            self.assertEqual(200, status, listing)
            self.assertIn("output.log", listing)
            self.assertNotIn("output.log.9", listing, "a symlink is not listed")
            for trick in FILE_TRICKS:
                for action in ("read", "download"):
                    path = "%s/%s/%s?offset=0&length=100000" % (prefix, action, trick)
                    status, body = raw_get(host, port, path, headers)
                    self.assertNotEqual(200, status, "%s:%d%s -> %s" % (host, port, path, body))
                    self.assertNotIn(SECRET, body, path)
                    self.assertNotIn("root:x:0:0", body, path)

        # Tricks in the app and instance segments: unknown to the controller (204, Drove's answer
        # for an unknown instance), refused by the executor (400).
        owner_tricks = ["%s/AI-linked" % app_id, "LINKED_APP/secret", "..%2F..%2F%2E%2E/x",
                        "%2e%2e/%2e%2e", "%s/%s%%00" % (app_id, instance_id), "%2Fetc/passwd"]
        for owner in owner_tricks:
            for side, prefix in ((controller, "/apis/v1/logfiles/applications/"),
                                 (direct, "/apis/v1/logs/filestream/")):
                host, port, headers = side
                for suffix in ("/list", "/read/output.log?offset=0", "/download/output.log"):
                    path = prefix + owner + suffix
                    status, body = raw_get(host, port, path, headers)
                    self.assertIn(status, (204, 400, 404, 500), "%s -> %s" % (path, body))
                    self.assertNotIn(SECRET, body, path)

    # --- (c) host mounts --------------------------------------------------------------------------
    def test_volume_escaping_the_allowed_dir_is_refused_with_the_rule(self):
        for path_on_host in (self.data_dir + "/../secret", self.data_dir + "/app/../../secret.txt",
                             "/", "/etc", self.data_dir + "-other"):
            volume = {"pathInContainer": "/mnt/x", "pathOnHost": path_on_host, "mode": "READ_ONLY"}
            status, body = self.api.create_app(specs.app_spec(name="SEC_ESCAPE", volumes=[volume]))
            self.assertEqual(400, status, body)
            errors = body["data"]["validationErrors"]
            self.assertTrue(any(HOST_ESCAPE in e for e in errors), errors)
            self.assertTrue(any(e.startswith("Volume mount requested on non whitelisted host "
                                             "directory: " + path_on_host) for e in errors), errors)
            status, body = self.api.task_create(specs.task_spec("sec-escape", volumes=[volume]))
            self.assertEqual(400, status, body)

    def test_symlink_under_the_allowed_dir_pointing_out_fails_the_start_on_the_executor(self):
        # Lexically inside data/ (the controller accepts it); the executor resolves the link.
        volume = {"pathInContainer": "/mnt/x", "pathOnHost": self.data_dir + "/escape",
                  "mode": "READ_ONLY"}
        spec = specs.app_spec(name="SEC_LINK", volumes=[volume])
        app_id = specs.app_id(spec)
        status, body = self.api.create_app(spec, instances=1)
        self.assertEqual(200, status, body)

        def refused():
            for info in self.api.old_instances(app_id):
                if EXECUTOR_ESCAPE in (info.get("errorMessage") or ""):
                    return info
            return None

        info = wait_for(refused, 60, "an instance refused by the executor's mount check")
        self.assertIn("resolves to " + self.secret_dir, info["errorMessage"])
        running = [c for c in self.cluster.engine.containers(["drove.app.id=%s" % app_id])
                   if c.get("State") == "running"]
        self.assertEqual([], running, "no container was created for the refused start")


class OptInHardeningTest(ClusterTestCase):
    """readOnlyRootFs, ulimits and a smaller pids limit, as an executor opts in to them."""
    CLUSTER_PER_CLASS = True
    CLUSTER_OPTIONS = {"executor_config": {"containerSecurity": {
        "readOnlyRootFs": True, "tmpfs": ["/tmp"], "pidsLimit": 200,
        "ulimits": {"nofile": {"soft": 1024, "hard": 2048},
                    # Podman then drops containers.conf's default_ulimits: keep nproc in reach
                    "nproc": {"soft": 4096, "hard": 4096}}}}}

    def test_read_only_root_ulimits_and_pids_limit_reach_the_container(self):
        spec = specs.app_spec(name="SEC_RO")
        app_id = specs.app_id(spec)
        status, body = self.api.create_app(spec, instances=1)
        self.assertEqual(200, status, body)
        instance = self.api.wait_healthy(app_id, 1, timeout=90)[0]  # /tmp (tmpfs) stays writable
        found = self.cluster.engine.containers(["drove.instance.id=%s" % instance["instanceId"]])
        host = self.cluster.engine.inspect(found[0]["Id"])["HostConfig"]
        self.assertTrue(host.get("ReadonlyRootfs"))
        self.assertEqual(200, host.get("PidsLimit"))
        limits = {u["Name"].lower().replace("rlimit_", ""): (u["Soft"], u["Hard"])
                  for u in host.get("Ulimits") or []}  # Podman spells them RLIMIT_NOFILE
        self.assertEqual((1024, 2048), limits.get("nofile"), host.get("Ulimits"))
        where = self.cluster.instance_address(instance)
        status, limits = http_get(where[0], where[1], "/cgi-bin/cat?/proc/self/limits")
        self.assertEqual(200, status, limits)
        line = [l for l in limits.splitlines() if l.startswith("Max open files")][0]
        self.assertEqual(["1024", "2048"], line.split()[3:5], line)

    def test_configs_on_a_read_only_root_fail_the_start_with_the_reason(self):
        config = {"type": "INLINE", "localFilename": "/etc/app.conf",
                  "data": base64.b64encode(b"x=1").decode()}
        spec = specs.app_spec(name="SEC_RO_CFG", configs=[config])
        app_id = specs.app_id(spec)
        status, body = self.api.create_app(spec, instances=1)
        self.assertEqual(200, status, body)
        info = wait_for(lambda: next((i for i in self.api.old_instances(app_id)
                                      if "readOnlyRootFs" in (i.get("errorMessage") or "")), None),
                        60, "a start refused for configs on a read-only root")
        self.assertIn("configs cannot be copied into a read-only root", info["errorMessage"])


if __name__ == "__main__":
    unittest.main()

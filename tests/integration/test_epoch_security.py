"""drove-epoch's users, tokens and audit trail on the real daemon: a CRYPT user (hashed with
`drove-epoch hash-password`), a read-only user, a bearer token, and an audit file. A read-only user
cannot create a topology (403), read-write and the token can, every POST/PUT/DELETE is one audit
line naming the user and the topology, the audit file is private, and no password, hash or token
appears in the audit file or the epoch's log. No Drove is needed: no test waits for a task."""
import base64
import json
import os
import stat
import subprocess
import tempfile
import unittest
import urllib.error
import urllib.request

from harness import free_port
from test_epoch import EPOCH_BIN, EpochServer, EpochServerTestCase, topology

DEPLOYER_PASSWORD = "deployer yescrypt pass"
VIEWER_PASSWORD = "viewer-plain-pass"
TOKEN = "epoch-it-bearer-token-0123456789abcdef"


def hash_password(password):
    out = subprocess.run([EPOCH_BIN, "hash-password"], input=password + "\n",
                         capture_output=True, text=True, timeout=30)
    if out.returncode != 0:
        raise AssertionError("drove-epoch hash-password failed: %s" % out.stderr)
    return out.stdout.strip()


class EpochSecurityTest(EpochServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.deployer_hash = hash_password(DEPLOYER_PASSWORD)
        workdir = tempfile.mkdtemp(prefix="drove-epoch-it-")
        cls.audit_path = os.path.join(workdir, "audit.log")
        config = {
            # admin stays: EpochServer waits for the daemon as admin.
            "userAuth": {"enabled": True, "users": [
                {"username": "admin", "password": "admin", "role": "READ_WRITE"},
                {"username": "deployer", "password": cls.deployer_hash, "role": "READ_WRITE",
                 "encoding": "CRYPT"},
                {"username": "viewer", "password": VIEWER_PASSWORD, "role": "READ_ONLY"}],
                "tokens": [{"name": "ci-bot", "token": TOKEN, "role": "READ_WRITE"}]},
            "audit": {"file": cls.audit_path, "maxSize": "1m", "maxFiles": 2},
        }
        cls.server = EpochServer(["http://127.0.0.1:%d" % free_port()], workdir=workdir,
                                 config=config)
        cls.deployer = cls.server.as_user("deployer", DEPLOYER_PASSWORD)
        cls.viewer = cls.server.as_user("viewer", VIEWER_PASSWORD)
        cls.bot = cls.server.as_user(None, None)
        cls.bot.headers["Authorization"] = "Bearer " + TOKEN

    def audit_lines(self, topology_id):
        with open(self.audit_path) as f:
            lines = [json.loads(line) for line in f]
        return [line for line in lines if line.get("topologyId") == topology_id]

    def challenge(self, authorization):
        """The 401 for an Authorization value (None: none): (status, WWW-Authenticate, body)."""
        headers = {"Authorization": authorization} if authorization else {}
        req = urllib.request.Request(self.server.url + "/apis/v1/topologies", headers=headers)
        with self.assertRaises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(req, timeout=5)
        return (caught.exception.code, caught.exception.headers["WWW-Authenticate"],
                caught.exception.read())

    def test_hash_password_makes_a_yescrypt_hash_and_refuses_an_empty_one(self):
        self.assertTrue(self.deployer_hash.startswith("$y$"), self.deployer_hash)
        out = subprocess.run([EPOCH_BIN, "hash-password"], input="", capture_output=True,
                             text=True, timeout=30)
        self.assertNotEqual(0, out.returncode)
        self.assertEqual(("", 1), (out.stdout, len(out.stderr.splitlines())), out.stderr)

    def test_read_only_cannot_create_and_the_crypt_read_write_user_can(self):
        self.assertEqual((403, None), self.viewer.post("/topologies", topology("ro-made")))
        self.assertEqual("FAILED", self.viewer.get("/topologies/ro-made")[1]["status"])
        status, body = self.deployer.post("/topologies", topology("rw-made"))
        self.assertEqual((200, "SUCCESS"), (status, body["status"]), body)
        self.addCleanup(self.deployer.delete, "/topologies/rw-made")
        self.assertEqual((403, None), self.viewer.delete("/topologies/rw-made"))
        self.assertEqual("rw-made", self.viewer.data("/topologies/rw-made")["id"])
        wrong = self.server.as_user("deployer", DEPLOYER_PASSWORD + " ")
        self.assertEqual(401, wrong.post("/topologies", topology("nope"))[0])
        # The hash itself is no password.
        self.assertEqual(401, self.server.as_user("deployer", self.deployer_hash).get(
            "/topologies")[0])

    def test_the_bearer_token_works_and_a_wrong_one_gets_epochs_challenge(self):
        status, body = self.bot.post("/topologies", topology("by-token"))
        self.assertEqual((200, "SUCCESS"), (status, body["status"]), body)
        self.assertEqual((200, True), (lambda r: (r[0], r[1]["data"]))(
            self.bot.delete("/topologies/by-token")))
        challenge = (401, 'Basic realm="realm"',
                     b"Credentials are required to access this resource.")
        for wrong in ("Bearer " + TOKEN[:-1], "Bearer " + TOKEN + "x", "Bearer", None):
            self.assertEqual(challenge, self.challenge(wrong), wrong)

    def test_every_write_is_one_audit_line_naming_user_and_topology_and_no_secret(self):
        name = "audited"
        self.assertEqual(200, self.deployer.post("/topologies", topology(name))[0])
        self.assertEqual(403, self.viewer.request("PUT", "/topologies/%s/pause" % name)[0])
        anonymous = self.server.as_user(None, None)
        self.assertEqual(401, anonymous.request("PUT", "/topologies/%s/pause" % name)[0])
        status, body = self.bot.request("PUT", "/topologies/%s/run" % name)
        self.assertEqual(200, status, body)
        run_id = body["data"]["runId"]
        self.assertEqual(200, self.deployer.get("/topologies/%s" % name)[0])  # not audited
        self.assertEqual(200, self.bot.delete("/topologies/%s" % name)[0])

        lines = self.audit_lines(name)
        seen = [(l["user"], l["role"], l["auth"], l["method"], l["path"], l["status"])
                for l in lines]
        self.assertEqual([
            ("deployer", "READ_WRITE", "basic", "POST", "/apis/v1/topologies", 200),
            ("viewer", "READ_ONLY", "basic", "PUT", "/apis/v1/topologies/audited/pause", 403),
            ("", "", "none", "PUT", "/apis/v1/topologies/audited/pause", 401),
            ("ci-bot", "READ_WRITE", "bearer", "PUT", "/apis/v1/topologies/audited/run", 200),
            ("ci-bot", "READ_WRITE", "bearer", "DELETE", "/apis/v1/topologies/audited", 200),
        ], seen)
        self.assertEqual(run_id, lines[3].get("runId"))
        self.assertTrue(all(l["remote"] == "127.0.0.1" and l["time"] for l in lines), lines)

        mode = stat.S_IMODE(os.stat(self.audit_path).st_mode)
        self.assertEqual(0o600, mode, "the audit file is private: %o" % mode)
        basic = base64.b64encode(("deployer:" + DEPLOYER_PASSWORD).encode()).decode()
        secrets = (DEPLOYER_PASSWORD, VIEWER_PASSWORD, TOKEN, self.deployer_hash, basic)
        for path in (self.audit_path, self.server.log_path):
            with open(path, errors="replace") as f:
                text = f.read()
            for secret in secrets:
                self.assertNotIn(secret, text, "%s holds a secret" % path)


if __name__ == "__main__":
    unittest.main()

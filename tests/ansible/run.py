"""Converges the example inventory's cluster from ansible/site.yml in eight systemd containers
(tests/ansible/hosts.sh) and proves it works: lint, idempotence, check mode, the cluster end to end,
and the drills (a SIGKILLed executor, a gateway reload, a broken template, upgrade.yml), each a
counted check. Last line: `ansible: N passed, M failed`.

usage: run.py PACKAGE UPGRADE_PACKAGE   (two builds of the drove .deb, the second a newer version)
Env: DROVE_ANSIBLE_KEEP=1 leaves the hosts up for a look afterwards (tests/ansible/hosts.sh down)."""
import json
import os
import re
import subprocess
import sys
import threading
import time
import traceback
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ANSIBLE_DIR = os.path.join(ROOT, "ansible")
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))

from harness import specs  # noqa: E402
from harness.api import DroveApi, wait_for  # noqa: E402

VAULT_PASSWORD = os.path.join(HERE, "example-vault-password")
INVENTORY = ["-i", os.path.join(ANSIBLE_DIR, "inventory", "example", "hosts.yml"),
             "-i", os.path.join(HERE, "inventory.yml")]
LOG_DIR = os.environ.get("DROVE_ANSIBLE_LOGS", "/tmp/drove-ansible-logs")  # run.sh: in the build dir
CONTROLLERS = ["ctl1", "ctl2", "ctl3"]
EXECUTORS = ["ex1", "ex2"]
APP = specs.app_spec(name="ANSIBLE_APP", version="1", vhost="ansible-app.drove.local",
                     placement={"type": "ONE_PER_HOST"})
APP_ID = specs.app_id(APP)
MITOGEN = "/usr/lib/python3/dist-packages/ansible_mitogen/plugins/strategy"


def log(text):
    print(text, flush=True)


def run(cmd, check=True, **kwargs):
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          **kwargs)
    if check and done.returncode != 0:
        raise AssertionError("%s exited %d:\n%s" % (" ".join(cmd), done.returncode,
                                                   done.stdout[-4000:]))
    return done


def on(host, command, check=True):
    """Runs a shell command in a test host; its output."""
    return run(["docker", "exec", host, "bash", "-c", command], check=check).stdout


def address(host):
    return run(["docker", "inspect", "-f",
                "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", host]).stdout.strip()


def vault_secrets():
    text = run(["ansible-vault", "view", "--vault-password-file", VAULT_PASSWORD,
                os.path.join(ANSIBLE_DIR, "inventory", "example", "group_vars", "all",
                             "vault.yml")]).stdout
    return dict(re.findall(r"^(vault_\w+): (\S+)$", text, re.M))


class Playbooks:
    """ansible-playbook from ansible/ on the test inventory; every run's output kept in LOG_DIR."""

    def __init__(self, package):
        self.package = package
        self.runs = 0

    def play(self, playbook, *args, package=None, fast=False, expect_ok=True):
        env = dict(os.environ, DROVE_PACKAGE_FILE=package or self.package,
                   ANSIBLE_ROLES_PATH=os.path.join(ANSIBLE_DIR, "roles"),
                   ANSIBLE_FORCE_COLOR="0", ANSIBLE_NOCOLOR="1")
        if fast:  # reruns: mitogen keeps one interpreter per host (ansible.md: ~2.5x faster)
            env.update(ANSIBLE_STRATEGY_PLUGINS=MITOGEN, ANSIBLE_STRATEGY="mitogen_linear")
        self.runs += 1
        name = "%02d-%s" % (self.runs, os.path.splitext(os.path.basename(playbook))[0])
        started = time.monotonic()
        done = run(["ansible-playbook", *INVENTORY, "--vault-password-file", VAULT_PASSWORD,
                    playbook, *args], check=False, cwd=ANSIBLE_DIR, env=env)
        with open(os.path.join(LOG_DIR, name + ".log"), "w") as f:
            f.write(done.stdout)
        log("  %s %s: exit %d in %.0f s (log %s/%s.log)" % (
            playbook, " ".join(args), done.returncode, time.monotonic() - started, LOG_DIR, name))
        if expect_ok and done.returncode != 0:
            raise AssertionError("%s failed:\n%s" % (playbook, done.stdout[-3000:]))
        return done.stdout

    @staticmethod
    def recap(output):
        """{host: {"ok": n, "changed": n, "unreachable": n, "failed": n, ...}} from PLAY RECAP."""
        hosts = {}
        for host, counts in re.findall(r"^(\S+)\s+:\s+(ok=.*)$", output, re.M):
            hosts[host] = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", counts)}
        return hosts


class Steady(threading.Thread):
    """A steady client: `probe()` every 20 ms until stop(); keeps (time, error) of each failure."""

    def __init__(self, probe):
        super().__init__(daemon=True)
        self.probe, self.failures, self.count = probe, [], 0
        self.done = threading.Event()
        self.start()

    def run(self):
        while not self.done.is_set():
            try:
                self.probe()
            except Exception as e:  # noqa: BLE001 - every failure is counted and shown
                self.failures.append((time.strftime("%H:%M:%S"), repr(e)[:200]))
            self.count += 1
            time.sleep(0.02)

    def stop(self):
        self.done.set()
        self.join()
        return self


def http_get(url, host=None, timeout=3, headers=None):
    request = urllib.request.Request(url, headers=dict(headers or {}, **({"Host": host} if host else {})))
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.read().decode(errors="replace")


class Cluster:
    """The converged cluster as seen from this machine (container addresses on the test network)."""

    def __init__(self):
        secrets = vault_secrets()
        self.admin_password = secrets["vault_drove_admin_password"]
        self.secrets = secrets
        self.ip = {h: address(h) for h in CONTROLLERS + EXECUTORS + ["gw1", "dns1", "ep1"]}
        guest = DroveApi("http://unused", "guest", secrets["vault_drove_guest_password"])
        self.guest_auth = {"Authorization": guest.headers["Authorization"]}

    def controller_url(self, host):
        return "http://%s:4000" % self.ip[host]

    def ping(self, host):
        try:
            return http_get(self.controller_url(host) + "/apis/v1/ping", timeout=2,
                            headers=self.guest_auth)[0]
        except urllib.error.HTTPError as e:
            return e.code
        except OSError:  # refused or timed out: a controller restarting
            return 0

    def leader(self):
        leaders = [h for h in CONTROLLERS if self.ping(h) == 200]
        return leaders[0] if len(leaders) == 1 else None

    def api(self):
        leader = wait_for(self.leader, 60, "one leader controller")
        return DroveApi(self.controller_url(leader), "admin", self.admin_password)

    def through_gateway(self):
        status, body = http_get("http://%s:7000/" % self.ip["gw1"], host=APP["exposureSpec"]["vhost"])
        if status != 200:
            raise AssertionError("gateway answered %d" % status)
        return body

    def some_controller_answers(self, rounds):
        """One round over the controllers: passes when one answers ping (200 leading, 400
        standing by); appends (time, whether one led) to `rounds`."""
        statuses = [self.ping(h) for h in CONTROLLERS]
        rounds.append((time.monotonic(), 200 in statuses))
        if not any(status in (200, 400) for status in statuses):
            raise AssertionError("no controller answered ping: %s" % statuses)


def longest_leaderless(rounds):
    """Seconds of the longest stretch between a round with no leader and the next with one."""
    longest, since = 0.0, None
    for at, led in rounds:
        if not led and since is None:
            since = at
        elif led and since is not None:
            longest, since = max(longest, at - since), None
    return longest if since is None else float("inf")


class Checks:
    def __init__(self):
        self.passed, self.failed = [], []

    def check(self, name, fn, *args):
        log("check: " + name)
        started = time.monotonic()
        try:
            result = fn(*args)
        except Exception as e:  # noqa: BLE001 - a failed check is reported, the run goes on
            self.failed.append(name)
            log("FAIL %s (%.0f s): %s" % (name, time.monotonic() - started, e))
            if not isinstance(e, AssertionError):
                traceback.print_exc()
            return False
        self.passed.append(name)
        log("ok   %s (%.0f s)%s" % (name, time.monotonic() - started,
                                   ": " + result if isinstance(result, str) else ""))
        return True


# ---- the checks ------------------------------------------------------------------------------

def lint():
    run(["yamllint", "."], cwd=ANSIBLE_DIR)
    run(["ansible-lint", "--offline"], cwd=ANSIBLE_DIR,
        env=dict(os.environ, DROVE_PACKAGE_FILE="/dev/null"))


def syntax(playbooks):
    for playbook in ("site.yml", "upgrade.yml"):
        playbooks.play(playbook, "--syntax-check")


def converge(playbooks):
    output = playbooks.play("site.yml")
    recap = playbooks.recap(output)
    bad = {h: c for h, c in recap.items() if c.get("failed") or c.get("unreachable")}
    assert len(recap) == 8 and not bad, recap
    leaked = [k for k, v in vault_secrets().items() if v in output]
    assert not leaked, "the converge printed secrets: %s" % leaked


def idempotent(playbooks):
    recap = playbooks.recap(playbooks.play("site.yml", fast=True))
    changed = {h: c for h, c in recap.items() if c.get("changed") or c.get("failed")}
    assert len(recap) == 8 and not changed, "a second run changed: %s" % changed
    return "changed=0 on all %d hosts" % len(recap)


def check_mode_quiet(playbooks, secrets):
    output = playbooks.play("site.yml", "--check", "--diff", fast=True)
    recap = playbooks.recap(output)
    changed = {h: c for h, c in recap.items() if c.get("changed") or c.get("failed")}
    assert len(recap) == 8 and not changed, "--check --diff changed: %s" % changed
    leaked = [k for k, v in secrets.items() if v in output]
    assert not leaked, "--check --diff printed secrets: %s" % leaked


def load_test_images():
    """The executors' own engines get the test images the way an air-gapped site would."""
    for host in EXECUTORS:
        save = subprocess.Popen(["docker", "save", specs.HTTP_IMAGE, specs.TASK_IMAGE],
                                stdout=subprocess.PIPE)
        run(["docker", "exec", "-i", host, "docker", "load"], stdin=save.stdout)
        assert save.wait() == 0, "docker save failed"


def zookeeper_one_leader():
    modes = sorted(on(h, "/usr/local/lib/drove/zk-mode 2181").strip() for h in CONTROLLERS)
    assert modes == ["follower", "follower", "leader"], modes


def executors_registered(cluster):
    executors = wait_for(lambda: (lambda e: e if len(e) == 2 else None)(cluster.api().executors()),
                         60, "2 executors listed by the leader")
    return "executors: %s" % sorted(e["hostname"] for e in executors)


def app_healthy_on_both(cluster):
    api = cluster.api()
    status, body = api.create_app(APP, instances=2)
    assert status == 200, body
    healthy = api.wait_healthy(APP_ID, 2, timeout=120)
    hosts = sorted(i["localInfo"]["hostname"] for i in healthy)
    assert hosts == EXECUTORS, hosts


def gateway_routes_to_both(cluster):
    seen = wait_for(lambda: (lambda s: s if len(s) == 2 else None)(
        {re.search(r"instance=(\S+)", cluster.through_gateway()).group(1) for _ in range(20)}),
        30, "the gateway answering from both instances")
    return "instances answering: %s" % sorted(seen)


def dns_answers(cluster):
    vhost = APP["exposureSpec"]["vhost"]
    srv = on("dns1", "dig +short @127.0.0.1 -p 1053 SRV %s" % vhost).split("\n")
    a = on("dns1", "dig +short @127.0.0.1 -p 1053 A %s" % vhost).split()
    assert len([line for line in srv if line.strip()]) == 2, srv
    assert sorted(a) == sorted(cluster.ip[h] for h in EXECUTORS), (a, cluster.ip)


def epoch_runs_a_task(cluster):
    auth = DroveApi("http://%s:8080" % cluster.ip["ep1"], "admin",
                    cluster.secrets["vault_drove_epoch_admin_password"])
    task = {"type": "CONTAINER_EXECUTION", "taskName": "once",
            "executable": {"type": "DOCKER", "url": specs.TASK_IMAGE,
                           "dockerPullTimeout": "100 seconds"},
            "resources": [{"type": "CPU", "count": 1}, {"type": "MEMORY", "sizeInMB": 64}],
            "volumes": [], "placementPolicy": {"type": "ANY"}, "tags": {},
            "env": {"ITERATIONS": "1", "SLEEP": "0.1", "EXIT_CODE": "0"}}
    topology = {"name": "ansible-check", "task": task, "notify": {"type": "BLACKHOLE"},
                "trigger": {"type": "CRON", "timeSpec": "0 0 0 1 1 ? 2099"}}
    status, body = auth.post("/topologies", topology)
    assert status == 200, body
    status, body = auth.request("PUT", "/topologies/ansible-check/run")
    assert status == 200, body
    run_id = body["data"]["runId"]
    result = wait_for(lambda: (lambda r: r if r and r["state"] != "RUNNING" else None)(
        auth.data("/topologies/ansible-check/runs/" + run_id)), 120, "the Epoch run to finish")
    assert result["state"] == "COMPLETED", result


def containers(host):
    """{container id: StartedAt} of the app's containers in an executor host's own docker."""
    ids = on(host, "docker ps -q --no-trunc").split()
    if not ids:
        return {}
    started = on(host, "docker inspect -f '{{.Id}} {{.State.StartedAt}}' " + " ".join(ids))
    return dict(line.split() for line in started.strip().split("\n"))


def tls_from_the_cluster_ca(playbooks):
    """drove_tls_ca_dir: every host gets a key and a certificate for its name that its CA verifies,
    files 0640 root:drove, the key never printed; a second run changes nothing."""
    ca_dir = os.path.join(LOG_DIR, "ca")
    playbook, args = os.path.join(HERE, "tls.yml"), ("-e", "drove_tls_ca_dir=" + ca_dir)
    first = playbooks.play(playbook, *args)
    second = playbooks.recap(playbooks.play(playbook, *args, fast=True))
    changed = {h: c["changed"] for h, c in second.items() if c["changed"]}
    assert len(second) == 8 and not changed, "a second run changed: %s" % changed
    for host in CONTROLLERS + EXECUTORS + ["gw1", "dns1", "ep1"]:
        on(host, "openssl verify -CAfile /etc/drove/tls/ca.crt /etc/drove/tls/node.crt")
        san = on(host, "openssl x509 -noout -ext subjectAltName -in /etc/drove/tls/node.crt")
        assert "DNS:" + host in san, san
        modes = on(host, "stat -c '%a %U %G' /etc/drove/tls/node.key /etc/drove/tls/node.crt")
        assert set(modes.split("\n")[:2]) == {"640 root drove"}, modes
        with open(os.path.join(ca_dir, host + ".key")) as f:
            key = "".join(f.read().split("\n")[1:3])
        assert key not in first, "a key was printed"
    return "8 hosts' certificates verified by the cluster CA"


def killed_executor_comes_back(cluster):
    before = containers("ex1")
    restarts = int(on("ex1", "systemctl show -p NRestarts --value drove-executor"))
    on("ex1", "systemctl kill -s KILL drove-executor")
    wait_for(lambda: int(on("ex1", "systemctl show -p NRestarts --value drove-executor")) > restarts
             and on("ex1", "systemctl is-active drove-executor", check=False).strip() == "active",
             60, "systemd to restart drove-executor")
    wait_for(lambda: len(cluster.api().healthy_instances(APP_ID)) == 2, 60,
             "2 HEALTHY instances after the executor restart")
    after = containers("ex1")
    assert before and after == before, "containers changed: %s -> %s" % (before, after)
    return "%d container(s) on ex1 kept running" % len(after)


def gateway_reload_loses_nothing(playbooks, cluster):
    master = on("gw1", "cat /var/lib/drove/gateway/nginx.pid").strip()
    client = Steady(cluster.through_gateway)
    try:
        recap = playbooks.recap(playbooks.play(
            "site.yml", "--limit", "gw1", "-e", "drove_gateway_worker_processes=3", fast=True))
        time.sleep(1)
    finally:
        client.stop()
    assert recap["gw1"]["changed"] >= 1, recap
    assert not client.failures, "failed requests: %s" % client.failures[:5]
    workers = int(on("gw1", "pgrep -c -P %s" % master))
    assert on("gw1", "cat /var/lib/drove/gateway/nginx.pid").strip() == master, "nginx restarted"
    return "%d requests, 0 failed; master %s kept, %d workers" % (client.count, master, workers)


def broken_template_changes_nothing(playbooks):
    config = "sha1sum /etc/drove/controller/controller.yml"
    before = {h: (on(h, config), on(h, "systemctl show -p MainPID --value drove-controller"))
              for h in CONTROLLERS}
    output = playbooks.play("site.yml", "--limit", "controllers", "-e",
                            "drove_controller_zookeeper_session_timeout=banana", fast=True,
                            expect_ok=False)
    assert "FAILED" in output or "fatal" in output, "the broken config was not refused"
    after = {h: (on(h, config), on(h, "systemctl show -p MainPID --value drove-controller"))
             for h in CONTROLLERS}
    assert after == before, "files or processes changed: %s -> %s" % (before, after)


def upgrade_keeps_serving(playbooks, cluster, package):
    pids = {h: on(h, "systemctl show -p MainPID --value drove-controller") for h in CONTROLLERS}
    rounds = []
    app = Steady(cluster.through_gateway)
    api = Steady(lambda: cluster.some_controller_answers(rounds))
    try:
        playbooks.play("upgrade.yml", package=package)
    finally:
        app.stop(), api.stop()
    versions = {h: on(h, "dpkg-query -W -f='${Version}' drove") for h in cluster.ip}
    wanted = run(["dpkg-deb", "-f", package, "Version"]).stdout.strip()
    assert set(versions.values()) == {wanted}, versions
    restarted = [h for h in CONTROLLERS
                 if on(h, "systemctl show -p MainPID --value drove-controller") != pids[h]]
    assert restarted == CONTROLLERS, "controllers not restarted: %s" % restarted
    assert not app.failures, "app requests failed: %s" % app.failures[:5]
    assert not api.failures, "rounds with no controller answering: %s" % api.failures[:5]
    # A handover has a moment with no leader (the old one resigns before the next is elected);
    # clients retry through it. It must stay that: a moment.
    gap = longest_leaderless(rounds)
    assert gap <= 1.0, "no leader for %.2f s" % gap
    return "%d app requests, %d ping rounds, 0 failed; longest without a leader %.0f ms; all " \
           "hosts at %s" % (app.count, api.count, gap * 1000, wanted)


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    package, upgrade_package = map(os.path.abspath, argv[1:])
    os.makedirs(LOG_DIR, exist_ok=True)
    checks, playbooks = Checks(), Playbooks(package)
    checks.check("lint (yamllint, ansible-lint --offline production)", lint)
    checks.check("syntax", syntax, playbooks)
    if checks.check("converge site.yml on 8 hosts, no secret printed", converge, playbooks):
        secrets = vault_secrets()
        checks.check("idempotent: second run changed=0", idempotent, playbooks)
        checks.check("--check --diff: changed=0, no secret printed", check_mode_quiet, playbooks,
                     secrets)
        cluster = Cluster()
        checks.check("test images loaded into the executors' engines", load_test_images)
        checks.check("ZooKeeper: one leader, two followers", zookeeper_one_leader)
        checks.check("executors registered", executors_registered, cluster)
        if checks.check("app: 2 HEALTHY, one per executor", app_healthy_on_both, cluster):
            checks.check("gateway routes by Host to both", gateway_routes_to_both, cluster)
            checks.check("DNS SRV and A answers", dns_answers, cluster)
            checks.check("drill: SIGKILLed executor restarted, containers kept",
                         killed_executor_comes_back, cluster)
            checks.check("drill: gateway config change reloads, 0 failed requests",
                         gateway_reload_loses_nothing, playbooks, cluster)
        checks.check("Epoch runs a task", epoch_runs_a_task, cluster)
        checks.check("TLS from the cluster CA (community.crypto)", tls_from_the_cluster_ca,
                     playbooks)
        checks.check("drill: broken template refused, nothing changed",
                     broken_template_changes_nothing, playbooks)
        checks.check("drill: upgrade.yml keeps ping and the app answering",
                     upgrade_keeps_serving, playbooks, cluster, upgrade_package)
        checks.check("idempotent after the drills", idempotent_after_upgrade, playbooks,
                     upgrade_package)
    log("ansible: %d passed, %d failed" % (len(checks.passed), len(checks.failed)))
    return 0 if not checks.failed else 1


def idempotent_after_upgrade(playbooks, package):
    playbooks.package = package
    return idempotent(playbooks)


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Debian's /usr/sbin/nginx for tests: one master in the foreground, in its own prefix dir, by pid.

    ng = Nginx(conf_text)        # conf_text: a complete nginx.conf (render_template() fills ours)
    ng.start()                   # -p <prefix> -c <prefix>/conf/nginx.conf, `daemon off`
    ng.get("/", host="app.local", port=p)  -> (status, body, headers)
    ng.pids()                    # (master pid, sorted worker pids)
    ng.reload(); ng.stop()

nginx's compiled-in paths (pid file /run/nginx.pid, temp dirs under /var/lib/nginx) are redirected
into the prefix, so several nginx instances (and a system one) never share a file. Worker crashes
are visible as "exited on signal" in the error log: crashes() lists them.

start_backends() runs a plain nginx answering on many ports (fast stand-ins for app instances).
The gateway (nginx + ngx_http_drove_module) tools are in gateway.py.
"""
import http.client
import importlib.util
import os
import re
import signal
import socket
import subprocess
import tempfile

from . import paths
from .api import wait_for
from .process_stats import rss_kb

NGINX_BIN = os.environ.get("DROVE_NGINX_BIN", "/usr/sbin/nginx")
STOP_GRACE_SECONDS = 10
_TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def render_template(path, **values):
    """Fills a template's {{ name }} placeholders with scripts/render_template.py's rules."""
    spec = importlib.util.spec_from_file_location(
        "render_template", os.path.join(paths.SOURCE_DIR, "scripts", "render_template.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with open(path) as f:
        return module.render(f.read(), {k: str(v) for k, v in values.items()})


def http_get(port, path="/", host=None, timeout=5, address="127.0.0.1", headers=None):
    """(status, body text, headers dict with lower-case names) of one GET; status 0 on a transport
    error (body then holds the error)."""
    conn = http.client.HTTPConnection(address, port, timeout=timeout)
    try:
        all_headers = dict(headers or {})
        if host:
            all_headers["Host"] = host
        conn.request("GET", path, headers=all_headers)
        resp = conn.getresponse()
        body = resp.read().decode(errors="replace")
        return resp.status, body, {k.lower(): v for k, v in resp.getheaders()}
    except (OSError, http.client.HTTPException) as e:
        return 0, "%s: %s" % (type(e).__name__, e), {}
    finally:
        conn.close()


def _children(pid):
    """{child pid: cmdline} of the processes whose parent is pid."""
    out = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                stat = f.read()
            # Field 4 (ppid) follows the parenthesised comm, which may hold spaces.
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            if ppid != pid:
                continue
            with open("/proc/%s/cmdline" % entry, "rb") as f:
                out[int(entry)] = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except (OSError, ValueError):
            continue
    return out


class Nginx:
    """An nginx master started by this process; every signal goes to a pid it recorded."""

    def __init__(self, conf_text, workdir=None, name="nginx", error_log=None):
        self.workdir = workdir or tempfile.mkdtemp(prefix="drove-nginx-")
        self.prefix = os.path.join(self.workdir, name)
        self.name = name
        for sub in ("logs", "conf", "tmp") + tuple("tmp/" + d for d in _TEMP_DIRS):
            os.makedirs(os.path.join(self.prefix, sub), exist_ok=True)
        self.conf_path = os.path.join(self.prefix, "conf", "nginx.conf")
        # Where startup errors go (-e); a config with its own error_log should name the same file.
        self.error_log = error_log or os.path.join(self.prefix, "logs", "error.log")
        self.pid_path = os.path.join(self.prefix, "logs", "nginx.pid")
        self.stdout_path = os.path.join(self.prefix, "logs", "stdout.log")
        self.popen = None
        self.write_conf(conf_text)

    # --- configuration ---------------------------------------------------------------------------
    def write_conf(self, conf_text):
        """Replaces the config file (takes effect at the next start or reload)."""
        tmp = self.conf_path + ".tmp"
        with open(tmp, "w") as f:
            f.write(conf_text)
        os.replace(tmp, self.conf_path)

    def _globals(self):
        """Main-context directives that keep nginx in the prefix, unless the config sets them."""
        with open(self.conf_path) as f:
            conf = f.read()
        out = []
        if not re.search(r"^\s*daemon\s", conf, re.M):
            out.append("daemon off;")
        if not re.search(r"^\s*pid\s", conf, re.M):
            out.append("pid %s;" % self.pid_path)
        return " ".join(out)

    def _base_args(self):
        args = [NGINX_BIN, "-p", self.prefix + "/", "-e", self.error_log, "-c", self.conf_path]
        extra = self._globals()
        return args + (["-g", extra] if extra else [])

    def http_temp_paths(self):
        """Directives for an http{} block that move nginx's temp dirs into the prefix."""
        return "\n".join("%s_temp_path %s;" % (d, os.path.join(self.prefix, "tmp", d))
                         for d in _TEMP_DIRS)

    def test_config(self):
        """(ok, output) of `nginx -t` on the current config."""
        proc = subprocess.run(self._base_args() + ["-t"], capture_output=True, text=True,
                              timeout=30)
        return proc.returncode == 0, proc.stdout + proc.stderr

    # --- lifecycle -------------------------------------------------------------------------------
    @property
    def master_pid(self):
        return self.popen.pid if self.popen else None

    def running(self):
        return self.popen is not None and self.popen.poll() is None

    def start(self, wait_ports=(), timeout=20):
        """Starts the master in the foreground; waits for its workers and `wait_ports` to listen."""
        if self.running():
            raise RuntimeError("%s already running (pid %d)" % (self.name, self.master_pid))
        out = open(self.stdout_path, "ab")
        try:
            self.popen = subprocess.Popen(self._base_args(), stdin=subprocess.DEVNULL, stdout=out,
                                          stderr=out, start_new_session=True)
        finally:
            out.close()

        def up():  # True when serving, "exited" when the master died (wait_for stops on both)
            if self.popen.poll() is not None:
                return "exited"
            return self.workers() and all(_listening(p) for p in wait_ports)

        try:
            state = wait_for(up, timeout, "%s workers and ports %s" % (self.name, list(wait_ports)),
                             interval=0.05)
        except AssertionError:
            self.stop()
            raise
        if state == "exited":
            code = self.popen.returncode
            self.popen = None
            raise AssertionError("%s exited with %s:\n%s" % (self.name, code, self.log_tail()))
        return self

    def workers(self):
        """Sorted pids of the live worker processes (not those shutting down after a reload)."""
        if not self.running():
            return []
        return sorted(pid for pid, cmd in _children(self.master_pid).items()
                      if cmd.startswith("nginx: worker process") and "shutting down" not in cmd)

    def children(self):
        """{pid: process title} of every child of the master (workers, old workers, helpers)."""
        return _children(self.master_pid) if self.running() else {}

    def pids(self):
        return self.master_pid, self.workers()

    def reload(self, timeout=20):
        """SIGHUP to the master (what `nginx -s reload` sends); waits until a new set of workers
        runs and the old ones are gone. Returns the new worker pids."""
        before = set(self.workers())
        os.kill(self.master_pid, signal.SIGHUP)

        def reloaded():
            now = set(self.workers())
            return sorted(now) if now and not (now & before) else None

        new = wait_for(reloaded, timeout, "%s new workers after reload" % self.name, interval=0.05)
        wait_for(lambda: not (set(self.children()) & before), timeout,
                 "%s old workers exited" % self.name, interval=0.05)
        return new

    def signal_reload_cli(self):
        """`nginx -s reload` through the pid file, as an operator would; returns its exit code."""
        return subprocess.run(self._base_args() + ["-s", "reload"], capture_output=True,
                              timeout=30).returncode

    def stop(self, grace=STOP_GRACE_SECONDS):
        """SIGQUIT (graceful), then SIGTERM, then SIGKILL to the master and any child left.
        Returns the master's exit code (None if never started)."""
        if self.popen is None:
            return None
        kids = set(self.children())
        for sig in (signal.SIGQUIT, signal.SIGTERM, signal.SIGKILL):
            if self.popen.poll() is not None:
                break
            self.popen.send_signal(sig)
            try:
                self.popen.wait(grace / 2 if sig != signal.SIGKILL else grace)
            except subprocess.TimeoutExpired:
                continue
        for pid in kids:  # a worker orphaned by a killed master
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        code = self.popen.returncode
        self.popen = None
        return code

    def kill(self):
        """SIGKILL of the master and its children, as a crash."""
        if self.popen is None:
            return None
        for pid in list(self.children()):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.popen.kill()
        self.popen.wait()
        self.popen = None
        return -9

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    # --- diagnostics -----------------------------------------------------------------------------
    def get(self, port, path="/", host=None, timeout=5, headers=None):
        return http_get(port, path, host, timeout, headers=headers)

    def log_text(self):
        try:
            with open(self.error_log, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def log_tail(self, lines=40):
        text = self.log_text()
        try:
            with open(self.stdout_path, errors="replace") as f:
                text += f.read()
        except OSError:
            pass
        return "".join(text.splitlines(True)[-lines:])

    def crashes(self):
        """Error-log lines of worker processes that died on a signal (segfault, abort)."""
        return [line for line in self.log_text().splitlines() if "exited on signal" in line]

    def rss_kb(self):
        """Resident memory of the master plus its workers, in KiB."""
        pids = [self.master_pid] + list(self.children())
        total = 0
        for pid in pids:
            try:
                total += rss_kb(pid)
            except (OSError, RuntimeError):
                pass
        return total


def _listening(port, host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def start_backends(ports, workdir=None, name="backends"):
    """A plain nginx (one worker) answering `200 backend <port>` on 127.0.0.1:<port> for each port:
    a fast stand-in for app instances. Returns the started Nginx."""
    ng = Nginx("", workdir, name)
    servers = "\n".join('  server { listen 127.0.0.1:%d reuseport; location / { return 200 '
                        '"backend %d\\n"; } }' % (p, p) for p in ports)
    ng.write_conf("worker_processes 1;\nevents { worker_connections 4096; }\n"
                  "http {\n  access_log off;\n  keepalive_requests 100000;\n%s\n%s\n}\n"
                  % (ng.http_temp_paths(), servers))
    return ng.start(wait_ports=ports)

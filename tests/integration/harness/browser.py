"""Runs the UI's browser tests (tests/ui/e2e/*.test.mjs: Debian's Chromium driven by npm
playwright-core under `node --test`) against a cluster, and keeps their screenshots.

    out = browser.run_e2e(["pages.test.mjs"], url, users, fixture, shots_dir)

playwright-core comes from tests/ui/package-lock.json (`npm ci`, no browser download) the first
time, or whenever the lock file changed. Screenshots land in `shots_dir` (the test's work dir) and
are copied to $DROVE_UI_SCREENSHOTS or <build dir>/ui-screenshots; with
DROVE_UI_UPDATE_SCREENSHOTS=1 the overview and app pages also go to docs/screenshots/ (README).
"""
import json
import os
import shutil
import subprocess

from . import paths

UI_TESTS_DIR = os.path.join(paths.SOURCE_DIR, "tests", "ui")
CHROMIUM = os.environ.get("DROVE_E2E_CHROMIUM", "/usr/bin/chromium")
README_SHOTS = ("overview", "app")
NODE_TIMEOUT_SECONDS = 900


def missing():
    """Why the browser tests cannot run here (for skipIf), or None."""
    if not os.access(CHROMIUM, os.X_OK):
        return "%s missing (apt-get install chromium; scripts/install-deps.sh)" % CHROMIUM
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            return "%s missing (scripts/install-deps.sh)" % tool
    return None


def _installed_lock():
    try:
        with open(os.path.join(UI_TESTS_DIR, "node_modules", ".package-lock.json")) as f:
            return json.load(f).get("packages")
    except (OSError, ValueError):
        return None


def ensure_playwright():
    """`npm ci` in tests/ui unless node_modules already matches package-lock.json."""
    with open(os.path.join(UI_TESTS_DIR, "package-lock.json")) as f:
        wanted = {k: v for k, v in json.load(f)["packages"].items() if k}
    if _installed_lock() == wanted:
        return
    env = dict(os.environ, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD="1")
    out = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=UI_TESTS_DIR, env=env,
                         capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise AssertionError("npm ci in %s failed:\n%s%s" % (UI_TESTS_DIR, out.stdout, out.stderr))


def run_e2e(files, url, users, fixture, shots_dir):
    """Runs the given e2e files one after another; (exit code, node's output), output printed."""
    ensure_playwright()
    env = dict(os.environ, DROVE_E2E_URL=url, DROVE_E2E_USERS=json.dumps(users),
               DROVE_E2E_FIXTURE=json.dumps(fixture), DROVE_E2E_SHOTS=shots_dir,
               DROVE_E2E_CHROMIUM=CHROMIUM, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD="1")
    command = ["node", "--test", "--test-concurrency=1", "--test-reporter=spec"]
    command += [os.path.join("e2e", name) for name in files]
    try:
        out = subprocess.run(command, cwd=UI_TESTS_DIR, env=env, capture_output=True, text=True,
                             timeout=NODE_TIMEOUT_SECONDS)
        code, text = out.returncode, out.stdout + out.stderr
    except subprocess.TimeoutExpired as e:
        code, text = -1, "node --test timed out after %d s\n%s" % (NODE_TIMEOUT_SECONDS, e.stdout)
    print("\n---- node --test %s\n%s" % (" ".join(files), text))
    publish_screenshots(shots_dir)
    return code, text


def publish_screenshots(shots_dir):
    """Copies the screenshots out of the test's work dir (which is removed on success)."""
    if not os.path.isdir(shots_dir):
        return
    target = (os.environ.get("DROVE_UI_SCREENSHOTS")
              or os.path.join(paths.BUILD_DIR, "ui-screenshots"))
    os.makedirs(target, exist_ok=True)
    update_docs = os.environ.get("DROVE_UI_UPDATE_SCREENSHOTS") == "1"
    docs = os.path.join(paths.SOURCE_DIR, "docs", "screenshots")
    for name in sorted(os.listdir(shots_dir)):
        shutil.copy2(os.path.join(shots_dir, name), os.path.join(target, name))
        if update_docs and os.path.splitext(name)[0] in README_SHOTS:
            os.makedirs(docs, exist_ok=True)
            shutil.copy2(os.path.join(shots_dir, name), os.path.join(docs, name))
    print("screenshots: %s" % target)

"""The Debian package (cmake/packaging.cmake) made by scripts/package.sh from the already-built
tree: the daemons and CLIs in /usr/bin (0755, stripped), the nginx module and Debian's load_module
snippet, a copyright file, Depends found by dpkg-shlibdeps with neither nginx nor docker, no
maintainer scripts, and a version given to package.sh (as an upgrade test needs) in the Version
field and the file name. Nothing is installed."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from harness import paths

PACKAGE_SH = os.path.join(paths.SOURCE_DIR, "scripts", "package.sh")
BINARIES = ["drove-controller", "drove-executor", "drove-epoch", "drove-dns", "drove", "epoch"]
MODULE = "usr/lib/nginx/modules/ngx_http_drove_module.so"
SNIPPET = "usr/share/nginx/modules-available/mod-http-drove.conf"
COPYRIGHT = "usr/share/doc/drove/copyright"
# Libraries the binaries link (CMakeLists.txt's pkg_check_modules), as Debian names their packages.
LINKED = ["libevent", "libyaml-cpp", "libsqlite3", "libssl3", "libc-ares", "libcurl",
          "libzookeeper"]


def package(out_dir, version=None):
    """scripts/package.sh on the build tree into out_dir; the .deb's path (its last stdout line)."""
    done = subprocess.run(["bash", PACKAGE_SH, paths.BUILD_DIR] + ([version] if version else []),
                          env=dict(os.environ, DROVE_PACKAGE_DIR=out_dir), capture_output=True,
                          text=True, timeout=900)
    if done.returncode != 0:
        raise AssertionError("package.sh failed (%d):\n%s" % (done.returncode, done.stderr))
    return done.stdout.splitlines()[-1]


def field(deb, name):
    return subprocess.run(["dpkg-deb", "-f", deb, name], capture_output=True, text=True,
                          check=True).stdout.strip()


def default_version():
    """-DDROVE_PACKAGE_VERSION of the build tree, or else the project's version."""
    with open(os.path.join(paths.BUILD_DIR, "CMakeCache.txt")) as f:
        cached = re.search(r"^DROVE_PACKAGE_VERSION:STRING=(.*)$", f.read(), re.M)
    if cached and cached.group(1):
        return cached.group(1)
    with open(os.path.join(paths.SOURCE_DIR, "CMakeLists.txt")) as f:
        return re.search(r"project\(drove_cpp VERSION ([0-9.]+)", f.read()).group(1)


class PackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out = tempfile.mkdtemp(prefix="drove-package-")
        cls.deb = package(cls.out)
        listing = subprocess.run(["dpkg-deb", "-c", cls.deb], capture_output=True, text=True,
                                 check=True).stdout
        # "-rwxr-xr-x root/root 1234 2026-12-06 17:00 ./usr/bin/drove"
        cls.modes = {line.split()[-1].lstrip("./"): line.split()[0]
                     for line in listing.splitlines()}
        cls.tree = os.path.join(cls.out, "tree")
        subprocess.run(["dpkg-deb", "-x", cls.deb, cls.tree], check=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.out, ignore_errors=True)

    def test_the_package_is_named_drove_version_amd64_deb_with_its_control_fields(self):
        version = default_version()
        self.assertEqual(os.path.join(self.out, "drove_%s_amd64.deb" % version), self.deb)
        self.assertEqual(["drove", version, "amd64", "admin"],
                         [field(self.deb, name)
                          for name in ("Package", "Version", "Architecture", "Section")])
        self.assertTrue(field(self.deb, "Maintainer"))

    def test_daemons_and_clis_are_in_usr_bin_executable_and_stripped(self):
        for name in BINARIES:
            with self.subTest(name):
                path = "usr/bin/" + name
                self.assertEqual("-rwxr-xr-x", self.modes.get(path), path)
                sections = subprocess.run(["readelf", "-S", "-W", os.path.join(self.tree, path)],
                                          capture_output=True, text=True, check=True).stdout
                self.assertNotIn(".debug_", sections, path)
                self.assertNotIn(".symtab", sections, path)

    def test_the_gateway_module_and_its_load_module_snippet_follow_debians_nginx_layout(self):
        self.assertIn(MODULE, self.modes)
        self.assertIn(SNIPPET, self.modes)
        with open(os.path.join(self.tree, SNIPPET)) as f:
            self.assertEqual("load_module modules/ngx_http_drove_module.so;", f.read().strip())
        self.assertIn(COPYRIGHT, self.modes)

    def test_depends_names_the_linked_libraries_and_neither_nginx_nor_docker(self):
        depends = field(self.deb, "Depends")
        for library in LINKED:
            self.assertIn(library, depends)
        for absent in ("nginx", "docker", "podman"):
            self.assertNotIn(absent, depends)

    def test_no_maintainer_script_starts_anything(self):
        control = os.path.join(self.out, "control")
        subprocess.run(["dpkg-deb", "-e", self.deb, control], check=True)
        for script in ("preinst", "postinst", "prerm", "postrm", "config"):
            self.assertFalse(os.path.exists(os.path.join(control, script)), script)

    def test_a_version_given_to_package_sh_names_the_package_and_its_version_field(self):
        out = tempfile.mkdtemp(prefix="drove-package-9.9.9-")
        self.addCleanup(shutil.rmtree, out, True)
        deb = package(out, "9.9.9")
        self.assertEqual(os.path.join(out, "drove_9.9.9_amd64.deb"), deb)
        self.assertEqual("9.9.9", field(deb, "Version"))


if __name__ == "__main__":
    unittest.main()

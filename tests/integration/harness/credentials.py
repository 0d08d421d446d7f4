"""Credentials for controller.yml: userAuth entries and crypt(3) hashes from
`drove-controller hash-password`."""
import subprocess

from . import paths


def hash_password(password):
    """The yescrypt hash drove-controller makes of `password` (for a user with encoding CRYPT)."""
    out = subprocess.run([paths.CONTROLLER_BIN, "hash-password"], input=password + "\n",
                         capture_output=True, text=True, timeout=30)
    if out.returncode != 0:
        raise AssertionError("hash-password failed: %s" % out.stderr)
    return out.stdout.strip()


def user(name, password, role, encoding="PLAIN"):
    """One userAuth.users entry."""
    return {"username": name, "password": password, "role": role, "encoding": encoding}

"""Plain HTTP GETs to instances on their published host ports (not through the Drove API)."""
import urllib.error
import urllib.request


def get(host, port, path="/", timeout=3):
    """(status, body text) of GET http://host:port/path; status 0 when nothing answers."""
    try:
        with urllib.request.urlopen("http://%s:%d%s" % (host, port, path), timeout=timeout) as r:
            return r.status, r.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")
    except OSError:
        return 0, ""


def env(host, port):
    """The environment of a drove-test/http-server instance (its /cgi-bin/env) as a dict."""
    status, text = get(host, port, "/cgi-bin/env")
    if status != 200:
        raise AssertionError("env of %s:%d: %s %r" % (host, port, status, text))
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)

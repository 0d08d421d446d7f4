"""What /proc says of a process the tests started: its resident memory."""


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS for pid %d" % pid)


def rss_mb(pid):
    return rss_kb(pid) / 1024.0

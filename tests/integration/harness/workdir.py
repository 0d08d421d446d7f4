"""What every harness object that owns a work dir and processes does as a context manager.

`with X() as x:` stops x's processes on the way out; on an exception x is marked failed and its logs
are printed. cleanup_dir() then removes the work dir unless x failed or DROVE_KEEP_TMP is set, so a
failing test leaves its logs behind and a passing one leaves nothing.
"""
import os
import shutil
import sys


class OwnsWorkdir:
    """Mixin: needs self.workdir, self.failed, self.stop(), self.print_logs(); LABEL names it."""
    LABEL = "harness"

    def _owns_workdir(self):
        """False when the caller passed a work dir it cleans up itself."""
        return True

    def cleanup_dir(self):
        """Removes the work dir unless it failed or DROVE_KEEP_TMP is set."""
        if not self._owns_workdir():
            return
        if self.failed or os.environ.get("DROVE_KEEP_TMP"):
            print("%s: kept work dir %s" % (self.LABEL, self.workdir), file=sys.stderr)
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.failed = True
            self.print_logs()
        self.stop()
        self.cleanup_dir()
        return False

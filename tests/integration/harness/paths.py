"""Where the source tree and the built binaries are (env DROVE_SOURCE_DIR / DROVE_BUILD_DIR, as ctest sets)."""
import os

_HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.abspath(os.environ.get("DROVE_SOURCE_DIR",
                                            os.path.join(_HERE, "..", "..", "..")))
BUILD_DIR = os.path.abspath(os.environ.get("DROVE_BUILD_DIR", os.path.join(SOURCE_DIR, "build")))
CONTROLLER_BIN = os.path.join(BUILD_DIR, "orchestrator", "drove-controller")
EXECUTOR_BIN = os.path.join(BUILD_DIR, "orchestrator", "drove-executor")
CLI_BIN = os.path.join(BUILD_DIR, "orchestrator", "drove")
GATEWAY_MODULE = os.path.join(BUILD_DIR, "gateway-module", "ngx_http_drove_module.so")
DNS_BIN = os.path.join(BUILD_DIR, "dns-server", "drove-dns")

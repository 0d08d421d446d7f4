#!/usr/bin/env bash
# scripts/dockerd.sh start|stop|status: the dockerd of tests and the demo (see engine.sh).
exec bash "$(dirname "${BASH_SOURCE[0]}")/engine.sh" docker "$@"

#!/bin/sh
# drove-test/http-server: busybox httpd on $PORT with knobs that let tests drive its health and its death.
#
# Paths:  /                 200, names the host (and DROVE_INSTANCE_ID when set)
#         /health           200 while /tmp/healthy exists, 404 after
#         /ready            200 while /tmp/ready exists, 404 after (never exists with NEVER_READY=1)
#         /cgi-bin/sick     removes /tmp/healthy          /cgi-bin/heal     creates it again
#         /cgi-bin/unready  removes /tmp/ready            /cgi-bin/ready    creates it again
#         /cgi-bin/exit?N   makes the container exit with code N (default 1)
#         /cgi-bin/sleep?N  answers like / after N seconds (at most 60)
#         /cgi-bin/env      prints the environment        /cgi-bin/cat?/path  prints a file
# Env:    PORT (8000)  FAIL_HEALTH_AFTER=<s>  NEVER_READY=1  EXIT_AFTER=<s> (exit code EXIT_CODE, default 1)
#         TICK=1 (a line on stdout every second)
#         ECHO_PORT=<p>: also a WebSocket-style endpoint on p (upgrade-echo.sh: 101, then echo)
# Output: a line at start, one per request (httpd -vv), one per knob firing. SIGTERM/SIGINT: exit 0 at once.

PORT=${PORT:-8000}
echo $$ >/tmp/main.pid

log() { echo "http-server: $*"; }

log "starting port=$PORT host=$(hostname) instance=${DROVE_INSTANCE_ID:-none}"
echo "drove-test http-server host=$(hostname) instance=${DROVE_INSTANCE_ID:-none}" >/www/index.html
touch /tmp/healthy
if [ "${NEVER_READY:-0}" = "1" ]; then
  log "NEVER_READY=1: /ready will never answer 200"
else
  touch /tmp/ready
fi

httpd -f -vv -p "$PORT" -h /www 2>&1 &
HTTPD_PID=$!

on_term() {
  log "got SIGTERM, exiting 0"
  kill "$HTTPD_PID" 2>/dev/null
  exit 0
}
# Like a well-behaved server going down: stop accepting (new connections are refused, so a proxy
# can retry them elsewhere), give the requests already in flight a moment to finish, then exit.
on_exit_request() {
  code=$(cat /tmp/exit_code 2>/dev/null)
  log "exit requested, exiting with code ${code:-1}"
  kill "$HTTPD_PID" 2>/dev/null
  sleep 0.3
  exit "${code:-1}"
}
trap on_term TERM INT
trap on_exit_request USR1

if [ -n "${FAIL_HEALTH_AFTER:-}" ]; then
  (sleep "$FAIL_HEALTH_AFTER"; rm -f /tmp/healthy; log "FAIL_HEALTH_AFTER=$FAIL_HEALTH_AFTER: /health now fails") &
fi
if [ -n "${EXIT_AFTER:-}" ]; then
  (sleep "$EXIT_AFTER"; echo "${EXIT_CODE:-1}" >/tmp/exit_code
   log "EXIT_AFTER=$EXIT_AFTER reached"; kill -USR1 $$) &
fi
if [ -n "${ECHO_PORT:-}" ]; then
  nc -ll -p "$ECHO_PORT" -e /upgrade-echo.sh &
  log "ECHO_PORT=$ECHO_PORT: upgrade + echo endpoint"
fi
if [ "${TICK:-0}" = "1" ]; then
  (n=0; while :; do n=$((n + 1)); log "tick $n"; sleep 1; done) &
fi

# `wait` returns early when a trapped signal arrives; the trap handlers exit. Otherwise httpd died.
while kill -0 "$HTTPD_PID" 2>/dev/null; do
  wait "$HTTPD_PID"
done
log "httpd exited unexpectedly"
exit 2

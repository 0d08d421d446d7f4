#!/bin/sh
# drove-test/task: prints "iteration N" ITERATIONS times (default 3), SLEEP seconds apart (default 0.2),
# then exits with EXIT_CODE (default 0). SIGTERM/SIGINT: prints a line and exits TERM_EXIT_CODE
# (default 143) at once.

ITERATIONS=${ITERATIONS:-3}
SLEEP=${SLEEP:-0.2}
EXIT_CODE=${EXIT_CODE:-0}

on_term() {
  echo "task: got SIGTERM, exiting ${TERM_EXIT_CODE:-143}"
  exit "${TERM_EXIT_CODE:-143}"
}
trap on_term TERM INT

echo "task: starting iterations=$ITERATIONS sleep=$SLEEP exitCode=$EXIT_CODE"
i=1
while [ "$i" -le "$ITERATIONS" ]; do
  echo "iteration $i"
  if [ "$i" -lt "$ITERATIONS" ]; then
    # sleep in the background so the trap runs as soon as SIGTERM arrives
    sleep "$SLEEP" &
    wait $!
  fi
  i=$((i + 1))
done
echo "task: done, exiting $EXIT_CODE"
exit "$EXIT_CODE"

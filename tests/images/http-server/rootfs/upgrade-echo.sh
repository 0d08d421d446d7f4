#!/bin/sh
# One connection on $ECHO_PORT (nc -e): reads an HTTP/1.1 Upgrade request, answers
# `101 Switching Protocols` with the RFC 6455 accept key and the instance id, then echoes every byte
# back. `read` takes the socket a byte at a time, so nothing after the headers is lost to cat.
cr=$(printf '\r')
key=""
while IFS= read -r line; do
  line=${line%"$cr"}
  [ -z "$line" ] && break
  case "$line" in
    [Ss]ec-[Ww]eb[Ss]ocket-[Kk]ey:*) key=$(echo "${line#*:}" | tr -d ' \t') ;;
  esac
done
accept=$(printf '%s258EAFA5-E914-47DA-95CA-C5AB0DC85B11' "$key" | sha1sum | cut -d' ' -f1 | xxd -r -p | base64)
printf 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
printf 'Sec-WebSocket-Accept: %s\r\nX-Drove-Instance: %s\r\n\r\n' "$accept" "${DROVE_INSTANCE_ID:-none}"
exec cat

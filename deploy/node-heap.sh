#!/bin/sh
# Starts node with V8's heap sized from the container's memory limit, then execs it: node stays PID 1 and
# handles SIGTERM itself. Without this, a 512 MiB pod ran the default server past its limit under load (V8
# sized its heap from the node's memory, not the pod's). NODE_OPTIONS that already size the heap win.
#   old space:  half the limit (the rest: ~75 MB of code and modules, young space, buffers, malloc)
#   semi-space: limit / 64, 1 to 16 MiB (young space is 3 semi-spaces; smaller means more scavenges)
set -eu

cgroup="${EXHOOK_CGROUP_ROOT:-/sys/fs/cgroup}"
limit=""
if [ -r "$cgroup/memory.max" ]; then
  limit=$(cat "$cgroup/memory.max")                   # cgroup v2; "max" when unlimited
elif [ -r "$cgroup/memory/memory.limit_in_bytes" ]; then
  limit=$(cat "$cgroup/memory/memory.limit_in_bytes") # cgroup v1; ~2^63 when unlimited
fi
case "${NODE_OPTIONS:-}" in
  *--max-old-space-size*|*--max-semi-space-size*) limit="" ;;
esac

case "$limit" in
  "" | *[!0-9]*) ;;
  *)
    mib=$((limit / 1048576))
    if [ "$mib" -ge 64 ] && [ "$mib" -lt 1048576 ]; then
      old=$((mib / 2))
      semi=$((mib / 64))
      [ "$semi" -lt 1 ] && semi=1
      [ "$semi" -gt 16 ] && semi=16
      NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--max-old-space-size=$old --max-semi-space-size=$semi"
      export NODE_OPTIONS
    fi
    ;;
esac

exec node "$@"

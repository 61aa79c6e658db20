#!/bin/bash
# CPU of a command and of every process it starts, Chromium's included (they leave the process
# tree, so /usr/bin/time misses them): the command runs in its own cgroup v1 `cpuacct` (root).
# Usage: bench/cpu_arbre.sh NAME command args… ; prints "WALL s CPU s" on stderr.
# On a shared virtual machine, compare only runs made one right after the other.
set -u
groupe=/sys/fs/cgroup/cpuacct/binam_$1
shift
mkdir -p "$groupe"
echo 0 >"$groupe/cpuacct.usage"
debut=$(date +%s.%N)
bash -c 'echo $$ >"$1/cgroup.procs"; shift; exec "$@"' _ "$groupe" "$@"
statut=$?
fin=$(date +%s.%N)
python3 -c "import sys; print(f'WALL {float(sys.argv[2]) - float(sys.argv[1]):.1f} s CPU {int(sys.argv[3]) / 1e9:.1f} s', file=sys.stderr)" \
  "$debut" "$fin" "$(cat "$groupe/cpuacct.usage")"
exit $statut

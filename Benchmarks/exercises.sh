#!/bin/sh
# What a student waits for, measured on the real path: `clusterlab exercise
# check` on a copy of Labs/Exercises with the Raft reference solution copied
# in. Prints the check's own "built in X s, checked in Y s" lines:
#   1. the first check (builds ClusterLab's libraries for the exercises package),
#   2. a check with nothing changed (the suite's time: raft-kv, 50 seeds a test),
#   3. a check after a one-line edit of Raft.swift (the rebuild a student waits for).
# Usage: Benchmarks/exercises.sh [debug|release] [EXERCISE]   (default: release raft-kv)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CONFIG=${1:-release}
EXERCISE=${2:-raft-kv}
WORK=${TMPDIR:-/tmp}/clusterlab-exercise-bench-$CONFIG
BIN=$ROOT/.build/debug/clusterlab
[ -x "$BIN" ] || { echo "build clusterlab first: swift build" >&2; exit 2; }
mkdir -p "$WORK/Exercises"
# Fresh sources every time; the copy's .build stays, as a student's does.
find "$WORK/Exercises" -mindepth 1 -maxdepth 1 ! -name .build -exec rm -rf {} +
(cd "$ROOT/Labs/Exercises" && tar --exclude=.build --exclude=Package.resolved -cf - .) | (cd "$WORK/Exercises" && tar -xf -)
cp "$ROOT"/Instructors/exercises/raft/*.swift "$WORK/Exercises/raft/"
export CLUSTERLAB_ROOT="$ROOT" CLUSTERLAB_EXERCISES="$WORK/Exercises" XDG_DATA_HOME="$WORK/data"
FLAG=""; [ "$CONFIG" = release ] && FLAG=--release
run() { "$BIN" exercise check "$EXERCISE" $FLAG 2>/dev/null | tail -n 1; }
echo "1. first check:           $(run)"
echo "2. nothing changed:       $(run)"
echo "// a one-line edit" >> "$WORK/Exercises/raft/Raft.swift"
echo "3. after a one-line edit: $(run)"

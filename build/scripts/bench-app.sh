#!/usr/bin/env bash
# App benchmark: an empty Wails 2.11 app (build/bench/empty) and Parley's production binary,
# started alternately under one Xvfb, each with a fresh data folder. Prints each one's time from
# exec to its window being mapped and its whole process tree's memory (PSS and anonymous) once
# idle, and Parley's ratios to the empty app. It prints figures and never fails on them.
#
#   build/scripts/bench-app.sh [parley-binary] [label]     (ROUNDS=3, IDLE_S=5)
set -euo pipefail
cd "$(dirname "$0")/../.."
PARLEY=${1:-build/bin/parley}
LABEL=${2:-app}
ROUNDS=${ROUNDS:-3}
IDLE_S=${IDLE_S:-5}
TAGS="desktop,production"
if ! pkg-config --exists webkit2gtk-4.0 2>/dev/null && pkg-config --exists webkit2gtk-4.1 2>/dev/null; then TAGS+=",webkit2_41"; fi
go build -tags "$TAGS" -ldflags "-w -s" -o build/bin/bench-empty ./build/bench/empty

DISPLAY_NUM=$(( 90 + RANDOM % 400 ))
Xvfb ":$DISPLAY_NUM" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill "$XVFB" 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=":$DISPLAY_NUM" GDK_BACKEND=x11 WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1 \
  LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1

# tree PID: the process and all its descendants.
tree() {
  local p=$1
  echo "$p"
  for c in $(pgrep -P "$p" || true); do tree "$c"; done
}

# mem PID: "PSS_KiB ANON_KiB" summed over the tree.
mem() {
  local pss=0 anon=0
  for p in $(tree "$1"); do
    [ -r "/proc/$p/smaps_rollup" ] || continue
    read -r a b < <(awk '/^Pss:/{p=$2} /^Anonymous:/{a=$2} END{print p+0, a+0}' "/proc/$p/smaps_rollup")
    pss=$((pss + a)); anon=$((anon + b))
  done
  echo "$pss $anon"
}

# run BIN TITLE: prints "startup_ms PSS_KiB ANON_KiB".
run() {
  local bin=$1 title=$2 data start pid ms=-1
  data=$(mktemp -d)
  start=$(date +%s%N)
  PARLEY_DATA_DIR=$data "$bin" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 1500); do
    if xdotool search --onlyvisible --name "^${title}\$" >/dev/null 2>&1; then
      ms=$(( ($(date +%s%N) - start) / 1000000 ))
      break
    fi
    sleep 0.02
  done
  sleep "$IDLE_S"
  read -r pss anon < <(mem "$pid")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  echo "$ms $pss $anon"
}

median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

declare -a es ep ea ps pp pa
for r in $(seq 1 "$ROUNDS"); do
  read -r s p a < <(run build/bin/bench-empty Empty); es+=("$s"); ep+=("$p"); ea+=("$a")
  read -r s p a < <(run "$PARLEY" Parley); ps+=("$s"); pp+=("$p"); pa+=("$a")
done
m() { printf '%s\n' "$@" | median; }
E_S=$(m "${es[@]}"); E_P=$(m "${ep[@]}"); E_A=$(m "${ea[@]}")
P_S=$(m "${ps[@]}"); P_P=$(m "${pp[@]}"); P_A=$(m "${pa[@]}")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
printf '%s\tempty app: to window %s ms, idle PSS %s MiB, anonymous %s MiB\n' "$LABEL" "$E_S" $((E_P / 1024)) $((E_A / 1024))
printf '%s\tParley (log-in screen): to window %s ms, idle PSS %s MiB, anonymous %s MiB\n' "$LABEL" "$P_S" $((P_P / 1024)) $((P_A / 1024))
printf '%s\tratios to the empty app: start-up %s×, PSS %s×, anonymous %s×\n' "$LABEL" "$(ratio "$P_S" "$E_S")" "$(ratio "$P_P" "$E_P")" "$(ratio "$P_A" "$E_A")"

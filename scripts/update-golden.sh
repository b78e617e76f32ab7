#!/usr/bin/env bash
# Records the golden fingerprints of the reference scenarios (tests/golden/NAME.txt, checked
# by ctest's golden.NAME.t1/t2/t4):
#   scripts/update-golden.sh [SCENARIO...] --reason "why the results changed"
# SCENARIO is a name in scenarios/ (cn-ci or scenarios/cn-ci.textproto); none means every
# scenario that has a golden file. Each is run with the days and seed of its golden file (a
# new one with the scenario's own), and its file is rewritten if the results or the event
# sequence changed, with the reason; an unchanged file is left as it is. Commit the files
# with the change that caused them. The hubsim used is $HUBSIM, by default the Release
# build's (build/test/engine/cli/hubsim).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HUBSIM="${HUBSIM:-$ROOT/build/test/engine/cli/hubsim}"
GOLDEN_DIR="$ROOT/tests/golden"

usage() {
  echo "usage: scripts/update-golden.sh [SCENARIO...] --reason \"why the results changed\"" >&2
  exit 2
}

names=()
reason=""
while (($#)); do
  case "$1" in
    --reason) (($# >= 2)) || usage; reason="$2"; shift 2 ;;
    --reason=*) reason="${1#--reason=}"; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "update-golden: unknown option $1" >&2; usage ;;
    *) name="$(basename "$1")"; names+=("${name%.textproto}"); shift ;;
  esac
done
reason="$(printf '%s' "$reason" | tr '\n' ' ' | sed 's/^ *//; s/ *$//')"
if [[ -z "$reason" ]]; then
  echo "update-golden: refusing without --reason \"...\": say why the fingerprints change" >&2
  exit 2
fi
if [[ ! -x "$HUBSIM" ]]; then
  echo "update-golden: no hubsim at $HUBSIM (build it, or set HUBSIM=path)" >&2
  exit 2
fi
if ((${#names[@]} == 0)); then
  for f in "$GOLDEN_DIR"/*.txt; do
    [[ -e "$f" && "$(basename "$f")" != CMakeLists.txt ]] && names+=("$(basename "$f" .txt)")
  done
fi
if ((${#names[@]} == 0)); then
  echo "update-golden: no golden files and no scenario named" >&2
  usage
fi
for name in "${names[@]}"; do
  if [[ ! -f "$ROOT/scenarios/$name.textproto" ]]; then
    echo "update-golden: no scenario scenarios/$name.textproto" >&2
    exit 2
  fi
done

field() {  # field FILE KEY: the value of FILE's line "KEY: value"
  sed -n "s/^$2: *//p" "$1" | head -n 1
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
threads=2
for name in "${names[@]}"; do
  golden="$GOLDEN_DIR/$name.txt"
  args=()
  if [[ -f "$golden" ]]; then
    args=(--days "$(field "$golden" days)" --seed "$(field "$golden" seed)")
  fi
  out="$work/$name"
  if ! "$HUBSIM" run "$ROOT/scenarios/$name.textproto" "${args[@]}" --threads "$threads" \
       --out "$out" >/dev/null 2>"$work/err"; then
    echo "update-golden: hubsim run scenarios/$name.textproto failed:" >&2
    cat "$work/err" >&2
    exit 1
  fi
  days="$(sed -n 's/^ "days": \([0-9]*\),$/\1/p' "$out/results.json" | head -n 1)"
  seed="$(sed -n 's/^ "seed": "\{0,1\}\([0-9]*\)"\{0,1\},$/\1/p' "$out/results.json" | head -n 1)"
  fp="$(sed -n 's/^ "fingerprint": "\{0,1\}\([0-9]*\)"\{0,1\},\{0,1\}$/\1/p' "$out/results.json" | head -n 1)"
  sha="$(sha256sum "$out/results.pb" | cut -d' ' -f1)"
  if [[ -z "$days" || -z "$seed" || -z "$fp" ]]; then
    echo "update-golden: cannot read days, seed and fingerprint from $out/results.json" >&2
    exit 1
  fi
  if [[ -f "$golden" && "$(field "$golden" results-sha256)" == "$sha" &&
        "$(field "$golden" events-fingerprint)" == "$fp" ]]; then
    echo "update-golden: $name unchanged"
    continue
  fi
  what="new"
  if [[ -f "$golden" ]]; then
    if [[ "$(field "$golden" events-fingerprint)" != "$fp" ]]; then
      what="events and results changed"
    else
      what="results changed, same events"
    fi
  fi
  cat >"$work/golden.txt" <<GOLDEN
# Golden fingerprint of scenarios/$name.textproto, checked by ctest's golden.$name.t1, .t2
# and .t4 (tests/golden/golden.cmake). Rewrite it with scripts/update-golden.sh, with the
# reason, in the commit that changes it.
command: hubsim run scenarios/$name.textproto --days $days --seed $seed --threads 1|2|4
days: $days
seed: $seed
results-sha256: $sha
events-fingerprint: $fp
reason: $reason
GOLDEN
  mv "$work/golden.txt" "$golden"
  echo "update-golden: $name: $what (tests/golden/$name.txt)"
done

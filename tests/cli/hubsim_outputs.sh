#!/usr/bin/env bash
# What hubsim leaves on disk when a run is killed, interrupted or cannot write.
#   hubsim_outputs.sh HUBSIM SOURCE_DIR WORK_DIR CASE
# CASE:
#   sigkill     SIGKILL mid-run, and at the first rename (strace): no file under a final
#               name; leftovers are temporaries (NAME.tmp.PID) only; a kill at any later
#               rename leaves whole files
#   signals     SIGINT / SIGTERM during run, compare, sweep and size: exit 130 / 143, one
#               line on stderr, no final file and no temporary
#   disk-full   --out and --tracking on a 64 KB tmpfs and on a read-only one (a private
#               mount namespace): a clear error naming the path and the reason, exit 1,
#               nothing left
#   unwritable  --out and --tracking under a regular file; standard output on /dev/full
#   fsync       under strace: every final file is renamed from a temporary that was
#               fsync'ed, and its directory is fsync'ed after the rename
# Exit 0: passed, 77: skipped (the machine cannot do it: no strace, no mount namespace),
# anything else: failed.
set -u
hubsim=$1
scenario=$2/scenarios/prd.textproto  # the built-in default, as a file
work=$3/outputs-$4
case_name=$4
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
skip() {
  echo "SKIP: $*"
  exit 77
}

# The final names a run with --out DIR --report --tracking DIR/log.trk may write.
final_names=(results.pb results.json report.html log.trk log.trk.idx compare.pb compare.json
             sweep.pb sweep.json sweep.csv couriers.csv agents.csv)

# No file under a final name in DIR.
expect_no_final() {
  local dir=$1 name
  for name in "${final_names[@]}"; do
    [[ -e $dir/$name ]] && fail "$dir/$name exists after $2"
  done
  return 0
}

# Every entry of DIR is a temporary of a final name (NAME.tmp.PID).
expect_only_temporaries() {
  local dir=$1 entry base ok name
  for entry in "$dir"/*; do
    [[ -e $entry ]] || continue
    base=${entry##*/}
    ok=0
    for name in "${final_names[@]}"; do
      [[ $base =~ ^${name//./\\.}\.tmp\.[0-9]+$ ]] && ok=1
    done
    ((ok)) || fail "$entry is neither absent nor a recognisable temporary after $2"
  done
}

expect_empty() {
  local left
  left=$(ls -A "$1" 2>/dev/null)
  [[ -z $left ]] || fail "left in $1 after $2: $left"
}

# A run long enough to be caught in the middle (the built-in network for a year: about
# 18 s on one core; the signal comes after 1 s).
long_run=(run --days 366 --threads 2)

have_strace() {
  command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null
}

# strace ARGS...: LeakSanitizer cannot run under ptrace (it dies with a fatal error at exit),
# so a sanitizer build's leak check is off for the traced runs; the rest of the suite has it.
traced() {
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace "$@"
}

case $case_name in
  sigkill)
    mkdir k
    "$hubsim" "${long_run[@]}" --out k --report --tracking k/log.trk >/dev/null 2>&1 &
    pid=$!
    sleep 1
    kill -0 $pid 2>/dev/null || fail "the run ended before it could be killed"
    kill -KILL $pid
    wait $pid
    expect_no_final k "SIGKILL mid-run"
    expect_only_temporaries k "SIGKILL mid-run"

    have_strace || skip "strace cannot trace here (the kill at a rename is not tested)"
    # Killed as it makes its first rename: every temporary complete, no final name yet.
    mkdir r1
    traced -f -o r1.trace -e trace=rename,renameat,renameat2 \
      -e inject=rename,renameat,renameat2:signal=KILL:when=1 \
      "$hubsim" run --days 1 --threads 1 --out r1 --report --tracking r1/log.trk >/dev/null 2>&1
    grep -q 'killed by SIGKILL' r1.trace || fail "the run was not killed at its first rename: $(cat r1.trace)"
    expect_no_final r1 "SIGKILL at the first rename"
    expect_only_temporaries r1 "SIGKILL at the first rename"
    ls r1 | grep -q '^log\.trk\.tmp\.' || fail "no temporary of the tracking log before its rename"
    # Killed at each later rename (2: the index, 3: results.pb, 4: results.json, 5: the
    # report): the files already under final names are whole (each is read back), the rest
    # are absent or temporaries.
    for n in 2 3 4 5; do
      mkdir r$n
      traced -f -o r$n.trace -e trace=rename,renameat,renameat2 \
        -e inject=rename,renameat,renameat2:signal=KILL:when=$n \
        "$hubsim" run --days 1 --threads 1 --out r$n --report --tracking r$n/log.trk >/dev/null 2>&1
      grep -q 'killed by SIGKILL' r$n.trace || fail "the run was not killed at rename $n"
      renamed=$(ls r$n | grep -vc '\.tmp\.')
      [[ $renamed == $((n - 1)) ]] || fail "rename $n: $renamed files under final names: $(ls r$n)"
      if [[ -e r$n/log.trk ]]; then
        "$hubsim" track r$n/log.trk >/dev/null 2>r$n.err || fail "rename $n: the tracking log is not whole: $(cat r$n.err)"
      fi
      for results in r$n/results.pb r$n/results.json; do
        if [[ -e $results ]]; then
          "$hubsim" report "$results" -o r$n.html >/dev/null 2>r$n.err ||
            fail "rename $n: $results is not whole: $(cat r$n.err)"
        fi
      done
      if [[ -e r$n/report.html ]]; then
        tail -c 64 r$n/report.html | grep -q '</html>' || fail "rename $n: report.html is not whole"
      fi
    done
    ;;

  signals)
    check_signal() {  # SIGNAL CODE NAME COMMAND...
      local signal=$1 code=$2 label=$3
      shift 3
      rm -rf "$label"
      mkdir "$label"
      "$@" >"$label.out" 2>"$label.err" &
      local pid=$! rc
      sleep 1
      kill -0 $pid 2>/dev/null || fail "$label: ended before the signal: $(cat "$label.err")"
      kill -"$signal" $pid
      wait $pid
      rc=$?
      [[ $rc == "$code" ]] || fail "$label: exit $rc after SIG$signal, expected $code; stderr: $(cat "$label.err")"
      grep -qx "hubsim: interrupted (SIG$signal); nothing written" "$label.err" ||
        fail "$label: no 'interrupted' line on stderr: $(cat "$label.err")"
      expect_no_final "$label" "SIG$signal"
      expect_empty "$label" "SIG$signal"
    }
    check_signal INT 130 run-int "$hubsim" "${long_run[@]}" --out run-int --report --tracking run-int/log.trk
    check_signal TERM 143 run-term "$hubsim" "${long_run[@]}" --out run-term --report --tracking run-term/log.trk
    check_signal INT 130 run-seq "$hubsim" run --days 366 --threads 1 --out run-seq
    check_signal TERM 143 compare "$hubsim" compare "$scenario" --days 366 --replications 2 --threads 1 \
      --set-alt 'outlet[SZX-01].couriers=30' --out compare
    cat >sweep.textproto <<'EOF'
name: "long"
days: 366
replications: 2
grid { axis { name: "SZX-01 couriers" path: "outlet[SZX-01].couriers" value: ["20", "30"] } }
EOF
    check_signal INT 130 sweep "$hubsim" sweep sweep.textproto --threads 1 --out sweep
    check_signal TERM 143 size "$hubsim" size couriers --days 366 --threads 1 --out size
    ;;

  disk-full)
    [[ $(id -u) == 0 ]] || skip "needs root to mount a tmpfs"
    unshare -m true 2>/dev/null || skip "no private mount namespace (unshare -m)"
    mkdir full ro
    # In a private mount namespace: the mounts vanish with it.
    unshare -m bash -s "$hubsim" "$work" "$scenario" <<'EOF' || exit $?
set -u
hubsim=$1
work=$2
scenario=$3
mount -t tmpfs -o size=64k tmpfs "$work/full" || exit 77
mount -t tmpfs -o ro,size=64k tmpfs "$work/ro" || exit 77
fail() { echo "FAIL: $*" >&2; exit 1; }
check() {  # LABEL DIR REASON COMMAND...
  local label=$1 dir=$2 reason=$3
  shift 3
  "$@" >"$work/$label.out" 2>"$work/$label.err"
  local rc=$?
  [[ $rc == 1 ]] || fail "$label: exit $rc, expected 1: $(cat "$work/$label.err")"
  grep -q "$dir.*$reason" "$work/$label.err" || fail "$label: the error names neither $dir nor '$reason': $(cat "$work/$label.err")"
  local left
  left=$(cd "$dir" 2>/dev/null && find . -type f)
  [[ -z $left ]] || fail "$label: left on the device: $left"
}
# The results (about 130 KB) do not fit in 64 KB.
check results "$work/full/out" "No space left on device" "$hubsim" run --days 1 --threads 1 --out "$work/full/out"
# The tracking log's spill files fill it during the run.
check tracking "$work/full/t" "No space left on device" \
  "$hubsim" run --days 1 --threads 1 --out '' --tracking "$work/full/t/log.trk"
check compare "$work/full/c" "No space left on device" \
  "$hubsim" compare "$scenario" --days 1 --replications 2 --threads 1 --set-alt 'outlet[SZX-01].couriers=30' \
  --out "$work/full/c" --report
# Nothing fits on a read-only file system.
check read-only "$work/ro/out" "Read-only file system" "$hubsim" run --days 1 --threads 1 --out "$work/ro/out"
exit 0
EOF
    ;;

  unwritable)
    echo x >a-file
    "$hubsim" run --days 1 --threads 1 --out a-file/sub >run.out 2>run.err
    rc=$?
    [[ $rc == 1 ]] || fail "--out under a file: exit $rc, expected 1: $(cat run.err)"
    grep -q 'a-file/sub.*Not a directory' run.err || fail "--out under a file: unclear error: $(cat run.err)"
    [[ -s run.out ]] && fail "--out under a file: the run went ahead before failing: $(cat run.out)"
    # Every long command refuses an unwritable --out before it simulates anything.
    "$hubsim" compare "$scenario" --days 1 --replications 2 --threads 1 --set-alt 'outlet[SZX-01].couriers=30' \
      --out a-file/sub >compare.out 2>compare.err
    rc=$?
    [[ $rc == 1 && ! -s compare.out ]] || fail "compare --out under a file: exit $rc: $(cat compare.out compare.err)"
    printf 'name: "x"\ndays: 1\nreplications: 2\ngrid { axis { name: "c" path: "outlet[SZX-01].couriers" value: ["20", "30"] } }\n' >sweep.textproto
    "$hubsim" sweep sweep.textproto --threads 1 --out a-file/sub >sweep.out 2>sweep.err
    rc=$?
    [[ $rc == 1 ]] || fail "sweep --out under a file: exit $rc: $(cat sweep.err)"
    grep -q 'runs' sweep.out && grep -q 'events/s' sweep.out && fail "sweep --out under a file: the sweep ran first"
    "$hubsim" size couriers --days 1 --threads 1 --out a-file/sub >size.out 2>size.err
    rc=$?
    [[ $rc == 1 ]] || fail "size --out under a file: exit $rc: $(cat size.err)"
    grep -q 'sized in' size.out && fail "size --out under a file: the sizing ran first"
    "$hubsim" run --days 1 --threads 1 --out '' --tracking a-file/log.trk >track.out 2>track.err
    rc=$?
    [[ $rc == 1 ]] || fail "--tracking under a file: exit $rc, expected 1: $(cat track.err)"
    grep -q 'a-file/log.trk' track.err || fail "--tracking under a file: unclear error: $(cat track.err)"
    [[ -s track.out ]] && fail "--tracking under a file: the run went ahead: $(cat track.out)"
    if [[ -w /dev/full ]]; then
      "$hubsim" generate --hubs 4 --outlets 20 >/dev/full 2>gen.err
      rc=$?
      [[ $rc == 1 ]] || fail "generate to /dev/full: exit $rc, expected 1: $(cat gen.err)"
      grep -q 'standard output' gen.err || fail "generate to /dev/full: unclear error: $(cat gen.err)"
      "$hubsim" validate "$scenario" >/dev/full 2>validate.err
      rc=$?
      [[ $rc == 1 ]] || fail "validate to /dev/full: exit $rc, expected 1: $(cat validate.err)"
      grep -q 'cannot write to standard output' validate.err ||
        fail "validate to /dev/full: unclear error: $(cat validate.err)"
    fi
    left=$(ls -A | grep -v -e '^a-file$' -e '\.out$' -e '\.err$' -e '^sweep\.textproto$')
    [[ -z $left ]] || fail "left behind: $left"
    ;;

  fsync)
    have_strace || skip "strace cannot trace here"
    mkdir f
    traced -f -qq -o f.trace -e trace=openat,fsync,rename,renameat,renameat2 \
      "$hubsim" run --days 1 --threads 1 --out f --report --tracking f/log.trk >/dev/null 2>f.err ||
      fail "the traced run failed: $(cat f.err)"
    # fd -> path from openat; a path is synced once fsync succeeds on its fd; a rename of a
    # temporary must follow its sync and be followed by an fsync of a directory.
    awk '
      /openat\(/ && / += [0-9]+$/ {
        match($0, /"[^"]*"/); path = substr($0, RSTART + 1, RLENGTH - 2)
        fd = $NF; open_path[fd] = path; is_dir[fd] = ($0 ~ /O_DIRECTORY/)
      }
      /fsync\([0-9]+\) += 0$/ {
        match($0, /fsync\([0-9]+/); fd = substr($0, RSTART + 6, RLENGTH - 6)
        synced[open_path[fd]] = 1
        if (is_dir[fd] && pending != "") { pending = "" }
      }
      /rename(at2?)?\(/ && / += 0$/ {
        if (pending != "") { print "no directory fsync after the rename to " pending; bad = 1 }
        n = split($0, parts, "\"")
        from = parts[2]; to = parts[4]
        if (!(from in synced)) { print "renamed without fsync: " from; bad = 1 }
        pending = to; renamed++
      }
      END {
        if (pending != "") { print "no directory fsync after the rename to " pending; bad = 1 }
        if (renamed < 5) { print "only " renamed " renames (results.pb, results.json, report.html, log.trk, log.trk.idx)"; bad = 1 }
        exit bad
      }' f.trace || fail "see above (trace in $work/f.trace)"
    ;;

  *)
    fail "unknown case $case_name"
    ;;
esac
echo "PASS: $case_name"

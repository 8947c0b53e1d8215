# Runs several long-lived processes in the foreground, for scripts/dev.sh and scripts/serve.sh (sourced, not run).
# One Ctrl-C stops all of them; when one exits on its own, says which, with its status and last lines, stops the
# others and exits non-zero. Usage: supervise_start "<name>" command args...; then supervise_wait.

# Each process's output goes to the terminal and to a log, so that its last lines can be shown when it dies.
_supervise_logs="$(mktemp -d "${TMPDIR:-/tmp}/latchkey.XXXXXX")"
_supervise_names=()
_supervise_pids=()

_supervise_stop() {  # stops every process group still running, escalating to SIGKILL after 5 s
  trap - INT TERM EXIT
  local pid
  # ${a[@]+...}: an empty array is "unbound" to bash 3.2 (macOS) under set -u.
  for pid in ${_supervise_pids[@]+"${_supervise_pids[@]}"}; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in ${_supervise_pids[@]+"${_supervise_pids[@]}"}; do
    for _ in $(seq 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$_supervise_logs"
}
# tee ignores Ctrl-C and TERM: it shows what the servers print while they shut down, and ends with them.
_supervise_log_to() { trap '' INT TERM; exec tee "$_supervise_logs/$1.log"; }
trap '_supervise_stop; exit 130' INT
trap '_supervise_stop; exit 143' TERM
trap _supervise_stop EXIT

supervise_start() {  # name, command...
  local index=${#_supervise_pids[@]}
  _supervise_names+=("$1")
  shift
  set -m  # its own process group, so stopping it also stops its children (runserver's reloader, gunicorn's workers)
  "$@" > >(_supervise_log_to "$index") 2>&1 &
  _supervise_pids+=($!)
  set +m
}

supervise_wait() {  # returns only by exiting: 1 when a process ended on its own
  local i status reason
  # Polling rather than `wait -n`: it tells which process ended, and works with the bash 3.2 of macOS.
  while :; do
    for i in "${!_supervise_pids[@]}"; do
      kill -0 "${_supervise_pids[$i]}" 2>/dev/null && continue
      status=0
      wait "${_supervise_pids[$i]}" || status=$?
      if [ "$status" -gt 128 ]; then
        reason="was killed by SIG$(kill -l $((status - 128)) 2>/dev/null || echo "nal $((status - 128))")"
      else
        reason="exited with status $status"
      fi
      { sleep 0.2; } 2>/dev/null  # lets tee write the last lines
      {
        echo
        echo "${SUPERVISE_LABEL:-supervise}: ${_supervise_names[$i]} $reason; stopping the others."
        if [ -s "$_supervise_logs/$i.log" ]; then
          echo "Its last lines:"
          tail -n 15 "$_supervise_logs/$i.log" | sed 's/^/  | /'
        else
          echo "It printed nothing."
        fi
      } >&2
      exit 1
    done
    # The braces keep bash's own "Killed ..." job notice out: the lines above say it better.
    { sleep 1; } 2>/dev/null
  done
}

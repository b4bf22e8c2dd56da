#!/usr/bin/env bash
# Runs every test of the solution and ends with one line: "N passed, N failed, N skipped".
# Broker for the integration tests, in this order: Docker (Testcontainers) if available; else
# $RABBITMQ_URL; else a local rabbitmq-server, started here (installed by .ci/run, or apt-get).
# MongoDB tests run when $MONGODB_URI is set or Docker is available; otherwise they report skipped.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

have_docker() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

start_local_rabbitmq() {
  if ! command -v rabbitmq-server >/dev/null 2>&1 && [[ -x /usr/sbin/rabbitmq-server ]]; then
    export PATH="$PATH:/usr/sbin"
  fi
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
      echo "test.sh: installing rabbitmq-server from apt…" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server) >/dev/null 2>&1 || true
      export PATH="$PATH:/usr/sbin"
    fi
  fi
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    echo "test.sh: no Docker, no RABBITMQ_URL and no rabbitmq-server: broker tests will report skipped" >&2
    return
  fi
  # No init system here: start the node detached and poll until it answers (await_startup right
  # after -detached can fail because the node is not registered yet).
  export RABBITMQ_NODENAME=rabbit@localhost
  if ! rabbitmqctl -q -n rabbit@localhost status >/dev/null 2>&1; then
    echo "test.sh: starting a local rabbitmq-server…" >&2
    rabbitmq-server -detached >/dev/null 2>&1 || true
    for _ in $(seq 1 60); do
      rabbitmqctl -q -n rabbit@localhost status >/dev/null 2>&1 && break
      sleep 1
    done
  fi
  if rabbitmqctl -q -n rabbit@localhost status >/dev/null 2>&1; then
    export RABBITMQ_URL="amqp://guest:guest@localhost:5672/"
  else
    echo "test.sh: rabbitmq-server did not start: broker tests will report skipped" >&2
  fi
}

if [[ -z "${RABBITMQ_URL:-}" ]] && ! have_docker; then
  start_local_rabbitmq
fi

# The console's browser tests drive Debian's Chromium (Playwright cannot download a browser offline).
if [[ ! -x /usr/bin/chromium && $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "test.sh: installing chromium from apt for the browser tests…" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 || true
fi

log="$(mktemp)"
# A test that runs past 6 minutes is killed and named (blame), so a hang fails fast instead of stalling CI.
dotnet test "$root/Platform.sln" -nologo --blame-hang-timeout 6min --blame-hang-dump-type none 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one summary per test assembly: "Passed!  - Failed: 0, Passed: 51, Skipped: 0, ..."
read -r passed failed skipped < <(grep -E '^(Passed|Failed|Skipped)! +- ' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' |
  awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1 # the build or a test host failed before reporting
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status

#!/usr/bin/env bash
# `pnpm test`: installs what the tests need from Debian (Chromium, CJK fonts), starts the
# test PostgreSQL 17 + pgvector (a trixie chroot, see scripts/pg-test-server.sh) unless
# MEDIATE_TEST_DATABASE_URL points at one, type-checks, then runs every vitest project.
# Exit code: the type-check's if it failed, else the tests' own. The test server is stopped on every exit
# path (normal end, error, Ctrl-C, TERM); nothing is killed by name or process group.
set -uo pipefail
# A stray hangup from a child (chroot, browser) must not end the run.
trap '' HUP
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# Not `grep -q`: with pipefail, fc-list's SIGPIPE would make the check fail.
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_apt[*]} from Debian" >&2
  if [ "$(id -u)" = 0 ]; then
    (apt-get -o DPkg::Lock::Timeout=300 update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${need_apt[@]}") \
      </dev/null >/dev/null 2>&1 \
      || echo "test.sh: could not install ${need_apt[*]}; browser tests will fail" >&2
  else
    echo "test.sh: not root, cannot install ${need_apt[*]}; browser tests will fail" >&2
  fi
fi

started_pg=0
stop_pg() {
  if [ "$started_pg" = 1 ]; then
    started_pg=0
    bash scripts/pg-test-server.sh stop </dev/null >/dev/null 2>&1 \
      || echo "test.sh: could not stop the test PostgreSQL (scripts/pg-test-server.sh stop)" >&2
  fi
}
trap stop_pg EXIT
# On INT/TERM: stop the server, then exit with the conventional 128+signal code.
trap 'stop_pg; exit 130' INT
trap 'stop_pg; exit 143' TERM

if [ -z "${MEDIATE_TEST_DATABASE_URL:-}" ]; then
  # A server somebody else started (a developer, a parallel run) is used but left running.
  already_running=0
  bash scripts/pg-test-server.sh status </dev/null >/dev/null 2>&1 && already_running=1
  # Marked before starting: a signal during the start must still stop it (stop is a no-op when it is not running).
  [ "$already_running" = 1 ] || started_pg=1
  if url=$(bash scripts/pg-test-server.sh start </dev/null); then
    export MEDIATE_TEST_DATABASE_URL="$url"
    echo "test.sh: test PostgreSQL at $url" >&2
  else
    echo "test.sh: could not start the test PostgreSQL (see scripts/pg-test-server.sh)" >&2
    exit 1
  fi
fi

# Tests run even when the type-check fails, so one run reports both; either failing fails the run.
rc=0
pnpm run typecheck </dev/null || rc=$?
# Dependency audit at high severity against audit-allowlist.json. When the registry's audit
# service cannot be reached it says so and does not fail (see docs/security.md); a time-out is
# treated the same way.
audit_rc=0
timeout 180 pnpm exec tsx scripts/audit/run-audit.ts </dev/null || audit_rc=$?
if [ "$audit_rc" = 124 ]; then
  echo "test.sh: dependency audit timed out; dependencies were NOT audited" >&2
elif [ "$audit_rc" != 0 ] && [ "$rc" = 0 ]; then
  rc=$audit_rc
fi
test_rc=0
pnpm exec vitest run "$@" </dev/null || test_rc=$?
[ "$rc" != 0 ] || rc=$test_rc

stop_pg
exit "$rc"

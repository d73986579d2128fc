#!/usr/bin/env bash
# `pnpm test`: installs what the tests need from Debian (Chromium, CJK fonts), starts the
# test PostgreSQL 17 + pgvector (a trixie chroot, see scripts/pg-test-server.sh) unless
# MEDIATE_TEST_DATABASE_URL points at one, type-checks, then runs every vitest project.
set -uo pipefail
trap '' HUP
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_apt[*]} from Debian"
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null) \
      || echo "test.sh: could not install ${need_apt[*]}; browser tests will fail" >&2
  fi
fi

started_pg=0
if [ -z "${MEDIATE_TEST_DATABASE_URL:-}" ]; then
  if url=$(bash scripts/pg-test-server.sh start); then
    export MEDIATE_TEST_DATABASE_URL="$url"
    started_pg=1
  else
    echo "test.sh: could not start the test PostgreSQL" >&2
    exit 1
  fi
fi

rc=0
pnpm run typecheck || rc=$?
if [ "$rc" = 0 ]; then
  pnpm exec vitest run "$@" || rc=$?
fi

if [ "$started_pg" = 1 ]; then
  bash scripts/pg-test-server.sh stop >/dev/null 2>&1 || true
fi
exit "$rc"

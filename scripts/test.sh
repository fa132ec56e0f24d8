#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, integration and end-to-end against
# the real binary) with CTest, twice: on SQLite with blobs in local folders, then on a throwaway
# PostgreSQL 15 server (scripts/postgres.sh, removed again on exit) with blobs in S3 (one s3rver,
# scripts/s3.sh, started here; the S3-specific tests use it in both passes). Exits non-zero if
# either pass failed.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
scripts/install-deps.sh test
scripts/build.sh
cd build

# Runs the suite once; $1 names the pass. Prints how long it took.
run_pass() {
  local started=$SECONDS rc=0
  echo "test.sh: running the suite on $1"
  ctest --output-on-failure -j"${JOBS:-2}" --timeout 900 || rc=$?
  echo "test.sh: $1 pass $([ $rc -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - started))s"
  return $rc
}

# One S3-compatible server (scripts/s3.sh) for the S3 tests of both passes. When it cannot start
# (s3rver comes from npm) the run stops here: the S3 tests would each try again and fail only
# after minutes, long past the point where the cause is clear.
s3_dir="$(mktemp -d /tmp/vitrine-s3.XXXXXX)"
trap '"$root/scripts/s3.sh" stop "$s3_dir"' EXIT
if s3_endpoint="$("$root/scripts/s3.sh" start "$s3_dir")"; then
  export VITRINE_TEST_S3_ENDPOINT="$s3_endpoint"
else
  echo "test.sh: could not start s3rver (scripts/s3.sh's message is above); the S3 tests need it" >&2
  exit 1
fi

sqlite_rc=0
(unset VITRINE_TEST_POSTGRES_URL VITRINE_TEST_BLOB_BACKEND; run_pass "SQLite + local blobs") ||
  sqlite_rc=$?

pg_rc=0
pg_dir="$(mktemp -d /tmp/vitrine-pg.XXXXXX)"
trap '"$root/scripts/postgres.sh" stop "$pg_dir"; "$root/scripts/s3.sh" stop "$s3_dir"' EXIT
if pg_url="$("$root/scripts/postgres.sh" start "$pg_dir")"; then
  # tests/testing/blob.h: every test's blob store is a fresh prefix in the s3rver bucket, and
  # the binaries the tests start find its credentials in the environment.
  (export VITRINE_TEST_POSTGRES_URL="$pg_url" VITRINE_TEST_BLOB_BACKEND=s3 \
     AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
   run_pass "PostgreSQL + S3 blobs") || pg_rc=$?
else
  echo "test.sh: could not start PostgreSQL; the PostgreSQL pass did not run" >&2
  pg_rc=1
fi

[ $sqlite_rc -eq 0 ] && [ $pg_rc -eq 0 ]

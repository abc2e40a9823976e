#!/usr/bin/env bash
# CI of the Python package and the Spark examples, on a fresh machine: a virtual
# environment outside the checkout, `pip install ./python` (maturin builds the
# extension with cargo), pytest, pyspark, pyarrow and pandas from the package
# registry, Java from the system's packages when missing; then the package's
# tests (parity with the release binary, errors, threads, batches) and both
# Spark jobs on local[2]. Called from .ci/run; exits non-zero on any failure,
# on no test run (pytest's exit 5), and on a skipped test when ../shared exists.
# ABREGE_BIN: an abrege binary already built from this checkout (else built here).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS

if ! command -v cargo >/dev/null; then
  echo "cargo is required to build the Python package" >&2
  exit 1
fi
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }
if ! command -v java >/dev/null || [ "$(java_major)" -lt 17 ]; then
  echo "== Java 17 or later for pyspark (system packages)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
fi

echo "== clippy of the bindings (the root's cargo commands build the root package only)"
cargo clippy -p abrege-python --all-targets -- -D warnings

venv="${ABREGE_VENV:-$(mktemp -d)/venv}"
echo "== virtual environment $venv"
if ! python3 -m venv "$venv" 2>/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  python3 -m venv "$venv"
fi
py="$venv/bin/python"
"$py" -m pip install -q --upgrade pip
echo "== pip install ./python (release build of the extension)"
"$py" -m pip install -q ./python
"$py" -m pip install -q pytest pyspark pyarrow "pandas<3"
"$py" -c "import abrege, pyspark; print('abrege', abrege.__version__, 'pyspark', pyspark.__version__)"

if [ -z "${ABREGE_BIN:-}" ]; then
  echo "== the release binary the package is compared with"
  cargo build --release --quiet
  ABREGE_BIN=target/release/abrege
fi
export ABREGE_BIN="$(realpath "$ABREGE_BIN")"
export PYSPARK_PYTHON="$py"

echo "== pytest python/tests examples/spark"
log="$(mktemp)"
set +e
"$py" -m pytest -p no:cacheprovider -q -rs python/tests examples/spark 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "pytest failed (exit $status; 5 means no test ran)" >&2
  exit 1
fi
if [ -d "${ABREGE_SHARED:-../shared}/eval" ] && tail -n 1 "$log" | grep -q skipped; then
  echo "tests were skipped although ${ABREGE_SHARED:-../shared} is here" >&2
  exit 1
fi
echo "== Python and Spark done in $((SECONDS - start)) s"

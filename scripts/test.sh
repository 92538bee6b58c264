#!/usr/bin/env bash
# Runs every test suite: Rust, CLI, the npm package in Node, its TypeScript declarations, the
# browser build in headless Chromium, Kotlin on the JVM, Python, the Swift package (its checks,
# then its XCTests under Swift 6 in a Debian trixie root), and a short run of every fuzz target. Installs what is missing first (scripts/setup.sh). Ends with a summary per suite and
# an overall "N passed, N failed" line; exits non-zero if any suite failed or ran no test.
# Usage: scripts/test.sh [suite ...]   (suites: rust cli js types browser docs kotlin python swift fuzz)
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO"
all=(rust cli js types browser docs kotlin python swift fuzz)
suites=("${@:-${all[@]}}")
LOGS=$CARGO_TARGET_DIR/test-logs
GEN=$CARGO_TARGET_DIR/bindings
mkdir -p "$LOGS"
started=$SECONDS

"$REPO/scripts/setup.sh" || die "setup failed: the tests cannot run without their tools"

# ---- how each runner reports: print "PASSED FAILED" from a log ----------------------------
count_cargo() { awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } } END { print p+0, f+0 }' "$1"; }
count_node() { awk '/^[^ ]+ pass [0-9]+$/ { p += $3 } /^[^ ]+ fail [0-9]+$/ { f += $3 } END { print p+0, f+0 }' "$1"; }
count_plain() { awk '/[0-9]+ passed, [0-9]+ failed$/ { p += $(NF-3); f += $(NF-1) } END { print p+0, f+0 }' "$1"; }
count_junit() { awk '/^OK \([0-9]+ tests?\)/ { gsub(/[^0-9]/, "", $2); p += $2 } /^Tests run: / { gsub(/,/, ""); p += $3 - $5; f += $5 } END { print p+0, f+0 }' "$1"; }
count_pytest() { awk '/ (passed|failed|error)/ && /in [0-9.]+s/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^(failed|errors?)/) f += $i } } END { print p+0, f+0 }' "$1"; }

# ---- the suites ---------------------------------------------------------------------------
bindings_ready=
bindings() { [ -n "$bindings_ready" ] || { "$REPO/scripts/gen-bindings.sh" "$GEN" && bindings_ready=1; }; }

suite_rust() {
  cargo test --workspace --exclude crosspay-cli && \
  echo "-- crosspay-core alone, with no binding features" && cargo test -p crosspay-core
}
suite_cli() { cargo test -p crosspay-cli; }
suite_js() { node js/scripts/build.mjs && node js/scripts/test.mjs node; }
suite_types() { [ -f js/dist/crosspay_wasm_bg.wasm ] || node js/scripts/build.mjs; node js/scripts/test.mjs types; }
suite_browser() { [ -f js/dist/crosspay_wasm_bg.wasm ] || node js/scripts/build.mjs; node js/scripts/test.mjs browser; }
# Kotlin as users get it: the jar kotlin/build.sh makes (the bindings compiled with -Werror, the
# native library inside at JNA's resource path); the tests compile against the jar and run with
# no -Djna.library.path, so JNA can only load the library from the jar.
suite_kotlin() {
  local jar=$CARGO_TARGET_DIR/kotlin/crosspay.jar classes=$CARGO_TARGET_DIR/kotlin/test-classes deps tests
  kotlin/build.sh "$jar" || return 1
  deps=$JAVA_SHARE/jna.jar:$JAVA_SHARE/junit4.jar:$JAVA_SHARE/hamcrest-core.jar:$JAVA_SHARE/gson.jar:$KOTLIN_HOME/lib/kotlin-reflect.jar
  rm -rf "$classes"
  "$KOTLIN_HOME/bin/kotlinc-jvm" -d "$classes" -cp "$jar:$deps" kotlin/src/test/kotlin/com/crosspay/*.kt || return 1
  tests=$(cd kotlin/src/test/kotlin && grep -l "@Test" com/crosspay/*.kt | xargs grep -ho "^class [A-Za-z]*Test\\b" | awk '{print "com.crosspay." $2}')
  java -Dcrosspay.vectors="$REPO/tests/vectors" -cp "$classes:$jar:$KOTLIN_HOME/lib/kotlin-stdlib.jar:$deps" org.junit.runner.JUnitCore $tests
}
# Python as users install it: the wheel maturin builds (bindings/uniffi, the uniffi module and
# python/crosspay), pip-installed into a fresh venv with the test requirements; pytest runs
# from outside the source tree, so `import crosspay` can only be the installed package.
PY_VENV=$CARGO_TARGET_DIR/python-venv
WHEELS=$CARGO_TARGET_DIR/wheels
python_ready=
python_wheel() {
  [ -z "$python_ready" ] || return 0
  bindings || return 1
  rm -rf "$WHEELS" && (cd python && "$VENV/bin/maturin" build --quiet --out "$WHEELS") || return 1
  rm -rf "$PY_VENV" && python3 -m venv "$PY_VENV" || return 1
  "$PY_VENV/bin/pip" install --quiet --disable-pip-version-check "$WHEELS"/crosspay-*.whl -r python/requirements-test.txt && python_ready=1
}
suite_python() {
  python_wheel || return 1
  (cd "$CARGO_TARGET_DIR" && CROSSPAY_VECTORS="$REPO/tests/vectors" CROSSPAY_WHEEL=$(ls "$WHEELS"/crosspay-*.whl) \
    "$PY_VENV/bin/pytest" -p no:cacheprovider -q --rootdir "$REPO/python" "$REPO/python/tests")
}
# Every fenced block of the README and docs/, run as written (scripts/docs-check.mjs), and the demo.
suite_docs() {
  cargo build -p crosspay-cli || return 1
  python_wheel || return 1
  [ -f js/dist/crosspay_wasm_bg.wasm ] || node js/scripts/build.mjs || return 1
  local pack=$CARGO_TARGET_DIR/docs-pack
  rm -rf "$pack" && mkdir -p "$pack" && (cd js && npm pack --silent --pack-destination "$pack" >/dev/null) || return 1
  CROSSPAY_CLI_DIR="$CARGO_TARGET_DIR/debug" CROSSPAY_NPM_TARBALL=$(ls "$pack"/crosspay-*.tgz) CROSSPAY_PYTHON_PATH="" CROSSPAY_PYTHON="$PY_VENV/bin/python" \
    node scripts/docs-check.mjs || return 1
  echo "-- the runner catches broken examples"
  CROSSPAY_CLI_DIR="$CARGO_TARGET_DIR/debug" CROSSPAY_NPM_TARBALL=$(ls "$pack"/crosspay-*.tgz) CROSSPAY_PYTHON_PATH="" CROSSPAY_PYTHON="$PY_VENV/bin/python" \
    node scripts/docs-check.mjs --expect-failures 12 scripts/docs-check-fixture.md >"$LOGS/docs-fixture.out" 2>&1
  local fixture=$?
  tail -2 "$LOGS/docs-fixture.out"
  [ "$fixture" -eq 0 ] || { cat "$LOGS/docs-fixture.out"; return 1; }
  echo "-- the README's demo command"
  if ./scripts/demo.sh >"$LOGS/demo.out" 2>&1; then echo "demo: 1 passed, 0 failed"; else cat "$LOGS/demo.out"; echo "demo: 0 passed, 1 failed"; return 1; fi
}
suite_fuzz() { "$REPO/scripts/fuzz.sh" "${CROSSPAY_FUZZ_SECONDS:-10}"; }
# The generated files and the library's exports checked, then the XCTests compiled and run by
# Swift 6 in the trixie root (scripts/swift-root.sh, scripts/swift-test.sh).
suite_swift() {
  bindings && python3 scripts/swift_check.py "$REPO" "$GEN" "$CARGO_TARGET_DIR/debug" && \
  scripts/swift-test.sh "$CARGO_TARGET_DIR/debug"
}

# ---- run and summarise --------------------------------------------------------------------
declare -A counter=([rust]=count_cargo [cli]=count_cargo [js]=count_node [types]=count_plain
  [browser]=count_node [docs]=count_plain [kotlin]=count_junit [python]=count_pytest [swift]=count_plain [fuzz]=count_plain)
summary=()
total_p=0 total_f=0
for s in "${suites[@]}"; do
  [ -n "${counter[$s]:-}" ] || die "unknown suite '$s' (suites: ${all[*]})"
  say "suite $s"
  t0=$SECONDS
  "suite_$s" 2>&1 | tee "$LOGS/$s.log"
  status=${PIPESTATUS[0]}
  read -r p f < <("${counter[$s]}" "$LOGS/$s.log")
  note=
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; note="  (exited $status: see $LOGS/$s.log)"; fi
  if [ "$status" -eq 0 ] && [ "$p" -eq 0 ]; then f=$((f + 1)); note="  (ran no test)"; fi
  xctest=$(grep -oE '^xctest: [0-9]+ passed' "$LOGS/$s.log" | grep -oE '[0-9]+' | tail -1)
  [ -z "$xctest" ] || note="$note  (of which XCTest: $xctest)"
  total_p=$((total_p + p)) total_f=$((total_f + f))
  summary+=("$(printf '%-8s %5d passed, %d failed  %4ds%s' "$s" "$p" "$f" $((SECONDS - t0)) "$note")")
done

say "summary ($((SECONDS - started))s)"
printf '%s\n' "${summary[@]}"
echo "overall: $total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]

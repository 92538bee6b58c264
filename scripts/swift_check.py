#!/usr/bin/env python3
"""Checks the Swift package on Linux, where no Swift compiler exists.

1. The committed generated files (swift/Sources/Crosspay/Crosspay.swift, swift/Headers/) equal
   what uniffi-bindgen generates from the library now: stale bindings fail.
2. Every function the generated C header declares is exported by the cdylib and the staticlib.
3. The header compiles as C, and a C program linked against the library passes the same
   contract-version and API-checksum checks the Swift bindings make when they start.

Usage: swift_check.py REPO FRESHLY_GENERATED_DIR LIBDIR
Prints one line per check and a closing "N passed, N failed".
"""
import pathlib
import re
import subprocess
import sys
import tempfile

repo, fresh, libdir = (pathlib.Path(a) for a in sys.argv[1:4])
swift = repo / "swift"
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{(': ' + detail) if detail and not ok else ''}")


# 1. Committed files are what the generator makes now.
pairs = {
    swift / "Sources/Crosspay/Crosspay.swift": fresh / "Crosspay.swift",
    swift / "Headers/CrosspayFFI.h": fresh / "CrosspayFFI.h",
    swift / "Headers/module.modulemap": fresh / "CrosspayFFI.modulemap",
}
for committed, generated in pairs.items():
    same = committed.exists() and committed.read_bytes() == generated.read_bytes()
    check(f"committed {committed.relative_to(repo)} is up to date", same,
          "stale: run scripts/gen-swift.sh and commit the result")

# 2. Every declared function is exported.
header = (fresh / "CrosspayFFI.h").read_text()
declared = set()
for line in header.splitlines():
    if line.lstrip().startswith(("typedef", "#", "//")):
        continue
    declared.update(re.findall(r"\b((?:uniffi|ffi)_[A-Za-z0-9_]+)\s*\(", line))
check("the header declares functions", len(declared) > 10, f"only {len(declared)}")


def exported(lib, dynamic):
    args = ["nm", "--defined-only"] + (["-D"] if dynamic else []) + [str(lib)]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return {l.split()[-1] for l in out.splitlines() if len(l.split()) >= 3 and l.split()[1] in "TtDdRrBb"}


for lib, dynamic in [(libdir / "libcrosspay_ffi.so", True), (libdir / "libcrosspay_ffi.a", False)]:
    missing = sorted(declared - exported(lib, dynamic))
    check(f"{lib.name} exports all {len(declared)} declared functions", not missing, ", ".join(missing[:10]))

# 3. The header compiles, and the library passes the Swift bindings' own start-up checks.
swift_src = (fresh / "Crosspay.swift").read_text()
contract = re.search(r"let bindings_contract_version = (\d+)", swift_src)
version_fn = re.search(r"let scaffolding_contract_version = (\w+)\(\)", swift_src)
checksums = re.findall(r"if \((uniffi_\w+_checksum_\w+)\(\) != (\d+)\)", swift_src)
check("the Swift bindings state a contract version and API checksums", bool(contract and version_fn and checksums))
if contract and version_fn and checksums:
    lines = ['#include <stdio.h>', '#include "CrosspayFFI.h"', "int main(void) {", "  int bad = 0;",
             f'  if ({version_fn.group(1)}() != {contract.group(1)}) {{ printf("FAIL contract version\\n"); bad++; }}',
             f'  else printf("ok   contract version {contract.group(1)}\\n");']
    for fn, value in checksums:
        lines.append(f'  if ({fn}() != {value}) {{ printf("FAIL checksum {fn}\\n"); bad++; }}')
        lines.append(f'  else printf("ok   checksum {fn}\\n");')
    lines += ["  return bad;", "}"]
    with tempfile.TemporaryDirectory() as tmp:
        c_file = pathlib.Path(tmp, "smoke.c")
        c_file.write_text("\n".join(lines) + "\n")
        exe = pathlib.Path(tmp, "smoke")
        cc = subprocess.run(["cc", "-std=c11", "-Wall", "-Werror", "-D_Nonnull=", "-D_Nullable=",
                             f"-I{fresh}", str(c_file), f"-L{libdir}", "-lcrosspay_ffi", f"-Wl,-rpath,{libdir}",
                             "-o", str(exe)], capture_output=True, text=True)
        check("the generated header compiles as C and links against the library", cc.returncode == 0, cc.stderr[-2000:])
        if cc.returncode == 0:
            run = subprocess.run([str(exe)], capture_output=True, text=True)
            for line in run.stdout.splitlines():
                check(line[5:], line.startswith("ok"))

passed = sum(results)
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)

"""The package under test is the wheel as pip installed it (not the source folder), with its typing
information: py.typed, and annotations mypy checks against calls (scripts/test.sh builds the wheel
with maturin and installs it into a fresh venv)."""
import os
import pathlib
import subprocess
import sys
import sysconfig

import crosspay


def test_crosspay_is_the_installed_wheel():
    site = pathlib.Path(sysconfig.get_paths()["purelib"]).resolve()
    here = pathlib.Path(crosspay.__file__).resolve()
    assert site in here.parents, f"{here} is not installed in {site}"
    assert (here.parent / "py.typed").is_file()
    wheel = os.environ.get("CROSSPAY_WHEEL")
    assert wheel and pathlib.Path(wheel).name.startswith("crosspay-0.1.0-"), wheel


def _mypy(tmp_path, source):
    f = tmp_path / "use.py"
    f.write_text(source)
    return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(f)], capture_output=True, text=True, cwd=tmp_path)


def test_editors_and_type_checkers_see_the_api(tmp_path):
    ok = _mypy(
        tmp_path,
        "import crosspay\n"
        "c: crosspay.Conversion = crosspay.convert('100.00', 'CNY', 'HKD', '1.0962', crosspay.RoundingMode.HALF_UP)\n"
        "amount: str = c.target.amount\n"
        "m: crosspay.QrMatrix = crosspay.qr_matrix('HELLO', crosspay.QrOptions())\n"
        "size: int = m.size\n",
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = _mypy(tmp_path, "import crosspay\ncrosspay.convert(100, 'CNY', 'HKD', '1.0962', crosspay.RoundingMode.HALF_UP)\n")
    assert bad.returncode == 1 and 'incompatible type "int"' in bad.stdout, bad.stdout

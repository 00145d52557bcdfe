"""One installable package: the wheel installs only `regkg`, runs outside the checkout, and keeps its layers."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from regkg import __version__

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "corpus" / "guangzhou_digital_economy_draft.txt"
CHECKOUT_REGKG = Path(sys.executable).with_name("regkg")
HIDDEN_NAMES = ("graph", "api", "loaders", "visualizations")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from the checkout (pip wheel, no dependencies)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (built,) = out.glob("regkg-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtualenv outside the checkout with the wheel installed; returns its bin/ directory."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False, system_site_packages=False).create(env_dir)
    # pip installs the wheel itself (console script included); its dependencies come from the test
    # environment's site-packages through a path line (no network needed; .pth files there are not run,
    # so the checkout's editable finder stays out).
    site = next((env_dir / "lib").glob("python3.*")) / "site-packages"
    ours = next(p for p in map(Path, sys.path) if p.name == "site-packages" and (p / "networkx").is_dir())
    (site / "deps.pth").write_text(str(ours) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(env_dir / "bin" / "python"), "install", "-q",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True, timeout=300)
    bin_dir = env_dir / "bin"
    return bin_dir


def _outside(tmp_path: Path, args: list[str]) -> subprocess.CompletedProcess:
    """Run a command from a directory that holds no checkout, with no checkout on the path."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "REGKG_HOME": str(tmp_path / "home"), "LANG": "C.UTF-8"}
    return subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_wheel_holds_only_the_regkg_package_with_its_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.startswith("regkg-")}
    assert top == {"regkg"}
    for data in ("regkg/loaders/taxonomy.yaml", "regkg/loaders/actor_lexicon.yaml"):
        assert data in names
    assert "regkg/graph/store/embedded.py" in names and "regkg/api/app.py" in names


def test_the_installed_wheel_imports_regkg_and_nothing_else(installed, tmp_path):
    python = str(installed / "python")
    ok = _outside(tmp_path, [python, "-c", "import regkg.graph, regkg.loaders, regkg.api, regkg.visualizations; "
                                            "import regkg; print(regkg.__file__)"])
    assert ok.returncode == 0, ok.stderr
    assert str(ROOT) not in ok.stdout
    for name in HIDDEN_NAMES:
        failed = _outside(tmp_path, [python, "-c", f"import {name}"])
        assert failed.returncode != 0 and "ModuleNotFoundError" in failed.stderr, name


def test_the_installed_wheel_answers_like_the_checkout(installed, tmp_path):
    args = ["duties", str(DRAFT), "--concept", "数据中心", "--json"]
    from_wheel = _outside(tmp_path, [str(installed / "regkg"), *args])
    from_checkout = subprocess.run([str(CHECKOUT_REGKG), *args], capture_output=True, text=True, timeout=120,
                                   check=False)
    assert from_wheel.returncode == 0, from_wheel.stderr
    assert from_checkout.returncode == 0, from_checkout.stderr
    assert from_wheel.stdout == from_checkout.stdout
    assert '"cite": "60.1"' in from_wheel.stdout


def test_version_and_python_dash_m(installed, tmp_path):
    version = _outside(tmp_path, [str(installed / "regkg"), "--version"])
    assert version.stdout.strip() == f"regkg {__version__}"
    module = _outside(tmp_path, [str(installed / "python"), "-m", "regkg", "--help"])
    assert module.returncode == 0 and "duties" in module.stdout


def test_layer_contract_passes_on_the_checkout():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "check_layers.py")], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


@pytest.mark.parametrize(("module", "upward"), [
    ("loaders/parse.py", "regkg.graph.schema"),
    ("graph/build.py", "regkg.api.app"),
    ("api/app.py", "regkg.cli"),
    ("regkg/errors.py", "regkg.settings"),
])
def test_layer_contract_fails_on_an_upward_import(tmp_path, module, upward):
    copy = tmp_path / "checkout"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", ".git", "corpus", "gold", "node_modules",
                                                              "__pycache__", "*.egg-info", "build"))
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\nimport {upward}  # deliberate upward import\n",
                      encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "check_layers.py"), "--root", str(copy)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0
    assert "BROKEN" in done.stdout and upward in done.stdout


def test_the_wheel_ships_the_explorer_and_draws_a_view(wheel, installed, tmp_path):
    """The explorer's files, vendored vis-network (with its licences) and the view template are in the wheel,
    and the installed wheel writes a self-contained view from a file."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in ("static/explorer/index.html", "static/explorer/explorer.js", "static/explorer/explorer.css",
                 "static/vendor/vis-network/vis-network.min.js", "static/vendor/vis-network/LICENSE-MIT",
                 "static/vendor/vis-network/LICENSE-APACHE-2.0", "static/vendor/README.md", "templates/view.html",
                 "style.json"):
        assert f"regkg/visualizations/{data}" in names, data
    out = tmp_path / "dc.html"
    done = _outside(tmp_path, [str(installed / "regkg"), "view", "concept", "数据中心", "--file", str(DRAFT),
                               "-o", str(out)])
    assert done.returncode == 0, done.stderr
    assert "new vis.Network" in out.read_text(encoding="utf-8")

"""Check the import-linter layer contract on the package as it installs (regkg.loaders, regkg.graph, …).

import-linter (grimp) finds a package's modules by walking its directory, so it cannot see sub-packages
that setuptools' `package-dir` maps from sibling folders (loaders/ → regkg.loaders). This script lays the
sources out as the wheel does — following the `package-dir` table of pyproject.toml, so there is one
source of truth — in a temporary directory, and runs `lint-imports` there with the project's contracts.

    python tools/check_layers.py [--root CHECKOUT]      exit 0: contracts kept; 1: broken (report printed)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path


def package_dirs(root: Path) -> dict[str, Path]:
    """The `[tool.setuptools.package-dir]` table: dotted package name → source folder."""
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    mapping = config["tool"]["setuptools"]["package-dir"]
    return {name: root / folder for name, folder in mapping.items()}


def lay_out(root: Path, target: Path) -> None:
    """Copy every .py file to where the installed package has it (regkg.loaders → target/regkg/loaders)."""
    for name, folder in sorted(package_dirs(root).items()):
        destination = target.joinpath(*name.split("."))
        for source in folder.rglob("*.py"):
            relative = source.relative_to(folder)
            if any(part in {"__pycache__", ".venv"} for part in relative.parts):
                continue
            if name == "regkg" and relative.parts[0] in {n.split(".")[1] for n in package_dirs(root) if "." in n}:
                continue
            out = destination / relative
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, out)


def main(argv: list[str] | None = None) -> int:
    """Lay the package out in a temporary directory and run lint-imports there."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    lint = Path(sys.executable).with_name("lint-imports")
    with tempfile.TemporaryDirectory(prefix="regkg-layers-") as tmp:
        lay_out(root, Path(tmp))
        done = subprocess.run(
            [str(lint), str(root / "pyproject.toml"), "--no-cache"], cwd=tmp, check=False
        )
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())

"""Every setting is documented in the README with its environment variable and default (as datasette does)."""

from __future__ import annotations

import re

from regkg.settings import Settings
from tests.conftest import ROOT


def test_every_setting_is_in_the_readme_settings_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `(REGKG_[A-Z0-9_]+)` \| ([^|]*) \|", readme, re.M)}
    missing = [f"REGKG_{name.upper()}" for name in Settings.model_fields if f"REGKG_{name.upper()}" not in rows]
    assert not missing, f"settings missing from the README's settings table: {missing}"
    for name, field in Settings.model_fields.items():
        default = field.default
        if isinstance(default, int | str) and not isinstance(default, bool) and default not in ("", None):
            shown = rows[f"REGKG_{name.upper()}"].replace(",", "").replace("`", "").strip()
            assert str(default) in shown, f"REGKG_{name.upper()}: README says {shown!r}, default is {default!r}"

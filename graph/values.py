"""Engine values as JSON: the one rule for temporal, spatial and unknown values both backends return.

`graph.store.base.plain` applies `json_scalar` to every value that is not a map or a list, so the CLI's
JSON and the API answer alike on FalkorDB and Neo4j:

- date, time, datetime → ISO 8601 text (`2020-01-02`, `10:11:12`, `2020-01-02T03:04:05`); a zoned value (Neo4j)
  keeps its offset, a zone-less one gets none: FalkorDB has only zone-less datetimes (`localdatetime`), which
  its driver hands over labelled UTC, so a Python datetime in UTC is written without a zone;
- duration → ISO 8601 duration text (`P1D`, `P1Y2M3DT4H5M6.5S`, `-PT1S`, `-PT0.5S`, `PT0S`), fractional seconds
  kept to the nanosecond (what the FalkorDB engine and driver already lost — months as days, fractions of a
  second — cannot come back: README, "Values");
- point → a map of its coordinates (FalkorDB: `latitude`, `longitude`; Neo4j: `srid`, `x`, `y`[, `z`]);
- a float that is not a number or infinite → null (JSON has no such numbers);
- bytes → lower-case hex text; anything else the drivers may add → its text (`str`).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

_PLAIN = (str, bool, int)


def iso_duration(years: int = 0, months: int = 0, days: int = 0, hours: int = 0, minutes: int = 0,
                 seconds: float = 0.0) -> str:
    """ISO 8601 duration text; a duration whose every part is negative or zero is written `-P…` (else parts keep
    their own signs, as Cypher's durations do)."""
    parts = (years, months, days, hours, minutes, seconds)
    sign = ""
    if any(p < 0 for p in parts) and not any(p > 0 for p in parts):
        sign = "-"
        years, months, days, hours, minutes, seconds = (-p for p in parts)

    def number(value: float) -> str:
        if float(value).is_integer():
            return str(int(value))
        return f"{value:.9f}".rstrip("0").rstrip(".")

    date = "".join(f"{number(v)}{u}" for v, u in ((years, "Y"), (months, "M"), (days, "D")) if v)
    time = "".join(f"{number(v)}{u}" for v, u in ((hours, "H"), (minutes, "M"), (seconds, "S")) if v)
    if not date and not time:
        return "PT0S"
    return f"{sign}P{date}" + (f"T{time}" if time else "")


def json_scalar(value: Any) -> Any:
    """One engine value (not a map or list) as JSON-ready Python, by the rules of this module."""
    if value is None or isinstance(value, _PLAIN):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dt.datetime | dt.time):
        if value.tzinfo is dt.UTC:  # FalkorDB's driver: a zone-less value labelled UTC
            value = value.replace(tzinfo=None)
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        micro = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
        sign = -1 if micro < 0 else 1
        days, rest = divmod(abs(micro), 86_400 * 1_000_000)
        hours, rest = divmod(rest, 3_600 * 1_000_000)
        minutes, rest = divmod(rest, 60 * 1_000_000)
        return iso_duration(days=sign * days, hours=sign * hours, minutes=sign * minutes,
                            seconds=sign * rest / 1_000_000)
    kind = type(value).__name__
    if kind == "relativedelta":  # FalkorDB's driver: dateutil's relativedelta
        return iso_duration(value.years, value.months, value.days, value.hours, value.minutes,
                            value.seconds + value.microseconds / 1e6)
    if kind == "Duration" and hasattr(value, "months") and hasattr(value, "nanoseconds"):  # neo4j.time.Duration
        sign = -1 if value.months < 0 else 1
        years, months = divmod(abs(value.months), 12)
        time_sign = -1 if value.seconds < 0 or (value.seconds == 0 and value.nanoseconds < 0) else 1
        hours, rest = divmod(abs(value.seconds), 3600)
        return iso_duration(sign * years, sign * months, value.days, time_sign * hours, time_sign * (rest // 60),
                            time_sign * (rest % 60) + value.nanoseconds / 1e9)
    if hasattr(value, "iso_format"):  # neo4j.time Date, Time, DateTime
        return value.iso_format()
    if hasattr(value, "srid") and isinstance(value, tuple):  # neo4j.spatial.Point
        return {"srid": value.srid, **dict(zip(("x", "y", "z"), (float(v) for v in value), strict=False))}
    if isinstance(value, bytes | bytearray):
        return bytes(value).hex()
    return str(value)

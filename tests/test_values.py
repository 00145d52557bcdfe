"""graph.values: the one JSON rule for engine values (both drivers' temporal and spatial types, as they return them)."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from neo4j.spatial import CartesianPoint, WGS84Point
from neo4j.time import Date, DateTime, Duration

from regkg.graph.store.base import plain


def test_falkordb_and_neo4j_values_become_the_same_json():
    rows = plain({"falkordb": [relativedelta(days=1), dt.date(2020, 1, 2), relativedelta(seconds=-1),
                               dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.UTC), relativedelta()],
                  "neo4j": [Duration(days=1), Date(2020, 1, 2), Duration(seconds=-1),
                            DateTime(2020, 1, 2, 3, 4, 5, tzinfo=dt.UTC), Duration()]})
    assert rows["falkordb"][:3] == rows["neo4j"][:3] == ["P1D", "2020-01-02", "-PT1S"]
    assert rows["falkordb"][3] == "2020-01-02T03:04:05" and rows["falkordb"][4] == rows["neo4j"][4] == "PT0S"
    assert plain(Duration(months=14, hours=1, minutes=30, seconds=2.5)) == "P1Y2MT1H30M2.5S"
    assert plain(WGS84Point((2.0, 1.0))) == {"srid": 4326, "x": 2.0, "y": 1.0}
    assert plain(CartesianPoint((1, 2, 3))) == {"srid": 9157, "x": 1.0, "y": 2.0, "z": 3.0}
    assert plain((1, [float("nan"), b"\x01"])) == [1, [None, "01"]]


def test_zone_less_datetimes_get_no_zone_and_fractions_of_a_second_are_kept():
    # FalkorDB has only zone-less datetimes (localdatetime); its driver labels them UTC
    assert plain(dt.datetime(2020, 1, 2, 3, 4, 5, 123000, tzinfo=dt.UTC)) == "2020-01-02T03:04:05.123000"
    assert plain(dt.datetime(2020, 1, 2, 3, 4, 5)) == "2020-01-02T03:04:05"
    assert plain(dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=8)))) == \
        "2020-01-02T03:04:05+08:00"
    assert plain(DateTime(2020, 1, 2, 3, 4, 5, tzinfo=dt.UTC)).endswith("+00:00")  # Neo4j's zoned datetime
    for value in (dt.timedelta(seconds=-0.5), relativedelta(microseconds=-500000), Duration(seconds=-0.5)):
        assert plain(value) == "-PT0.5S", value
    assert plain(dt.timedelta(days=-1, hours=2)) == "-PT22H"
    assert plain(dt.timedelta(seconds=1.5)) == plain(Duration(seconds=1.5)) == "PT1.5S"
    assert plain(Duration(nanoseconds=1)) == "PT0.000000001S"

"""Compare regulations: per concept, the duties each assigns and to which kinds of bodies, aligned by function.

Pure over Duty JSON (DESIGN.md §4), so the same comparison runs on files (graph.local) and on the store
(graph.queries). Bodies are aligned across jurisdictions by function, not by name (广州 工业和信息化部门 and
浙江 经济和信息化部门 are both `industry-it`), by the rule and data of actor_functions.yaml.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

ALIGNMENT_RULE = ("an actor's function is the actor_functions.yaml entry listing its core (canonical name without "
                  "its class word) under `cores`; else, for a government or department, the entry (not marked "
                  "`exact`) whose core is the longest one contained in its core; else the actor is its own function")
CLASS_SUFFIXES = ("主管部门", "部门", "机构", "机关", "委员会", "办公室", "办公厅", "局", "委")


@dataclass(frozen=True, slots=True)
class Function:
    """A function bodies of several jurisdictions perform (industry-it, data-administration …)."""

    id: str
    name: str
    name_en: str
    cores: tuple[str, ...]
    exact: bool = False


@lru_cache(maxsize=4)
def load_functions(path: str | None = None) -> tuple[Function, ...]:
    """The alignment data: the given file or REGKG_ACTOR_FUNCTIONS, else graph/actor_functions.yaml.

    A file that cannot be read or does not have the shape (functions: {id: {name, nameEn?, cores: [..]}})
    is an InputError naming the file and the problem.
    """
    import yaml

    from regkg.errors import InputError
    from regkg.loaders.datafile import load_yaml

    path = path or os.environ.get("REGKG_ACTOR_FUNCTIONS")
    where = path or "actor_functions.yaml"
    try:
        data = load_yaml(Path(path) if path else files("regkg.graph") / "actor_functions.yaml")
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise InputError(f"actor functions file {where}: {' '.join(str(error).split())}") from error
    entries = data.get("functions") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise InputError(f"actor functions file {where}: expected a mapping `functions: {{id: {{name, cores}}}}`")
    out = []
    for fid, entry in entries.items():
        if not isinstance(entry, dict) or not entry.get("name") or not isinstance(entry.get("cores", []), list):
            raise InputError(f"actor functions file {where}: function {fid!r} needs a `name` and a list of `cores`")
        out.append(Function(str(fid), str(entry["name"]), str(entry.get("nameEn", "")),
                            tuple(str(c) for c in entry.get("cores", []) if c), bool(entry.get("exact", False))))
    return tuple(out)


def _core(name: str) -> str:
    for suffix in CLASS_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def function_of(actor: dict[str, Any], functions: tuple[Function, ...]) -> dict[str, str]:
    """{id, name, nameEn} of the function an actor (Duty JSON role) performs; unaligned actors are their own."""
    name = actor.get("name", "")
    core = _core(name)
    for f in functions:
        if core in f.cores:
            return {"id": f.id, "name": f.name, "nameEn": f.name_en}
    best = max(((len(c), f) for f in functions if not f.exact for c in f.cores if c and c in core), key=lambda t: t[0],
               default=None)
    if best and actor.get("kind") in ("government", "department"):
        f = best[1]
        return {"id": f.id, "name": f.name, "nameEn": f.name_en}
    return {"id": f"{actor.get('kind', 'actor')}:{name}", "name": name, "nameEn": actor.get("nameEn", "")}


def compare(duties_by_regulation: dict[str, list[dict[str, Any]]], *, concept_ids: set[str] | None = None,
            concept_names: dict[str, dict[str, str]] | None = None, functions_path: str | None = None,
            titles: dict[str, str] | None = None) -> dict[str, Any]:
    """The comparison JSON (CLI --json, GET /compare).

    `duties_by_regulation`: each regulation's Duty JSON (already narrowed to a concept when one was asked);
    `concept_ids`: when given, every duty counts under that one concept group (it includes narrower ones).
    """
    functions = load_functions(functions_path)
    regs = list(duties_by_regulation)
    groups: dict[str, dict[str, list[dict[str, Any]]]] = {}
    names: dict[str, dict[str, str]] = dict(concept_names or {})
    for reg, duties in duties_by_regulation.items():
        for duty in duties:
            concepts = duty.get("concepts", [])
            for c in concepts:
                names.setdefault(c["id"], {"id": c["id"], "name": c["name"], "nameEn": c.get("nameEn", ""),
                                           "type": c.get("type", "")})
            keys = sorted(concept_ids) if concept_ids else sorted({c["id"] for c in concepts})
            for key in keys[:1] if concept_ids else keys:
                groups.setdefault(key, {r: [] for r in regs})[reg].append(duty)
    concepts_out = []
    for cid, per_reg in sorted(groups.items(), key=lambda kv: (-sum(map(len, kv[1].values())), kv[0])):
        concepts_out.append({
            "concept": names.get(cid, {"id": cid, "name": cid}),
            "coveredBy": [r for r in regs if per_reg[r]],
            "missingFrom": [r for r in regs if not per_reg[r]],
            "regulations": {r: _side(per_reg[r], functions) for r in regs},
        })
    covered = {r: {c["concept"]["name"] for c in concepts_out if r in c["coveredBy"]} for r in regs}
    only_in = {r: sorted(covered[r] - set().union(*(covered[o] for o in regs if o != r))) for r in regs} \
        if len(regs) > 1 else {}
    return {
        "regulations": [{"id": r, "title": (titles or {}).get(r, r), "duties": len(duties_by_regulation[r])}
                        for r in regs],
        "alignment": {"rule": ALIGNMENT_RULE,
                      "source": functions_path or os.environ.get("REGKG_ACTOR_FUNCTIONS") or "actor_functions.yaml"},
        "concepts": concepts_out,
        "onlyIn": only_in,
        "functions": _function_table(duties_by_regulation, functions),
    }


def _side(duties: list[dict[str, Any]], functions: tuple[Function, ...]) -> dict[str, Any]:
    kinds: Counter[str] = Counter()
    funcs: Counter[str] = Counter()
    func_names: dict[str, str] = {}
    rows = []
    for d in duties:
        bearers = []
        for b in d.get("bearers", []):
            f = function_of(b, functions)
            kinds[b.get("kind", "")] += 1
            funcs[f["id"]] += 1
            func_names[f["id"]] = f["name"]
            bearers.append({"name": b["name"], "level": b.get("level", ""), "kind": b.get("kind", ""),
                            "function": f["id"], "functionName": f["name"]})
        if not bearers:
            kinds["(none)"] += 1
        rows.append({"id": d["id"], "cite": d["citation"]["cite"], "label": d["citation"]["label"],
                     "modality": d["modality"], "text": d["text"], "bearers": bearers})
    return {"count": len(duties), "bearerKinds": dict(kinds.most_common()),
            "functions": [{"id": fid, "name": func_names[fid], "duties": n} for fid, n in funcs.most_common()],
            "modalities": dict(Counter(d["modality"] for d in duties).most_common()),
            "duties": rows}


def _function_table(duties_by_regulation: dict[str, list[dict[str, Any]]],
                    functions: tuple[Function, ...]) -> list[dict[str, Any]]:
    """Each function any regulation's bearers perform: per regulation, the bodies (by name) and their duty count."""
    table: dict[str, dict[str, Any]] = {}
    for reg, duties in duties_by_regulation.items():
        for d in duties:
            for b in d.get("bearers", []):
                f = function_of(b, functions)
                row = table.setdefault(f["id"], {"id": f["id"], "name": f["name"], "nameEn": f["nameEn"],
                                                 "aligned": not f["id"].startswith(f"{b.get('kind', 'actor')}:"),
                                                 "regulations": {}})
                side = row["regulations"].setdefault(reg, {"actors": [], "duties": 0})
                side["duties"] += 1
                if b["name"] not in side["actors"]:
                    side["actors"].append(b["name"])
    rows = sorted(table.values(), key=lambda r: (-len(r["regulations"]), -sum(s["duties"] for s in
                                                                            r["regulations"].values()), r["id"]))
    return rows

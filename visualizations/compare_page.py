"""The side-by-side comparison page: one self-contained HTML file (no scripts, no CDN) from the comparison JSON."""

from __future__ import annotations

from html import escape
from typing import Any

STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;table-layout:fixed}td,th{border:1px solid #ddd;padding:.4rem;
vertical-align:top;font-size:.9rem}th{background:#f4f4f4}.none{color:#999}.fn{display:inline-block;
background:#eef;border-radius:3px;padding:0 .3rem;margin:.1rem}.cite{font-family:monospace;color:#555}
.mod{font-size:.75rem;color:#666}details{margin:.2rem 0}.rule{color:#555;font-size:.85rem}
"""


def render_compare(result: dict[str, Any], title: str = "regkg — compare") -> str:
    """HTML for a comparison: per concept one row, one column per regulation; then functions; then gaps."""
    regs = result["regulations"]
    head = "".join(f"<th>{escape(r['title'])}<br><span class=cite>{escape(r['id'])}</span></th>" for r in regs)
    parts = [f"<!doctype html><html lang=zh><head><meta charset=utf-8><title>{escape(title)}</title>"
             f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1>",
             f"<p class=rule>Bodies aligned by function: {escape(result['alignment']['rule'])} "
             f"(data: {escape(result['alignment']['source'])}).</p>",
             "<h2>Duties by concept</h2><table><tr><th style='width:12%'>concept</th>" + head + "</tr>"]
    for group in result["concepts"]:
        concept = group["concept"]
        cells = []
        for r in regs:
            side = group["regulations"][r["id"]]
            if not side["count"]:
                cells.append("<td class=none>—</td>")
                continue
            funcs = "".join(f"<span class=fn>{escape(f['name'])} ×{f['duties']}</span>" for f in side["functions"])
            duties = "".join(
                f"<details><summary><span class=cite>{escape(d['cite'])}</span> <span class=mod>{escape(d['modality'])}"
                f"</span> {escape('、'.join(b['name'] for b in d['bearers']) or '(no bearer)')}</summary>"
                f"{escape(d['text'])}</details>" for d in side["duties"])
            cells.append(f"<td><b>{side['count']}</b> duties {funcs}{duties}</td>")
        parts.append(f"<tr><th>{escape(concept['name'])}<br><span class=mod>{escape(concept.get('nameEn', ''))}"
                     f"</span></th>{''.join(cells)}</tr>")
    parts.append("</table><h2>Functions</h2><table><tr><th style='width:12%'>function</th>" + head + "</tr>")
    for row in result["functions"]:
        if not row["aligned"] and len(row["regulations"]) < 2:
            continue
        cells = "".join(
            f"<td>{escape('、'.join(row['regulations'][r['id']]['actors']))} "
            f"<b>×{row['regulations'][r['id']]['duties']}</b></td>" if r["id"] in row["regulations"]
            else "<td class=none>—</td>" for r in regs)
        parts.append(f"<tr><th>{escape(row['name'])}</th>{cells}</tr>")
    parts.append("</table>")
    if any(result["onlyIn"].values()):
        parts.append("<h2>Concepts only one regulation covers</h2><ul>")
        for r in regs:
            only = result["onlyIn"].get(r["id"], [])
            if only:
                parts.append(f"<li><b>{escape(r['id'])}</b>: {escape('、'.join(only))}</li>")
        parts.append("</ul>")
    parts.append("</body></html>")
    return "".join(parts)

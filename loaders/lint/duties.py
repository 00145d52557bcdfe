"""Duties nobody bears, and bodies that bear duties but are never established in the general provisions (总则)."""

from __future__ import annotations

from regkg.loaders.document import Document
from regkg.loaders.facts import Facts
from regkg.loaders.lint.model import Finding, Locator

GENERAL_PROVISIONS = "总则"
BODY_KINDS = ("government", "department")
_MODALITY_ZH = {"obligation": "义务", "prohibition": "禁止", "permission": "授权", "encouragement": "鼓励",
                "liability": "责任"}


def check_bearers(facts: Facts, locator: Locator) -> list[Finding]:
    """duty.no-bearer: a duty whose text names nobody who must act (`…应当纳入…` with no subject)."""
    out = []
    for duty in facts.duties:
        if duty.bearers:
            continue
        head = duty.text[:24] + ("…" if len(duty.text) > 24 else "")
        out.append(locator.finding(
            "duty.no-bearer", f"{_MODALITY_ZH.get(duty.modality, duty.modality)} ({duty.trigger}) with no bearer: "
            f"who must act? 「{head}」", duty.start, duty.end))
    return out


def check_established(doc: Document, facts: Facts, locator: Locator) -> list[Finding]:
    """actor.not-established: a government body bearing duties that the 总则 chapter never names.

    A body counts as named in 总则 when a duty there involves it or its name (or any written form of it)
    appears in the chapter's text. Texts without a 总则 chapter are not checked.
    """
    chapter = next((c for c in doc.nodes("chapter") if c.name.replace(" ", "") == GENERAL_PROVISIONS), None)
    if chapter is None:
        return []
    general = chapter.text
    in_general = set()
    for duty in facts.duties:
        if chapter.start <= duty.start < chapter.end:
            in_general.update(r.actor_id for r in (*duty.bearers, *duty.partners, *duty.targets))
    out = []
    for actor_id, actor in facts.actors.items():
        if actor.kind not in BODY_KINDS or actor_id in in_general:
            continue
        if any(form and form in general for form in {actor.name, *actor.aliases}):
            continue
        bearing = [d for d in facts.duties if not chapter.start <= d.start < chapter.end
                   and any(r.actor_id == actor_id for r in d.bearers)]
        if not bearing:
            continue
        first = bearing[0]
        role = next(r for r in first.bearers if r.actor_id == actor_id)
        start, end = (role.start, role.end) if role.start >= 0 else (first.start, first.end)
        cites = "、".join(d.citation.cite for d in bearing[:6]) + ("…" if len(bearing) > 6 else "")
        out.append(locator.finding(
            "actor.not-established", f"{actor.name} bears {len(bearing)} duties ({cites}) but the general "
            f"provisions (总则) never name it", start, end))
    return out

"""The concept taxonomy: load the YAML vocabulary, validate it, and resolve any zh/en label to one concept.

The data lives in `loaders/taxonomy.yaml` (analysts extend it without touching code); the
`REGKG_TAXONOMY` environment variable may point at an extended copy. English labels get their
plural and American-spelling variants generated here, and `resolve` compares labels through a
normalisation key that ignores case, spaces, hyphens, plural endings and British/American spelling.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from regkg.errors import ConfigError, UnknownConceptError
from regkg.loaders.datafile import load_yaml, packaged
from regkg.loaders.facts import CONCEPT_TYPES, Concept

PACKAGED_TAXONOMY = packaged("taxonomy.yaml")
ENV_VAR = "REGKG_TAXONOMY"
ID_PREFIX = "concept:"

# British → American spellings, applied word by word (the pairs regulations' English uses).
_WORD_SPELLINGS = {
    "centre": "center", "centres": "centers", "fibre": "fiber", "fibres": "fibers", "metre": "meter",
    "programme": "program", "programmes": "programs", "labour": "labor", "catalogue": "catalog",
    "licence": "license", "licences": "licenses", "modelling": "modeling", "travelling": "traveling",
    "defence": "defense", "analyse": "analyze", "harbour": "harbor", "colour": "color",
}
_SUFFIX_SPELLINGS = (("isation", "ization"), ("isations", "izations"), ("ised", "ized"), ("ising", "izing"))
# Last words that have no plural (mass nouns); a concept may also say `plural: false`.
_MASS_NOUNS = frozenset({
    "data", "software", "information", "infrastructure", "internet", "equipment", "intelligence", "security",
    "commerce", "finance", "healthcare", "care", "education", "agriculture", "logistics", "tourism", "media",
    "reality", "energy", "water", "content", "technology", "manufacturing", "computing", "power", "economy",
    "research", "development", "music", "literature", "culture", "privacy", "health", "trade", "retail",
})
_WORD_RE = re.compile(r"[a-z0-9]+")


def normalise_label(label: str) -> str:
    """Comparison key of a label: NFKC, lower case, no spaces/hyphens, singular, one spelling per word."""
    text = unicodedata.normalize("NFKC", label).strip().lower()
    if not text.isascii():
        return re.sub(r"[\s\-_·・/]+", "", text)
    words = [_singular(_american(w)) for w in _WORD_RE.findall(text)]
    return "".join(words)


def _american(word: str) -> str:
    """The American spelling of one lower-case word."""
    if word in _WORD_SPELLINGS:
        return _WORD_SPELLINGS[word]
    for british, american in _SUFFIX_SPELLINGS:
        if word.endswith(british):
            return word[: -len(british)] + american
    return word


def _singular(word: str) -> str:
    """A crude but symmetric singular: enough to make 'centres' and 'centre' compare equal."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    return word[:-1]


def _plural(word: str) -> str:
    """English plural of one word."""
    if word.endswith(("s", "x", "ch", "sh", "z")):
        return word + "es"
    if len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def english_variants(label: str, countable: bool = True) -> list[str]:
    """The label, its American spelling and (for countable heads) both plurals, in that order."""
    american = " ".join(_american_keep_case(w) for w in label.split(" "))
    forms = [label, american]
    last = label.rsplit(" ", 1)[-1]
    if countable and last.isascii() and last.isalpha() and last.lower() not in _MASS_NOUNS and not last.isupper() \
            and not last.lower().endswith("ing"):
        forms += [_pluralise_last(f) for f in (label, american)]
    out: list[str] = []
    for form in forms:
        if form not in out:
            out.append(form)
    return out


def _american_keep_case(word: str) -> str:
    """American spelling of a word, keeping a leading capital."""
    lowered = word.lower()
    converted = _american(lowered)
    if converted == lowered:
        return word
    return converted.capitalize() if word[:1].isupper() else converted


def _pluralise_last(label: str) -> str:
    """The label with its last word in the plural."""
    head, _, last = label.rpartition(" ")
    return f"{head} {_plural(last)}" if head else _plural(last)


@dataclass
class Taxonomy:
    """Concepts by id, plus the label index `resolve` uses; `cache` holds derived structures (the linker's trie)."""

    concepts: dict[str, Concept]
    source: str = ""
    stop_phrases: list[str] = field(default_factory=list)
    _index: dict[str, str] = field(default_factory=dict, repr=False)
    _narrower: dict[str, list[str]] = field(default_factory=dict, repr=False)
    cache: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._narrower = {cid: [] for cid in self.concepts}
        for concept in self.concepts.values():
            for parent in concept.broader:
                self._narrower.setdefault(parent, []).append(concept.id)
        for concept in self.concepts.values():
            for label in labels_of(concept):
                self._index.setdefault(normalise_label(label), concept.id)

    def __len__(self) -> int:
        return len(self.concepts)

    def __contains__(self, concept_id: str) -> bool:
        return concept_id in self.concepts

    def get(self, concept_id: str) -> Concept:
        """The concept with this id (`concept:data-centre` or just `data-centre`)."""
        key = concept_id if concept_id.startswith(ID_PREFIX) else ID_PREFIX + concept_id
        try:
            return self.concepts[key]
        except KeyError:
            raise UnknownConceptError(f"no concept with id {concept_id!r}", concept=concept_id) from None

    def lookup(self, label: str) -> Concept | None:
        """The concept a label (or id) names exactly, after normalisation; None when nothing does."""
        if label.strip().startswith(ID_PREFIX) and label.strip() in self.concepts:
            return self.concepts[label.strip()]
        concept_id = self._index.get(normalise_label(label))
        return self.concepts[concept_id] if concept_id else None

    def resolve(self, label: str) -> Concept:
        """The concept named by any zh/en label or alias; UnknownConceptError with the closest labels otherwise."""
        if not label or not label.strip():
            raise UnknownConceptError("empty concept label", concept=label)
        found = self.lookup(label)
        if found is not None:
            return found
        suggestions = self.suggest(label)
        raise UnknownConceptError(f"unknown concept {label!r}", concept=label, suggestions=suggestions)

    def suggest(self, label: str, limit: int = 5) -> list[str]:
        """The known labels closest to `label` (rapidfuzz), one per concept, best first."""
        from rapidfuzz import fuzz, process

        query = label.strip()
        zh = not query.isascii()
        choices: dict[str, str] = {}
        for concept in self.concepts.values():
            for text in ([concept.name, *concept.aliases] if zh else [concept.name_en, *concept.aliases_en]):
                choices.setdefault(text, concept.id)
        scorer = fuzz.WRatio
        ranked = process.extract(query, list(choices), scorer=scorer, limit=limit * 4,
                                 processor=lambda s: s.lower(), score_cutoff=40)
        out: list[str] = []
        seen: set[str] = set()
        for text, _score, _ in ranked:
            concept_id = choices[text]
            if concept_id in seen:
                continue
            seen.add(concept_id)
            out.append(text)
            if len(out) == limit:
                break
        return out

    def narrower(self, concept_id: str) -> list[str]:
        """Direct narrower ids of a concept."""
        return list(self._narrower.get(concept_id, []))

    def narrower_closure(self, concept_id: str) -> set[str]:
        """The concept id itself plus every transitively narrower id (what a query by concept must include)."""
        return self._closure(self.get(concept_id).id, lambda cid: self._narrower.get(cid, []))

    def broader_closure(self, concept_id: str) -> set[str]:
        """The concept id itself plus every transitively broader id."""
        return self._closure(self.get(concept_id).id, lambda cid: self.concepts[cid].broader)

    @staticmethod
    def _closure(start: str, step) -> set[str]:
        seen = {start}
        stack = [start]
        while stack:
            for nxt in step(stack.pop()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    def roots(self) -> list[str]:
        """Ids of concepts without a broader concept, in file order."""
        return [cid for cid, c in self.concepts.items() if not c.broader]

    def validate(self) -> None:
        """Raise ConfigError on a bad type, a dangling broader id, a cycle, or a label naming two concepts."""
        problems: list[str] = []
        for concept in self.concepts.values():
            if concept.type not in CONCEPT_TYPES:
                problems.append(f"{concept.id}: type {concept.type!r} is not one of {', '.join(CONCEPT_TYPES)}")
            if not concept.name or not concept.name_en:
                problems.append(f"{concept.id}: needs both a zh and an en preferred label")
            for parent in concept.broader:
                if parent not in self.concepts:
                    problems.append(f"{concept.id}: broader {parent!r} does not exist")
                if parent == concept.id:
                    problems.append(f"{concept.id}: is its own broader concept")
        problems += [f"cycle: {' → '.join(cycle)}" for cycle in self._cycles()]
        owner: dict[str, str] = {}
        for concept in self.concepts.values():
            for label in labels_of(concept):
                key = normalise_label(label)
                other = owner.setdefault(key, concept.id)
                if other != concept.id:
                    problems.append(f"label {label!r} names both {other} and {concept.id}")
        if problems:
            raise ConfigError(f"invalid taxonomy {self.source}: " + "; ".join(problems), problems=problems)

    def _cycles(self) -> Iterator[list[str]]:
        """Every broader-cycle found by a depth-first walk (each reported once)."""
        state: dict[str, int] = {}
        path: list[str] = []

        def visit(cid: str) -> Iterator[list[str]]:
            state[cid] = 1
            path.append(cid)
            for parent in self.concepts[cid].broader:
                if parent not in self.concepts:
                    continue
                if state.get(parent) == 1:
                    yield [*path[path.index(parent):], parent]
                elif parent not in state:
                    yield from visit(parent)
            path.pop()
            state[cid] = 2

        for cid in self.concepts:
            if cid not in state:
                yield from visit(cid)


def labels_of(concept: Concept) -> list[str]:
    """Every label of a concept: zh preferred + aliases, en preferred + aliases."""
    return [concept.name, *concept.aliases, concept.name_en, *concept.aliases_en]


def taxonomy_path(path: str | Path | None = None) -> Path:
    """The taxonomy file to read: the argument, else $REGKG_TAXONOMY, else the packaged YAML."""
    chosen = path or os.environ.get(ENV_VAR) or PACKAGED_TAXONOMY
    return Path(chosen)


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """The taxonomy (cached per file and modification time); validated, so a broken file fails loudly."""
    resolved = taxonomy_path(path)
    try:
        stamp = resolved.stat().st_mtime_ns
    except OSError as error:
        raise ConfigError(f"taxonomy file {resolved} cannot be read: {error}", path=str(resolved)) from None
    return _load_cached(str(resolved), stamp)


@lru_cache(maxsize=8)
def _load_cached(path: str, _stamp: int) -> Taxonomy:
    """One taxonomy file version: from the start-up cache (keyed by its bytes and this code), else built."""
    from regkg.loaders import cache

    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise ConfigError(f"taxonomy file {path} cannot be read: {error}", path=path) from None
    here = Path(__file__)
    key = cache.digest(raw, cache.code_digest(str(here), str(here.with_name("concepts.py"))))
    return cache.cached("taxonomy", key, lambda: _build(path), expect=Taxonomy)


def _build(path: str) -> Taxonomy:
    """Read, build and validate one taxonomy file version, with the linker's label trie built in."""
    import yaml

    from regkg.loaders.concepts import matcher_for

    try:
        data = load_yaml(path)
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"taxonomy file {path} is not valid YAML: {error}", path=path) from None
    entries = data.get("concepts") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"taxonomy file {path} needs a top-level `concepts:` list", path=path)
    stops = [str(s).strip() for s in data.get("stop_phrases") or [] if str(s).strip()]
    taxonomy = Taxonomy(concepts=dict(_concepts(entries, path)), source=path, stop_phrases=stops)
    taxonomy.validate()
    matcher_for(taxonomy)
    return taxonomy


def _concepts(entries: Iterable[object], path: str) -> Iterator[tuple[str, Concept]]:
    """Concept objects from the YAML entries, ids prefixed, English variants generated."""
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or "id" not in entry:
            raise ConfigError(f"taxonomy file {path}: entry {number} has no id", path=path)
        concept_id = _full_id(str(entry["id"]))
        if concept_id in seen:
            raise ConfigError(f"taxonomy file {path}: id {concept_id} appears twice", path=path)
        seen.add(concept_id)
        countable = bool(entry.get("plural", True))
        name_en = str(entry.get("en", "")).strip()
        english: list[str] = []
        for label in [name_en, *map(str, entry.get("en_alt") or [])]:
            for form in english_variants(label.strip(), countable):
                if form and form != name_en and form not in english:
                    english.append(form)
        zh_aliases = _unique(str(a).strip() for a in entry.get("zh_alt") or [])
        yield concept_id, Concept(
            id=concept_id,
            type=str(entry.get("type", "")),
            name=str(entry.get("zh", "")).strip(),
            name_en=name_en,
            aliases=[a for a in zh_aliases if a != str(entry.get("zh", "")).strip()],
            aliases_en=english,
            broader=[_full_id(str(b)) for b in entry.get("broader") or []],
            definition=str(entry.get("definition", "") or ""),
        )


def _full_id(raw: str) -> str:
    """`data-centre` → `concept:data-centre` (ids may be written with or without the prefix)."""
    raw = raw.strip()
    return raw if raw.startswith(ID_PREFIX) else ID_PREFIX + raw


def _unique(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item and item not in out:
            out.append(item)
    return out

"""`regkg eval GOLD.json [--file REGULATION]`: score duty extraction against gold; `--coverage FILE`: trigger counts."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from regkg.cli import app
from regkg.cli.console import make_console
from regkg.errors import InputError
from regkg.loaders.evaluate import Coverage, Evaluation, Tuple_, coverage, evaluate, load_gold
from regkg.loaders.parse import parse_file

DEFAULT_FILE = Path("corpus") / "guangzhou_digital_economy_draft.txt"


def _articles(spec: str | None) -> tuple[int, int] | None:
    if not spec:
        return None
    try:
        lo, _, hi = spec.partition("-")
        return (int(lo), int(hi or lo))
    except ValueError as err:
        raise InputError(f"--articles: expected N or N-M, got {spec!r}") from err


@app.command("eval")
@click.argument("gold", required=False, type=click.Path(dir_okay=False))
@click.option("--file", "file", type=click.Path(dir_okay=False), default=None,
              help=f"Regulation text the gold annotates (default: {DEFAULT_FILE}).")
@click.option("--articles", help="Articles scored, N-M (default: 1 to the last article in the gold).")
@click.option("--coverage", "coverage_file", type=click.Path(dir_okay=False), default=None,
              help="Instead of scoring: count what became of every trigger occurrence in this regulation.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def eval_command(gold: str | None, file: str | None, articles: str | None, coverage_file: str | None,
                 as_json: bool) -> None:
    """Precision/recall/F1 of bearers and partners, modality accuracy and implicit duties against GOLD,
    then the misses and false alarms; or, with --coverage FILE, trigger coverage counts."""
    if coverage_file:
        report = coverage(parse_file(coverage_file))
        if as_json:
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            print_coverage(coverage_file, report)
        return
    if not gold:
        raise click.UsageError("give GOLD.json, or --coverage FILE")
    doc = parse_file(file or _default_file())
    result = evaluate(doc, load_gold(gold), _articles(articles))
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_evaluation(result)


def _default_file() -> Path:
    if DEFAULT_FILE.exists():
        return DEFAULT_FILE
    packaged = Path(__file__).resolve().parents[3] / DEFAULT_FILE
    return packaged


def print_evaluation(result: Evaluation) -> None:
    """Figures first, then every miss, false alarm and modality error with its duty's text."""
    console = make_console()
    lo, hi = result.articles
    console.print(f"[bold]Duty extraction against gold[/bold] (articles {lo}–{hi}, explicit duties)", highlight=False)
    table = Table("", "precision", "recall", "F1", "tp", "fp", "fn")
    for name, score in (("bearers", result.bearers), ("partners", result.partners),
                        ("bearer sets", result.bearer_sets), ("partner sets", result.partner_sets)):
        table.add_row(name, f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}",
                      str(score.tp), str(score.fp), str(score.fn))
    console.print(table)
    console.print("(sets: (cite, level + actor) counted once each; 国家网信部门 = 网信部门 at level 国家)",
                  highlight=False)
    console.print(f"modality accuracy: {result.modality_accuracy:.3f} "
                  f"({result.modality_correct}/{result.modality_matched} bearer tuples found by both)", highlight=False)
    console.print(f"implicit duties flagged: {len(result.implicit_flagged)}/{len(result.implicit_gold)} "
                  f"(gold: {', '.join(result.implicit_gold) or '-'}; predicted implicit: {result.implicit_predicted})",
                  highlight=False)
    for title, items in (("bearer misses", result.bearers.misses), ("bearer false alarms", result.bearers.false_alarms),
                         ("partner misses", result.partners.misses),
                         ("partner false alarms", result.partners.false_alarms)):
        _print_tuples(console, title, items)
    if result.modality_errors:
        console.print("[bold]modality errors[/bold]")
        for g, p in result.modality_errors:
            console.print(f"  {g.cite}  {g.written}: gold {g.modality}, extracted {p.modality}", highlight=False)


def _print_tuples(console: Console, title: str, items: list[Tuple_]) -> None:
    console.print(f"[bold]{title}[/bold]: {len(items) or 'none'}")
    for t in items:
        level = f"@{t.level}" if t.level else ""
        span = t.span if len(t.span) <= 50 else t.span[:49] + "…"
        console.print(f"  {t.cite:<8} {t.written}{level}  [{t.modality}]  {span}", highlight=False)


def print_coverage(file: str, report: Coverage) -> None:
    """Per trigger word: occurrences and what they became; then the reasons for skipping."""
    console = make_console()
    totals = report.totals
    console.print(f"[bold]Trigger coverage[/bold] of {file}: {sum(totals.values())} occurrences, "
                  f"{report.duties} duties ({report.implicit} implicit)", highlight=False)
    table = Table("trigger", "occurrences", "duty with bearer", "deliberate empty bearer",
                  "covered by the duty before", "skipped (not a duty)")
    for word, counts in [*report.by_word.items(), ("all", totals)]:
        table.add_row(word, str(sum(counts.values())), str(counts["bearer"]), str(counts["empty"]),
                      str(counts["covered"]), str(counts["skipped"]))
    console.print(table)
    if report.reasons:
        console.print("[bold]skipped, by reason[/bold]")
        for reason, n in report.reasons.most_common():
            console.print(f"  {n:4}  {reason}", highlight=False)

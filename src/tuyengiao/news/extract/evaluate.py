"""Evaluation: per-field accuracy of the extractor over a folder of articles with expected JSON.

Each expected file (the shape of `../shared/seeds/expected/*.json`) names its article with `file`.
A field is right when (per field):
- scalars (title, dates, kind, organiser, place, author): equal after NFC and space folding;
- documents: the same set of codes;
- chair, people: the same set of (name, titles) pairs;
- figures: the same multiset of values (the quoted text is a courtesy, not compared);
- body: starts with `body_first_sentence` and keeps none of `boilerplate_lines` (a short line such
  as "." counts only as a whole paragraph, a longer one anywhere in the body).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .pipeline import extract_article
from .reading import ArticleFileError, read_article_file
from .record import JSON_KEYS

# Every key of the JSON record but the file name and the confidences is scored.
FIELDS: tuple[str, ...] = tuple(k for k in JSON_KEYS if k not in {"file", "confidence"})


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFC", value).split())
    return value


def _people_key(items: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(_norm(p.get("name", "")), _norm(p.get("titles", ""))) for p in items or []}


def _figure_values(items: list[dict[str, Any]]) -> list[str]:
    return sorted(str(f.get("value")) for f in items or [])


def body_ok(body: str, expected: dict[str, Any]) -> bool:
    """The body starts with the expected first sentence and keeps no boilerplate line."""
    body = unicodedata.normalize("NFC", body)
    first = _norm(expected.get("body_first_sentence") or "")
    if first and not _norm(body).startswith(first):
        return False
    paragraphs = {_norm(p) for p in body.split("\n\n")}
    flat = _norm(body)
    for line in expected.get("boilerplate_lines") or []:
        line = _norm(line)
        if not line:
            continue
        if line in paragraphs or (len(line) >= 20 and line in flat):
            return False
    return True


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "documents": lambda got, exp: set(got or []) == set(exp or []),
    "chair": lambda got, exp: _people_key(got) == _people_key(exp),
    "people": lambda got, exp: _people_key(got) == _people_key(exp),
    "figures": lambda got, exp: _figure_values(got) == _figure_values(exp),
}


def compare_field(name: str, got: dict[str, Any], expected: dict[str, Any]) -> bool:
    """Whether the extracted `name` matches the expected answer (see the module's rules)."""
    if name == "body":
        return body_ok(got.get("body") or "", expected)
    compare = _COMPARE.get(name)
    if compare:
        return compare(got.get(name), expected.get(name))
    return _norm(got.get(name)) == _norm(expected.get(name))


@dataclass(frozen=True, slots=True)
class Mismatch:
    file: str
    field: str
    got: Any
    expected: Any


@dataclass(slots=True)
class EvaluationReport:
    """Counts of right answers per field over the evaluated files, and what went wrong."""

    files: list[str] = field(default_factory=list)
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    mismatches: list[Mismatch] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.files)

    def accuracy(self, name: str) -> float:
        return self.correct[name] / self.total if self.total else 0.0

    @property
    def overall(self) -> float:
        """Mean accuracy over all fields."""
        return sum(self.accuracy(f) for f in FIELDS) / len(FIELDS) if self.total else 0.0

    def format_report(self, *, details: bool = True) -> str:
        """A plain-text table of per-field accuracy, then the mismatches and unreadable files."""
        width = max(len(f) for f in FIELDS)
        lines = [f"{'field':<{width}}  right/total  accuracy", "-" * (width + 24)]
        for name in FIELDS:
            lines.append(
                f"{name:<{width}}  {self.correct[name]:>5}/{self.total:<5}  "
                f"{self.accuracy(name):>7.1%}"
            )
        lines.append("-" * (width + 24))
        lines.append(f"{'overall':<{width}}  {'':11}  {self.overall:>7.1%}")
        if details:
            for m in self.mismatches:
                lines.append(
                    f"  {m.file} · {m.field}: got {_short(m.got)} · expected {_short(m.expected)}"
                )
            for name, message in self.errors.items():
                lines.append(f"  {name}: ERROR {message}")
        return "\n".join(lines)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 160 else text[:157] + "..."


def evaluate_folder(articles_dir: Path, expected_dir: Path) -> EvaluationReport:
    """Extract every article that has an expected file and count the right fields.

    An article that cannot be read counts as wrong on every field, with its error kept.
    """
    report = EvaluationReport()
    for expected_path in sorted(Path(expected_dir).glob("*.json")):
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        name = expected.get("file") or expected_path.stem
        article_path = Path(articles_dir) / name
        report.files.append(name)
        try:
            got = extract_article(read_article_file(article_path), filename=name).to_json_dict()
        except ArticleFileError as exc:
            report.errors[name] = str(exc)
            continue
        for field_name in FIELDS:
            if compare_field(field_name, got, expected):
                report.correct[field_name] += 1
            else:
                shown = (
                    (got.get("body") or "")[:120] if field_name == "body" else got.get(field_name)
                )
                wanted = (
                    expected.get("body_first_sentence")
                    if field_name == "body"
                    else expected.get(field_name)
                )
                report.mismatches.append(Mismatch(name, field_name, shown, wanted))
    return report

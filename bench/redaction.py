"""Redaction benchmark: this redactor vs vanilla Presidio on sets written blind, in the same run.

    .venv/bin/python bench/redaction.py [SET.json ...] [--show-leaks]

Default sets: the outsider's dev set (../shared/evalsets/phi_dev.json) and the dev half of our blind
set (bench/evalsets/phi_blind_dev.json). The held-out half (phi_blind_heldout.json) is run once, at the
end of a piece of work, by naming it.

Prints span recall, precision and F2 (recall weighted: a leak costs more than an over-redaction),
identifiers left readable by type, messages per second for both, and how many clinical look-alike
messages got anything redacted. A gold identifier is *recalled* when every alphanumeric character
of it is covered by some predicted span (partial coverage leaks the rest); a predicted span is
*correct* when it overlaps a gold identifier.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.redaction.engine import build_analyzer, build_vanilla_analyzer  # noqa: E402
from assistant.redaction.service import Redactor  # noqa: E402

DEFAULT_SETS = [ROOT.parent / "shared/evalsets/phi_dev.json", ROOT / "bench/evalsets/phi_blind_dev.json"]
Span = tuple[int, int, str]


def _f2(p: float, r: float) -> float:
    return 5 * p * r / (4 * p + r) if p + r else 0.0


def _covered(text: str, start: int, end: int, preds: list[Span]) -> bool:
    return all(not text[i].isalnum() or any(s <= i < e for s, e, _ in preds) for i in range(start, end))


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    type: str


@dataclass(frozen=True)
class GoldMessage:
    text: str
    spans: list[GoldSpan]
    tags: tuple[str, ...] = ()


def load_set(path: Path) -> list[GoldMessage]:
    """A set in the blind sets' JSON shape: items of text, spans (start, end, type) and tags."""
    items = json.loads(path.read_text(encoding="utf-8"))["items"]
    return [
        GoldMessage(
            i["text"], [GoldSpan(s["start"], s["end"], s["type"]) for s in i["spans"]], tuple(i.get("tags", ()))
        )
        for i in items
    ]


def leaks(messages: list[GoldMessage], predictions: list[list[Span]]) -> dict[str, int]:
    """Gold identifiers with any character left readable, by type."""
    out: dict[str, int] = defaultdict(int)
    for message, preds in zip(messages, predictions, strict=True):
        for g in message.spans:
            if not _covered(message.text, g.start, g.end, preds):
                out[g.type] += 1
    return dict(out)


def coverage(messages: list[GoldMessage], predictions: list[list[Span]]) -> tuple[float, float, float]:
    """Span recall (gold fully covered), precision (predicted span overlaps some gold span), F2: by
    position only, since a redacted identifier is safe whatever label it got."""
    gold = sum(len(m.spans) for m in messages)
    found = gold - sum(leaks(messages, predictions).values())
    predicted = sum(len(p) for p in predictions)
    correct = sum(
        any(s < g.end and g.start < e for g in m.spans)
        for m, preds in zip(messages, predictions, strict=True)
        for s, e, _ in preds
    )
    p = correct / predicted if predicted else 1.0
    r = found / gold if gold else 1.0
    return p, r, _f2(p, r)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, default=DEFAULT_SETS)
    parser.add_argument("--show-leaks", action="store_true", help="print every identifier left readable")
    args = parser.parse_args()
    ours = Redactor(build_analyzer())
    vanilla = build_vanilla_analyzer()

    def ours_fn(text: str) -> list[Span]:
        return [(e.start, e.end, e.type) for e in ours.analyze(text)]

    def vanilla_fn(text: str) -> list[Span]:
        return [(r.start, r.end, r.entity_type) for r in vanilla.analyze(text, language="en")]

    for path in args.sets:
        if not path.is_file():
            print(f"(skipped {path}: not found)")
            continue
        messages = load_set(path)
        print(f"\n{path.name}: {len(messages)} messages, {sum(len(m.spans) for m in messages)} identifiers")
        rates = {}
        for name, fn in (("homecare", ours_fn), ("vanilla presidio", vanilla_fn)):
            fn(messages[0].text)
            started = time.perf_counter()
            predictions = [fn(m.text) for m in messages]
            rates[name] = len(messages) / (time.perf_counter() - started)
            p, r, f2 = coverage(messages, predictions)
            leaked = leaks(messages, predictions)
            clean = [m for m in messages if "clinical-lookalike" in m.tags and not m.spans]
            over = sum(bool(fn(m.text)) for m in clean)
            print(
                f"  {name:17s} recall {r:.3f}  precision {p:.3f}  F2 {f2:.3f}  {rates[name]:6.1f} msg/s"
                f"  look-alike messages redacted {over}/{len(clean)}"
            )
            print(f"  {'':17s} leaks by type: {dict(sorted(leaked.items())) or 'none'}")
            if args.show_leaks and name == "homecare":
                for m, preds in zip(messages, predictions, strict=True):
                    for g in m.spans:
                        if not _covered(m.text, g.start, g.end, preds):
                            print(f"     LEAK {g.type}: {m.text[g.start : g.end]!r} in {m.text[:140]!r}")
                    for s, e, t in preds:
                        if not any(s < g.end and g.start < e for g in m.spans):
                            print(f"     OVER {t}: {m.text[s:e]!r} in {m.text[:140]!r}")
        print(f"  speed homecare/vanilla: {rates['homecare'] / rates['vanilla presidio']:.2f}x")


if __name__ == "__main__":
    main()

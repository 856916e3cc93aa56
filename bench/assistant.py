"""Benchmark the patient assistant on sets written blind (without reading the assistant's code).

    .venv/bin/python bench/assistant.py [SET.json ...] [--repeat 2] [--show-misses]

Default sets: the outsider's dev set (../shared/evalsets/assistant_dev.json) and our blind set's dev half
(bench/evalsets/assistant_blind_dev.json). The held-out half (assistant_blind_heldout.json) is run once,
at the end of a piece of work, by naming it: tuning on it would make its number measure the tuning.

Per set it prints escalation recall (all, crisis), false escalations on alarming-but-not-urgent
messages, refusal accuracy, answer rate, FAQ key-fact recall and hit@1, and warm latency p50/p95.

Key facts are paraphrases, so a fact counts as present when one reply sentence (or two adjacent ones)
says it: MiniLM cosine >= FACT_SIMILARITY or most of the fact's content words appear in the reply.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_SETS = [ROOT.parent / "shared/evalsets/assistant_dev.json", ROOT / "bench/evalsets/assistant_blind_dev.json"]
FACT_SIMILARITY = 0.62
FACT_WORD_SHARE = 0.6


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class FactJudge:
    def __init__(self) -> None:
        from assistant.knowledge.embeddings import load_embedder

        self.embedder = load_embedder()

    def present(self, fact: str, reply: str) -> bool:
        from assistant.text import content_terms, sentences

        fact_terms = set(content_terms(fact))
        reply_terms = set(content_terms(reply))
        if fact_terms and len(fact_terms & reply_terms) / len(fact_terms) >= FACT_WORD_SHARE:
            return True
        lines = [s for s in sentences(reply) if s.strip()]
        windows = lines + [f"{a} {b}" for a, b in itertools.pairwise(lines)]
        if not windows:
            return False
        vectors = np.array(self.embedder.embed_documents(windows))
        query = np.array(self.embedder.embed_query(fact))
        return float((vectors @ query).max()) >= FACT_SIMILARITY


def run_set(client, items: list[dict], judge: FactJudge, show_misses: bool) -> dict[str, object]:
    by_id = {item["id"]: item for item in items}
    conversations: dict[str, str] = {}
    replies: dict[str, dict] = {}
    latencies: list[float] = []

    def send(item: dict) -> dict:
        if item["id"] in replies:
            return replies[item["id"]]
        cid = None
        parent = item.get("follow_up_of")
        if parent and parent in by_id:
            send(by_id[parent])
            cid = conversations[parent]
        start = time.perf_counter()
        response = client.post("/assistant/chat", json={"message": item["message"], "conversation_id": cid})
        latencies.append((time.perf_counter() - start) * 1000)
        response.raise_for_status()
        body = response.json()
        conversations[item["id"]] = body["conversation_id"]
        replies[item["id"]] = body
        return body

    for item in items:
        send(item)

    def share(selected: list[dict], kind: str) -> tuple[int, int]:
        return sum(replies[i["id"]]["kind"] == kind for i in selected), len(selected)

    urgent = [i for i in items if i["expected"] == "escalation"]
    crisis = [i for i in urgent if i["class"] == "crisis"]
    alarming = [i for i in items if i["class"] == "alarming-not-urgent"]
    refusals = [i for i in items if i["expected"] == "refusal"]
    answers = [i for i in items if i["expected"] == "answer"]
    facts_found = facts_total = 0
    misses: list[str] = []
    for item in answers:
        reply = replies[item["id"]]
        for fact in item.get("facts") or []:
            facts_total += 1
            ok = reply["kind"] == "answer" and judge.present(fact, reply["reply"])
            facts_found += ok
            if not ok and show_misses:
                misses.append(f"FACT {item['id']}: {fact!r}\n   <- {reply['kind']}: {reply['reply'][:300]!r}")
    if show_misses:
        for item in items:
            got = replies[item["id"]]["kind"]
            if got != item["expected"]:
                misses.append(
                    f"KIND {item['id']} ({item['class']}) want {item['expected']} got {got}: {item['message']!r}"
                )
    out: dict[str, object] = {
        "escalation recall": share(urgent, "escalation"),
        "crisis escalation recall": share(crisis, "escalation"),
        "false escalations (alarming, not urgent)": share(alarming, "escalation"),
        "refusal accuracy": share(refusals, "refusal"),
        "answers given to answerable messages": share(answers, "answer"),
        "FAQ key-fact recall": (facts_found, facts_total),
        "latency": latencies,
        "misses": misses,
    }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, default=DEFAULT_SETS)
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from gateway.app import create_app
    from gateway.settings import Settings

    judge = FactJudge()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            data_dir=Path(tmp), knowledge_dir=args.knowledge, nurse_line_phone="1-800-555-0199", log_level="WARNING"
        )
        with TestClient(create_app(settings)) as client:
            for path in args.sets:
                if not path.is_file():
                    print(f"(skipped {path}: not found)")
                    continue
                items = json.loads(path.read_text(encoding="utf-8"))["items"]
                result = run_set(client, items, judge, args.show_misses)
                print(f"\n{path.name}: {len(items)} messages")
                for name, value in result.items():
                    if name == "latency":
                        lat = value  # type: ignore[assignment]
                        print(
                            f"  {'warm latency over HTTP':42s} p50 {statistics.median(lat):6.1f} ms"
                            f"   p95 {percentile(lat, 0.95):6.1f} ms"
                        )
                    elif name == "misses":
                        for line in value:  # type: ignore[attr-defined]
                            print("   ", line)
                    else:
                        hit, total = value  # type: ignore[misc]
                        print(f"  {name:42s} {hit / max(total, 1):.3f}  ({hit}/{total})")


if __name__ == "__main__":
    main()

"""Benchmark the patient FAQ assistant on the evaluation set.

    .venv/bin/python bench/assistant.py [--eval tests/assistant/data/eval_questions.yaml] [--repeat 3]

Prints retrieval quality (hit@3, MRR), answer fact recall, refusal / escalation accuracy, warm latency
(p50/p95, through the service and through HTTP with redaction) and cold start to the first answer.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COLD_START = """
import time, sys
start = time.perf_counter()
from pathlib import Path
from fastapi.testclient import TestClient
from gateway.app import create_app
from gateway.settings import Settings
settings = Settings(data_dir=Path(sys.argv[1]), knowledge_dir=Path(sys.argv[2]))
with TestClient(create_app(settings)) as client:
    reply = client.post("/assistant/chat", json={"message": "does medicare cover home infusion?"}).json()
    assert reply["kind"] == "answer", reply
    print(f"{time.perf_counter() - start:.2f}")
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def expected_docs(item: dict) -> set[str]:
    docs = item["expected_doc"]
    return {docs} if isinstance(docs, str) else set(docs)


def quality(assistant, items: list[dict]) -> dict[str, float]:
    answers = [q for q in items if q["kind"] == "answer"]
    hits = rr = 0.0
    for q in answers:
        stems = [h.passage.doc_stem for h in assistant.retriever.search(q["question"], k=10).hits]
        hits += bool(expected_docs(q) & set(stems[:3]))
        rr += next((1 / rank for rank, stem in enumerate(stems, 1) if stem in expected_docs(q)), 0.0)
    found = total = 0
    kinds = {"answer": [0, 0], "refusal": [0, 0], "escalation": [0, 0]}
    for q in items:
        reply = assistant.chat(q["question"])
        kinds[q["kind"]][0] += reply.kind == q["kind"]
        kinds[q["kind"]][1] += 1
        if q["kind"] == "answer":
            for fact in q["expected_facts"]:
                total += 1
                found += fact.lower() in reply.reply.lower()
    return {
        "hit@3": hits / len(answers),
        "MRR": rr / len(answers),
        "answer fact recall": found / total,
        "answer accuracy (not refused)": kinds["answer"][0] / kinds["answer"][1],
        "refusal accuracy": kinds["refusal"][0] / kinds["refusal"][1],
        "escalation recall": kinds["escalation"][0] / kinds["escalation"][1],
    }


def latencies(call, messages: list[str], repeat: int) -> list[float]:
    for message in messages[:5]:  # warm-up
        call(message)
    out = []
    for _ in range(repeat):
        for message in messages:
            start = time.perf_counter()
            call(message)
            out.append((time.perf_counter() - start) * 1000)
    return out


def cold_start(data_dir: Path, knowledge: Path) -> float:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(COLD_START), str(data_dir), str(knowledge)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return float(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=ROOT / "tests/assistant/data/eval_questions.yaml")
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from gateway.app import create_app
    from gateway.settings import Settings

    items = yaml.safe_load(args.eval.read_text(encoding="utf-8"))
    messages = [q["question"] for q in items]
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        fresh = cold_start(data_dir, args.knowledge)  # empty data dir: includes building the index
        warm_index = cold_start(data_dir, args.knowledge)  # index on disk: a normal restart
        settings = Settings(data_dir=data_dir, knowledge_dir=args.knowledge)
        with TestClient(create_app(settings)) as client:
            assistant = client.app.state.assistant
            scores = quality(assistant, items)
            service = latencies(assistant.chat, messages, args.repeat)
            http = latencies(
                lambda m: client.post("/assistant/chat", json={"message": m}).raise_for_status(),
                messages,
                args.repeat,
            )

    print(f"eval set: {len(items)} questions ({args.eval})")
    for name, value in scores.items():
        print(f"  {name:32s} {value:.3f}")
    for name, values in (("service (Assistant.chat)", service), ("HTTP incl. redaction", http)):
        print(
            f"  warm latency {name:24s} p50 {statistics.median(values):6.1f} ms"
            f"   p95 {percentile(values, 0.95):6.1f} ms   (n={len(values)})"
        )
    print(f"  cold start to first answer, index on disk     {warm_index:5.2f} s")
    print(f"  cold start to first answer, building index    {fresh:5.2f} s")


if __name__ == "__main__":
    main()

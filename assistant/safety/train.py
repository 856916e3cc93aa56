"""Retrain the safety classifier from its exemplars and save the weights beside them.

    .venv/bin/python -m assistant.safety.train [--c 4.0] [--check]

Run after editing ``exemplars/*.jsonl``; ``--check`` prints cross-validated accuracy per class first.
"""

from __future__ import annotations

import argparse
from collections import Counter

import numpy as np

from assistant.knowledge.multilingual import MultilingualEmbedder
from assistant.safety.classifier import MODEL_FILE, embed_all, load_exemplars, package_dir, train


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, default=4.0, help="inverse regularisation strength")
    parser.add_argument("--check", action="store_true", help="print 5-fold cross-validated recall per class")
    args = parser.parse_args()
    exemplars = load_exemplars()
    print(f"{len(exemplars)} exemplars:", dict(Counter(e.label.split(":")[0] for e in exemplars)))
    embedder = MultilingualEmbedder()
    if args.check:
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import cross_val_predict

        vectors = embed_all(embedder, [e.text for e in exemplars])
        coarse = [e.label.split(":")[0] for e in exemplars]
        predicted = cross_val_predict(
            LogisticRegression(C=args.c, max_iter=2000, class_weight="balanced"), vectors, coarse, cv=5
        )
        for label in sorted(set(coarse)):
            idx = [i for i, c in enumerate(coarse) if c == label]
            print(f"  {label:14s} recall {np.mean([predicted[i] == label for i in idx]):.3f}  (n={len(idx)})")
    model = train(exemplars, embedder, c=args.c)
    model.save(package_dir() / MODEL_FILE)
    print(f"saved {package_dir() / MODEL_FILE}: {model.kind.labels}, {len(model.topic.labels)} refusal topics")


if __name__ == "__main__":
    main()

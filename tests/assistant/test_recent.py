"""The shared memory of recent query vectors: computed once per key, bounded, oldest out first."""

from __future__ import annotations

from assistant.knowledge.recent import Recent


def test_a_key_is_computed_once_and_the_oldest_leaves_first() -> None:
    calls: list[str] = []

    def compute(key: str) -> str:
        calls.append(key)
        return key.upper()

    recent: Recent[str] = Recent(size=2)
    assert [recent.get(k, compute) for k in ("a", "a", "b", "c", "b", "a")] == ["A", "A", "B", "C", "B", "A"]
    assert calls == ["a", "b", "c", "a"]

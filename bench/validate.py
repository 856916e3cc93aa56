"""Validation throughput: fhir.resources structural validation vs the snapshot-driven profile check.

Usage: python bench/validate.py [SECONDS_PER_CASE]
For every example in fhir_profiles/examples/ (one per profile) it measures resources/s for
(1) the fhir.resources model alone, (2) the profile check alone (compiled snapshot walk incl.
invariants and bindings), (3) the core-R4 check alone (what a write without a profile gets), and
(4) the whole write-time pipeline (structure + model + profile). The acceptance bar is
profile check <= 2x the model's cost.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gateway.fhir.incoming import validate_resource  # noqa: E402
from gateway.fhir.resources import validate_model  # noqa: E402
from gateway.validation.profiles import base_checker, checker_for  # noqa: E402
from gateway.validation.validator import ProfileValidator  # noqa: E402


def rate(fn: Callable[[], Any], seconds: float) -> float:
    fn()  # warm (compiles the checker once)
    n, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(20):
            fn()
        n += 20
    return n / elapsed


def main(seconds: float) -> None:
    validator = ProfileValidator()
    print(f"{'example':<48}{'model/s':>10}{'profile/s':>11}{'core/s':>9}{'write/s':>9}{'profile:model':>15}")
    ratios = []
    for path in sorted((ROOT / "fhir_profiles" / "examples").glob("*.json")):
        res = json.loads(path.read_text())
        checker = checker_for(res["meta"]["profile"][0])
        core = base_checker(res["resourceType"])
        assert checker is not None and core is not None
        model = rate(lambda res=res: validate_model(res), seconds)
        profile = rate(lambda res=res, c=checker: c.check(res), seconds)
        base = rate(lambda res=res, c=core: c.check(res), seconds)
        write = rate(lambda res=res: validate_resource(res, expected_type=None, validators=[validator]), seconds)
        ratios.append(model / profile)
        print(f"{path.stem:<48}{model:>10.0f}{profile:>11.0f}{base:>9.0f}{write:>9.0f}{model / profile:>14.2f}x")
    print(f"worst profile:model cost ratio {max(ratios):.2f}x (bar: 2.00x); mean {sum(ratios) / len(ratios):.2f}x")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)

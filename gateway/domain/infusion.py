"""A home-infusion order: drug, dose, route, schedule, access device, pump and nursing visits."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from gateway.domain.common import Reference, Strict


class Medication(Strict):
    name: str = Field(min_length=1)
    rxnorm: str | None = Field(None, pattern=r"^\d{1,10}$")


class InfusionOrder(Strict):
    patient: Reference
    medication: Medication
    dose_value: float = Field(gt=0)
    dose_unit: str = Field(min_length=1, description="UCUM, e.g. 'g', 'mg', 'mL', '[iU]'")
    route: Literal["IV", "SC", "IM", "epidural"]
    rate: str | None = Field(None, description="e.g. '125 mL/h' or 'over 60 minutes'")
    frequency: str = Field(min_length=1, description="e.g. 'every 12 hours'")
    start: date
    stop: date | None = None
    total_doses: int | None = Field(None, ge=1)
    vascular_access: Literal["PICC", "port", "peripheral", "midline"] | None = None
    pump: Literal["elastomeric", "electronic", "gravity", "syringe"] | None = None
    prescriber: Reference
    dispensing_pharmacy: Reference | None = None
    nursing_visits: str | None = Field(None, description="e.g. '1x/week for 6 weeks'")
    status: Literal["draft", "active", "on-hold", "completed", "cancelled", "stopped"] = "active"

    @model_validator(mode="after")
    def _ordered(self) -> InfusionOrder:
        if self.stop is not None and self.stop < self.start:  # per-1 on the dosing period
            raise ValueError("stop is before start")
        return self

"""A home visit by a clinician, with the vitals taken there."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field, model_validator

from gateway.domain.common import Discipline, Reference, Strict

VisitType = Literal["start-of-care", "routine", "reassessment", "discharge", "infusion"]


class Vitals(Strict):
    systolic: int | None = Field(None, ge=40, le=300, description="mm[Hg]")
    diastolic: int | None = Field(None, ge=20, le=200, description="mm[Hg]")
    heart_rate: int | None = Field(None, ge=20, le=250, description="/min")
    respiratory_rate: int | None = Field(None, ge=4, le=80, description="/min")
    temperature_c: float | None = Field(None, ge=30, le=45, description="Cel")
    weight_kg: float | None = Field(None, gt=0, le=500, description="kg")


class Visit(Strict):
    patient: Reference
    clinician: Reference
    discipline: Discipline
    visit_type: VisitType
    status: Literal["planned", "arrived", "in-progress", "finished", "cancelled"] = "planned"
    start: AwareDatetime = Field(description="Scheduled start while planned; actual start once arrived")
    end: AwareDatetime | None = None
    referral: Reference | None = None
    care_plan: Reference | None = None
    vitals: Vitals | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Visit:
        if self.end is not None and self.end < self.start:  # per-1
            raise ValueError("end is before start")
        if self.status == "finished" and self.end is None:  # hc-visit-1
            raise ValueError("a finished visit needs its end time")
        return self

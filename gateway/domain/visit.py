"""A home visit by a clinician, with the vitals taken there."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field

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

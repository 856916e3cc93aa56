"""A referral for home care, as an intake system or a physician's office sends it."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from gateway.domain.common import Discipline, PatientInfo, Strict

ReferralStatus = Literal["draft", "received", "accepted", "declined", "completed", "cancelled"]


class Diagnosis(Strict):
    system: Literal["icd-10-cm", "snomed"]
    code: str = Field(min_length=1)
    display: str | None = None


class ReferringProvider(Strict):
    name: str = Field(min_length=1)
    npi: str = Field(pattern=r"^\d{10}$")
    organization: str | None = None
    phone: str | None = None


class Insurance(Strict):
    payer: str = Field(min_length=1)
    plan: Literal["medicare-part-a", "medicare-part-b", "medicare-part-d", "medicaid", "commercial"]
    member_id: str = Field(min_length=1)


class Referral(Strict):
    patient: PatientInfo
    service_type: Discipline
    reason: str = Field(min_length=1)
    diagnoses: list[Diagnosis] = Field(default_factory=list)
    referring_provider: ReferringProvider
    insurance: Insurance | None = None
    homebound: bool | None = None
    priority: Literal["routine", "urgent", "asap", "stat"] = "routine"
    requested_start: date | None = None
    frequency: str | None = Field(None, description="e.g. '3x/week for 4 weeks'")
    notes: str | None = None
    status: ReferralStatus = "received"

"""Shared pieces of the provider-side domain model (plain JSON the provider's own apps send)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Discipline = Literal[
    "physical-therapy",
    "occupational-therapy",
    "speech-language-therapy",
    "skilled-nursing",
    "home-infusion",
    "behavioral-health",
]


class Strict(BaseModel):
    """Unknown fields are errors: a typo in an integration must not silently drop data."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Address(Strict):
    line: list[str] = Field(min_length=1, description="Street lines; care is delivered here")
    city: str | None = None
    state: str | None = Field(None, min_length=2, max_length=2, description="USPS state code")
    postal_code: str | None = Field(None, pattern=r"^\d{5}(-\d{4})?$")


class PatientInfo(Strict):
    name: str = Field(min_length=1, description="Full name as written, e.g. 'Ana María Rivera'")
    birth_date: date | None = None
    sex: Literal["female", "male", "other", "unknown"]
    phone: str | None = None
    email: str | None = None
    address: Address = Field(description="Home address: where visits happen")
    mrn: str = Field(min_length=1, description="The provider's medical record number (the patient's identity)")
    language: str | None = Field(None, description="BCP-47 code, e.g. 'en', 'es'")


class Period(Strict):
    start: date
    end: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end is not None and self.end < self.start:  # per-1
            raise ValueError("end is before start")
        return self


class Reference(Strict):
    """A pointer to something already stored, as 'Type/id'."""

    reference: str = Field(pattern=r"^[A-Z][A-Za-z]+/[A-Za-z0-9\-.]{1,64}$")

"""A plan of care (the certified home-health plan) with goals and a home exercise program."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from gateway.domain.common import Discipline, Period, Reference, Strict


class Goal(Strict):
    description: str = Field(min_length=1)
    target_measure: str | None = Field(None, description="What is measured, e.g. 'Timed Up and Go'")
    target_value: str | None = Field(None, description="The target, e.g. '< 14 seconds'")
    due_date: date | None = None

    @model_validator(mode="after")
    def _measurable(self) -> Goal:
        # The home-goal profile (hc-goal-1) needs a target with a measure or a due date.
        if self.target_measure is None and self.due_date is None:
            raise ValueError("a goal needs a target_measure or a due_date")
        if self.target_value is not None and self.target_measure is None:  # gol-1
            raise ValueError("a target_value needs the target_measure it is a value of")
        return self


class Exercise(Strict):
    exercise: str = Field(min_length=1)
    sets: int | None = Field(None, ge=1, le=20)
    reps: int | None = Field(None, ge=1, le=200)
    hold_seconds: int | None = Field(None, ge=1, le=600)
    frequency: str | None = Field(None, description="e.g. '2x/day' or '3x/week'")
    progression_notes: str | None = None


class CarePlan(Strict):
    patient: Reference
    discipline: Discipline
    status: Literal["draft", "active", "on-hold", "revoked", "completed"] = "active"
    goals: list[Goal] = Field(default_factory=list)
    visit_frequency: str | None = Field(None, description="e.g. '2x/week for 6 weeks'")
    interventions: list[str] = Field(default_factory=list)
    home_exercise_program: list[Exercise] = Field(default_factory=list)
    certifying_physician: Reference | None = None
    certification_period: Period
    referral: Reference | None = None

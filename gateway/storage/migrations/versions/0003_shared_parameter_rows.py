"""Drop the index rows of search parameters that now read other parameters' rows.

Since this revision a parameter defined as another's expression, a union of others, or another
reference narrowed to one target type writes no rows of its own (``gateway/search/params.py``,
``_share_rows``); its searches read the others' rows. Rows such parameters wrote before are never
read again, so they go. The list is the R4 parameters this applies to when the revision was written.

A downgrade keeps what is there: code of revision 0002 would search these parameters in rows that
are gone, so after a downgrade re-save the resources (or restore a backup) before serving.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# index table -> "Type.param" whose rows are now read through other parameters
SHARED = {
    "idx_quantity": ("Observation.combo-value-quantity",),
    "idx_reference": (
        "Account.patient",
        "Appointment.location",
        "Appointment.patient",
        "Appointment.practitioner",
        "AppointmentResponse.location",
        "AppointmentResponse.patient",
        "AppointmentResponse.practitioner",
        "Basic.patient",
        "CarePlan.patient",
        "CareTeam.patient",
        "ChargeItem.patient",
        "ClinicalImpression.patient",
        "Communication.patient",
        "CommunicationRequest.patient",
        "Composition.patient",
        "Condition.patient",
        "Contract.patient",
        "Coverage.patient",
        "DeviceRequest.patient",
        "DiagnosticReport.patient",
        "DocumentManifest.patient",
        "DocumentReference.patient",
        "Encounter.patient",
        "Encounter.practitioner",
        "EnrollmentRequest.subject",
        "Flag.patient",
        "Goal.patient",
        "GuidanceResponse.patient",
        "ImagingStudy.patient",
        "Invoice.patient",
        "Linkage.source",
        "List.patient",
        "MeasureReport.patient",
        "Media.patient",
        "MedicationAdministration.patient",
        "MedicationDispense.patient",
        "MedicationRequest.patient",
        "MedicationStatement.patient",
        "Observation.patient",
        "Person.patient",
        "Person.practitioner",
        "Person.relatedperson",
        "Procedure.patient",
        "Provenance.patient",
        "QuestionnaireResponse.patient",
        "RequestGroup.patient",
        "ResearchSubject.patient",
        "RiskAssessment.patient",
        "ServiceRequest.patient",
        "Specimen.patient",
        "Task.patient",
    ),
    "idx_string": (
        "Patient.phonetic",
        "Person.phonetic",
        "Practitioner.phonetic",
        "RelatedPerson.phonetic",
    ),
    "idx_token": (
        "CapabilityStatement.version",
        "Observation.combo-code",
        "Observation.combo-data-absent-reason",
        "Observation.combo-value-concept",
    ),
    "idx_uri": ("CodeSystem.url",),
}


def upgrade() -> None:
    bind = op.get_bind()
    for table, names in SHARED.items():
        # one pass per table: (type, param) has no index on every table
        stmt = sa.text(f"DELETE FROM {table} WHERE res_type || '.' || param IN :names")
        bind.execute(stmt.bindparams(sa.bindparam("names", expanding=True)), {"names": list(names)})


def downgrade() -> None:
    """Nothing to restore from: see the module docstring."""

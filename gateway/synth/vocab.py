"""Code tables for synthetic home-care records: the codes a real referral packet would carry.

Data only. Conditions are ICD-10-CM diagnoses common in home health; vitals are LOINC with UCUM
units and plausible ranges for older adults; medications are RxNorm clinical drugs.
"""

from __future__ import annotations

ICD10 = "http://hl7.org/fhir/sid/icd-10-cm"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
SNOMED = "http://snomed.info/sct"
NPI = "http://hl7.org/fhir/sid/us-npi"
MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.4711.1"
MBI_SYSTEM = "http://hl7.org/fhir/sid/us-mbi"

CONDITIONS = [
    ("I50.9", "Heart failure, unspecified"),
    ("J44.9", "Chronic obstructive pulmonary disease, unspecified"),
    ("E11.9", "Type 2 diabetes mellitus without complications"),
    ("I10", "Essential (primary) hypertension"),
    ("S72.001D", "Fracture of unspecified part of neck of right femur, subsequent encounter"),
    ("I63.9", "Cerebral infarction, unspecified"),
    ("N18.30", "Chronic kidney disease, stage 3 unspecified"),
    ("L89.154", "Pressure ulcer of sacral region, stage 4"),
    ("G20", "Parkinson's disease"),
    ("Z96.651", "Presence of right artificial knee joint"),
]

SERVICES = [
    ("385763009", "Hospice care (regime/therapy)", "Hospice nursing visits"),
    ("183856001", "Referral to district nurse", "Skilled nursing visits"),
    ("91251008", "Physical therapy procedure", "Home physical therapy"),
    ("84478008", "Occupational therapy", "Home occupational therapy"),
    ("5154007", "Speech therapy", "Home speech-language therapy"),
    ("430193006", "Medication reconciliation", "Home infusion and medication management"),
]

# (LOINC, display, UCUM unit, low, high, decimals)
VITALS = [
    ("8867-4", "Heart rate", "/min", 55, 110, 0),
    ("9279-1", "Respiratory rate", "/min", 12, 26, 0),
    ("8310-5", "Body temperature", "Cel", 36.1, 38.2, 1),
    ("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "%", 86, 99, 0),
    ("29463-7", "Body weight", "kg", 45.0, 120.0, 1),
]
BLOOD_PRESSURE = ("85354-9", "Blood pressure panel with all children optional")
SYSTOLIC = ("8480-6", "Systolic blood pressure", 100, 175)
DIASTOLIC = ("8462-4", "Diastolic blood pressure", 55, 100)

MEDICATIONS = [
    ("197361", "amlodipine 5 MG Oral Tablet", "1 tablet by mouth once daily"),
    ("310798", "hydrochlorothiazide 25 MG Oral Tablet", "1 tablet by mouth every morning"),
    ("860975", "metformin hydrochloride 500 MG Oral Tablet", "1 tablet by mouth twice daily with meals"),
    ("197381", "atenolol 50 MG Oral Tablet", "1 tablet by mouth once daily"),
    ("313782", "acetaminophen 325 MG Oral Tablet", "2 tablets by mouth every 6 hours as needed for pain"),
    ("311700", "furosemide 40 MG Oral Tablet", "1 tablet by mouth every morning; weigh daily"),
    ("1665060", "ceFAZolin 2000 MG Injection", "2 g IV every 8 hours via PICC line"),
    ("1807627", "heparin sodium 100 UNT/ML flush", "5 mL flush after each infusion"),
]

DEVICES = [
    ("719217002", "Oxygen concentrator"),
    ("705417005", "Walking frame"),
    ("182562003", "Hospital bed"),
    ("467719008", "Infusion pump"),
]

GOALS = [
    "Walk 150 feet with walker independently within 4 weeks",
    "No hospital readmission during the episode of care",
    "Patient and caregiver demonstrate correct medication administration",
    "Wound shows measurable healing within 30 days",
    "Maintain oxygen saturation above 90% at rest",
]

GIVEN_F = ["Ana", "Maria", "Dorothy", "Helen", "Ruth", "Betty", "Grace", "Rosa", "Linh", "Fatima", "Joan", "Mae"]
GIVEN_M = ["James", "Robert", "John", "William", "Luis", "Chen", "Samuel", "Walter", "Harold", "Ahmed", "Frank"]
FAMILY = [
    "Rivera",
    "Smith",
    "Johnson",
    "Nguyen",
    "Okafor",
    "Garcia",
    "Kowalski",
    "Brown",
    "Patel",
    "Cohen",
    "Martinez",
    "Anderson",
    "Lee",
    "Thompson",
    "Haddad",
    "Wright",
    "O'Brien",
    "Yamamoto",
    "Silva",
    "Novak",
]
STREETS = ["Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Elm St", "Lakeview Rd", "Pine Ct", "Church St"]
CITIES = [("Springfield", "IL", "627"), ("Columbus", "OH", "432"), ("Madison", "WI", "537"), ("Albany", "NY", "122")]
AGENCIES = ["Sunrise Home Health", "Riverbend Home Care", "Lakeside Visiting Nurses", "Harbor Home Infusion"]

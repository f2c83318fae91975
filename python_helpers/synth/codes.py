"""Clinical and administrative value tables the hospital feeds draw from.

NHS Data Dictionary codes here must be in seeds/reference/nhs_data_dictionary_codes.csv
(`check_all_codes` fails otherwise). ICD-10, OPCS-4 and HRG codes are common real codes in
the registry's formats; free-text values follow what MSEFT and ECC extracts typically hold.
"""
from __future__ import annotations

from dataclasses import dataclass

from python_helpers.synth.reference import check_codes


@dataclass(frozen=True)
class Specialty:
    name: str            # as A&E REFERRED_SPECIALTY and waiting-list 'Specialty JH' show it
    main_code: str       # care professional main specialty code
    tfc: str             # activity treatment function code
    diagnoses: tuple     # ICD-10 primary diagnoses
    procedures: tuple    # OPCS-4 procedures ('' when none is typical)
    hrg: tuple
    intended: tuple      # waiting-list intended procedures (admitted pathways)


SPECIALTIES = (
    Specialty("General Medicine", "300", "300", ("J18.9", "N39.0", "R07.4", "J22X", "E87.1", "R55X"),
              ("X29.2", ""), ("DZ11K", "LA04S", "WH07F"), ("Endoscopy",)),
    Specialty("Acute Medicine", "326", "326", ("R10.4", "R51X", "I80.2", "L03.1"),
              ("", ""), ("WH99Z", "FD10M"), ("Investigation",)),
    Specialty("Geriatric Medicine", "430", "430", ("R29.6", "S72.0", "F05.9", "N39.0", "J18.9"),
              ("", ""), ("WH07F", "DZ11K", "HD39H"), ("Assessment",)),
    Specialty("Cardiology", "320", "320", ("I21.4", "I48.9", "I50.0", "I20.0", "R07.2"),
              ("K63.1", "K60.1", "K75.1"), ("EB10E", "EY50C", "EB07E"), ("Angiography", "Pacemaker insertion")),
    Specialty("Respiratory Medicine", "340", "340", ("J44.1", "J18.1", "J45.9", "C34.9", "J84.1"),
              ("E48.4", ""), ("DZ19L", "DZ65K", "DZ22Q"), ("Bronchoscopy",)),
    Specialty("Gastroenterology", "301", "301", ("K92.2", "K50.9", "K57.3", "K21.0", "K70.3"),
              ("H22.9", "G45.1", "H25.9"), ("FE21Z", "FD10M", "FE31Z"), ("Colonoscopy", "Gastroscopy")),
    Specialty("General Surgery", "100", "100", ("K35.8", "K80.2", "K40.9", "K56.6", "L02.2"),
              ("H01.1", "J18.3", "T20.2", "S06.8"), ("FF12B", "GA10J", "FD01J"),
              ("Laparoscopic cholecystectomy", "Hernia repair", "Appendicectomy")),
    Specialty("Urology", "101", "101", ("N20.0", "N40X", "C61X", "C67.9", "R31X"),
              ("M45.9", "M65.3", "M42.1"), ("LB15E", "LB65D", "LB28G"), ("TURP", "Cystoscopy", "Ureteroscopy")),
    Specialty("Trauma and Orthopaedics", "110", "110", ("S72.0", "M16.9", "M17.9", "S52.5", "S82.6"),
              ("W37.1", "W40.1", "W19.1", "W24.1"), ("HN12C", "HT12C", "HE11C"),
              ("Total hip replacement", "Total knee replacement", "Arthroscopy")),
    Specialty("ENT", "120", "120", ("J35.0", "J32.9", "H66.9", "R04.0"),
              ("F34.1", "E08.2", "D15.1"), ("CA60C", "CA21B", "CA83A"), ("Tonsillectomy", "Septoplasty", "Grommets")),
    Specialty("Ophthalmology", "130", "130", ("H25.9", "H40.1", "H35.3", "H33.0"),
              ("C75.1", "C71.2", "C79.4"), ("BZ34C", "BZ32C", "BZ87A"), ("Cataract extraction", "Vitrectomy")),
    Specialty("Gynaecology", "502", "502", ("N92.0", "D25.9", "N83.2", "N81.2"),
              ("Q07.4", "Q18.1", "P23.2"), ("MA07E", "MA08B", "MA10Z"), ("Hysteroscopy", "Hysterectomy")),
    Specialty("Obstetrics", "501", "501", ("O80X", "O70.0", "O42.0", "O34.2", "O24.4"),
              ("R17.9", "R18.8", "R24.1"), ("NZ30C", "NZ17A", "NZ50A"), ("Caesarean section",)),
    Specialty("Paediatrics", "420", "420", ("J21.9", "A09X", "R56.0", "J45.9", "B34.9"),
              ("", ""), ("PW16D", "PD12E", "PE12E"), ("Assessment",)),
    Specialty("Clinical Oncology", "800", "800", ("C50.9", "C18.7", "C61X", "C34.1"),
              ("X35.2", "X73.1", "X37.3"), ("SB12Z", "SC22Z", "SB15Z"), ("Chemotherapy",)),
    Specialty("Dermatology", "330", "330", ("C44.3", "L40.0", "D22.5", "L20.9"),
              ("S06.1", "S09.2", "S05.3"), ("JC42C", "JD07H", "JC43C"), ("Excision of skin lesion",)),
    Specialty("Oral Surgery", "140", "140", ("K01.1", "K04.7", "K07.3"),
              ("F09.1", "F10.4", "F18.2"), ("CD02B", "CD04A", "CD05A"), ("Dental extraction",)),
)
SPECIALTY_INDEX = {s.name: i for i, s in enumerate(SPECIALTIES)}

# Specialties an emergency admission goes to (weights for adults; children: paediatrics).
EMERGENCY_SPECIALTIES = {"General Medicine": .30, "Acute Medicine": .12, "Geriatric Medicine": .10,
                         "Cardiology": .10, "Respiratory Medicine": .08, "Gastroenterology": .05,
                         "General Surgery": .12, "Trauma and Orthopaedics": .09, "Urology": .04}
# Specialties of planned care (elective spells and waiting-list pathways).
ELECTIVE_SPECIALTIES = {"Trauma and Orthopaedics": .14, "Ophthalmology": .13, "General Surgery": .11,
                        "Gastroenterology": .12, "Urology": .08, "ENT": .08, "Gynaecology": .08,
                        "Cardiology": .06, "Dermatology": .07, "Oral Surgery": .05,
                        "Clinical Oncology": .05, "Respiratory Medicine": .03}

# Secondary diagnoses (comorbidities), more with age.
COMORBIDITIES = ("I10X", "E11.9", "J44.9", "N18.3", "F03X", "I48.9", "E78.0", "Z86.7", "K21.9",
                 "M81.9", "F32.9", "J45.9", "E03.9", "Z87.8", "Z92.2", "I25.9", "Z99.3", "Z74.1")

ADMISSION_METHODS = {"elective": ("11", "12", "13"), "emergency_other": ("22", "24", "2D", "2B", "28"),
                     "via_ae": ("21",), "maternity": ("31",)}
SOURCES_OF_ADMISSION = {"home": "19", "care_home": ("54", "65", "85"), "other_hospital": "51",
                        "temporary": "29", "penal": "39"}
DISCHARGE_DESTINATIONS = {"home": "19", "care_home": ("54", "65", "85"), "other_hospital": "51",
                          "hospice": "88", "died": "79", "temporary": "29"}
PATIENT_CLASSIFICATIONS = ("1", "2", "3", "5")
ATTENDANCE_CATEGORIES = {"1": .90, "2": .05, "3": .01, "4": .04}

SITE_HOSPITAL = ("Basildon University Hospital", "Broomfield Hospital", "Southend University Hospital")
SITE_HISTORIC_TRUST = ("BTUH", "MEHT", "SUHFT")
SITE_DAY_UNIT = ("Orsett Hospital", "St Peter's Hospital", "Southend University Hospital")
SITE_SHORT = ("BAS", "BRO", "SOU")

ARRIVAL_MODES = ("Ambulance", "Walk in", "Private transport", "Public transport", "Police")
REFERRAL_SOURCES = {"Self referral": .52, "NHS 111": .16, "GP": .10, "Health care provider": .07,
                    "Family or friend": .08, "Educational establishment": .02, "Work": .05}
COMPLAINTS = {
    "child": {"Fever": .18, "Breathing difficulty": .15, "Limb injury": .15, "Head injury": .10,
              "Abdominal pain": .10, "Vomiting": .10, "Rash": .07, "Ingestion": .05, "Fit": .05,
              "Earache": .05},
    "adult": {"Chest pain": .14, "Abdominal pain": .15, "Limb injury": .14, "Shortness of breath": .09,
              "Headache": .06, "Back pain": .06, "Mental health crisis": .06, "Wound": .08,
              "Collapse": .05, "Allergic reaction": .04, "Eye problem": .05, "Urinary problem": .04,
              "Palpitations": .04},
    "older": {"Fall": .22, "Shortness of breath": .15, "Chest pain": .12, "Confusion": .10,
              "Collapse": .10, "Abdominal pain": .09, "Limb injury": .08, "Urinary problem": .06,
              "Head injury": .05, "Palpitations": .03},
}
DISPOSALS = {"Discharged - no follow up": .45, "Discharged - GP follow up": .25,
             "Referred to outpatient clinic": .10, "Referred to other health care professional": .08,
             "Left before treatment": .07, "Transferred to other provider": .05}

REFERRAL_PRIORITIES = {"Routine": .80, "Urgent": .13, "Two Week Wait": .07}
CLINICAL_PRIORITIES = {"P1": .02, "P2": .13, "P3": .45, "P4": .40}
APPOINTMENT_TYPES = {"Admitted": ("Inpatient", "Day Case"), "Non-Admitted": ("New", "Follow Up")}


def check_all_codes() -> None:
    """Every Data Dictionary code the generator can write is in the project's reference data."""
    check_codes("care_professional_main_specialty_code", {s.main_code for s in SPECIALTIES})
    check_codes("activity_treatment_function_code", {s.tfc for s in SPECIALTIES})
    methods = {c for v in ADMISSION_METHODS.values() for c in v}
    check_codes("admission_method_code_hospital_provider_spell", methods)

    def flat(d):
        return {c for v in d.values() for c in ((v,) if isinstance(v, str) else v)}
    check_codes("source_of_admission_code_hospital_provider_spell", flat(SOURCES_OF_ADMISSION))
    check_codes("discharge_destination_code_hospital_provider_spell", flat(DISCHARGE_DESTINATIONS))
    check_codes("patient_classification_code", set(PATIENT_CLASSIFICATIONS))
    check_codes("emergency_care_attendance_category", set(ATTENDANCE_CATEGORIES))

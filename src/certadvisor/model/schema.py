"""The data file's schema: which facts every certification has, and their kinds."""

from __future__ import annotations

# 2: facts carry stated/checked dates and [freshness] windows, not as_of. 3: what was read (kind,
# date, the day it was compared) is recorded on each source's versions, and facts name a version.
SCHEMA = 3

TEXT, INT, BOOL, LIST, MONEY, SALARY, MONTHS = "text", "int", "bool", "list", "money", "salary", "months"
RATE = "rate"  # a whole percent of a population (a pass rate, a share), or a range { low, high }

FACT_FIELDS: dict[str, dict[str, str]] = {
    "focus": {"setting": TEXT, "code_sets": LIST, "caveat": TEXT},
    "exam": {
        "questions": INT,
        "question_types": TEXT,
        "minutes": INT,
        "open_book": BOOL,
        "books": TEXT,
        "delivery": LIST,
        "passing_score": TEXT,
    },
    "fees": {
        "exam_member": MONEY,
        "exam_non_member": MONEY,
        "membership_required": BOOL,
        "membership_dues": MONEY,
    },
    "eligibility": {"required": TEXT, "recommended": TEXT},
    "apprentice": {"status": TEXT, "removal": TEXT},
    "renewal": {"ceus": INT, "cycle_years": INT},
    "career": {"roles": LIST, "employers": LIST, "salary": SALARY},
}

# Facts a certification may have but need not: a second price where a body sells a two-attempt
# package, and a recertification fee where the body charges one.
OPTIONAL_FACTS: dict[str, dict[str, str]] = {
    "fees": {"exam_member_two_attempts": MONEY, "exam_non_member_two_attempts": MONEY},
    "renewal": {"fee_member": MONEY, "fee_non_member": MONEY},
}

# Sections a certification may have, all of whose facts are optional: what it costs and how long
# it takes, beyond the exam fees (see ``cost``).
OPTIONAL_SECTIONS: dict[str, dict[str, str]] = {
    "costs": {"training": MONEY, "code_books": MONEY, "retake": MONEY, "ceus": MONEY},
    "time": {"study_months": MONTHS, "education_months": MONTHS, "apprentice_months": MONTHS},
    # From a credential to a first job: what counts as experience for it, and how many pass.
    "hiring": {"experience_counts": TEXT, "pass_rate": RATE},
}

# [market]: facts about the job market as a whole, not about one certification (keyed
# "market.<name>"), all optional: remote work, first jobs, pay and outlook, training and funding.
MARKET_FIELDS: dict[str, str] = {
    "remote_share": RATE,
    "remote_for_beginners": TEXT,
    "first_jobs": LIST,
    "apprenticeships": TEXT,
    "postings_check": TEXT,
    "median_pay": SALARY,
    # What a credential adds, from one survey, one year and one statistic (a ladder, not a mix).
    "pay_uncertified": SALARY,
    "pay_certified": SALARY,
    "pay_two_credentials": SALARY,
    "pay_three_credentials": SALARY,
    "outlook": TEXT,
    "training_routes": LIST,
    "prerequisites": LIST,
    "training_cost": MONEY,
    "funding": LIST,
}
MARKET = "market"

# Figures from a survey or a count of people: each names its survey (the population) and year,
# and what statistic it is, so that no comparison row mixes a median with an average or a pass
# rate with a share.
STATISTICS: dict[str, tuple[str, ...]] = {SALARY: ("median", "average"), RATE: ("pass_rate", "share")}

# Facts that are prices (money, not salaries): a price only a third party gives is due at once.
FEE_FACTS = frozenset(
    f"{section}.{name}"
    for table in (FACT_FIELDS, OPTIONAL_FACTS, OPTIONAL_SECTIONS)
    for section, fields in table.items()
    for name, kind in fields.items()
    if kind == MONEY
) | frozenset(f"{MARKET}.{name}" for name, kind in MARKET_FIELDS.items() if kind == MONEY)

# Dimensions whose freshness window [freshness] must give: every fact section, the market facts
# and the bodies.
FRESHNESS_DIMENSIONS = (*FACT_FIELDS, *OPTIONAL_SECTIONS, MARKET, "bodies")

SHORT_MAX = 40  # characters in a certification's `short` focus: `list` fits one line at 80 columns

SETTINGS = (
    "physician",
    "billing",
    "auditing",
    "clinical_documentation",
    "hospital_inpatient",
    "hospital_outpatient",
    "ambulatory_surgery",
    "payer",
    "risk_adjustment",
    "health_information",
)
STATUSES = ("known", "range", "unknown", "not_applicable")
# What a rule's points_from may score by (worked out per certification by ``core.cost``).
MEASURES = ("first_year_cost", "months_to_first")
QUESTION_KINDS = ("preference", "fact")
# What a value of each kind must look like, for messages.
EXPECTED = {
    TEXT: "a string",
    INT: "an integer",
    BOOL: "true or false",
    LIST: "a list of strings",
    MONEY: "a whole-dollar amount or a range { low, high }",
    MONTHS: "a number of months or a range { low, high }",
    SALARY: "a whole-dollar amount or a range { low, high }",
    RATE: "a whole percent from 0 to 100 or a range { low, high }",
}

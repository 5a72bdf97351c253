"""Column specifications of the transcribed tables in ``cohort_data/``.

One :class:`Table` per CSV file. Each :class:`Column` says how the text in the
file is parsed (``kind``), what values are allowed, and what the column means.
:mod:`helpers.data` parses and validates against these specifications; the data
dictionary in ``cohort_data/README.md`` documents the same columns and a test
keeps the two in step.

References
----------
Xie J, Liu S-x, Zhou M, Wang Y, He H-l, Xiao P-f, Hu S-y, Lu J. Short-course
blinatumomab for refractory/relapse precursor B acute lymphoblastic leukemia in
children. Front Pediatr. 2023;11:1187607. doi:10.3389/fped.2023.1187607
(CC BY 4.0).
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("int", "float", "bool", "str")


@dataclass(frozen=True)
class Column:
    """How one CSV column is parsed and checked.

    Parameters
    ----------
    name : str
        Header of the column in the CSV file.
    kind : {"int", "float", "bool", "str"}
        ``int`` accepts whole numbers only, ``float`` any decimal number,
        ``bool`` exactly ``true`` or ``false``, ``str`` any text.
    unit : str
        Unit of a numeric column ("" when not applicable).
    nullable : bool
        Whether an empty cell (missing value) is allowed.
    allowed : tuple of str, optional
        The vocabulary of a categorical text column.
    minimum, maximum : float, optional
        Inclusive range of a numeric column.
    pattern : str, optional
        Regular expression a text value must match in full.
    unique : bool
        Whether values must be distinct.
    """

    name: str
    kind: str
    unit: str = ""
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    unique: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.name!r}: kind {self.kind!r} is not one of {KINDS}")

    def expectation(self) -> str:
        """Describe in words what a valid value looks like."""
        words = {
            "int": "a whole number",
            "float": "a number",
            "bool": "true or false",
            "str": "text",
        }[self.kind]
        if self.allowed is not None:
            words = "one of " + ", ".join(repr(a) for a in self.allowed)
        if self.minimum is not None and self.maximum is not None:
            words += f" from {self.minimum:g} to {self.maximum:g}"
        elif self.minimum is not None:
            words += f" of at least {self.minimum:g}"
        if self.pattern is not None:
            words += f" matching {self.pattern}"
        if self.unit:
            words += f" ({self.unit})"
        return words


@dataclass(frozen=True)
class Table:
    """A CSV file of ``cohort_data/`` and its columns, in file order."""

    name: str
    filename: str
    source: str
    columns: tuple[Column, ...]
    unique_together: tuple[str, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


# Upper bounds: wide enough for any real paediatric series, tight enough that a typo
# (a follow-up of 1e9 months, a count of 10^20) stops at load time, not in an analysis.
#: Children in one table (a count, a case number, a transplant number).
MAX_CHILDREN = 1000
#: Children in a cited study (trials are larger than this single-centre series).
MAX_STUDY_SIZE = 10_000
#: Twenty years of follow-up.
MAX_FOLLOW_UP_MONTHS = 240.0
#: A transplant bridged from blinatumomab within a year.
MAX_DAYS_TO_HSCT = 365
#: Neutrophil engraftment after day 100 is graft failure, not engraftment.
MAX_NEUTROPHIL_DAY = 100
#: Platelet engraftment may be slow, but within a year.
MAX_PLATELET_DAY = 365


def _percent(name: str) -> Column:
    """A percentage column, 0-100."""
    return Column(name, "float", unit="%", minimum=0.0, maximum=100.0)


def _children(name: str, unit: str = "patients") -> Column:
    """A count of children, 0 to :data:`MAX_CHILDREN`."""
    return Column(name, "int", unit=unit, minimum=0, maximum=MAX_CHILDREN)


PRIOR_THERAPIES = ("Chemotherapy", "Chemotherapy + CAR-T", "Chemotherapy + CAR-T + HSCT")
FOLLOW_UP_THERAPIES = ("HSCT", "Chemotherapy", "Blinatumomab", "CAR-T", "none")
FUSION_GENES = ("MLL-AF4", "BCR-ABL", "TEL-AML1", "TAF15-ZNF384")

PATIENTS = Table(
    name="patients",
    filename="patients.csv",
    source="Table 2",
    columns=(
        Column("case_id", "int", minimum=1, maximum=MAX_CHILDREN, unique=True),
        Column("fusion_marker", "bool"),
        Column("prior_therapy", "str", allowed=PRIOR_THERAPIES),
        _percent("blasts_pre_pct"),
        _percent("mrd_pre_pct"),
        Column("fusion_gene_pre", "str", nullable=True, allowed=FUSION_GENES),
        _percent("blasts_post_pct"),
        _percent("mrd_post_pct"),
        Column("fusion_gene_post", "str", nullable=True, allowed=("Negative",)),
        Column("complete_remission", "bool"),
        Column("follow_up_therapy", "str", allowed=FOLLOW_UP_THERAPIES),
        Column("alive", "bool"),
        Column(
            "follow_up_months", "float", unit="months", minimum=0.0, maximum=MAX_FOLLOW_UP_MONTHS
        ),
    ),
)

TRANSPLANTS = Table(
    name="transplants",
    filename="transplants.csv",
    source="Table 4",
    columns=(
        Column("transplant_number", "int", minimum=1, maximum=MAX_CHILDREN),
        Column("transplant_order", "int", minimum=1, maximum=2),
        Column("case_id", "int", minimum=1, maximum=MAX_CHILDREN),
        Column("preparative_regimen", "str"),
        Column("donor", "str", allowed=("Father", "Mother", "Sister", "Unrelated donor")),
        Column("hla_match", "str", pattern=r"(?:[1-9]|10)/10"),
        Column("graft_source", "str", allowed=("BM + PT", "PT", "CB")),
        Column("days_to_hsct", "int", "days", nullable=True, minimum=0, maximum=MAX_DAYS_TO_HSCT),
        Column(
            "neutrophil_engraftment_day",
            "int",
            "days",
            nullable=True,
            minimum=0,
            maximum=MAX_NEUTROPHIL_DAY,
        ),
        Column(
            "platelet_engraftment_day",
            "int",
            "days",
            nullable=True,
            minimum=0,
            maximum=MAX_PLATELET_DAY,
        ),
        Column("final_status", "str", nullable=True, allowed=("CR", "death")),
    ),
    unique_together=("transplant_number", "transplant_order"),
)

ADVERSE_EVENTS = Table(
    name="adverse_events",
    filename="adverse_events.csv",
    source="Table 3",
    columns=(
        Column("adverse_event", "str", unique=True),
        _children("all_grade_n"),
        _percent("all_grade_pct"),
        _children("grade_3_4_n"),
        _percent("grade_3_4_pct"),
    ),
)

TRANSPLANT_ADVERSE_EVENTS = Table(
    name="transplant_adverse_events",
    filename="transplant_adverse_events.csv",
    source="Table 5",
    columns=(
        Column("adverse_event", "str", unique=True),
        Column("parent", "str", nullable=True, allowed=("GVHD", "Infection")),
        _children("n", unit="transplanted patients"),
        _percent("pct"),
    ),
)

BASELINE_PUBLISHED = Table(
    name="baseline_published",
    filename="baseline_published.csv",
    source="Table 1",
    columns=(
        Column(
            "section",
            "str",
            allowed=(
                "sex",
                "age",
                "blasts_pre",
                "disease_status",
                "relapse_site",
                "prior_therapy",
                "fusion_gene",
            ),
        ),
        Column("section_printed", "str"),
        Column("category", "str"),
        _children("n"),
        _percent("pct"),
    ),
    unique_together=("section", "category"),
)

HUMORAL_IMMUNITY = Table(
    name="humoral_immunity",
    filename="humoral_immunity.csv",
    source="Table 6",
    columns=(
        Column("marker", "str", unique=True, allowed=("IgG", "IgM", "IgA", "C3", "C4")),
        Column("z", "float", minimum=-10.0, maximum=10.0),
        Column("p", "float", minimum=0.0, maximum=1.0),
    ),
)

CLAIM_KINDS = (
    "count",
    "percent",
    "mean",
    "sd",
    "median",
    "p25",
    "p75",
    "p_value",
    "hazard_ratio",
    "ci_lower",
    "ci_upper",
    "z",
    "total",
)

PUBLISHED_CLAIMS = Table(
    name="published_claims",
    filename="published_claims.csv",
    source="whole paper",
    columns=(
        Column("claim_id", "str", unique=True, pattern=r"[a-z0-9]+(?:-[a-z0-9]+)*"),
        Column("location", "str"),
        Column("description", "str"),
        Column("printed", "str"),
        Column("kind", "str", allowed=CLAIM_KINDS),
        Column("comparator", "str", allowed=("=", "<", ">")),
        Column("value", "float", minimum=-10_000.0, maximum=10_000.0),
        Column("decimals", "int", minimum=0, maximum=4),
    ),
)

COMPARATOR_STUDIES = Table(
    name="comparator_studies",
    filename="comparator_studies.csv",
    source="Introduction and Discussion",
    columns=(
        Column("study", "str", unique=True),
        Column("reference", "int", minimum=0, maximum=43),
        Column("design", "str"),
        Column("population", "str"),
        Column("blinatumomab_schedule", "str"),
        Column("n", "int", "patients", nullable=True, minimum=1, maximum=MAX_STUDY_SIZE),
        Column("responders", "int", "patients", nullable=True, minimum=0, maximum=MAX_STUDY_SIZE),
        Column("outcome_printed", "str"),
    ),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        PATIENTS,
        TRANSPLANTS,
        ADVERSE_EVENTS,
        TRANSPLANT_ADVERSE_EVENTS,
        BASELINE_PUBLISHED,
        HUMORAL_IMMUNITY,
        PUBLISHED_CLAIMS,
        COMPARATOR_STUDIES,
    )
}

"""Check printed numbers against each other: GRIM, GRIMMER, DEBIT, percentages, p-values.

Research-integrity checks that need no raw data. Each takes the numbers **as
printed, as text** (so ``"7.60"`` keeps its two decimals) and returns a frozen
result with the verdict ``consistent``, the rounding ``conventions`` that
reproduce the printed value, the ``candidates`` that make it fit, and a
one-paragraph ``explanation`` for a clinical reader.

Functions
---------
grim
    Can ``n`` whole-number values have this mean? (Brown and Heathers 2017)
grimmer
    ... and this SD? (Anaya 2016; Allard 2018)
debit
    Do the mean and SD of a yes/no variable agree? (Heathers and Brown 2019)
percent_possible
    Is the percentage ``k / n`` for some whole ``k``?
p_from_statistic
    Does the p-value follow from its z, t, F, chi-squared or r? (statcheck;
    Nuijten et al. 2016)
check_text
    Read pasted text such as ``"7.6 ± 3.7, n = 33"`` and run the fitting check.
verdict
    A result's verdict in words: possible, impossible, possible only by truncation.

Bad input raises :class:`ConsistencyInputError` (a ``ValueError``) saying what
was expected, with an example; text that :func:`check_text` cannot read raises
its subclass :class:`UnreadableTextError`. Every sentence of an explanation is a
template of :data:`TEXTS`; a result's ``message`` names the main one.
"""

from helpers.consistency._numbers import (
    CONVENTIONS,
    NEAREST,
    ConsistencyInputError,
    ImpossibleNumbersError,
)
from helpers.consistency._results import ConsistencyResult, PValueResult, verdict
from helpers.consistency._texts import MESSAGES, TEXTS
from helpers.consistency.means import grim, grimmer
from helpers.consistency.proportions import debit, percent_possible
from helpers.consistency.pvalues import p_from_statistic
from helpers.consistency.text import EXAMPLES, TextCheck, UnreadableTextError, check_text

__all__ = [
    "CONVENTIONS",
    "EXAMPLES",
    "MESSAGES",
    "NEAREST",
    "TEXTS",
    "ConsistencyInputError",
    "ConsistencyResult",
    "ImpossibleNumbersError",
    "PValueResult",
    "TextCheck",
    "UnreadableTextError",
    "check_text",
    "debit",
    "grim",
    "grimmer",
    "p_from_statistic",
    "percent_possible",
    "verdict",
]

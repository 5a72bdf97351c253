"""Every sentence a consistency check writes, as templates filled by name.

The checks (:mod:`~helpers.consistency.means`, :mod:`~helpers.consistency.proportions`,
:mod:`~helpers.consistency.pvalues`, :mod:`~helpers.consistency.text`) never write
an explanation inline: they pick templates from :data:`TEXTS` and fill their
``{fields}`` with :func:`fill`. The static site's form (``tools/assets/consistency.js``)
fills the same templates, exported when the site is built, so a verdict reads
the same with or without Python.

The key of the template that carries a result's main sentence is the result's
``message`` (its *message class*: ``"percent.impossible"``, ``"p.decision"``...).

Templates hold plain ``{name}`` fields only (no format specifications, no
literal braces), so that a one-line JavaScript replacement fills them too.
"""

from __future__ import annotations

import string
from collections.abc import Sequence

__all__ = ["MESSAGES", "TEXTS", "either", "fill", "plural", "template_fields"]

#: Every template, by key.
TEXTS: dict[str, str] = {
    # --- verdicts, in words, for a reader (the audit's ``consistency`` column too)
    "verdict.possible": "possible",
    "verdict.impossible": "impossible",
    "verdict.truncation": "possible only by truncation",
    "verdict.other": "possible only with {conventions} rounding",
    "verdict.one_sided": "possible only as a one-sided p-value",
    "verdict.population_sd": "possible only with the population SD (divisor n)",
    "line": "{verdict} ({check} check). Read as: {read_as}.",
    # --- the "Check a paper yourself" form (live widget and static site)
    "form.title": "Check a paper yourself",
    "form.label": "Paste one printed result: a mean ± SD with its n, a count with its "
    "percentage and n, or a test statistic with its p-value.",
    "form.placeholder": "for example: {example}",
    "form.check": "Check",
    "form.unreadable": "Could not read this text: {reason}.",
    "form.invalid": "These numbers cannot be checked as they are: {reason}.",
    "form.examples": "The form reads one printed result at a time, written like one of these:",
    "form.run_note": "to check printed numbers",
    # --- small words
    "or": "or",
    "and": "and",
    "nothing": "nothing",
    "plural": "{count} {noun}s",
    "singular": "{count} {noun}",
    "decimal": "decimal",
    # --- what was read from pasted text
    "read.grimmer": "mean {mean}, SD {sd}, n = {n}",
    "read.debit": "yes/no variable, mean {mean}, SD {sd}, n = {n}",
    "read.grim": "mean {mean}, n = {n}",
    "read.percent": "{percent}% of {n}",
    "read.percent_count": "{count} of {n} printed as {percent}%",
    "read.statistic": "{test} test, {name}{df} = {statistic}, p {p}",
    # --- when the printed numbers fit another rounding convention only
    "other.truncation": " {subject} if the authors had cut off the extra digits instead of "
    "rounding; if they did, nothing was printed wrongly.",
    "other.rounding": " {subject} under {conventions} rounding.",
    "subject.fit": "It would fit",
    "subject.agree": "They would agree",
    # --- GRIM
    "who": "{n} whole-number values",
    "who.items": "{n} whole-number values, each the average of {items} whole-number answers",
    "grim.total": "{k}/{total} = {value}",
    "grim.possible": "A mean of {mean} is possible for {who}: a total of {k} gives "
    "{k}/{total} = {value}, which rounds to {mean}. This shows only that the mean could be "
    "right, not that it is.",
    "grim.uncatchable": " With {total} values and {decimals} every mean is possible, so this "
    "check cannot catch an error here.",
    "grim.impossible": "A mean of {mean} is not possible for {who}: such a mean is a "
    "whole-number total divided by {total}, and the nearest totals give {shown}; none rounds "
    "to {mean}. Unless the values were not whole numbers or the number of people was "
    "different, the mean or the n was printed wrongly.",
    # --- GRIMMER
    "grimmer.possible": "A mean of {mean} with an SD of {sd} is possible for {who}: for "
    "example, values with a total of {k} and squares adding up to {q} have a mean of "
    "{mean_value} and an SD of {sd_value}, which round to the printed numbers. This shows "
    "only that they could be right, not that they are.",
    "grimmer.impossible.mean": "A mean of {mean} with an SD of {sd} is not possible for "
    "{who}: the mean alone is already impossible for {n} people (see the GRIM check). Unless "
    "the values were not whole numbers, the mean, the SD or the n was printed wrongly.",
    "grimmer.impossible.scale": "A mean of {mean} with an SD of {sd} is not possible for "
    "{who}: on a scale from {lowest} to {highest}, no {n} answers whose mean rounds to {mean} "
    "have an SD that rounds to {sd} (they cannot spread that far, or not in the steps that SD "
    "needs), although without the scale they could. Unless the values were not whole "
    "numbers, the mean, the SD or the n was printed wrongly.",
    "grimmer.impossible.parity": "A mean of {mean} with an SD of {sd} is not possible for "
    "{who}: no {n} whole numbers whose mean rounds to {mean} have an SD that rounds to {sd} "
    "(the squares of whole numbers add up to a whole number, odd or even with their total, "
    "and that rules out most SDs when n is small). Unless the values were not whole numbers, "
    "the mean, the SD or the n was printed wrongly.",
    "grimmer.cut_short": " (The search for whole numbers was cut short for some sums of "
    "squares; those were counted as possible.)",
    # --- DEBIT
    "debit.intro": "For a yes/no variable coded 0 and 1, the SD follows from the mean and n "
    "(SD = √[n/(n − 1) × mean × (1 − mean)]).",
    "debit.count": "{k} of {n} coded 1 give a mean of {mean_value} and an SD of {sd_value}",
    "debit.fits": "{intro} A mean of {mean} with an SD of {sd} in {n} people fits: {counts}, "
    "which round to the printed numbers.",
    "debit.impossible.sd": "{intro} A mean of {mean} with an SD of {sd} in {n} people does "
    "not fit: {counts}, not an SD of {sd}. Either one of the three numbers was printed wrongly, "
    "or the SD was computed with n instead of n − 1 (the population SD, √[mean × (1 − mean)]), "
    "or the variable is not a 0/1 variable.",
    "debit.population": " It fits if the SD was computed with n instead of n − 1 (the "
    "population SD, as Excel's STDEV.P and numpy's default compute it): {counts}.",
    "debit.impossible.mean": "{intro} A mean of {mean} with an SD of {sd} in {n} people does "
    "not fit: no whole count of {n} people even gives a mean of {mean}. One of the three "
    "numbers was printed wrongly, or the variable is not a 0/1 variable.",
    # --- percentages
    "percent.share": "{k} of {n} is {value}%",
    "percent.near": "{k} of {n} ({value}%)",
    "percent.possible": "{percent}% of {n} is possible: {share}, which rounds to {percent}%.",
    "percent.count": "{share}, which does not round to {percent}%; {percent}% of {n} would "
    "be {others}. The count, the percentage or the denominator was printed wrongly.",
    "percent.impossible": "{percent}% of {n} is not possible: each person is {each}% of {n}, "
    "and the nearest counts are {near}; neither rounds to {percent}%. Either a number was "
    "printed wrongly, or the percentage was adjusted by hand: rounded twice (first to two "
    "decimals, then to one) or nudged so that a column adds up to 100%.",
    "percent.truncated": "{percent}% of {n} is not a rounded share of {n} (the nearest counts "
    "are {near}), but it is what cutting off the extra digits gives: {share}, cut to "
    "{percent}%. The authors probably truncated instead of rounding.",
    # --- p-values
    "p.label": "{name}{df} = {statistic}",
    "p.sided": "{tails} ",
    "tails.1": "one-sided",
    "tails.2": "two-sided",
    "p.small": "below 0.0001",
    "p.recomputed": "{label} gives a {sided}p-value of {p} ({lowest} to {highest} for any "
    "statistic that rounds to the printed one)",
    "p.agrees": "{recomputed}, which agrees with the printed p {comparator} {printed}.",
    "p.disagrees": "{recomputed}, which does not agree with the printed p {comparator} {printed}.",
    "p.decision": "{recomputed}, which does not agree with the printed p {comparator} "
    "{printed}. This changes the conclusion: recomputed, the result is {side} at {alpha}, and "
    "the printed p says the opposite.",
    "p.same_side": "{recomputed}, which does not agree with the printed p {comparator} "
    "{printed}. The conclusion at {alpha} does not change, but one of the two numbers was "
    "printed wrongly.",
    "p.significant": "significant",
    "p.not_significant": "not significant",
    "p.one_sided": " It would agree with a one-sided p-value (half the two-sided one).",
}

#: The message classes: keys of the templates that carry a result's main sentence.
MESSAGES: tuple[str, ...] = (
    "grim.possible",
    "grim.impossible",
    "grimmer.possible",
    "grimmer.impossible.mean",
    "grimmer.impossible.scale",
    "grimmer.impossible.parity",
    "debit.fits",
    "debit.impossible.sd",
    "debit.impossible.mean",
    "percent.possible",
    "percent.count",
    "percent.impossible",
    "percent.truncated",
    "p.agrees",
    "p.disagrees",
    "p.decision",
    "p.same_side",
)


def fill(key: str, **values: object) -> str:
    """The template ``key`` with its ``{fields}`` filled.

    Examples
    --------
    >>> fill("percent.share", k=21, n=33, value="63.636")
    '21 of 33 is 63.636%'
    """
    return TEXTS[key].format(**values)


def template_fields(key: str) -> list[str]:
    """The names of the fields of one template, in order.

    Examples
    --------
    >>> template_fields("grim.total")
    ['k', 'total', 'value']
    """
    return [name for _, name, _, _ in string.Formatter().parse(TEXTS[key]) if name is not None]


def either(words: Sequence[str], joiner: str = "or") -> str:
    """``["a", "b", "c"]`` -> ``"a, b or c"`` (``joiner`` is ``"or"`` or ``"and"``).

    Examples
    --------
    >>> either(["half up", "truncation"])
    'half up or truncation'
    """
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {TEXTS[joiner]} {words[-1]}"


def plural(count: int, noun: str) -> str:
    """``plural(1, "value")`` -> ``"1 value"``; ``plural(3, "value")`` -> ``"3 values"``."""
    return fill("singular" if count == 1 else "plural", count=count, noun=noun)

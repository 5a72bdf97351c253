"""helpers.consistency against brute force, and hypothesis properties.

Each oracle enumerates what real data can produce (every whole-number total,
every list of whole numbers, every count of ones), rounds it with Python's
``decimal`` module under one convention, and compares the set of printable
values with the functions' verdicts, case by case. The counters guard against
an oracle that silently checks nothing.
"""

from __future__ import annotations

import functools
import itertools
import math
import random
from decimal import (
    ROUND_DOWN,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Decimal,
    localcontext,
)
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from helpers.consistency import (
    CONVENTIONS,
    debit,
    grim,
    grimmer,
    p_from_statistic,
    percent_possible,
)
from helpers.consistency._numbers import parse_reported, round_fraction, rounding_interval
from helpers.consistency._sums import attainable

MODES = {
    "half up": ROUND_HALF_UP,
    "half down": ROUND_HALF_DOWN,
    "half even": ROUND_HALF_EVEN,
    "truncation": ROUND_DOWN,
}


def printed(value: Fraction, decimals: int, convention: str) -> str:
    """``value`` rounded by ``decimal`` (an implementation independent of the module's)."""
    with localcontext() as context:
        context.prec = 80
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        text = str(exact.quantize(Decimal(1).scaleb(-decimals), rounding=MODES[convention]))
    return text.lstrip("-") if Decimal(text) == 0 else text


def printed_root(square: Fraction, decimals: int, convention: str) -> str:
    """The square root of an exact value, rounded by ``decimal``; exact when it terminates."""
    with localcontext() as context:
        context.prec = 80
        root = (Decimal(square.numerator) / Decimal(square.denominator)).sqrt()
        return str(root.quantize(Decimal(1).scaleb(-decimals), rounding=MODES[convention]))


@functools.cache
def grid(lo: Fraction, hi: Fraction, decimals: int) -> tuple[str, ...]:
    """Every number from lo to hi printed with ``decimals`` places."""
    step = Fraction(1, 10**decimals)
    first, last = math.ceil(lo / step), math.floor(hi / step)
    return tuple(printed(i * step, decimals, "half up") for i in range(first, last + 1))


def sample(rng: random.Random, values, size: int) -> list:
    """Up to ``size`` of ``values``, drawn without replacement."""
    values = sorted(values)
    return rng.sample(values, min(size, len(values)))


# --- GRIM -------------------------------------------------------------------------------------


def test_grim_matches_every_whole_number_total():
    rng = random.Random(20160826)
    cases = 0
    for _ in range(12):
        n, items, decimals = rng.randint(1, 40), rng.choice([1, 1, 2, 3]), rng.choice([1, 2, 2])
        scale = rng.choice([None, (1, 7)])
        lo, hi = (Fraction(1), Fraction(7)) if scale else (Fraction(-2), Fraction(3))
        total = n * items
        sums = range(math.floor((lo - 1) * total), math.ceil((hi + 1) * total) + 1)
        if scale:
            sums = range(total, 7 * total + 1)
        for convention in CONVENTIONS:
            means: dict[str, set[int]] = {}
            for k in sums:
                means.setdefault(printed(Fraction(k, total), decimals, convention), set()).add(k)
            every = grid(lo, hi, decimals)
            # Printable means and means drawn from the whole grid (mostly impossible ones).
            tested = sample(rng, set(means) & set(every), 60) + sample(rng, every, 60)
            for mean in tested:
                result = grim(mean, n, items=items, scale=scale, rounding=convention)
                assert result.consistent == (mean in means), (mean, n, items, convention)
                assert set(result.candidates) == means.get(mean, set())
                assert (convention in result.conventions) == (mean in means)
                cases += 1
    assert cases > 4000


# --- Percentages ------------------------------------------------------------------------------


def test_percentages_match_every_count():
    rng = random.Random(2023)
    cases = 0
    for n in [1, 2, 3, 7, 11, 26, 33, *rng.sample(range(34, 400), 3)]:
        for decimals in (0, 1, 2):
            for convention in CONVENTIONS:
                shares: dict[str, set[int]] = {}
                for k in range(n + 1):
                    shown = printed(Fraction(100 * k, n), decimals, convention)
                    shares.setdefault(shown, set()).add(k)
                every = grid(Fraction(0), Fraction(100), decimals)
                for percent in sample(rng, shares, 25) + sample(rng, every, 25):
                    result = percent_possible(percent, n, rounding=convention)
                    assert set(result.candidates) == shares.get(percent, set()), (percent, n)
                    k = rng.randint(0, n)
                    with_count = percent_possible(percent, n, count=k, rounding=convention)
                    assert with_count.consistent == (k in shares.get(percent, set()))
                    cases += 1
    assert cases > 2500


# --- DEBIT ------------------------------------------------------------------------------------


def test_debit_matches_every_count_of_ones():
    rng = random.Random(2019)
    cases = 0
    for n, d_mean, d_sd in [(2, 1, 1), (5, 2, 2), (9, 2, 1), (13, 1, 2), (20, 2, 2), (40, 2, 2)]:
        for convention in CONVENTIONS:
            real: dict[tuple[str, str], set[int]] = {}
            for k in range(n + 1):
                mean = printed(Fraction(k, n), d_mean, convention)
                sd = printed_root(Fraction(k * (n - k), n * (n - 1)), d_sd, convention)
                real.setdefault((mean, sd), set()).add(k)
            every = list(
                itertools.product(
                    grid(Fraction(0), Fraction(1), d_mean), grid(Fraction(0), Fraction(3, 4), d_sd)
                )
            )
            # Every printable pair; its neighbours (one unit off in the SD); the whole grid.
            near = {(mean, printed(Fraction(sd) + step, d_sd, "half up"))
                    for mean, sd in real for step in (Fraction(1, 10**d_sd), -Fraction(1, 10**d_sd))
                    if Fraction(sd) + step >= 0}  # fmt: skip
            for mean, sd in sorted(real) + sorted(near) + sample(rng, every, 150):
                result = debit(mean, sd, n, rounding=convention)
                assert set(result.candidates) == real.get((mean, sd), set()), (mean, sd, n)
                cases += 1
    assert cases > 4000


# --- GRIMMER ----------------------------------------------------------------------------------


def _printable_pairs(values: range, n: int, items: int, d_mean: int, d_sd: int, convention: str):
    """(mean, SD) as printed -> the (total, sum of squares) of every list of n whole numbers."""
    pairs: dict[tuple[str, str], set[tuple[int, int]]] = {}
    for data in itertools.combinations_with_replacement(values, n):
        total, squares = sum(data), sum(x * x for x in data)
        variance = (Fraction(squares) - Fraction(total * total, n)) / (n - 1) / items**2
        key = (
            printed(Fraction(total, n * items), d_mean, convention),
            printed_root(variance, d_sd, convention),
        )
        pairs.setdefault(key, set()).add((total, squares))
    return pairs


def _found(result) -> set[tuple[int, int]]:
    return {(k, q) for k, squares in result.candidates for q in squares}


@pytest.mark.parametrize(
    ("n", "items", "scale", "d_mean", "d_sd"),
    [(2, 1, (1, 7), 2, 2), (3, 1, (1, 5), 1, 2), (4, 1, (0, 6), 2, 1), (5, 1, (1, 7), 2, 2),
     (6, 1, (1, 5), 1, 1), (7, 1, (0, 3), 2, 2), (3, 2, (1, 5), 2, 2), (5, 3, (1, 3), 2, 2)],
)  # fmt: skip
def test_grimmer_on_a_scale_matches_every_list_of_whole_numbers(n, items, scale, d_mean, d_sd):
    rng = random.Random(n * 100 + items)
    values = range(scale[0] * items, scale[1] * items + 1)
    cases = 0
    for convention in CONVENTIONS:
        real = _printable_pairs(values, n, items, d_mean, d_sd, convention)
        means = grid(Fraction(scale[0]), Fraction(scale[1]), d_mean)
        sds = grid(Fraction(0), Fraction(scale[1] - scale[0]), d_sd)
        # Every printable pair, and as many pairs drawn from the whole grid.
        tested = set(real) | {(rng.choice(means), rng.choice(sds)) for _ in range(len(real) + 200)}
        for mean, sd in sorted(tested):
            result = grimmer(mean, sd, n, items=items, scale=scale, rounding=convention)
            assert _found(result) == real.get((mean, sd), set()), (mean, sd, convention)
            assert result.consistent == ((mean, sd) in real)
            assert "cut short" not in result.explanation
            cases += 1
    assert cases > 400


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_grimmer_without_a_scale_matches_every_list_of_whole_numbers(n):
    # Means 0 to 3 and SDs up to 2.5: one value lies at most SD * (n - 1) / sqrt(n) < 4.5
    # from the mean, so every list of such data is made of the numbers -5 to 8.
    rng = random.Random(n)
    values = range(-5, 9)
    cases = 0
    for convention in ("half up", "half even", "truncation"):
        real = _printable_pairs(values, n, 1, 2, 2, convention)
        means, sds = grid(Fraction(0), Fraction(3), 2), grid(Fraction(0), Fraction(5, 2), 2)
        inside = {pair for pair in real if pair[0] in means and pair[1] in sds}
        tested = inside | {(rng.choice(means), rng.choice(sds)) for _ in range(300)}
        for mean, sd in sorted(tested):
            result = grimmer(mean, sd, n, rounding=convention)
            assert _found(result) == real.get((mean, sd), set()), (mean, sd, convention)
            cases += 1
    assert cases > 300


def test_five_numbers_reach_every_sum_of_squares_of_the_right_parity():
    # The rule _sums uses for n >= 5 without a scale: exhaustively, every sum of squares up
    # to 300 of the right parity is reached by five whole numbers with each sum 0-4 (a larger
    # n adds numbers held as close together as possible, a shifted sum shifts the numbers).
    bound = 300
    reach = {0: {0}}
    for _ in range(5):
        grown: dict[int, set[int]] = {}
        for total, squares in reach.items():
            for x in range(-18, 19):
                grown.setdefault(total + x, set()).update(
                    s + x * x for s in squares if s + x * x <= bound
                )
        reach = grown
    for total in range(5):
        wanted = set(range(total, bound + 1, 2))
        assert wanted <= reach[total], sorted(wanted - reach[total])[:5]
    # ... and fewer than five numbers cannot: four numbers summing to 0 never reach 28.
    assert attainable(4, 0, 28) is False
    assert attainable(5, 0, 28) is True


# --- Rounding primitives ----------------------------------------------------------------------


@given(
    st.fractions(min_value=-50, max_value=50, max_denominator=400),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(CONVENTIONS),
)
def test_rounding_interval_is_exactly_what_rounds_to_the_printed_value(x, decimals, convention):
    text = printed(x, decimals, convention)
    assert round_fraction(x, decimals, convention) == Fraction(text)
    assert x in rounding_interval(parse_reported(text, "value"), convention)
    # A neighbour's interval does not contain x.
    step = Fraction(1, 10**decimals)
    for neighbour in (Fraction(text) - step, Fraction(text) + step):
        shown = printed(neighbour, decimals, "half up")
        assert x not in rounding_interval(parse_reported(shown, "value"), convention)


# --- Properties: numbers computed from real data always pass ----------------------------------

whole_numbers = st.lists(st.integers(min_value=0, max_value=20), min_size=2, max_size=40)


@given(whole_numbers, st.integers(min_value=0, max_value=3), st.sampled_from(CONVENTIONS))
def test_a_mean_of_whole_numbers_is_grim_consistent(data, decimals, convention):
    mean = printed(Fraction(sum(data), len(data)), decimals, convention)
    result = grim(mean, len(data), rounding=convention)
    assert result.consistent
    assert sum(data) in result.candidates


@settings(max_examples=60, deadline=None)
@given(whole_numbers, st.integers(min_value=1, max_value=2), st.sampled_from(CONVENTIONS))
def test_a_mean_and_sd_of_whole_numbers_are_grimmer_consistent(data, decimals, convention):
    n, total = len(data), sum(data)
    variance = (Fraction(sum(x * x for x in data)) - Fraction(total * total, n)) / (n - 1)
    mean = printed(Fraction(total, n), decimals, convention)
    sd = printed_root(variance, decimals, convention)
    result = grimmer(mean, sd, n, scale=(0, 20), rounding=convention)
    assert result.consistent
    assert (total, sum(x * x for x in data)) in _found(result)


@given(st.integers(min_value=1, max_value=500), st.data(), st.sampled_from(CONVENTIONS))
def test_a_percentage_of_a_count_is_possible(n, data, convention):
    k = data.draw(st.integers(min_value=0, max_value=n))
    decimals = data.draw(st.integers(min_value=0, max_value=2))
    percent = printed(Fraction(100 * k, n), decimals, convention)
    assert percent_possible(percent, n, count=k, rounding=convention).consistent


@given(st.integers(min_value=2, max_value=3000), st.data(), st.sampled_from(CONVENTIONS))
def test_a_mean_and_sd_of_ones_and_zeros_pass_debit(n, data, convention):
    k = data.draw(st.integers(min_value=0, max_value=n))
    mean = printed(Fraction(k, n), 2, convention)
    sd = printed_root(Fraction(k * (n - k), n * (n - 1)), 2, convention)
    assert k in debit(mean, sd, n, rounding=convention).candidates


# --- p-values ---------------------------------------------------------------------------------


def _p(test: str, x: float, df, tails: int) -> float:
    if test == "z":
        return tails * stats.norm.sf(abs(x))
    if test == "t":
        return tails * stats.t.sf(abs(x), df)
    if test == "F":
        return stats.f.sf(x, *df)
    if test == "chi2":
        return stats.chi2.sf(x, df)
    return tails * stats.t.sf(abs(x) * math.sqrt(df / (1 - x * x)), df)


tests_with_df = st.sampled_from(["z", "t", "F", "chi2", "r"]).flatmap(
    lambda test: st.tuples(
        st.just(test),
        {
            "z": st.just(None),
            "t": st.integers(min_value=1, max_value=200),
            "F": st.tuples(st.integers(1, 10), st.integers(1, 200)),
            "chi2": st.integers(min_value=1, max_value=30),
            "r": st.integers(min_value=1, max_value=200),
        }[test],
    )
)


@settings(max_examples=300, deadline=None)
@given(tests_with_df, st.data(), st.sampled_from(CONVENTIONS))
def test_a_p_value_recomputed_from_an_exact_statistic_is_consistent(test_df, data, convention):
    test, df = test_df
    if test == "r":
        x = data.draw(st.floats(min_value=-0.99, max_value=0.99))
    elif test in ("F", "chi2"):
        x = data.draw(st.floats(min_value=0.0, max_value=40.0))
    else:
        x = data.draw(st.floats(min_value=-6.0, max_value=6.0))
    tails = 2 if test in ("F", "chi2") else data.draw(st.sampled_from([1, 2]))
    d_stat, d_p = data.draw(st.integers(1, 3)), data.draw(st.integers(2, 4))
    statistic = printed(Fraction(x), d_stat, convention)
    p = printed(Fraction(min(1.0, float(_p(test, x, df, tails)))), d_p, convention)
    result = p_from_statistic(test, statistic, p, df=df, tails=tails, rounding=convention)
    assert result.consistent, (test, df, x, statistic, p, result.p_range)
    assert not result.decision_error


def test_p_values_match_a_dense_grid_of_statistics():
    # For each printed statistic, the p-values of 399 statistics spread over its rounding
    # interval, each rounded, are printable; p-values two or more units away from all of
    # them are not.
    cases = 0
    examples = [("z", "1.672", None), ("t", "2.1", 28), ("F", "3.4", (2, 30))]
    examples += [("chi2", "3.9", 1), ("r", ".35", 31), ("z", "-0.12", None)]
    for test, statistic, df in examples:
        for convention in CONVENTIONS:
            band = rounding_interval(parse_reported(statistic, "s"), convention)
            xs = [band.lo + (band.hi - band.lo) * Fraction(i, 400) for i in range(1, 400)]
            ps = [Fraction(float(_p(test, float(x), df, 2))) for x in xs]
            for decimals in (2, 3):
                shown = {printed(p, decimals, convention) for p in ps}
                units = sorted(int(Fraction(s) * 10**decimals) for s in shown)
                for unit in range(max(0, units[0] - 4), units[-1] + 5):
                    p = printed(Fraction(unit, 10**decimals), decimals, "half up")
                    result = p_from_statistic(test, statistic, p, df=df, rounding=convention)
                    if p in shown:
                        assert result.consistent, (test, statistic, p, convention)
                    elif min(abs(unit - u) for u in units) >= 2:
                        assert not result.consistent, (test, statistic, p, convention)
                    cases += 1
    assert cases > 300

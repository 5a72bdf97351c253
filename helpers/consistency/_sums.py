"""Which sums of squares ``n`` whole numbers with a given sum can have.

GRIMMER needs to know whether some list of ``n`` whole numbers (optionally
inside a scale ``[lo, hi]``) has sum ``total`` and sum of squares ``sumsq``.
Three facts settle most cases without a search:

* ``x**2`` and ``x`` have the same parity, so ``sumsq`` and ``total`` do too;
* ``sumsq`` is at least that of the numbers as close together as possible
  (:func:`least_sumsq`) and, on a scale, at most that of the numbers pushed to
  its ends (:func:`most_sumsq`);
* with five or more numbers and no scale, every ``sumsq`` meeting those two
  conditions occurs. For five numbers the tests check it exhaustively up to a
  sum of squares of 300 (the scrutiny documentation states the same rule); more
  numbers reduce to five by holding the others as close together as possible.

With fewer than five numbers, or on a scale whose ends can bind, some values in
between are impossible (four numbers summing to 0 never have a sum of squares
of 28), and :func:`attainable` searches lists in decreasing order, pruning with
the two bounds above.
"""

from __future__ import annotations

import math

__all__ = ["SearchBudget", "attainable", "least_sumsq", "most_sumsq"]


class SearchBudget:
    """A shared count of search steps (about a microsecond each).

    When it is spent, searches return None instead of an answer.
    """

    def __init__(self, steps: int = 1_000_000) -> None:
        self.steps = steps

    def spend(self) -> bool:
        """Take one step; False once the budget is gone."""
        self.steps -= 1
        return self.steps >= 0


def least_sumsq(m: int, total: int) -> int:
    """The least sum of squares of ``m`` whole numbers summing to ``total``.

    Examples
    --------
    >>> least_sumsq(3, 7)  # 3, 2, 2
    17
    """
    q, r = divmod(total, m)
    return m * q * q + 2 * q * r + r


def most_sumsq(m: int, total: int, lo: int, hi: int) -> int:
    """The greatest sum of squares of ``m`` whole numbers in ``[lo, hi]`` summing to ``total``.

    ``total`` must lie in ``[m * lo, m * hi]``.

    Examples
    --------
    >>> most_sumsq(5, 20, 0, 10)  # 10, 10, 0, 0, 0
    200
    """
    width = hi - lo
    if width == 0:
        return m * lo * lo
    full, rest = divmod(total - m * lo, width)
    if full >= m:
        return m * hi * hi
    return full * hi * hi + (lo + rest) ** 2 + (m - full - 1) * lo * lo


def _pair(total: int, sumsq: int, lo: int, hi: int) -> bool:
    """Two whole numbers in ``[lo, hi]`` with this sum and sum of squares."""
    square = 2 * sumsq - total * total  # (x - y) ** 2
    if square < 0:
        return False
    diff = math.isqrt(square)
    if diff * diff != square or (total - diff) % 2:
        return False
    return lo <= (total - diff) // 2 and (total + diff) // 2 <= hi


def attainable(
    n: int,
    total: int,
    sumsq: int,
    *,
    scale: tuple[int, int] | None = None,
    budget: SearchBudget | None = None,
) -> bool | None:
    """Whether ``n`` whole numbers (inside ``scale`` if given) have this sum and sum of squares.

    Returns None when ``budget`` runs out before the search is settled.

    Examples
    --------
    >>> attainable(4, 0, 28), attainable(4, 0, 26), attainable(5, 0, 28)
    (False, True, True)
    >>> attainable(5, 20, 190, scale=(0, 10))  # only 10, 10, 0, 0, 0 reaches above 182
    False
    """
    if (sumsq - total) % 2 or sumsq < least_sumsq(n, total):
        return False
    # Shift so that the numbers centre on zero: a smaller search, the same answer.
    shift = total // n
    total, sumsq = total - n * shift, sumsq - 2 * shift * total + n * shift * shift
    reach = math.isqrt(sumsq)  # no number is further than this from zero
    lo, hi = -reach, reach
    if scale is not None:
        lo, hi = max(lo, scale[0] - shift), min(hi, scale[1] - shift)
        if not n * lo <= total <= n * hi or sumsq > most_sumsq(n, total, lo, hi):
            return False
        if n >= 5 and lo == -reach and hi == reach:
            return True  # the scale's ends cannot bind
    elif n >= 5:
        return True
    memo: dict[tuple[int, int, int, int], bool] = {}
    budget = budget or SearchBudget()

    def settled(m: int, top: int, t: int, s: int) -> bool | None:
        # True/False when m numbers in [lo, top] can/cannot reach (t, s) without a search.
        if m == 0:
            return t == 0 and s == 0
        if not m * lo <= t <= m * top:
            return False
        if not least_sumsq(m, t) <= s <= most_sumsq(m, t, lo, top):
            return False
        if m == 1:
            return s == t * t
        if m == 2:
            return _pair(t, s, lo, top)
        return None

    def search(m: int, top: int, t: int, s: int) -> bool:
        # m >= 3 numbers in [lo, top] summing to t, squares to s, within the bounds.
        key = (m, top, t, s)
        if key in memo:
            return memo[key]
        found = False
        # The largest number v, used c times; the rest are below v.
        for v in range(min(top, t - (m - 1) * lo), -((-t) // m) - 1, -1):
            most = m if v == lo else min(m, (t - m * lo) // (v - lo))
            for c in range(most, max(1, t - m * (v - 1)) - 1, -1):
                if not budget.spend():
                    raise _OutOfBudget
                rest = (m - c, v - 1, t - c * v, s - c * v * v)
                verdict = settled(*rest)
                if verdict or (verdict is None and search(*rest)):
                    found = True
                    break
            if found:
                break
        memo[key] = found
        return found

    first = settled(n, hi, total, sumsq)
    if first is not None:
        return first
    try:
        return search(n, hi, total, sumsq)
    except _OutOfBudget:
        return None


class _OutOfBudget(Exception):
    """Raised inside the search when the shared budget is spent."""

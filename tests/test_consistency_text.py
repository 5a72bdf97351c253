"""helpers.consistency.check_text: pasted text -> the check, its arguments and the verdict."""

from __future__ import annotations

import pytest

from helpers.consistency import EXAMPLES, ConsistencyInputError, check_text

CASES = [
    # text, check, arguments, consistent
    ("7.6 ± 3.7, n = 33", "grimmer", {"mean": "7.6", "sd": "3.7", "n": 33}, True),
    ("7.6 (3.7), n=33", "grimmer", {"mean": "7.6", "sd": "3.7", "n": 33}, True),
    ("aged 7.6 ± 3.7 years (n = 33)", "grimmer", {"mean": "7.6", "sd": "3.7", "n": 33}, True),
    ("7.6 +/- 3.7, N = 33", "grimmer", {"mean": "7.6", "sd": "3.7", "n": 33}, True),
    ("M = 7.3, SD = 2.51, N = 12", "grimmer", {"mean": "7.3", "sd": "2.51", "n": 12}, False),
    ("mean 7.6, n = 33", "grim", {"mean": "7.6", "n": 33}, True),
    ("mean age of 7.60 years, n = 33", "grim", {"mean": "7.60", "n": 33}, False),
    ("n = 28, mean = 5.19", "grim", {"mean": "5.19", "n": 28}, False),
    ("21 (63.7%) of 33", "percent_possible", {"percent": "63.7", "n": 33, "count": 21}, False),
    ("21 (63.6) of 33", "percent_possible", {"percent": "63.6", "n": 33, "count": 21}, True),
    ("21/33 (63.7%)", "percent_possible", {"percent": "63.7", "n": 33, "count": 21}, False),
    ("26 of 33 (78.8%)", "percent_possible", {"percent": "78.8", "n": 33, "count": 26}, True),
    ("90.9% (10/11)", "percent_possible", {"percent": "90.9", "n": 11, "count": 10}, True),
    ("63.7% of 33", "percent_possible", {"percent": "63.7", "n": 33}, False),
    ("54.5%, n = 33", "percent_possible", {"percent": "54.5", "n": 33}, True),
    (
        "Z = 1.672, p = 0.095",
        "p_from_statistic",
        {"test": "z", "statistic": "1.672", "p": "=0.095", "df": None},
        True,
    ),
    (
        "z = −2.20, p = .06",  # a typeset minus sign
        "p_from_statistic",
        {"test": "z", "statistic": "-2.20", "p": "=.06", "df": None},
        False,
    ),
    (
        "t(28) = 2.1, p = .04",
        "p_from_statistic",
        {"test": "t", "statistic": "2.1", "p": "=.04", "df": 28},
        True,
    ),
    (
        "t(48) = 1.02, p < .05",
        "p_from_statistic",
        {"test": "t", "statistic": "1.02", "p": "<.05", "df": 48},
        False,
    ),
    (
        "F(2, 30) = 3.4, p = 0.046",
        "p_from_statistic",
        {"test": "F", "statistic": "3.4", "p": "=0.046", "df": (2, 30)},
        True,
    ),
    (
        "chi2(1) = 3.9, p = 0.048",
        "p_from_statistic",
        {"test": "chi2", "statistic": "3.9", "p": "=0.048", "df": 1},
        True,
    ),
    (
        "χ²(1) = 3.9, p < .001",
        "p_from_statistic",
        {"test": "χ²", "statistic": "3.9", "p": "<.001", "df": 1},
        False,
    ),
    (
        "r(31) = .35, p = .04",
        "p_from_statistic",
        {"test": "r", "statistic": ".35", "p": "=.04", "df": 31},
        True,
    ),
    (
        "The effect was significant, t(27.5) = 2.30, p = .029.",
        "p_from_statistic",
        {"test": "t", "statistic": "2.30", "p": "=.029", "df": 27.5},
        True,
    ),
]


@pytest.mark.parametrize(("text", "check", "arguments", "consistent"), CASES)
def test_check_text_reads_each_form(text, check, arguments, consistent):
    checked = check_text(text)
    assert checked.check == check
    assert dict(checked.arguments) == arguments
    assert checked.result.consistent is consistent
    assert checked.result.explanation


def test_every_advertised_example_can_be_read():
    for example in EXAMPLES:
        checked = check_text(example)
        assert checked.read_as
        assert checked.result.check


def test_the_reading_is_shown_in_words():
    assert check_text("7.6 ± 3.7, n = 33").read_as == "mean 7.6, SD 3.7, n = 33"
    assert check_text("21/33 (63.7%)").read_as == "21 of 33 printed as 63.7%"
    assert check_text("F(2, 30) = 3.4, p = 0.046").read_as == "F test, F(2, 30) = 3.4, p = 0.046"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "there is no text"),
        ("   ", "there is no text"),
        ("p = 0.002", "not a mean with its n"),
        ("the children did well", "not a mean with its n"),
        ("7.6 ± 3.7 years", "need the number of people"),
        ("mean 7.6", "needs the number of people"),
        ("21 (63.7%)", "not a mean with its n"),
    ],
)
def test_unreadable_text_gets_examples(text, reason):
    with pytest.raises(ConsistencyInputError, match=reason) as caught:
        check_text(text)
    assert '"7.6 ± 3.7, n = 33"' in str(caught.value)
    assert '"Z = 1.672, p = 0.095"' in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("7.6 ± 3.7, n = 0", "at least 1"),
        ("140 (101.0%) of 33", "above 100"),
        ("40 (21.2%) of 33", "larger than n"),
        ("r(31) = 1.35, p = .04", "between -1 and 1"),
        ("t(0) = 2.1, p = .04", "positive"),
        ("Z = 1.2, p = 1.5", "above 1"),
    ],
)
def test_readable_text_with_impossible_numbers_says_why(text, message):
    with pytest.raises(ConsistencyInputError, match=message):
        check_text(text)

"""tests/consistency_cases.json through Python; the browser test runs it through consistency.js.

The table is the contract between :func:`helpers.consistency.check_text` and the
static site's form (``tools/assets/consistency.js``): pasted text -> the check,
the verdict, the decision error, the rounding conventions and the message
class. Here it is also checked that the table reaches every message class and
every reason text can reach, and that the templates the form fills are well
formed and all exist.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

from helpers.consistency import (
    MESSAGES,
    TEXTS,
    ConsistencyInputError,
    UnreadableTextError,
    check_text,
)
from helpers.consistency.text import REASONS
from tools.site_consistency import ASSETS, CONSISTENCY_JS

TABLE = json.loads((Path(__file__).parent / "consistency_cases.json").read_text(encoding="utf-8"))
CASES = TABLE["cases"]
#: Reachable only with a scale, which pasted text never gives.
NOT_FROM_TEXT = {"grimmer.impossible.scale"}


@pytest.mark.parametrize("case", CASES, ids=[repr(c["text"]) for c in CASES])
def test_case_through_check_text(case):
    if case.get("error") == "unreadable":
        with pytest.raises(UnreadableTextError) as caught:
            check_text(case["text"])
        assert caught.value.reason == REASONS[case["message"]]
        return
    if case.get("error") == "invalid":
        with pytest.raises(ConsistencyInputError) as caught:
            check_text(case["text"])
        assert not isinstance(caught.value, UnreadableTextError)
        assert str(caught.value) == case["message"]
        return
    checked = check_text(case["text"])
    result = checked.result
    assert checked.check == case["check"]
    assert result.consistent is case["consistent"]
    assert getattr(result, "decision_error", None) is case["decision_error"]
    assert list(result.conventions) == case["conventions"]
    assert result.message == case["message"]


def test_the_table_reaches_every_message_and_reason():
    messages = {c["message"] for c in CASES if "error" not in c}
    assert messages == set(MESSAGES) - NOT_FROM_TEXT
    reasons = {c["message"] for c in CASES if c.get("error") == "unreadable"}
    assert reasons == set(REASONS)
    checks = {c["check"] for c in CASES if "error" not in c}
    assert checks == {"grim", "grimmer", "debit", "percent_possible", "p_from_statistic"}
    assert sum(c.get("error") == "invalid" for c in CASES) >= 10
    assert any(c.get("decision_error") for c in CASES)
    assert any(c.get("conventions") == ["truncation"] for c in CASES)


def test_templates_hold_plain_fields_only():
    for key, template in TEXTS.items():
        for literal, field, spec, conversion in string.Formatter().parse(template):
            assert "{" not in literal, key
            assert "}" not in literal, key
            if field is not None:
                assert re.fullmatch(r"[a-z_]+", field), (key, field)
                assert not spec, key
                assert conversion is None, key
    assert set(MESSAGES) <= set(TEXTS)


def test_the_script_fills_only_templates_that_exist():
    script = (ASSETS / CONSISTENCY_JS).read_text(encoding="utf-8")
    used = set(re.findall(r'fill\(\s*"([a-z_.]+)"', script))
    used |= set(re.findall(r'DATA\.texts\["([a-z0-9_.]+)"\]', script))
    used |= set(re.findall(r"DATA\.texts\.([a-z_]+)", script))
    assert len(used) > 30
    assert used <= set(TEXTS), used - set(TEXTS)
    messages = set(re.findall(r'"((?:grim|grimmer|debit|percent|p)\.[a-z_.]+)"', script))
    assert messages & set(MESSAGES) == set(MESSAGES) - NOT_FROM_TEXT

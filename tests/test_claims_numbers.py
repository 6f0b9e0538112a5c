"""Dose normalisation: units, frequencies, ranges, number words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bacaudit.claims.numbers import parse_doses, parse_number


@pytest.mark.parametrize(
    ("text", "daily_high_mg", "per_day"),
    [
        ("20 mg q.i.d.", 80, True),
        ("20 mg QID", 80, True),
        ("10 mg t.i.d.", 30, True),
        ("5 mg three times daily", 15, True),
        ("20 mg four times a day", 80, True),
        ("10 mg twice daily", 20, True),
        ("100mg a day", 100, True),
        ("80 mg/day", 80, True),
        ("one hundred milligrams", 100, False),
        ("two grams per day", 2000, True),
        ("300-800 mcg/day", 0.8, True),
        ("300 to 800 micrograms per day", 0.8, True),
        ("50 µg", 0.05, False),
        ("10 to 80 mg per day", 80, True),
        ("1,998 mg daily", 1998, True),
    ],
)
def test_daily_amounts(text, daily_high_mg, per_day):
    doses = parse_doses(f"The dose is {text} here.")
    assert len(doses) == 1
    d = doses[0]
    assert d.daily_mg_high == pytest.approx(daily_high_mg)
    assert d.per_day is per_day


def test_ranges_and_lists_differ():
    assert [(d.low, d.high) for d in parse_doses("between 30 and 145 mg")] == [(30, 145)]
    assert [(d.low, d.high) for d in parse_doses("10 mg and 20 mg tablets")] == [(10, 10), (20, 20)]
    assert [(d.low, d.high) for d in parse_doses("from 10 mg to 20 mg daily")] == [(10, 20)]


def test_concentrations_and_weekly_doses_are_not_daily_amounts():
    assert parse_doses("an oral solution of 5 mg/5 mL") == []
    assert parse_doses("0.5 mg/kg") == []
    weekly = parse_doses("380 mg per month")
    assert weekly and weekly[0].per_week and not weekly[0].per_day


def test_spans_point_into_the_text():
    text = "Do not exceed 80 mg daily (20 mg q.i.d.) in adults."
    for d in parse_doses(text):
        assert text[d.start : d.end] == d.text
    assert [d.text for d in parse_doses(text)] == ["80 mg daily", "20 mg q.i.d."]


@pytest.mark.parametrize(
    ("words", "value"),
    [("one hundred", 100), ("twenty-five", 25), ("two thousand", 2000), ("12", 12)],
)
def test_number_words(words, value):
    assert parse_number(words) == value


@given(
    st.integers(min_value=1, max_value=500),
    st.sampled_from([("q.i.d.", 4), ("t.i.d.", 3), ("b.i.d.", 2), ("daily", 1)]),
)
def test_frequency_multiplies_any_amount(amount, freq):
    word, times = freq
    doses = parse_doses(f"Take {amount} mg {word} with food.")
    assert len(doses) == 1
    assert doses[0].daily_mg_high == amount * times
    assert doses[0].per_day

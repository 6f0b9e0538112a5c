"""Dose expressions -> normalised amounts: "20 mg q.i.d." is 80 mg/day, "one hundred
milligrams" is 100 mg, "300-800 mcg/day" is 0.3-0.8 mg/day.

A regular expression over the sentence text, because a dose is a short, rigid phrase and a
regex states its grammar in one place; the spaCy DOSE entities mark the same spans for rules
that only need to know a dose is there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNIT_FACTORS = {  # -> mg
    "mg": 1.0,
    "mgs": 1.0,
    "milligram": 1.0,
    "milligrams": 1.0,
    "g": 1000.0,
    "gm": 1000.0,
    "gram": 1000.0,
    "grams": 1000.0,
    "mcg": 0.001,
    "mcgs": 0.001,
    "µg": 0.001,
    "μg": 0.001,
    "ug": 0.001,
    "microgram": 0.001,
    "micrograms": 0.001,
}
UNIT_CANON = {
    k: ("mg" if v == 1.0 else "g" if v == 1000.0 else "mcg") for k, v in UNIT_FACTORS.items()
}

WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
}
SCALES = {"hundred": 100, "thousand": 1000}

_WORDS = sorted((w for w in [*WORD_NUMBERS, *SCALES] if len(w) > 2), key=len, reverse=True)
_WORD = "(?:" + "|".join(_WORDS) + ")"
_NUM_WORDS = rf"{_WORD}(?:[\s-]+(?:and\s+)?{_WORD}){{0,6}}"  # bounded: linear on long runs
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUM = rf"(?:{_DIGITS}|{_NUM_WORDS})"
_UNIT = r"(?:milligrams?|mgs?|micrograms?|mcgs?|[µμu]g|grams?|gm|g)(?![a-zA-Z])"
_RANGE_SEP = r"\s*(?:-|–|—|to|and|or)\s*"
_TIMES = {
    "once": 1,
    "twice": 2,
    "thrice": 3,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
    "5": 5,
    "6": 6,
}
_FREQ = (
    r"(?P<freq>"
    r"q\.?\s?i\.?\s?d\.?|t\.?\s?i\.?\s?d\.?|b\.?\s?i\.?\s?d\.?|q\.?\s?d\.?(?![a-z])|"
    r"(?:(?:once|twice|thrice|one|two|three|four|five|six|\d)\s+(?:times?\s+)?(?:a|per|each)\s+day)|"
    r"(?:(?:once|twice|thrice|one|two|three|four|five|six|\d)\s+times?\s+daily)|"
    r"(?:once|twice)\s+daily|"
    r"(?:per|a|each|every|/)\s*(?:day|d)(?![a-z])|daily|/\s*24\s*h(?:ours?)?|"
    r"(?:per|a|/)\s*(?:week|wk|month)"
    r")"
)
DOSE_RE = re.compile(
    rf"(?<![\w.])(?P<a>{_NUM})(?:{_RANGE_SEP}(?P<b>{_NUM}))?\s*-?\s*(?P<unit>{_UNIT})"
    rf"(?:(?P<b_unit_range>\s*(?:-|–|—|to)\s*(?P<b2>{_NUM})\s*(?P=unit)))?"
    rf"(?P<tail>(?:\s*\(?\s*|\s+(?:of\s+\w+\s+)?){_FREQ})?",
    re.IGNORECASE,
)
STRENGTH_RE = re.compile(r"^\s*/\s*(?:\d+(?:\.\d+)?\s*)?(?:ml|l|kg|m2)\b", re.IGNORECASE)


def parse_number(text: str) -> float | None:
    t = text.strip().lower().replace(",", "")
    try:
        return float(t)
    except ValueError:
        pass
    total, current, seen = 0, 0, False
    for w in re.split(r"[\s-]+", t):
        if w == "and" or not w:
            continue
        if w in WORD_NUMBERS:
            current += WORD_NUMBERS[w]
            seen = True
        elif w in SCALES:
            current = max(current, 1) * SCALES[w]
            if SCALES[w] >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return float(total + current) if seen else None


def times_per_day(freq: str | None) -> float | None:
    """How many administrations a frequency phrase means per day (None: a daily total)."""
    if not freq:
        return None
    f = re.sub(r"[\s.]", "", freq.lower())
    if f.startswith("qid"):
        return 4
    if f.startswith("tid"):
        return 3
    if f.startswith("bid"):
        return 2
    if f in {"qd"}:
        return 1
    if "week" in f or "wk" in f or "month" in f:
        return 0
    m = re.match(r"(once|twice|thrice|one|two|three|four|five|six|\d)(times?)?", f)
    if m and ("day" in f or "daily" in f) and m.group(1) not in {"a", "per"}:
        return float(_TIMES[m.group(1)])
    return None


@dataclass
class Dose:
    """One dose expression. `daily_*` are mg per day when the text gives a daily figure."""

    start: int  # offsets into the text that was parsed
    end: int
    text: str
    low: float  # amount in the written unit
    high: float
    unit: str  # canonical: mg, mcg, g
    per_day: bool  # the text says the amount is per day (daily, /day, q.i.d. ...)
    times: float | None  # administrations per day when a frequency multiplies the amount
    per_week: bool = False

    @property
    def is_range(self) -> bool:
        return self.high != self.low

    @property
    def mg_low(self) -> float:
        return self.low * UNIT_FACTORS[self.unit]

    @property
    def mg_high(self) -> float:
        return self.high * UNIT_FACTORS[self.unit]

    @property
    def daily_mg_high(self) -> float:
        return self.mg_high * (self.times or 1)

    @property
    def daily_mg_low(self) -> float:
        return self.mg_low * (self.times or 1)


def parse_doses(text: str) -> list[Dose]:
    """Every dose expression in `text`; concentrations ("5 mg/5 mL", "mg/kg") are skipped."""
    out: list[Dose] = []
    for m in DOSE_RE.finditer(text):
        a = parse_number(m.group("a"))
        b_text = m.group("b") or m.group("b2")
        b = parse_number(b_text) if b_text else a
        if a is None or b is None:
            continue
        if STRENGTH_RE.match(text[m.end("unit") :]):
            continue  # a concentration or per-weight dose, not an amount
        unit = UNIT_CANON.get(m.group("unit").lower().replace("μ", "µ"), "mg")
        freq = m.group("freq")
        times = times_per_day(freq)
        per_week = times == 0
        per_day = bool(freq) and not per_week
        if times == 0:
            times = None
        if times is not None and times == 1:
            times = None
        lo, hi = (a, b) if a <= b else (b, a)
        end = m.end() if freq else (m.end("b_unit_range") if m.group("b2") else m.end("unit"))
        if (
            freq
            and m.group("tail")
            and m.group("tail").lstrip().startswith("(")
            and text[end : end + 1] == ")"
        ):
            end += 1
        out.append(
            Dose(m.start(), end, text[m.start() : end], lo, hi, unit, per_day, times, per_week)
        )
    return out

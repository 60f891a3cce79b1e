"""Dates at the precision the text gives, relative ones resolved against the article's date."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.dates import FuzzyDate, dateline_date, find_dates

THURSDAY = dt.date(2024, 11, 14)


@pytest.mark.parametrize("text, expected", [
    ("attacks on Wednesday were repelled", "2024-11-13"),
    ("the town fell on Thursday", "2024-11-14"),
    ("withdrew in September 2022", "2022-09"),
    ("in the early days of the February 2022 invasion", "2022-02"),
    ("confirmed on May 12 that", "2024-05-12"),
    ("claimed on Jan. 6 that", "2024-01-06"),
    ("on 24 February 2022", "2022-02-24"),
    ("on February 24, 2022", "2022-02-24"),
    ("since 2014", "2014"),
    ("last month", "2024-10"),
    ("yesterday", "2024-11-13"),
    ("last year", "2023"),
    ("earlier in September", "2024-09"),
    ("in December", "2023-12"),
])
def test_expressions(text, expected):
    found = find_dates(text, THURSDAY)
    assert [m.date.iso for m in found] == [expected]


def test_offsets_point_at_the_expression():
    text = "Kupiansk was captured in February 2022 and retaken later."
    (mention,) = find_dates(text, THURSDAY, offset=100)
    assert text[mention.begin - 100:mention.end - 100] == "February 2022"


def test_relative_dates_need_an_article_date():
    assert find_dates("on Wednesday", None) == []
    assert [m.date.iso for m in find_dates("in March 2023", None)] == ["2023-03"]


def test_bounds_and_precision():
    month = FuzzyDate(2022, 2)
    assert (month.precision, month.earliest, month.latest) == ("month", dt.date(2022, 2, 1), dt.date(2022, 2, 28))
    assert FuzzyDate(2024).latest == dt.date(2024, 12, 31)
    assert FuzzyDate.parse("2022-09-10") == FuzzyDate(2022, 9, 10)
    with pytest.raises(ValueError):
        FuzzyDate.parse("2022-02-30")


def test_datelines():
    assert dateline_date("KHARKIV, March 3 (Reuters) - Russian forces", 2023) == dt.date(2023, 3, 3)
    assert dateline_date("Updated 12 May 2024\nRussian forces attacked") == dt.date(2024, 5, 12)
    assert dateline_date("Russian forces attacked the town on March 3.") is None

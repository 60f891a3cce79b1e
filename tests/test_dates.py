"""Dates at the precision the text gives, relative ones resolved against the article's date."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.language.dates import FuzzyDate, dateline_date, find_dates

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
    ("seized the town last May", "2024-05"),      # the latest May before the article's month
    ("seized the town last November", "2023-11"),  # not the article's own month
    ("fell a year ago", "2023"),
    ("fell almost exactly a year ago", "2023-11"),  # "exactly": that month a year back
    ("three days ago", "2024-11-11"),
    ("two weeks ago", "2024-10"),
    ("a month ago", "2024-10"),
    ("since last summer", "2024"),
    ("last winter", "2024"),
    ("in the first days of the August incursion", "2024-08"),  # a month that names an event
    ("since its December offensive began", "2023-12"),
    ("captured in May last year", "2023-05"),  # a month of a year named relative to the article's
    ("in February of this year", "2024-02"),
    ("in late March of the previous year", "2023-03"),
])
def test_expressions(text, expected):
    found = find_dates(text, THURSDAY)
    assert [m.date.iso for m in found] == [expected]


def test_a_capitalised_word_after_a_determiner_is_no_month_unless_a_noun_follows():
    assert find_dates("that May be true", THURSDAY) == []
    assert [m.date.iso for m in find_dates("the March 8 attack", THURSDAY)] == ["2024-03-08"]


def test_offsets_point_at_the_expression():
    text = "Okhtyrka was captured in February 2022 and retaken later."
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


@pytest.mark.parametrize("head, expected", [
    ("By A Writer\nPublished: 14:05 GMT, 3 June 2023\nUkrainian forces advanced.", dt.date(2023, 6, 3)),
    ("Sat 11 Jun 2023 10.45 BST\nUkraine said its troops advanced.", dt.date(2023, 6, 11)),
    ("Posted on 7/17/2024\nUkrainian forces withdrew.", dt.date(2024, 7, 17)),
    ("A headline\n\n17.07.2024 12:00\nUkrainian forces withdrew.", dt.date(2024, 7, 17)),
])
def test_page_time_stamps(head, expected):
    assert dateline_date(head) == expected


def test_a_date_inside_a_long_sentence_is_no_time_stamp():
    text = "Russian forces captured the town after a battle that began on May 3, 2022, officials said at length."
    assert dateline_date(text) is None


def test_datelines_are_blanked_where_the_news_starts():
    from kg.corpus.boilerplate import parse_text

    wire = "Headline of the story\n\nMOSCOW (Reuters) - Russian forces advanced."
    assert parse_text(wire).split("\n")[-1].lstrip().startswith("Russian forces")
    tass = "LUGANSK, December 27. /TASS/. The militia said it repelled attacks."
    assert parse_text(tass).lstrip().startswith("The militia")
    assert len(parse_text(tass)) == len(tass)
    # a place in title case, with the site's credit in brackets and a colon
    site = "Romny, Ukraine, (Some Point News - 13th Jan, 2023 ) :Russia said Friday it took Shostka."
    assert parse_text(site).lstrip().startswith("Russia said")
    # but a sentence that starts with a name and a bracket is no dateline
    plain = "Romny (a town of 50,000) was shelled overnight, officials said."
    assert parse_text(plain) == plain


def test_a_vague_reckoning_gives_way_to_the_date_written_beside_it():
    found = find_dates("About a month ago, on October 7, the channel wrote that", THURSDAY)
    assert [m.date.iso for m in found] == ["2024-10-07"]


def test_the_same_day_is_the_day_named_last_before_it():
    text = "On November 3, the town was shelled. On the same day, the governor said the bridge was down."
    found = [(text[m.begin:m.end], m.date.iso) for m in find_dates(text, THURSDAY)]
    assert found == [("November 3", "2024-11-03"), ("the same day", "2024-11-03")]

"""The page layout rules of pdf.py on lines placed as a PDF would place them: what is page
furniture, and which lines end where."""

import pytest
from fpdf import FPDF

from meetings.ingest.extract import extract_text
from meetings.ingest.pdf import Line, layout_text

HEADER = "Lejre Kommune - Referat"


def _line(text, top, *, left=60.0, right=None, weight=400):
    right = left + 5.5 * len(text) if right is None else right
    first_word = left + 5.5 * len(text.split(" ")[0])
    return Line(text, left, right, top, top - 11.7, first_word, weight, weight)


def _page(number: int, pages: int, body: list[Line]) -> list[Line]:
    footer = _line(f"Side {number} af {pages}", 40.5, left=482.7)
    return [_line(HEADER, 797.3), *body, footer]


def test_a_section_heading_that_opens_two_pages_of_three_is_kept():
    pages = [
        _page(1, 3, [_line("Punkt 1: KB - Takster", 773.9, weight=700), _line("24-001", 752)]),
        _page(2, 3, [_line("Beslutning", 773.9, weight=700), _line("Godkendt.", 752)]),
        _page(3, 3, [_line("Beslutning", 773.9, weight=700), _line("Drøftet.", 752)]),
    ]

    text = layout_text(pages)

    assert HEADER not in text and "Side" not in text
    assert text.count("Beslutning") == 2


def test_a_line_at_the_top_of_only_some_pages_of_many_is_content():
    # "Bilag" opens 2 of 8 pages and "Godkendt." 4 of 8: the running header opens all 8.
    bodies = [[_line("Tekst på siden.", 773.9)] for _ in range(8)]
    bodies[2] = [_line("Bilag", 773.9, weight=700)]
    bodies[5] = [_line("Bilag", 773.9, weight=700)]
    for index in (1, 3, 4, 7):
        bodies[index] = [_line("Godkendt.", 773.9)]
    pages = [_page(number, 8, body) for number, body in enumerate(bodies, start=1)]

    text = layout_text(pages)

    assert HEADER not in text
    assert text.count("Bilag") == 2
    assert text.count("Godkendt.") == 4


def test_headers_that_alternate_between_left_and_right_pages_are_dropped():
    left, right = "Kommunalbestyrelsen", "Referat 30. marts 2026"
    words = ["Et", "To", "Tre", "Fire", "Fem", "Seks"]
    pages = []
    for number, word in enumerate(words, start=1):
        header = _line(right if number % 2 else left, 797.3)
        footer = _line(f"Side {number} af 6", 40.5, left=482.7)
        pages.append([header, _line(f"{word}.", 773.9), footer])

    text = layout_text(pages)

    assert left not in text and right not in text
    assert all(f"{word}." in text for word in words)


def test_a_running_header_missing_from_the_first_page_is_still_dropped():
    words = ["Et", "To", "Tre", "Fire", "Fem", "Seks"]
    pages = [_page(n, 6, [_line(f"{word}.", 773.9)]) for n, word in enumerate(words, start=1)]
    pages[0] = pages[0][1:]

    text = layout_text(pages)

    assert HEADER not in text
    assert text.split() == [f"{word}." for word in words]


def _two_page_pdf(first_page_lines: int, cells: list[str]) -> bytes:
    """A running header on each page, full-width prose on page one and on page two after a
    table row that opens it (each cell written on its own, as a converter lays out cells)."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", "", 10)
    prose = "Vinteren har været hård med mange udkald til saltning og snerydning i"
    while pdf.get_string_width(prose + " igen") < 170:
        prose += " igen"
    for page in (1, 2):
        pdf.add_page()
        pdf.set_xy(20, 10)
        pdf.cell(0, 5, "Referat - Kommunalbestyrelsen")
        if page == 1:
            for index in range(first_page_lines):
                pdf.set_xy(20, 25 + 5 * index)
                pdf.cell(0, 5, prose)
        else:
            for column, cell in enumerate(cells):
                pdf.set_xy(20 + 30 * column, 25)
                pdf.cell(28, 5, cell)
            for index in range(4):
                pdf.set_xy(20, 35 + 5 * index)
                pdf.cell(0, 5, prose)
    return bytes(pdf.output())


def test_a_table_row_opening_a_page_is_not_joined_to_the_line_before_the_break():
    # Page one is full to its last line, whose end reaches the right margin: only the cells
    # tell that the first line of page two is a row of its own, not the wrapped rest of it.
    cells = ["Opgave", "Budget", "Forbrug", "Afvigelse"]

    text = extract_text(_two_page_pdf(50, cells)).text

    assert "Opgave Budget Forbrug Afvigelse" in text.split("\n")
    assert "Referat - Kommunalbestyrelsen" not in text


@pytest.mark.parametrize("leader", ["......", ". . . . . .", "…", "· · · · ·", "_____"])
def test_a_contents_line_ending_in_a_leader_and_page_number_ends_its_line(leader):
    # Each contents line ends near the right margin, where the next one's first word would
    # have fitted: only the leader and the page number tell that the line ends there.
    entries = [
        f"KF/SSÆ - Præsentation af økonomi på udvalgets område {leader} 4",
        f"SSÆ - Kvalitetsstandard for praktisk hjælp i hele kommunen {leader} 6",
        "Prosa der fylder hele bredden af siden, med et ord til sidst på linjen.",
    ]
    lines = [_line(text, 700 - 14 * index, right=520) for index, text in enumerate(entries)]

    assert layout_text([lines]).split("\n") == entries

"""Whatever it is fed, the ingest front end answers with a result or a ReferatError, never
another exception."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.ingest.errors import ReferatError
from meetings.ingest.extract import extract_text
from meetings.ingest.parse import parse_referat
from tests.ingest.make_pdf import referat_pdf

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
REFERAT = (FIXTURES / "jai-2026-03-03.txt").read_text(encoding="utf-8")
REFERAT_LINES = REFERAT.split("\n")
MARKDOWN_LINES = (FIXTURES / "jai-2022-05-04.md").read_text(encoding="utf-8").split("\n")
PDF = referat_pdf("\n".join(REFERAT_LINES[:80]), running_header="")

# Text that looks like a referat often enough to reach the deep parts of the parser.
referat_like_lines = st.one_of(
    st.sampled_from(REFERAT_LINES + MARKDOWN_LINES),
    st.text(max_size=80),
    st.sampled_from(["Punkt 1: JAI - X", "Beslutning", "Sagens forløb", "Bilag", "Afbud:", ""]),
    st.from_regex(
        r"\d{1,2}[-/]\d{1,2}[-/]\d{4} [A-ZÆØÅa-z ]{0,20}( - \d{4}-\d{4})?", fullmatch=True
    ),
)


def _parse_or_refuse(text: str) -> None:
    try:
        referat = parse_referat(text)
    except ReferatError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert referat["items"] and isinstance(referat["warnings"], list)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_of_arbitrary_text(text):
    _parse_or_refuse(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(referat_like_lines, max_size=60))
def test_parse_of_referat_like_lines(lines):
    _parse_or_refuse("REFERAT Udvalget - 2026-2029 d. 03-03-2026\n" + "\n".join(lines))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_parse_of_a_real_referat_with_lines_dropped_and_shuffled(data):
    keep = data.draw(
        st.lists(st.booleans(), min_size=len(REFERAT_LINES), max_size=len(REFERAT_LINES))
    )
    lines = [line for line, kept in zip(REFERAT_LINES, keep, strict=True) if kept]
    if data.draw(st.booleans()):
        lines = data.draw(st.permutations(lines))
    _parse_or_refuse("\n".join(lines))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048))
def test_extract_of_arbitrary_bytes(data):
    try:
        extracted = extract_text(data)
    except ReferatError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert extracted.format in ("pdf", "text")


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_extract_of_a_damaged_pdf(data):
    damaged = bytearray(PDF)
    for _ in range(data.draw(st.integers(1, 20))):
        position = data.draw(st.integers(0, len(damaged) - 1))
        damaged[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(damaged)))
    try:
        extracted = extract_text(bytes(damaged[:cut]), timeout=10)
    except ReferatError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert isinstance(extracted.text, str)

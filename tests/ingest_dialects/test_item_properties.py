"""Item detection never takes a line inside a section or a case history for a new item:
referater generated in every heading form, their sections holding numbered lists, decisions
in parts, dates and lone numbers, their case histories (both layouts) holding `Punkt N:` and
`Punktnummer: N` lines with any number, parse to exactly the items they were made of, also as
page text with no blank lines. And the dialect referater's lines in any order are parsed or
refused, never crash the parser."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.ingest.errors import ReferatError
from meetings.ingest.parse import parse_referat

TITLES = [
    "Budget 2027",
    "Lokalplan 12 for Hvalsø Bymidte",
    "Ny affaldsordning for haveaffald",
    "Skolestruktur 2021",
    "Tilskud til foreningernes lokaler",
    "Klimaplan 2030 - status",
    "Salg af grund i erhvervsområde Nord",
    "Ældrepolitik 2022-2025",
]
STANDING = ["Godkendelse af dagsorden", "Eventuelt", "Godkendelse af referat"]
CASE_NUMBERS = ["25-009324", "21-3658A", "EMN-2025-003383", "20/33839", "Sagsnr.: 19/2484"]
DECISIONS = ["Beslutning", "Beslutninger", "Beslutning i Økonomiudvalget den 4. marts 2026:"]
SECTIONS = ["Resumé", "Indstilling", "Sagsfremstilling", "Det indstilles:", "Fremstilling"]
PROSE = [
    "Forvaltningen har undersøgt sagen og anbefaler den løsning, der er beskrevet nedenfor.",
    "Udgiften på 538.750 kr. afholdes inden for rammen.",
    "Punkt 3 og 4 behandles samlet.",
    "Pkt. 2 blev udsat på sidste møde.",
    "Den 3. marts 2026 holdt udvalget et temamøde om sagen.",
    "15. januar 2026 blev planen sendt i høring.",
    "2026",
]


def _heading(form: str, number: int, title: str) -> str:
    return {
        "punkt": f"Punkt {number}: {title}",
        "pkt": f"Pkt. {number} {title}",
        "number": f"{number}. {title}",
        "spaced": f"{number}.   {title}",
        "glued": f"{number}{title}",
        "alone": f"{number}\n{title}",
    }[form]


@st.composite
def numbered_lines(draw, start_word: str) -> str:
    """A numbered list from 1, as its own paragraphs or as one, perhaps after an
    introduction ending in a colon."""
    count = draw(st.integers(1, 6))
    words = draw(st.sampled_from([["at planen godkendes", "at rammen fastholdes"], None]))
    lines = []
    for n in range(1, count + 1):
        if words:
            lines.append(f"{n}. {words[(n - 1) % 2]},")
        else:
            lines.append(f"{n}. {draw(st.sampled_from(['Drift', 'Anlæg', 'Finansiering']))}")
    intro = f"{start_word}:\n\n" if draw(st.booleans()) else ""
    joint = "\n\n" if draw(st.booleans()) else "\n"
    return intro + joint.join(lines)


@st.composite
def section_body(draw, numbers: list[int]) -> str:
    paras = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["prose", "list", "lone", "punkt"]))
        if kind == "prose":
            paras.append(draw(st.sampled_from(PROSE)))
        elif kind == "list":
            paras.append(draw(numbered_lines(draw(st.sampled_from(["Planen har tre dele"])))))
        elif kind == "lone":  # a table cell or a page number on a line of its own
            lone = draw(st.sampled_from(numbers))
            paras.append(f"{lone}\nAdministrationen vurderer, at planen kan gennemføres.")
        else:  # a reference to an item in running text
            paras.append(f"Se punkt {draw(st.sampled_from(numbers))} på dagsordenen.")
    return "\n\n".join(paras)


@st.composite
def decision_body(draw) -> str:
    if draw(st.booleans()):
        return draw(st.sampled_from(["Godkendt.", "Indstillingen tiltrådt.", "Drøftet"]))
    parts = draw(st.integers(2, 4))
    outcomes = ["Godkendt", "Anbefales", "Taget til efterretning", "Ikke godkendt"]
    return "\n\n".join(f"{n}. {draw(st.sampled_from(outcomes))}" for n in range(1, parts + 1))


@st.composite
def history(draw, numbers: list[int]) -> str:
    """A case history in either layout, its entries naming items of other meetings by any
    number: "Punkt N: <title>" over the decision, "Punkt N: <decision>.", "Punktnummer: N"."""
    entries = []
    blocks = draw(st.booleans())
    for day in range(1, draw(st.integers(1, 3)) + 1):
        number = draw(st.sampled_from(numbers + [1, 2, 99]))
        title = draw(st.sampled_from(TITLES))
        said = draw(
            st.sampled_from(
                [
                    f"Punkt {number}: {title}\nAnbefales.",
                    f"Punkt {number}: Sagen blev udsat.",
                    f"{number}. {title}\nAnbefales.",
                    "Taget til efterretning.",
                ]
            )
        )
        if draw(st.booleans()):
            said += "\nAfbud: Ole Blickfeldt"
        if blocks:
            entries.append(
                f"Udvalg: Økonomiudvalget\nDato: 0{day}-03-2026\nPunktnummer: {number}\n{said}"
            )
        else:
            entries.append(f"0{day}/03/2026 Økonomiudvalget - 2026-2029\n{said}")
    return ("Sagsforløb" if blocks else "Sagens forløb") + "\n\n" + "\n\n".join(entries)


@st.composite
def referater(draw):
    form = draw(st.sampled_from(["punkt", "pkt", "number", "spaced", "glued", "alone"]))
    # Small first numbers most often: there numbered lines inside sections ("1. ...", "2. ...")
    # have the numbers the next items have.
    start = draw(st.one_of(st.integers(1, 3), st.integers(1, 190)))
    gaps = draw(st.lists(st.integers(1, 3), min_size=1, max_size=6))
    numbers = [start]
    for gap in gaps:
        numbers.append(numbers[-1] + gap)
    items = []
    for position, number in enumerate(numbers):
        standing = position == len(numbers) - 1 or position == 0 and draw(st.booleans())
        title = draw(st.sampled_from(STANDING if standing else TITLES))
        lines = [_heading(form, number, title)]
        if not standing:
            lines.append(draw(st.sampled_from(CASE_NUMBERS)))
        order = draw(st.permutations(["decision", "history", "sections"]))
        for part in order:
            if part == "decision":
                lines += [draw(st.sampled_from(DECISIONS)), draw(decision_body())]
            elif part == "history" and not standing and draw(st.booleans()):
                lines.append(draw(history(numbers)))
            elif part == "sections" and not standing:
                for heading in draw(st.lists(st.sampled_from(SECTIONS), max_size=3, unique=True)):
                    lines += [heading, draw(section_body(numbers))]
        if not standing and draw(st.booleans()):
            lines += ["Bilag", "Bilag 1: Notat.pdf"]
        items.append((number, title, "\n\n".join(lines)))
    header = "REFERAT Økonomiudvalget - 2026-2029 d. 04-03-2026\n\nMødedato Onsdag d. 4. marts 2026"
    if draw(st.booleans()):
        toc = "\n".join(f"{_heading(form, n, t).split(chr(10))[-1]}.....{n}" for n, t, _ in items)
        header += "\n\nIndholdsfortegnelse\n\n" + toc
    return header + "\n\n" + "\n\n".join(text for _, _, text in items), items


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(referater())
def test_items_are_exactly_the_headings_the_referat_was_made_of(generated):
    text, items = generated

    referat = parse_referat(text)

    assert [(i["number"], i["title"]) for i in referat["items"]] == [(n, t) for n, t, _ in items]
    assert not [w for w in referat["warnings"] if "tekst før første afsnit" in w]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(referater())
def test_items_are_found_in_page_text_with_no_blank_lines(generated):
    # As a page-by-page converter gives it: no blank line anywhere, two pages with footers.
    text, items = generated
    lines = [line for line in text.split("\n") if line.strip()]
    half = len(lines) // 2
    pages = ["\n".join(lines[:half]), "\n".join(lines[half:])]
    text = "\f".join(f"{page}\nSide {n} af 2" for n, page in enumerate(pages, start=1))

    referat = parse_referat(text)

    assert [(i["number"], i["title"]) for i in referat["items"]] == [(n, t) for n, t, _ in items]


DIALECT_LINES = [
    line
    for path in sorted((Path(__file__).resolve().parent / "referater").iterdir())
    for line in path.read_text(encoding="utf-8").split("\n")
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(DIALECT_LINES), max_size=80))
def test_parse_of_dialect_lines_in_any_order_answers_or_refuses(lines):
    try:
        referat = parse_referat("\n".join(lines))
    except ReferatError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert referat["items"]
        assert all(
            w.startswith(("Punkt ", "hovedet:", "Indholdsfortegnelse:", "punkterne "))
            for w in referat["warnings"]
        )

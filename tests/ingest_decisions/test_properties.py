"""Properties of the reading: numbers that are no money never become money, a Danish-style sum
is read exactly, and no input makes the reading raise."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from meetings.ingest.decisions import (
    ABSTAIN,
    AGAINST,
    FOR,
    RESERVATION,
    DecisionReading,
    enrich,
    read_amounts,
    read_decision,
)

MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]
MONEY_SECTIONS = [
    "Indstilling",
    "Beslutning",
    "Økonomi og finansiering",
    "Økonomiske konsekvenser",
    "Bevillingsmæssige konsekvenser",
]

dates = st.builds(
    lambda d, fmt: fmt(d),
    st.dates(),
    st.sampled_from(
        [
            lambda d: f"{d.day}. {MONTHS[d.month - 1]} {d.year}",
            lambda d: f"den {d.day:02d}. {MONTHS[d.month - 1]} {d.year}",
            lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
            lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
            lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
            lambda d: d.isoformat(),
            lambda d: f"{d.day}. {MONTHS[d.month - 1]}",
        ]
    ),
)
times = st.builds(lambda h, m: f"kl. {h:02d}.{m:02d}", st.integers(0, 23), st.integers(0, 59))
paragraphs = st.builds(
    lambda n, m, fmt: fmt.format(n=n, m=m),
    st.integers(1, 300),
    st.integers(1, 12),
    st.sampled_from(
        ["§ {n}, stk. {m}", "§ {n} stk. {m}", "§§ {n} og {m}", "jf. § {n}, stk. {m}, nr. {m}"]
    ),
)
percentages = st.builds(
    lambda whole, dec, fmt: fmt.format(x=f"{whole},{dec}" if dec else str(whole)),
    st.integers(0, 100),
    st.sampled_from(["", "1", "25", "9"]),
    st.sampled_from(["{x} %", "{x}%", "{x} pct.", "{x} procent", "{x} pct.-point"]),
)
phones = st.builds(
    lambda digits, fmt: fmt.format(*digits),
    st.lists(st.integers(10, 99), min_size=4, max_size=4),
    st.sampled_from(["{} {} {} {}", "tlf. {} {} {} {}", "+45 {}{}{}{}", "tlf. {}{} {}{}"]),
)
case_numbers = st.one_of(
    st.builds(lambda y, n: f"{y:02d}-{n:06d}", st.integers(0, 99), st.integers(0, 999999)),
    st.builds(
        lambda y, n, x: f"{y:02d}-{n}{x}",
        st.integers(0, 99),
        st.integers(1, 9999),
        st.sampled_from("ABC"),
    ),
    st.builds(lambda y, n: f"EMN-{y}-{n:06d}", st.integers(2000, 2030), st.integers(0, 999999)),
    st.builds(lambda y, n: f"{y:02d}/{n}", st.integers(0, 99), st.integers(1, 99999)),
    st.builds(lambda a, b: f"{a:02d}.{b:02d}.02-G01-5-17", st.integers(0, 99), st.integers(0, 99)),
)
item_numbers = st.builds(
    lambda n, fmt: fmt.format(n=n),
    st.integers(1, 60),
    st.sampled_from(
        ["Punkt {n}", "pkt. {n}", "sag nr. {n}", "punkt {n}.b", "indstillingspunkt {n}"]
    ),
)
counts = st.builds(
    lambda n, noun: f"{n} {noun}",
    st.integers(0, 5000),
    st.sampled_from(["borgere", "årsværk", "ledige", "elever", "måneder", "fuldtidspersoner"]),
)
years = st.builds(
    lambda y, fmt: fmt.format(y=y, z=y + 3),
    st.integers(1990, 2040),
    st.sampled_from(["i {y}", "{y}", "{y}-{z}", "budget {y}-{z}", "i perioden {y} til {z}"]),
)
not_money = st.one_of(
    dates, times, paragraphs, percentages, phones, case_numbers, item_numbers, counts, years
)
fillers = st.sampled_from(
    ["Det fremgår af", "og", "samt", ", hvor", "i henhold til", "jf.", "ved", "."]
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(fillers, not_money), min_size=1, max_size=6), st.sampled_from(MONEY_SECTIONS)
)
def test_no_date_paragraph_percentage_phone_or_case_number_is_money(parts, heading):
    text = " ".join(f"{filler} {fragment}" for filler, fragment in parts) + "."

    assert read_amounts([{"heading": heading, "text": text}]) == []


def _danish(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@st.composite
def danish_sums(draw):
    """A sum written Danish style, and its value in kroner."""
    negative = draw(st.booleans())
    if draw(st.booleans()):
        whole = draw(st.integers(0, 10**9))
        decimals = draw(st.sampled_from(["", "00", "5", "25", "89"]))
        unit = draw(st.sampled_from(["kr.", "kroner", "kr"]))
        number = _danish(whole) + (f",{decimals}" if decimals else "")
        value = Decimal(f"{whole}.{decimals or 0}")
    else:
        whole = draw(st.integers(0, 999))
        decimals = draw(st.sampled_from(["", "1", "8", "25", "657"]))
        unit, factor = draw(
            st.sampled_from([("mio. kr.", 10**6), ("mio.", 10**6), ("mia. kr.", 10**9)])
        )
        number = str(whole) + (f",{decimals}" if decimals else "")
        value = Decimal(f"{whole}.{decimals or 0}") * factor
    sign = "-" if negative else ""
    return f"{sign}{number} {unit}", -value if negative else value


@settings(max_examples=400, deadline=None)
@given(
    danish_sums(),
    st.lists(st.tuples(fillers, not_money), max_size=3),
    st.lists(st.tuples(fillers, not_money), max_size=3),
    st.sampled_from(MONEY_SECTIONS),
)
def test_a_danish_style_sum_is_read_exactly(sum_and_value, before, after, heading):
    written, value = sum_and_value
    noise_before = " ".join(f"{f} {x}" for f, x in before)
    noise_after = " ".join(f"{f} {x}" for f, x in after)
    text = f"{noise_before} Der gives en bevilling på {written} til projektet {noise_after}."

    found = read_amounts([{"heading": heading, "text": text}])

    assert [Decimal(str(a["amount"])) for a in found] == [value]
    assert found[0]["section"] == heading


decision_lines = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "For stemte: Tina Mandrup (V) og Lotte Greve (V) - i alt 2.",
            "Imod stemte:",
            "(Ø) med bemærkning om, ”at Enhedslisten stemmer imod",
            "Ændringsforslag fra Lotte Greve (V):",
            "Ændringsforslaget blev ikke vedtaget.",
            "Ad 2",
            "2. a. Ø stemte imod.",
            "Afbud: Torben Hoffmann (Stedfortræder: Conni Bergendorff), Tina Rottbøll",
            "Ikke til stede:",
            "Et flertal (A, V og C) kunne tiltræde indstillingen",
            "Mehmet Zeki Dogru (Ø) stemte imod pkt. 1-4 og stemmer for pkt. 5.",
            "Med stemmerne 20 for og 1 imod godkendte Byrådet indstillingspunkt 3.",
            "",
        ]
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(decision_lines, max_size=8))
def test_any_decision_text_reads_without_raising(lines):
    reading = read_decision("\n".join(lines))

    assert isinstance(reading, DecisionReading)
    for position in reading.positions:
        assert position["position"] in (FOR, AGAINST, ABSTAIN, RESERVATION)
        assert position["name"] or position["party"] or position["text"]
    assert all(isinstance(name, str) and name for name in reading.absent)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
items = st.fixed_dictionaries(
    {},
    optional={
        "decision": st.one_of(json_values, decision_lines),
        "sections": st.one_of(
            json_values,
            st.lists(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "heading": st.one_of(json_values, st.sampled_from(MONEY_SECTIONS)),
                        "text": st.one_of(json_values, st.just("1,8 mio. kr. i 2026")),
                    },
                ),
                max_size=3,
            ),
        ),
        "absent": st.one_of(json_values, st.lists(st.text(max_size=20), max_size=3)),
    },
)
referats = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {},
        optional={
            "items": st.one_of(json_values, st.lists(st.one_of(items, json_values), max_size=4)),
            "participants": st.one_of(
                json_values,
                st.lists(
                    st.fixed_dictionaries({}, optional={"name": json_values, "party": json_values}),
                    max_size=3,
                ),
            ),
        },
    ),
)


@settings(max_examples=300, deadline=None)
@given(referats)
def test_enrich_never_raises(referat):
    result = enrich(referat)

    if isinstance(referat, dict):
        assert isinstance(result, dict)
        assert result is not referat

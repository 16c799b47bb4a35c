"""Sums of money read from an item's Indstilling, Beslutning and economy sections: Danish
notation, grant kinds and budget years, tables with years as columns, and the numbers that are
never money."""

import pytest

from meetings.ingest.decisions import read_amounts

ECONOMY = "Økonomi og finansiering"


def amounts(text: str, heading: str = ECONOMY) -> list[tuple]:
    """(amount, kind, year) of each sum read from one section."""
    return [
        (a["amount"], a["kind"], a["year"])
        for a in read_amounts([{"heading": heading, "text": text}])
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # fixtures/jai-2026-03-03.txt, Punkt 5, Indstilling
        (
            "2. at der for bevilling 5.10.11 (bevillingen for arbejdsmarkedsforanstaltninger og "
            "forsørgelsesydelse) meddeles udgiftsbevilling på 538.750 kr. i 2026, og "
            "indtægtsbevilling på 431.000 i 2027 for den regionale uddannelsespulje",
            [(538750, "udgiftsbevilling", 2026), (431000, "indtægtsbevilling", 2027)],
        ),
        (
            "3. at der for bevilling 5.10.11 omplaceres 107.750 kr. i 2026 til den regionale "
            "uddannelsespulje fra driftsudgifter til den kommunale beskæftigelsesindsats til at "
            "dække egenfinansieringen på 20 %.",
            [(107750, "omplacering", 2026)],
        ),
        (
            "Lejre Kommune har i 2025 fået bevilliget 1,8 mio. kr. i puljemidler.",
            [(1800000, None, 2025)],
        ),
        ("Indtægt -406.560,00 kr.", [(-406560, None, None)]),
        (
            "I Lejre Kommune medfører det i 2026 en besparelse på 4,1 mio. kr.",
            [(4100000, None, 2026)],
        ),
        (
            "På landsplan skal der i 2030 være en årlig besparelse på ca. 3 mia. kr.",
            [(3 * 10**9, None, 2030)],
        ),
        (
            "Lejre Kommune fik tilsagn om 1.834.319,32 kr. i perioden 2025 til og med 2028.",
            [(1834319.32, None, None)],
        ),
        ("Dertil kommer 912.001,25 kroner i medfinansiering.", [(912001.25, None, None)]),
        ("Ledighedsydelsesmodtager 118.195,5 kr.", [(118195.5, None, None)]),
        # Greve, Økonomiske konsekvenser and Indstilling, as printed
        (
            "Der er i forbindelse med vedtagelsen af budget 2022 meddelt anlægsbevilling på 160 t. "
            "kr. til rådgivning. Med denne sag søges der om frigivelse af de resterende "
            "2,44 mio. kr.",
            [(160000, "anlægsbevilling", None), (2440000, None, None)],
        ),
        (
            "Det resterende rådighedsbeløb på puljen i 2023 er derfor på 13,657 mio. kr.",
            [(13657000, "rådighedsbeløb", 2023)],
        ),
        (
            "Byrådet godkendte den 22. august 2025 (pkt. 2) en tillægsbevilling på op til 1,6 mio. "
            "kr. til renovering af kunstgræsbanen i Hundige.",
            [(1600000, "tillægsbevilling", None)],
        ),
        (
            "Det er foreløbigt estimeret, at de økonomiske konsekvenser vil kunne beløbe sig til "
            "et "
            "spændingsfelt mellem 1,3 mio. og 2,5 mio. Det relativt store spænd skyldes ...",
            [(1300000, None, None), (2500000, None, None)],
        ),
        (
            "heraf 1,5 mio. kr. i 2022 og 5,325 mio. kr. i 2023.",
            [(1500000, None, 2022), (5325000, None, 2023)],
        ),
        ("Der er afsat 13 mio. kr. i Genopretningspuljen i 2022.", [(13000000, None, 2022)]),
        ("Det svarer til 828.000 kr. i 2023-PL.", [(828000, None, None)]),
        (
            "Kysdirektoratet anslår et prisniveau på ca. 1,3 millioner kroner pr. bølgebryder.",
            [(1300000, None, None)],
        ),
        (
            "Udvalget besluttede at sænke deltagerprisen til 75,- kr. pr. person.",
            [(75, None, None)],
        ),
        ("Prisen er kr. 25.000,- inkl. moms.", [(25000, None, None)]),
        ("Et fradrag på ÷ 12.500 kr.", [(-12500, None, None)]),
        (
            "2. at Kommunalbestyrelsen godkender udgifts- og indtægtsbevillingerne på 813.121 kr.",
            [(813121, None, None)],
        ),
        ("Udvalget har 38.200 kr. til rådighed til udvalgets arbejde.", [(38200, None, None)]),
    ],
)
def test_sums_in_sentences(text, expected):
    assert amounts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "jf. § 4, stk. 2, i lov om kommunernes styrelse",
        "Egenfinansieringen er på 20 %, og 40 pct. af puljen udbetales i 2. rate.",
        "Lejre Kommune har den 17. juni 2025 modtaget tilsagnet; mødet er den 02/03/2026 "
        "kl. 16.00.",
        "Spørgsmål til Jobcentret på tlf. 43 97 97 97 eller +45 46 46 48 48.",
        "Sagen 25-009324 og sagen 21-3658A blev behandlet under punkt 3, sag nr. 16.",
        "I 2025 blev 130 borgere henvist, og der er 5 årsværk i perioden 2025-2028.",
        "for bevilling 5.10.11 (bevillingen for arbejdsmarkedsforanstaltninger)",
        "Der er 5,9 mio. danskere, og 1,2 mio. borgere bor i Region Hovedstaden.",
        "Overslag i 1.000 kr.",
        "Alle beløb er i 1.000 kr. (2022-priser)",
        "(1.000 kr.)",
        "Sagen har ingen økonomiske konsekvenser.",
    ],
)
def test_never_money(text):
    assert amounts(text) == []


def test_an_amount_keeps_its_section_and_sentence():
    sections = [
        {
            "heading": "Indstilling",
            "text": "Direktionen indstiller:\n\n"
            "1. at der gives en udgiftsbevilling på 538.750 kr. i 2026.",
        },
    ]

    assert read_amounts(sections) == [
        {
            "amount": 538750,
            "kind": "udgiftsbevilling",
            "year": 2026,
            "section": "Indstilling",
            "text": "1. at der gives en udgiftsbevilling på 538.750 kr. i 2026.",
        }
    ]


@pytest.mark.parametrize(
    "heading, read",
    [
        ("Indstilling", True),
        ("Beslutning", True),
        ("Beslutning i Økonomiudvalget den 12. januar 2021:", True),
        ("Økonomi og finansiering", True),
        ("Økonomiske konsekvenser", True),
        ("Økonomiske  konsekvenser", True),  # Greve's field, as printed
        ("Bevillingsmæssige konsekvenser", True),
        ("Det indstilles:", True),
        ("Resumé", False),
        ("Sagsfremstilling", False),
        ("Sagsbeskrivelse", False),
        ("Beslutningskompetence", False),
        ("Administrationens vurdering", False),
        ("Sagens forløb", False),
    ],
)
def test_the_sections_read(heading, read):
    assert bool(amounts("Der gives 1,5 mio. kr.", heading)) is read


# Tables with years as columns ------------------------------------------------------------------


def test_a_markdown_table_with_years_as_columns():
    text = (
        "| Udgiftsbevilling | 2026 | 2027 |\n"
        "|---|---|---|\n"
        "| Drift | 100.000 | 250.000 |\n"
        "| Anlæg | 1.500.000 | |\n"
    )

    assert read_amounts([{"heading": ECONOMY, "text": text}]) == [
        {
            "amount": 100000,
            "kind": "udgiftsbevilling",
            "year": 2026,
            "section": ECONOMY,
            "text": "Drift 100.000 250.000",
        },
        {
            "amount": 250000,
            "kind": "udgiftsbevilling",
            "year": 2027,
            "section": ECONOMY,
            "text": "Drift 100.000 250.000",
        },
        {
            "amount": 1500000,
            "kind": "udgiftsbevilling",
            "year": 2026,
            "section": ECONOMY,
            "text": "Anlæg 1.500.000",
        },
    ]


def test_a_tab_table_keeps_its_empty_cells_and_so_its_years():
    # fixtures/jai-2026-03-03.txt, Punkt 6, as the text file has it (tabs), a Total column last.
    text = (
        "\t2026\t2027\t2028\t2029\tTotal\n"
        "Udgift\t161.982,49 kr.\t325.568,76 kr.\t325.568,75 kr.\t0,00 kr.\t813.120 kr.\n"
        "Indtægt\t\t-406.560,00 kr.\t\t-406.560,00 kr.\t-813.120 kr.\n"
    )

    assert amounts(text) == [
        (161982.49, None, 2026),
        (325568.76, None, 2027),
        (325568.75, None, 2028),
        (0, None, 2029),
        (813120, None, None),
        (-406560, None, 2027),
        (-406560, None, 2029),
        (-813120, None, None),
    ]


def test_a_table_as_the_parser_leaves_it_in_the_unit_of_its_header():
    # fixtures/jai-2026-02-03.md, Punkt 3: the cells joined by spaces, "Mio. kr." the unit.
    text = (
        "Scenarie 2: Modereret gennemslagskraft (40 % af fuld besparelse)\n"
        "2026-PL\n"
        "Mio. kr. 2026 2027 2028 2029\n"
        "Reduktion konto 5 (driftsudgifter til indsatser) -1,0 -2,0 -2,0 -2,0\n"
        "I alt -4,1 -8,1 -8,1 -8,1"
    )

    assert amounts(text) == [
        (-1000000, None, 2026),
        (-2000000, None, 2027),
        (-2000000, None, 2028),
        (-2000000, None, 2029),
        (-4100000, None, 2026),
        (-8100000, None, 2027),
        (-8100000, None, 2028),
        (-8100000, None, 2029),
    ]


def test_a_row_that_cannot_be_aligned_with_the_years_has_none():
    # The parser joins cells by spaces and drops empty ones: which years "Indtægt" has is lost.
    text = (
        "2026 2027 2028 2029 Total\n"
        "Udgift 161.982,49 kr. 325.568,76 kr. 325.568,75 kr. 0,00 kr. 813.120 kr.\n"
        "Indtægt -406.560,00 kr. -406.560,00 kr. -813.120 kr."
    )

    assert [a[2] for a in amounts(text)] == [2026, 2027, 2028, 2029, None, None, None, None]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Afledte driftsudgifter (1.000 kr.)\t2022\t2023\nHusleje\t304\t304\n",
            [(304000, None, 2022), (304000, None, 2023)],
        ),
        (
            "Budget i t. kr.\n| Projekt | 2022 | 2023 |\n"
            "| Mosedeskolen, branddøre | 1.000 | 400 |\n",
            [(1000000, None, 2022), (400000, None, 2023)],
        ),
        (
            "| | 2025 | 2026 |\n| Anlægsbevilling | 2.000 | 3.000 |\n\n"
            "Alle beløb er i 1.000 kr. (2025-priser)",
            [(2000000, "anlægsbevilling", 2025), (3000000, "anlægsbevilling", 2026)],
        ),
        (
            "| Rådighedsbeløb | 2026 | 2027 |\n| Pulje | 2.500.000 | -1.000.000 |",
            [(2500000, "rådighedsbeløb", 2026), (-1000000, "rådighedsbeløb", 2027)],
        ),
        # No unit, no kind: the numbers of the table are not known to be money.
        ("| Antal | 2025 | 2026 |\n| Borgere | 130 | 174 |", []),
        ("Februar 2026 Forløb opstartet Igangværende forløb\nDagpenge 101 13", []),
        ("| Effekt | 2025 | 2026 |\n| Dagpenge | 53,6 % | 50,0 % |", []),
    ],
)
def test_tables(text, expected):
    assert amounts(text) == expected


def test_a_table_without_years_is_read_as_its_sums():
    # fixtures/jai-2026-02-03.md, Punkt 5, the cells joined by spaces: a "-" cell holds no sum.
    assert amounts("Dagpengemodtager 50.974 kr. 25.000 kr. - 25.974 kr.") == [
        (50974, None, None),
        (25000, None, None),
        (25974, None, None),
    ]


@pytest.mark.parametrize(
    "sections",
    [
        None,
        "text",
        [None, 3, "x"],
        [{"heading": None, "text": "5 kr."}],
        [{"heading": ECONOMY}],
        [{"text": "5 kr."}],
        [{"heading": ECONOMY, "text": None}],
    ],
)
def test_sections_of_another_shape_are_passed_over(sections):
    assert read_amounts(sections) == []

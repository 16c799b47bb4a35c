"""Text a converter took from a PDF page by page keeps the page furniture a PDF extraction
drops: the parser drops it too, and nothing else."""

from meetings.ingest.parse import parse_referat

TITLE = "REFERAT Udvalget for Børn & Ungdom - 2026-2029 d. 02-03-2026"


def _referat(*pages: str, header: str = TITLE, separator: str = "\f") -> str:
    count = len(pages)
    return separator.join(
        f"{header}\n\n{page}\n\nSide {n} af {count}\n" for n, page in enumerate(pages, 1)
    )


def test_footers_and_title_headers_without_form_feeds_do_not_leak():
    text = _referat(
        "Mødedato Mandag d. 02. marts 2026 kl. 16:00\n\nPunkt 1: BU - Budget\n\n"
        "Beslutning\n\nGodkendt. Andelen er højere end på landsplan (12,7",
        "%) eller i regionen.\n\nBilag\n\nBudget.pdf",
        "Punkt 2: BU - Godkendelse af referat\n\nBeslutning",
        separator="",
    )

    referat = parse_referat(text)

    first, second = referat["items"]
    assert referat["title"] == TITLE
    assert (
        first["decision"]
        == "Godkendt. Andelen er højere end på landsplan (12,7 %) eller i regionen."
    )
    assert first["attachments"] == ["Budget.pdf"]
    assert second["sections"] == [{"heading": "Beslutning", "text": ""}]
    assert referat["warnings"] == []


def test_a_heading_that_opens_two_pages_is_content_not_a_running_header():
    text = "\f".join(
        [
            f"{TITLE}\n\nPunkt 1: BU - Budget\n\nResumé\n\nEt resumé.\n",
            "Beslutning\n\nGodkendt\n\nPunkt 2: BU - Skoler\n",
            "Beslutning\n\nDrøftet\n",
        ]
    )

    first, second = parse_referat(text)["items"]

    assert first["decision"] == "Godkendt"
    assert second["decision"] == "Drøftet"


def test_a_running_header_other_than_the_title_is_dropped_on_every_page():
    header = "Lejre Kommune - Referat - side 1"
    text = _referat(
        f"{TITLE}\n\nPunkt 1: BU - Budget\n\nBeslutning\n\nGodkendt",
        "Sagsfremstilling\n\nTekst.",
        "Bilag\n\nBudget.pdf",
        header=header,
    )

    referat = parse_referat(text)

    (item,) = referat["items"]
    assert [s["text"] for s in item["sections"]] == ["Godkendt", "Tekst.", "Budget.pdf"]
    assert referat["warnings"] == []


def test_hard_wrapped_lines_of_text_taken_from_a_pdf_are_rejoined_and_only_those():
    text = _referat(
        "Mødedato Mandag d. 02. marts 2026 kl. 16:00\n"
        "Mødested Mødelokale 3, Rådhuset i Allerslev, Gl. Kongevej 1, 4320 Lejre\n\n"
        "Punkt 1: BU - Skolernes budget og den nye model for fordeling af midler mellem\n"
        "skolerne\n26-000871\n\n"
        "Beslutning\n\nTaget til efterretning.\n"
        "Udvalget ønsker en ny status, når modellen har virket et helt skoleår, og beder\n"
        "administrationen om at inddrage skolebestyrelserne i evalueringen af modellen.\n\n"
        "Indstilling\n\nDirektionen indstiller, at udvalget over for Økonomiudvalget anbefaler,\n"
        "1. at modellen for fordeling af midler mellem skolerne godkendes fra skoleåret\n"
        "2026/27, og at den evalueres efter et år.\n"
        "2. at budgettet fastholdes.",
        "Sagens forløb\n\n"
        "02/03/2026 Udvalget for Job, Arbejdsmarked & Integration - 2026-2029\n"
        "Indstillingen tiltrådt, idet udvalget lægger vægt på, at overgangen til ungdoms-\n"
        "uddannelse indgår i evalueringen af den nye model for alle kommunens skoler.\n"
        "Afbud: Ole Blickfeldt",
    )

    referat = parse_referat(text)

    (item,) = referat["items"]
    assert item["title"] == (
        "Skolernes budget og den nye model for fordeling af midler mellem skolerne"
    )
    assert item["decision"] == (
        "Taget til efterretning.\nUdvalget ønsker en ny status, når modellen har virket et "
        "helt skoleår, og beder administrationen om at inddrage skolebestyrelserne i "
        "evalueringen af modellen."
    )
    assert item["sections"][1]["text"] == (
        "Direktionen indstiller, at udvalget over for Økonomiudvalget anbefaler,\n"
        "1. at modellen for fordeling af midler mellem skolerne godkendes fra skoleåret "
        "2026/27, og at den evalueres efter et år.\n2. at budgettet fastholdes."
    )
    (entry,) = item["case_history"]
    assert entry["text"] == (
        "Indstillingen tiltrådt, idet udvalget lægger vægt på, at overgangen til "
        "ungdoms-uddannelse indgår i evalueringen af den nye model for alle kommunens skoler."
    )
    assert entry["absent"] == ["Ole Blickfeldt"]
    assert referat["location"] == "Mødelokale 3, Rådhuset i Allerslev, Gl. Kongevej 1, 4320 Lejre"


def test_converter_text_without_pages_is_left_as_it_is():
    text = (
        f"{TITLE}\n\nPunkt 1: BU - Budget\n\nBeslutningskompetence\n\n"
        "Udvalget for Kultur, Fritid & Turisme  \nUdvalget for Social, Sundhed & Ældre  \n"
        "Udvalget for Børn & Ungdom\n\nSagsfremstilling\n\n"
        "Side 3 i bilaget viser tallene for skolerne i 2025 og de kommende år.\n"
        "Det er en stigning i ungdoms\u00aduddannelse.\n"
    )

    (item,) = parse_referat(text)["items"]

    assert [s["text"] for s in item["sections"]] == [
        "Udvalget for Kultur, Fritid & Turisme\nUdvalget for Social, Sundhed & Ældre\n"
        "Udvalget for Børn & Ungdom",
        "Side 3 i bilaget viser tallene for skolerne i 2025 og de kommende år.\n"
        "Det er en stigning i ungdomsuddannelse.",
    ]


def test_a_sub_heading_after_a_full_line_of_wrapped_text_is_not_joined_to_it():
    text = _referat(
        f"{TITLE}\n\nPunkt 1: BU - Budget\n\nSagsfremstilling\n"
        "Skolerne har i 2025 brugt 1,8 mio. kr. mindre end budgetteret, og overskuddet flyttes.\n"
        "Baggrund\n"
        "Kommunalbestyrelsen besluttede i 2019 at give skolerne ret til at overføre overskud\n"
        "til det følgende år.",
        "Bilag\n\nBudget.pdf",
    )

    (item,) = parse_referat(text)["items"]

    assert item["sections"][0]["text"] == (
        "Skolerne har i 2025 brugt 1,8 mio. kr. mindre end budgetteret, og overskuddet flyttes.\n"
        "Baggrund\nKommunalbestyrelsen besluttede i 2019 at give skolerne ret til at overføre "
        "overskud til det følgende år."
    )


def test_wrapped_text_with_no_blank_lines_continues_after_a_number_only_in_lower_case():
    # PDFium's own page text: hard-wrapped, no blank line between paragraphs.
    text = _referat(
        f"{TITLE}\nMødedeltagere Anne Hansen, Bo Jensen (Afbud), Carl Nielsen, Dorte Olsen, Erik\n"
        "Pedersen\nIndholdsfortegnelse\nBU - Budget..... 3\n"
        "Punkt 1: BU - Budget\nSagsfremstilling\n"
        "Renoveringen af skolerne i Hvalsø og Kirke Hyllinge koster i alt 538.750\n"
        "kr. Andelen af elever i Lejre Kommune er højere end på landsplan (12,7\n"
        "%) eller i regionen, og udgiften pr. elev er derfor lavere end i nabokommunerne.\n"
        "Skole Elever Udgift pr. elev i kroner\nHvalsø 412 71.250\nKirke Hyllinge 388 69.900",
        separator="",
    )

    referat = parse_referat(text)

    assert [p["name"] for p in referat["participants"]][-1] == "Erik Pedersen"
    (item,) = referat["items"]
    assert item["sections"][0]["text"] == (
        "Renoveringen af skolerne i Hvalsø og Kirke Hyllinge koster i alt 538.750 kr. Andelen "
        "af elever i Lejre Kommune er højere end på landsplan (12,7 %) eller i regionen, og "
        "udgiften pr. elev er derfor lavere end i nabokommunerne.\n"
        "Skole Elever Udgift pr. elev i kroner\nHvalsø 412 71.250\nKirke Hyllinge 388 69.900"
    )
    # Nothing unplaced; the item's text has no decision heading, and the parser says so.
    assert referat["warnings"] == ["Punkt 1: ingen beslutningsoverskrift fundet"]


def test_a_two_line_running_header_of_a_logo_line_and_the_title_is_dropped():
    text = _referat(
        "Mødedato Mandag d. 02. marts 2026 kl. 16:00\n\nPunkt 1: BU - Budget\n\nBeslutning\n\n"
        "Godkendt",
        "Sagsfremstilling\n\nTekst.",
        "Bilag\n\nBudget.pdf",
        header=f"Lejre Kommune\n{TITLE}",
    )

    referat = parse_referat(text)

    (item,) = referat["items"]
    assert referat["title"] == TITLE
    assert [s["text"] for s in item["sections"]] == ["Godkendt", "Tekst.", "Budget.pdf"]
    assert referat["warnings"] == []


def test_without_a_running_header_the_first_line_of_a_page_is_content():
    # A footer and the form feed after it end the same page: counted twice, the first line
    # of the next page looked like a header repeated on "every" page.
    text = (
        f"{TITLE}\n\nPunkt 1: BU - Budget\n\nBeslutning\n\nGodkendt.\n\nSide 1 af 2\n\f"
        "Udvalget ønsker en ny sag i april.\n\nBilag\n\nBudget.pdf\n\nSide 2 af 2\n"
    )

    (item,) = parse_referat(text)["items"]

    assert item["decision"] == "Godkendt.\n\nUdvalget ønsker en ny sag i april."
    assert item["attachments"] == ["Budget.pdf"]

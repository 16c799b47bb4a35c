"""Converter markup the three shared referater do not show, read as the format's own."""

from meetings.ingest.parse import parse_referat

TITLE = "REFERAT Økonomiudvalget - 2026-2029 d. 04-03-2026"


def test_setext_headings_lose_their_underlines():
    text = (
        f"{TITLE}\n==========\n\nPunkt 1: ØU - Budget\n====================\n\n26-000001\n\n"
        "Beslutning\n----------\n\nGodkendt\n\nResumé\n------\n\nTekst.\n"
    )

    referat = parse_referat(text)

    (item,) = referat["items"]
    assert referat["title"] == TITLE
    assert (item["title"], item["case_number"]) == ("Budget", "26-000001")
    assert item["sections"] == [
        {"heading": "Beslutning", "text": "Godkendt"},
        {"heading": "Resumé", "text": "Tekst."},
    ]
    assert referat["warnings"] == []


def test_b_tagged_headings_and_cells():
    text = (
        f"<b>{TITLE}</b>\n\n<p><b>Punkt 1: ØU - Budget</b></p>\n\n<b>Beslutning</b>\n\n"
        "Godkendt &amp; afsluttet\n\n<b>Økonomi og finansiering</b>\n\n"
        "<b>Område</b>\t<b>Beløb</b>\nDrift\t538.750 kr.\n"
    )

    (item,) = parse_referat(text)["items"]

    assert item["decision"] == "Godkendt & afsluttet"
    assert item["sections"][1] == {
        "heading": "Økonomi og finansiering",
        "text": "Område Beløb\nDrift 538.750 kr.",
    }


def test_images_give_their_alt_text_and_autolinks_their_address():
    from meetings.ingest.markup import clean_line

    assert clean_line("![Figur 1: Ledighed](media/image1.png)") == "Figur 1: Ledighed"
    assert clean_line("![](media/image2.png)") == ""
    assert clean_line("Læs mere på <https://lejre.dk/politik> eller <mailto:a@lejre.dk>") == (
        "Læs mere på https://lejre.dk/politik eller a@lejre.dk"
    )
    assert clean_line("x < 5 og y > 3") == "x < 5 og y > 3"


def test_pandoc_markdown_from_a_word_processor():
    from meetings.ingest.markup import clean_line

    assert clean_line("> Kommunalbestyrelsen kan ændre beslutningen.") == (
        "Kommunalbestyrelsen kan ændre beslutningen."
    )
    assert clean_line("> > citat i citat") == "citat i citat"
    assert clean_line("> 50 % af borgerne") == "> 50 % af borgerne"
    assert clean_line("Se [Lov om social service]{.underline} § 83") == (
        "Se Lov om social service § 83"
    )
    assert clean_line("Udvalget for Kultur & Fritid\\") == "Udvalget for Kultur & Fritid"
    assert clean_line("1\\. at planen godkendes") == "1. at planen godkendes"

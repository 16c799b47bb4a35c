"""The personal-data detector: flags what it should, and nothing that merely looks numeric."""

import pytest

from meetings.publishing.privacy import find_personal_data, find_personal_data_in_text


@pytest.mark.parametrize(
    "text",
    [
        "Borgeren med CPR 010190-1234 klager",
        "cpr.nr. 2902881234",
        "skriv til hans.hansen@gmail.com",
        "kontakt på tlf. +45 12 34 56 78",
        "Telefon: 12345678",
        "mobil 12 34 56 78",
    ],
)
def test_flags_personal_data(text):
    flags = find_personal_data_in_text(text, place="Punkt 1, Resumé")
    assert len(flags) == 1
    assert flags[0].place == "Punkt 1, Resumé"


@pytest.mark.parametrize(
    "text",
    [
        "sagsnr 25-009324 og 21-3658A",
        "perioden 2026-2029 og 2022 - 2025",
        "538.750 kr. og 1,8 mio. kr.",
        "3102901234 er ikke en dato",  # 31 February
        "0113901234",  # month 13
        "P-nummer 1012345678",
        "EAN 5798000012345",
        "skriv til borgerservice@lejre.dk",
        "ring 12345678",  # a number without tlf may be anything
        "den 12. marts 2026 kl. 17:00",
    ],
)
def test_does_not_flag_what_is_not_personal_data(text):
    assert find_personal_data_in_text(text, place="x") == []


def test_excerpt_masks_every_hit_and_says_where():
    referat = {
        "title": "REFERAT",
        "location": "Rådhuset",
        "items": [
            {
                "number": 4,
                "title": "Klage",
                "decision": "Godkendt",
                "sections": [
                    {"heading": "Beslutning", "text": "Godkendt"},
                    {
                        "heading": "Sagsfremstilling",
                        "text": "Klager 010190-1234 og 020290-4321 (anne@hotmail.dk).",
                    },
                ],
                "attachments": [],
                "case_history": [],
            }
        ],
    }
    flags = find_personal_data(referat)
    assert [f.kind for f in flags] == ["cpr", "cpr", "email"]
    assert {f.place for f in flags} == {"Punkt 4, Sagsfremstilling"}
    for flag in flags:
        assert "010190" not in flag.excerpt and "020290" not in flag.excerpt
        assert "anne@" not in flag.excerpt


def test_marking_filter_escapes_everything_but_its_own_marks():
    from meetings.templatetags.upload_preview import mark_personal_data

    html = mark_personal_data('<img src=x onerror=alert(1)> cpr 010190-1234 & "tlf" 12345678')
    assert html == (
        "&lt;img src=x onerror=alert(1)&gt; cpr "
        '<mark class="personal-data">010190-1234</mark> &amp; &quot;tlf&quot; 12345678'
    )

"""Votes, stated positions and absences read from one decision: every variant DOMAIN.md names,
and the real sentences of Greve's decisions (tests/data/greve, public records, quoted as
printed)."""

import time

import pytest

from meetings.ingest.decisions import DecisionReading, read_decision

AMENDMENT = "Ændringsforslag fra Lotte Greve (V) og Tina Mandrup (V)"


def positions(text: str) -> list[tuple]:
    """(name, party, position, on) of each position read, in order."""
    return [(p["name"], p["party"], p["position"], p["on"]) for p in read_decision(text).positions]


# DOMAIN.md, "Votes and dissent" --------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "For stemte: Tina Mandrup (V) og Lotte Greve (V) - i alt 2.",
            [("Tina Mandrup", "V", "for", None), ("Lotte Greve", "V", "for", None)],
        ),
        (
            "Imod stemte: Ole Blickfeldt (-) og Christian Harre (O) - i alt 2.",
            [("Ole Blickfeldt", "-", "against", None), ("Christian Harre", "O", "against", None)],
        ),
        (
            "Undlod at stemme: Thomas Bisgaard (B) - i alt 1.",
            [("Thomas Bisgaard", "B", "abstain", None)],
        ),
        (
            "Et flertal i udvalget kunne tiltræde indstillingen",
            [(None, None, "for", None)],
        ),
        (
            "Tina Mandrup, Lotte Greve og Thomas Bisgaard kunne tiltræde indstillingen.",
            [
                ("Tina Mandrup", None, "for", None),
                ("Lotte Greve", None, "for", None),
                ("Thomas Bisgaard", None, "for", None),
            ],
        ),
        ("Ole Blickfeldt tog forbehold.", [("Ole Blickfeldt", None, "reservation", None)]),
        (
            "Christian Harre kunne ikke tiltræde indstillingen.",
            [("Christian Harre", None, "against", None)],
        ),
        (
            "Et mindretal (Christian Harre (O)) kunne ikke tiltræde indstillingen.",
            [("Christian Harre", "O", "against", None)],
        ),
        (
            "Et flertal bestående af A, V og C stemte for.",
            [(None, "A", "for", None), (None, "V", "for", None), (None, "C", "for", None)],
        ),
    ],
)
def test_domain_variants(text, expected):
    assert positions(text) == expected


def test_a_position_keeps_the_sentence_it_was_read_from():
    [position] = read_decision("Indstillingen tiltrådt.\n\nOle Blickfeldt tog forbehold.").positions

    assert position == {
        "name": "Ole Blickfeldt",
        "party": None,
        "position": "reservation",
        "on": None,
        "text": "Ole Blickfeldt tog forbehold.",
    }


def test_the_votes_on_an_amendment_are_on_it_until_its_outcome():
    # The decision of Punkt 7 in fixtures/jai-2026-02-03.md, as the parser gives it, with one
    # more position after the outcome.
    text = (
        "Ændringsforslag fra Lotte Greve (V) og Tina Mandrup (V):\n\n"
        "Følgende forslag indsættes i forretningsordens § 4 som stk. 2.\n\n"
        '"Ethvert medlem af udvalget har ret til at få et punkt optaget på dagsorden".\n\n'
        "For stemte: Tina Mandrup (V) og Lotte Greve (V) - i alt 2.\n\n"
        "Imod stemte: Ole Blickfeldt (-) og Christian Harre (O) - i alt 2.\n\n"
        "Undlod at stemme: Thomas Bisgaard (B) - i alt 1.\n\n"
        "Ændringsforslaget blev ikke vedtaget.\n\n"
        "Indstillingen tiltrådt.\n\n"
        "Christian Harre kunne ikke tiltræde indstillingen."
    )

    assert positions(text) == [
        ("Tina Mandrup", "V", "for", AMENDMENT),
        ("Lotte Greve", "V", "for", AMENDMENT),
        ("Ole Blickfeldt", "-", "against", AMENDMENT),
        ("Christian Harre", "O", "against", AMENDMENT),
        ("Thomas Bisgaard", "B", "abstain", AMENDMENT),
        ("Christian Harre", None, "against", None),
    ]


# Greve's decisions, as printed ------------------------------------------------------------------

UP = "Liselott Blixt"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Imod stemte: Liselott Blixt (UP1) og F.",
            [(UP, "UP1", "against", None), (None, "F", "against", None)],
        ),
        ("V og A undlader.", [(None, "V", "abstain", None), (None, "A", "abstain", None)]),
        ("For stemte UP.", [(None, "UP", "for", None)]),
        ("For stemte V.", [(None, "V", "for", None)]),
        ("Imod stemte Ø.", [(None, "Ø", "against", None)]),
        ("Undlod: Ø", [(None, "Ø", "abstain", None)]),
        ("Undlader: F", [(None, "F", "abstain", None)]),
        ("Imod: Ø og F", [(None, "Ø", "against", None), (None, "F", "against", None)]),
        ("Undlader: Liselotte Blixt (UP 1).", [("Liselotte Blixt", "UP 1", "abstain", None)]),
        ("Liselott Blixt: Undlod.", [(UP, None, "abstain", None)]),
        ("Imod stemte: ingen", []),
        (
            "A stemmer for, V og D stemmer imod og C undlader.",
            [
                (None, "A", "for", None),
                (None, "V", "against", None),
                (None, "D", "against", None),
                (None, "C", "abstain", None),
            ],
        ),
        (
            "Mehmet Zeki Dogru (Ø) stemte imod pkt. 2.a.",
            [("Mehmet Zeki Dogru", "Ø", "against", "pkt. 2.a")],
        ),
        ("Mehmet Zeki Dogru (Ø) Stemte imod.", [("Mehmet Zeki Dogru", "Ø", "against", None)]),
        ("Bjarke Abel (A), stemte imod punkt 2.", [("Bjarke Abel", "A", "against", "punkt 2")]),
        (
            "Mehmet Zeki Dogru (Ø), stemte imod punkt 2 og 3.",
            [("Mehmet Zeki Dogru", "Ø", "against", "punkt 2 og 3")],
        ),
        ("(Ø) stemmer imod 3. og 4.", [(None, "Ø", "against", "3. og 4")]),
        (
            "Mehmet Zeki Dogru (Ø) stemte imod pk. 14, idet Enhedslisten ønsker at udvide den "
            "bemandede åbningstid.",
            [("Mehmet Zeki Dogru", "Ø", "against", "pk. 14")],
        ),
        (
            "Mehmet Zeki Dogru (Ø) stemte imod, da Greve Pigegarde ikke indgår i partiets "
            "budgetforslag.",
            [("Mehmet Zeki Dogru", "Ø", "against", None)],
        ),
        (
            "Liselott Blixt (UP) og Mehmet Zeki Dogru (Ø) stemte imod Plan- og "
            "Tryghedsudvalgets indstilling.",
            [(UP, "UP", "against", None), ("Mehmet Zeki Dogru", "Ø", "against", None)],
        ),
        (
            "John T. Olsen (A) stemte for administrationens indstillingspunkt 2.",
            [("John T. Olsen", "A", "for", "administrationens indstillingspunkt 2")],
        ),
        (
            "Liselott Blixt (UP1) og V stemmer for V's ændringsforslag i Plan- og "
            "Tryghedsudvalget.",
            [
                (UP, "UP1", "for", "V's ændringsforslag i Plan- og Tryghedsudvalget"),
                (None, "V", "for", "V's ændringsforslag i Plan- og Tryghedsudvalget"),
            ],
        ),
        (
            "Liselott Blixt (UP1) stemte for at det godkendes, at formanden for det stående "
            "udvalg, der varetager sundhedsområdet, repræsenterer kommunalbestyrelsen i "
            "Sundhedsrådet Østsjælland og Øerne.",
            [
                (
                    UP,
                    "UP1",
                    "for",
                    "at det godkendes, at formanden for det stående udvalg, der varetager "
                    "sundhedsområdet, repræsenterer kommunalbestyrelsen i Sundhedsrådet "
                    "Østsjælland og Øerne",
                )
            ],
        ),
        (
            "Økonomiudvalget anbefaler, overfor Byrådet, at godkende pkt. 5 idet Pernille "
            "Beckmann (V) og Marc Genning (V) undlod, og Hans-Jørgen Kirstein (M), Liselott "
            "Blixt (UP) og Mehmet Zeki Dogru (Ø) stemte imod pkt. 1-4 og stemmer for pkt. 5.",
            [
                ("Pernille Beckmann", "V", "abstain", None),
                ("Marc Genning", "V", "abstain", None),
                ("Hans-Jørgen Kirstein", "M", "against", "pkt. 1-4"),
                (UP, "UP", "against", "pkt. 1-4"),
                ("Mehmet Zeki Dogru", "Ø", "against", "pkt. 1-4"),
                ("Hans-Jørgen Kirstein", "M", "for", "pkt. 5"),
                (UP, "UP", "for", "pkt. 5"),
                ("Mehmet Zeki Dogru", "Ø", "for", "pkt. 5"),
            ],
        ),
        (
            "For stemte (V), A), (C), (F), Liselott Blixt (UP-1) og Hans-Jørgen Kirstein (UP-2).",
            [
                (None, "V", "for", None),
                (None, "A", "for", None),
                (None, "C", "for", None),
                (None, "F", "for", None),
                (UP, "UP-1", "for", None),
                ("Hans-Jørgen Kirstein", "UP-2", "for", None),
            ],
        ),
        (
            "Pernille Beckmann (V), Marc Genning (V) Hans-Jørgen Kirstein (D), Brigitte "
            "Klintskov Jerkel (C) og John T. Olsen (A) undlod at tage stilling.",
            [
                ("Pernille Beckmann", "V", "abstain", None),
                ("Marc Genning", "V", "abstain", None),
                ("Hans-Jørgen Kirstein", "D", "abstain", None),
                ("Brigitte Klintskov Jerkel", "C", "abstain", None),
                ("John T. Olsen", "A", "abstain", None),
            ],
        ),
        (
            "Imod stemte (C) og Kenneth Jerkel fra (A).",
            [(None, "C", "against", None), ("Kenneth Jerkel", "A", "against", None)],
        ),
        (
            "For stemte: V, A, C, Liselott Blixt (UP) M og F",
            [
                (None, "V", "for", None),
                (None, "A", "for", None),
                (None, "C", "for", None),
                (UP, "UP", "for", None),
                (None, "M", "for", None),
                (None, "F", "for", None),
            ],
        ),
        (
            "Imod stemte: V, C, Liselott Blixt (UP), M , F og Ø",
            [
                (None, "V", "against", None),
                (None, "C", "against", None),
                (UP, "UP", "against", None),
                (None, "M", "against", None),
                (None, "F", "against", None),
                (None, "Ø", "against", None),
            ],
        ),
        (
            "For stemte (V), (A), (D), (Ø) og Liselott Blixt.",
            [
                (None, "V", "for", None),
                (None, "A", "for", None),
                (None, "D", "for", None),
                (None, "Ø", "for", None),
                (UP, None, "for", None),
            ],
        ),
        (
            "Imod stemte: Liselott Blixt (UP1), Ø og F, F med bemærkning om at F deler "
            "seniorrådets bekymringer.",
            [
                (UP, "UP1", "against", None),
                (None, "Ø", "against", None),
                (None, "F", "against", None),
            ],
        ),
        ("8. Undlader S, C, M og Ø.", [(None, p, "abstain", "8.") for p in "SCMØ"]),
        (
            "(A) og (C) undlader på 1) og 3)",
            [(None, "A", "abstain", "1) og 3)"), (None, "C", "abstain", "1) og 3)")],
        ),
        (
            "Mehmet Zeki Dogru (Ø) undlod på punkt 3.",
            [("Mehmet Zeki Dogru", "Ø", "abstain", "punkt 3")],
        ),
        (
            "For stemte (V), (A), (C), (Ø), Liselott Blixt (UP-1) og Hans Jørgen Kirstein (UP-2). "
            "(F) undlod at stemme for så vidt angår indstillingspunkt 2.",
            [
                (None, "V", "for", None),
                (None, "A", "for", None),
                (None, "C", "for", None),
                (None, "Ø", "for", None),
                (UP, "UP-1", "for", None),
                ("Hans Jørgen Kirstein", "UP-2", "for", None),
                (None, "F", "abstain", "indstillingspunkt 2"),
            ],
        ),
        (
            "Hans-Jørgen Kirstein (D), Simon Østergaard (V) og Torben Hoffmann (V) undlod at "
            "tage stilling til indstillingspunkt 6.",
            [
                ("Hans-Jørgen Kirstein", "D", "abstain", "indstillingspunkt 6"),
                ("Simon Østergaard", "V", "abstain", "indstillingspunkt 6"),
                ("Torben Hoffmann", "V", "abstain", "indstillingspunkt 6"),
            ],
        ),
        (
            "(F) og (Ø) kunne ikke tiltræde indstilling 2 med bemærkning om, at de to partier "
            "ønsker, at forældelsesfristen suspenderes med virkning fra 31. maj 2022.",
            [(None, "F", "against", "indstilling 2"), (None, "Ø", "against", "indstilling 2")],
        ),
        (
            "Enhedslisten stemte imod punkt 3 og 9 med begrundelse i at",
            [(None, "Enhedslisten", "against", "punkt 3 og 9")],
        ),
        (
            "Linda Heegaard (SF) stemte imod med følgende mindretalsudtalelse:",
            [("Linda Heegaard", "SF", "against", None)],
        ),
        (
            "(V), (A), (C), (D), (Ø), (F) og Liselott Blixt (UP) ønskede at sende forslaget til "
            "realitetsbehandling.",
            [
                *[(None, p, "for", "at sende forslaget til realitetsbehandling") for p in "VACDØF"],
                (UP, "UP", "for", "at sende forslaget til realitetsbehandling"),
            ],
        ),
        (
            "(D) ønskede ikke at sende forslaget til realitetsbehandling med bemærkning om, at (D) "
            "ikke støtter forslaget",
            [(None, "D", "against", "at sende forslaget til realitetsbehandling")],
        ),
    ],
)
def test_greve_sentences(text, expected):
    assert positions(text) == expected


def test_a_quoted_statement_records_no_vote():
    text = (
        "Imod stemte (Ø) og (F). (F) med bemærkning om, at ”SF mener, at den merindtægt er så "
        "lille ift. det store økonomiske billede. SF stemmer imod.”"
    )

    assert positions(text) == [(None, "Ø", "against", None), (None, "F", "against", None)]


def test_a_minority_statement_under_its_announcement_records_no_vote():
    text = (
        "1. Udvalget godkender indstillingen\n"
        "Linda Heegaard (SF) stemte imod med følgende mindretalsudtalelse:\n"
        "”SF stemmer mod, da vi mener opgaven har været for snæver i sin fremstilling”."
    )

    assert positions(text) == [("Linda Heegaard", "SF", "against", "1.")]


def test_the_lines_of_an_announced_remark_are_not_read():
    text = (
        "A, C og M stillede forslag om at udsætte sagen til næste udvalgsmøde.\n"
        "For stemte: A, C og M.\n"
        "Imod stemte: V med følgende bemærkning:\n"
        "Venstre ville have stemt for administrationens indstilling. Derfor stemmer vi imod "
        "udsættelse af sagen.\n"
        "Afbud: Ronni Mark Nielsen (Stedfortræder: Jesper Fini Kuhre)"
    )
    proposal = "A, C og M stillede forslag om at udsætte sagen til næste udvalgsmøde"

    reading = read_decision(text)

    assert [(p["party"], p["position"], p["on"]) for p in reading.positions] == [
        ("A", "for", proposal),
        ("C", "for", proposal),
        ("M", "for", proposal),
        ("V", "against", proposal),
    ]
    assert reading.absent == ["Ronni Mark Nielsen"]


def test_a_position_restated_in_its_own_remark_is_one_position():
    text = (
        "(F) stemte imod, med bemærkning om, at (F) godt anerkender det gode gennemarbejdede "
        "materiale. Men når (F) stemmer imod, er det ganske enkelt fordi, vi er enige."
    )

    assert positions(text) == [(None, "F", "against", None)]


def test_the_same_member_voting_twice_in_a_decision_is_two_positions():
    # Greve, Økonomiudvalget: a vote on a member's competence, then on the recommendation.
    text = (
        "Økonomiudvalget stemte om John T. Olsen kunne deltage i sagens behandling.\n"
        "For stemte:\n"
        "Pernille Beckmann (V), John T. Olsen (A) og Mehmet Zeki Dogru (Ø)\n"
        "Imod stemte: ingen\n"
        "John T. Olsen (A) og Mehmet Zeki Dogru (Ø) stemte for administrationen indstilling.\n"
        "Brigitte Klintskov Jerkel (C) undlod at tage stilling."
    )

    assert positions(text) == [
        ("Pernille Beckmann", "V", "for", None),
        ("John T. Olsen", "A", "for", None),
        ("Mehmet Zeki Dogru", "Ø", "for", None),
        ("John T. Olsen", "A", "for", None),
        ("Mehmet Zeki Dogru", "Ø", "for", None),
        ("Brigitte Klintskov Jerkel", "C", "abstain", None),
    ]


def test_a_list_under_its_label_one_member_per_line():
    text = (
        "For stemte:\n"
        "Anne Marie Lyduch (V)\n"
        "Per Lund Sørensen (V)\n"
        "Charlotte Levin (A)\n"
        "Kultur- og Fritidsudvalget erklærede Per Lund Sørensen (V) for inhabil i punktets "
        "behandling.\n"
        "Per Lund Sørensen (V) forlod herefter lokalet."
    )

    reading = read_decision(text)

    assert [(p["name"], p["text"]) for p in reading.positions] == [
        ("Anne Marie Lyduch", "For stemte: Anne Marie Lyduch (V)"),
        ("Per Lund Sørensen", "For stemte: Per Lund Sørensen (V)"),
        ("Charlotte Levin", "For stemte: Charlotte Levin (A)"),
    ]
    assert reading.absent == ["Per Lund Sørensen"]


def test_a_list_under_its_label_with_each_party_s_remark():
    text = (
        "Med stemmerne 17 for og 2 imod godkendte byrådet Økonomiudvalgets indstilling.\n"
        "For stemte: (V), (A), (C), (D) og Liselott Blixt (UP).\n"
        "Imod stemte:\n"
        "(F) med bemærkning om, ”at SF stemmer imod, da vi ønsker at saunaen skal holde åbent”\n"
        "(Ø) med bemærkning om, ”at Enhedslisten stemmer imod”"
    )

    assert positions(text) == [
        *[(None, p, "for", None) for p in "VACD"],
        (UP, "UP", "for", None),
        (None, "F", "against", None),
        (None, "Ø", "against", None),
    ]


def test_hard_wrapped_lists_are_joined():
    # Greve, Byrådet: the decision's HTML wraps lines in the middle of a name.
    text = (
        "Ikke godkendt.\n"
        "For\n"
        "stemte: Kenneth Jerkel (A) John T. Olsen (A), Tina Rottbøll (A), Brigitte\n"
        "Jerkel (C), Ø og F.\n"
        "Imod\n"
        "stemte: V, Bjarke Abel (A), Charlotte Levin (A), Maria Holdt Witthøft (A),\n"
        "Claus Dyremose (C), Liselott Blixt (UP), M."
    )

    assert positions(text) == [
        ("Kenneth Jerkel", "A", "for", None),
        ("John T. Olsen", "A", "for", None),
        ("Tina Rottbøll", "A", "for", None),
        ("Brigitte Jerkel", "C", "for", None),
        (None, "Ø", "for", None),
        (None, "F", "for", None),
        (None, "V", "against", None),
        ("Bjarke Abel", "A", "against", None),
        ("Charlotte Levin", "A", "against", None),
        ("Maria Holdt Witthøft", "A", "against", None),
        ("Claus Dyremose", "C", "against", None),
        (UP, "UP", "against", None),
        (None, "M", "against", None),
    ]


def test_votes_under_the_parts_of_a_decision():
    text = (
        "Byrådet godkendte Økonomiudvalgets indstilling med bemærkning om, at Byrådet "
        "godkendte Statsgaranti.\n"
        "Ad 1 og 2\n"
        "Stemte imod:\n"
        "A, med bemærkning om at A ønsker at hæve skatten med 0,4%.\n"
        "Ø, med bemærkning om at Ø har eget budgetforslag.\n"
        "Ad 4\n"
        "Imod stemte: Ø, da Ø har eget budget, hvor lavere takster i SFO er finansieret.\n"
        "Afbud: Charlotte Levin"
    )

    reading = read_decision(text)

    assert [(p["party"], p["position"], p["on"]) for p in reading.positions] == [
        ("A", "against", "Ad 1 og 2"),
        ("Ø", "against", "Ad 1 og 2"),
        ("Ø", "against", "Ad 4"),
    ]
    assert reading.absent == ["Charlotte Levin"]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Ad 1, for stemte: F\nAd 2, imod stemte: F\nAd 3, undlod at stemme: F",
            [
                (None, "F", "for", "Ad 1"),
                (None, "F", "against", "Ad 2"),
                (None, "F", "abstain", "Ad 3"),
            ],
        ),
        (
            "Byrådet godkendte Økonomiudvalgets indstilling.\n"
            "2. a. Ø stemte imod.\n2. c. F stemte imod.",
            [(None, "Ø", "against", "2. a."), (None, "F", "against", "2. c.")],
        ),
        (
            "1. anbefales.\n2.b anbefales\nA stemte imod, da A ønsker at fastholde prioritering.\n"
            "3. anbefales taget til efterretning.",
            [(None, "A", "against", "2.b")],
        ),
        (
            "15. – 30. Økonomiudvalget anbefaler overfor Byrådet at godkende administrationens "
            "indstilling.\nFor punkt 16\nImod: Ø\nFor punkt 27\nImod: Ø",
            [(None, "Ø", "against", "punkt 16"), (None, "Ø", "against", "punkt 27")],
        ),
        (
            "Byrådet godkendte Økonomiudvalgets indstilling.\nAd Punkt 1 b\nImod: A og Ø med "
            "bemærkning om, at der skal være mulighed for skovrejsning.\nAd Punkt 1 d\nImod: Ø",
            [
                (None, "A", "against", "Ad Punkt 1 b"),
                (None, "Ø", "against", "Ad Punkt 1 b"),
                (None, "Ø", "against", "Ad Punkt 1 d"),
            ],
        ),
        (
            "1 a. Ikke godkendt\nFor stemte: Ø\nImod stemte: A\n1 b. Ikke godkendt\nFor stemte: A",
            [
                (None, "Ø", "for", "1 a."),
                (None, "A", "against", "1 a."),
                (None, "A", "for", "1 b."),
            ],
        ),
    ],
)
def test_parts(text, expected):
    assert positions(text) == expected


@pytest.mark.parametrize(
    "text, on",
    [
        # DOMAIN.md, "Decisions in parts"
        ("2.-4. Anbefales\nTina Mandrup (V) tog forbehold.", "2.-4."),
        ("Ad 1-2 anbefales.\nTina Mandrup (V) tog forbehold.", "Ad 1-2"),
        (
            "Ad. 1) Taget til efterretning\nAd. 2) Drøftet\nTina Mandrup (V) tog forbehold.",
            "Ad. 2)",
        ),
        ("1 a. Ikke godkendt\nTina Mandrup (V) tog forbehold.", "1 a."),
        ("Godkendt.\n\nTina Mandrup (V) tog forbehold for finansieringen.", "finansieringen"),
    ],
)
def test_the_part_a_reservation_stands_under(text, on):
    assert positions(text) == [("Tina Mandrup", "V", "reservation", on)]


def test_the_part_marker_stays_in_the_sentence_read():
    [position] = read_decision("2. a. Ø stemte imod.").positions

    assert (position["on"], position["text"]) == ("2. a.", "2. a. Ø stemte imod.")


@pytest.mark.parametrize(
    "text",
    [
        "(A) " * 2000 + "stemte imod.",
        "A, " * 3000 + "stemmer imod.",
        "Tina Mandrup og " * 2000 + "tog forbehold.",
        "(F) og (Ø) kunne ikke tiltræde indstilling 2 med bemærkning om, at " + "x " * 5000,
        '"' * 5000 + " stemte imod",
    ],
)
def test_a_long_sentence_reads_in_linear_time(text):
    start = time.perf_counter()
    read_decision(text)

    assert time.perf_counter() - start < 0.5


def test_votes_after_a_tally_are_on_what_it_names():
    text = (
        "Med stemmerne 1 for og 20 imod afviste Byrådet indstillingspunkt 1a - budgetforslag "
        "fremlagt af (Ø).\n"
        "For stemte (Ø).\n"
        "Med stemmerne 20 for og 1 imod godkendte Byrådet indstillingspunkt 3, 4 og 9.\n"
        "For stemte (V), (A) og (F).\n"
        "Imod stemte Ø."
    )

    assert positions(text) == [
        (None, "Ø", "for", "indstillingspunkt 1a"),
        (None, "V", "for", "indstillingspunkt 3, 4 og 9"),
        (None, "A", "for", "indstillingspunkt 3, 4 og 9"),
        (None, "F", "for", "indstillingspunkt 3, 4 og 9"),
        (None, "Ø", "against", "indstillingspunkt 3, 4 og 9"),
    ]


def test_the_votes_on_a_proposal_made_in_the_meeting():
    text = (
        "C stillede ændringsforslag om, at initiativretsforslaget realitetsbehandling, så der "
        "bevilliges en akutpakke på 3 mio. kr.\n"
        "For stemte: C og Ø\n"
        "Imod stemte: V, A, F, M og Liselott Blixt (UP) med fælles bemærkning om, at vi ikke kan "
        "stemme for et ikke-finansieret forslag.\n"
        "V stillede ændringsforslag om, at initiativretsforslaget oversendes til "
        "budgetforhandling\n"
        "Undlod: A"
    )
    first = (
        "C stillede ændringsforslag om, at initiativretsforslaget realitetsbehandling, så der "
        "bevilliges en akutpakke på 3 mio. kr"
    )
    second = (
        "V stillede ændringsforslag om, at initiativretsforslaget oversendes til budgetforhandling"
    )

    assert positions(text) == [
        (None, "C", "for", first),
        (None, "Ø", "for", first),
        *[(None, p, "against", first) for p in "VAFM"],
        (UP, "UP", "against", first),
        (None, "A", "abstain", second),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Udvalget undlod at tage stilling.",
        "1.-4. Udvalget undlod at tage stilling.",
        "Økonomiudvalget undlod stillingtagen og ønsker frem mod Byrådsmødet en beskrivelse.",
        "Undlader.",
        "Undlod at tage stilling.\nAfbud: Bjarke Abel",
        "Med stemmerne 19 for og 1 imod godkendte Byrådet Økonomiudvalgets indstilling.",
        "Venstre ville have stemt for administrationens indstilling.",
        "Økonomiudvalget stemte om John T. Olsen kunne deltage i sagens behandling.",
        "Udvalget stemte om hvert af de tre medlemmers habilitet.",
        "Økonomiudvalget kan ikke anbefale administrationens indstilling.",
        "Greve Kommune kunne ikke tiltræde aftalen.",
        "Hans-Jørgen Kirstein (M), Claus Dyremose (C) og John T. Olsen (A) tilkendegav, at de "
        "ville stemme imod administrationens indstilling på det foreliggende grundlag.",
        "Indstillingen tiltrådt",
        "Godkendt.",
        "",
    ],
)
def test_no_position(text):
    assert positions(text) == []


# Absences ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Godkendt.\n\nAfbud: Ole Blickfeldt", ["Ole Blickfeldt"]),
        ("Fraværende: John T. Olsen, Anne Marie Lyduch", ["John T. Olsen", "Anne Marie Lyduch"]),
        (
            "Ole Blickfeldt var forhindret i at deltage i udvalgets behandling af sagen.",
            ["Ole Blickfeldt"],
        ),
        (
            "Afbud: Per Lund Sørensen, Conni Bergendorff\n"
            "Fraværende: John T. Olsen, Anne Marie Lyduch",
            ["Per Lund Sørensen", "Conni Bergendorff", "John T. Olsen", "Anne Marie Lyduch"],
        ),
        (
            "Afbud: Torben Hoffmann (Stedfortræder: Conni Bergendorff), Tina Rottbøll",
            ["Torben Hoffmann", "Tina Rottbøll"],
        ),
        ("Afbud: Ronni Mark Nielsen (Stedfortræder: Jesper Fini Kuhre)", ["Ronni Mark Nielsen"]),
        ("Afbud: Marc Genning (V)", ["Marc Genning"]),
        ("Afbud: Kenneth Jerkel, Linda Heegaard", ["Kenneth Jerkel", "Linda Heegaard"]),
        ("Ikke til stede: Anne Marie Lyduch.", ["Anne Marie Lyduch"]),
        ("Ikke til stede: Liselott Blixt (UP-1)", ["Liselott Blixt"]),
        ("Dagsorden blev godkendt.\nIkke til stede Tina Rottbøll", ["Tina Rottbøll"]),
        (
            "Byrådet godkendte økonomiudvalgets indstilling.\nIkke til stede:\nCharlotte Levin (A)",
            ["Charlotte Levin"],
        ),
        ("Bjarke Abel (A) var ikke til stede.", ["Bjarke Abel"]),
        ("Charlotte Levin (A) forlod herefter lokalet.", ["Charlotte Levin"]),
        ("Afbud: Ole Blickfeldt\nAfbud: ole blickfeldt", ["Ole Blickfeldt"]),
        ("Liselott Blixt melder afbud til mødet den 10.oktober", []),
        ("Dorthe Bøgh Madsen deltog som stedfortræder.", []),
        (
            "Udvalget ønskede, at § 1, stk. 3 justeres således, at der meldes afbud til "
            "udvalgsformanden.",
            [],
        ),
        ("Jette Andersen deltog som suppleant for Kenneth Jerkel i behandlingen af punktet.", []),
    ],
)
def test_absences(text, expected):
    assert read_decision(text).absent == expected


def test_absences_and_positions_in_one_decision():
    text = (
        "Byrådet godkendte Økonomiudvalgets indstilling.\n"
        "Imod stemte: F med bemærkning om, at sagsbehandlingstiderne på handicapområdet er alt "
        "for lange i forvejen.\n"
        "Undlod: Ø\n"
        "Afbud: Kenneth Jerkel"
    )

    assert read_decision(text) == DecisionReading(
        absent=["Kenneth Jerkel"],
        positions=[
            {
                "name": None,
                "party": "F",
                "position": "against",
                "on": None,
                "text": "Imod stemte: F med bemærkning om, at sagsbehandlingstiderne på "
                "handicapområdet er alt for lange i forvejen.",
            },
            {"name": None, "party": "Ø", "position": "abstain", "on": None, "text": "Undlod: Ø"},
        ],
    )


@pytest.mark.parametrize("text", [None, 3, ["For stemte: A"], "\x00\n\n\t", "(" * 500, "A " * 2000])
def test_what_is_no_decision_reads_as_nothing(text):
    assert read_decision(text) == DecisionReading()

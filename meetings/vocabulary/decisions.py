"""The words of a decision, as meetings.ingest.decisions reads them (DOMAIN.md, "Votes and
dissent", "Attendance"): who voted for, against, abstained or took a reservation and on what,
majorities and tallies, the parts of a decision, proposals put to the vote, parties and what is
no member's name, absences for one item, abbreviations, and the money an item decides (its
sections, kinds of grant, units).

Phrases are lower case, with single spaces (any run of white space matches a space).
"""

FOR, AGAINST, ABSTAIN, RESERVATION = "for", "against", "abstain", "reservation"

# A label at the start of a sentence, followed by the list of who voted so:
# "For stemte: Tina Mandrup (V) og Lotte Greve (V) - i alt 2.", "Undlader S, C, M og Ø."
VOTE_LABELS: dict[str, str] = {
    "for administrationens indstilling stemte": FOR,
    "for indstillingen stemte": FOR,
    "for stemte stemte": FOR,  # sic, in a real Greve decision
    "for stemte": FOR,
    "stemte for": FOR,
    "imod administrationens indstilling stemte": AGAINST,
    "imod indstillingen stemte": AGAINST,
    "imod stemte": AGAINST,
    "stemte imod": AGAINST,
    "stemte i mod": AGAINST,
    "undlod at stemme": ABSTAIN,
    "undlader at stemme": ABSTAIN,
    "undlod at tage stilling": ABSTAIN,
    "undlod": ABSTAIN,
    "undlader": ABSTAIN,
    "tog forbehold": RESERVATION,
    "forbehold": RESERVATION,
}
# Labels that count only with a colon after them: "Imod: Ø og F" (not "Imod, idet ...").
COLON_VOTE_LABELS: dict[str, str] = {"for": FOR, "imod": AGAINST}

# A verb after the list of members or parties: "Mehmet Zeki Dogru (Ø) stemte imod."
VOTE_VERBS: dict[str, str] = {
    "stemte for": FOR,
    "stemmer for": FOR,
    "kunne tiltræde": FOR,
    "kan tiltræde": FOR,
    "stemte imod": AGAINST,
    "stemte i mod": AGAINST,
    "stemmer imod": AGAINST,
    "stemmer i mod": AGAINST,
    "stemte mod": AGAINST,
    "stemmer mod": AGAINST,
    "kunne ikke tiltræde": AGAINST,
    "kan ikke tiltræde": AGAINST,
    "kunne ikke anbefale": AGAINST,
    "kan ikke anbefale": AGAINST,
    "kunne ikke godkende": AGAINST,
    "kan ikke godkende": AGAINST,
    "undlod at stemme": ABSTAIN,
    "undlader at stemme": ABSTAIN,
    "undlod at tage stilling": ABSTAIN,
    "undlader at tage stilling": ABSTAIN,
    "undlod stillingtagen": ABSTAIN,
    "undlod stillingstagen": ABSTAIN,
    "undlader stillingtagen": ABSTAIN,
    "undlod": ABSTAIN,
    "undlader": ABSTAIN,
    "ønskede at sende": FOR,  # "(A), (F) og (Ø) ønskede at sende forslaget til realitets..."
    "ønskede ikke at sende": AGAINST,
    "tog forbehold": RESERVATION,
    "tager forbehold": RESERVATION,
    "tog et forbehold": RESERVATION,
    "tager et forbehold": RESERVATION,
}
# Words that bring in what a position is on when it follows the verb or the list:
# "undlod at tage stilling til punkt 2", "undlod på punkt 3", "Imod: Ø og F på punkt 3 og 4".
POSITION_OBJECT_INTROS: tuple[str, ...] = (
    "for så vidt angår",
    "i forhold til",
    "vedrørende",
    "vedr.",
    "til",
    "på",
    "for",
)
# What ends the object of a vote: "stemte imod punkt 2, da ...", "... med bemærkning om ...".
POSITION_OBJECT_ENDS: tuple[str, ...] = (
    "da",
    "idet",
    "fordi",
    "med",
    "men",
    "under henvisning",
    "jf.",
)
# Objects that are the recommendation itself (the position's `on` stays null, or is the
# amendment or part the vote stands under).
GENERIC_OBJECTS: tuple[str, ...] = (
    "indstillingen",
    "indstillingerne",
    "indstilling",
    "indstillinger",
    "forslaget",
    "ændringsforslaget",
    "sagen",
    "beslutningen",
    "anbefalingen",
    "punktet",
    "det",
    "den",
    "dette",
)
# A majority or minority named instead of members: "Et flertal i udvalget kunne tiltræde ...".
MAJORITY_WORDS: tuple[str, ...] = ("et flertal", "et mindretal", "flertallet", "mindretallet")

# "Et flertal i udvalget ...", "Et mindretal bestående af A og Ø ...".
MAJORITY_BODIES: tuple[str, ...] = ("udvalget", "byrådet", "kommunalbestyrelsen")
MAJORITY_OF: tuple[str, ...] = ("bestående af",)

# A count of votes before the lists of who voted: "Med stemmerne 20 for og 1 imod godkendte
# Byrådet indstillingspunkt 3, 4 og 9." The lists after it are on what it names.
TALLY_WORDS: tuple[str, ...] = ("med stemmerne",)
TALLY_VERBS: tuple[str, ...] = ("godkendte", "afviste", "besluttede", "vedtog", "anbefalede")

# A line that opens a part of the decision: "Ad 2", "Ad punkt 1 b", "For punkt 16".
PART_OPENINGS: tuple[str, ...] = ("ad",)
PART_LEADS: tuple[str, ...] = ("for", "til", "vedr.", "vedrørende")
PART_POINTS: tuple[str, ...] = (
    "indstillingens punkt",
    "administrationens punkt",
    "indstillingspunkterne",
    "indstillingspunkt",
    "punkterne",
    "punkt",
    "pkt.",
    "pkt",
)

# A remark after a position is the member's reasons, not more positions.
REMARK_WORDS: tuple[str, ...] = (
    "bemærkning",
    "bemærkningen",
    "begrundelse",
    "begrundelsen",
    "mindretalsudtalelse",
    "mindretalsbemærkning",
)

# A proposal put to the vote: the votes after it are on it (`on`), until its outcome.
PROPOSAL_OPENINGS: tuple[str, ...] = ("ændringsforslag fra", "forslag fra", "ændringsforslag")
PROPOSAL_VERBS: tuple[str, ...] = ("stillede", "stiller", "fremsatte", "fremsætter", "fremlagde")
PROPOSAL_NOUNS: tuple[str, ...] = ("ændringsforslag", "underændringsforslag", "forslag")
# "Ændringsforslaget blev ikke vedtaget.", "Forslaget blev forkastet."
PROPOSAL_OUTCOMES: tuple[str, ...] = ("ændringsforslaget", "underændringsforslaget", "forslaget")

# Party letters (and the longer labels Greve prints) that stand alone in a list: "Imod: Ø og F".
PARTY_CODES: tuple[str, ...] = (
    "UP1",
    "UP2",
    "UP",
    "SF",
    "DF",
    "LA",
    "RV",
    "EL",
    "KF",
    "A",
    "B",
    "C",
    "D",
    "F",
    "I",
    "K",
    "M",
    "O",
    "S",
    "V",
    "Ø",
    "Å",
    "Æ",
)
# Parties written out: "Enhedslisten stemte imod punkt 3 og 9".
PARTY_NAMES: tuple[str, ...] = (
    "Det Konservative Folkeparti",
    "Konservative Folkeparti",
    "Socialistisk Folkeparti",
    "Det Radikale Venstre",
    "Radikale Venstre",
    "Dansk Folkeparti",
    "Liberal Alliance",
    "Nye Borgerlige",
    "Borgernes Parti",
    "Slesvigsk Parti",
    "Socialdemokratiet",
    "Socialdemokraterne",
    "Danmarksdemokraterne",
    "Kristendemokraterne",
    "Enhedslisten",
    "Moderaterne",
    "Alternativet",
    "Konservative",
    "Radikale",
    "Venstre",
)
# Capitalised words that are no member's name (a sentence's first word, a body of the
# municipality): "Udvalget undlod at tage stilling." records no member's position.
NOT_NAME_WORDS: frozenset[str] = frozenset(
    {
        "ad",
        "administrationen",
        "afbud",
        "afdelingen",
        "alle",
        "begge",
        "bestyrelsen",
        "borgmesteren",
        "byråd",
        "byrådet",
        "center",
        "centret",
        "de",
        "dem",
        "den",
        "der",
        "derefter",
        "derfor",
        "derudover",
        "desuden",
        "det",
        "direktionen",
        "dog",
        "efterfølgende",
        "en",
        "endelig",
        "endvidere",
        "et",
        "for",
        "formanden",
        "forvaltningen",
        "fraværende",
        "hele",
        "herefter",
        "hvis",
        "i",
        "imod",
        "ingen",
        "kommune",
        "kommunen",
        "kommunes",
        "kommunalbestyrelsen",
        "medlemmerne",
        "mødet",
        "også",
        "partierne",
        "pkt",
        "punkt",
        "region",
        "regionen",
        "samtidig",
        "sagen",
        "sekretariatet",
        "stemte",
        "styrelsen",
        "så",
        "undlod",
        "undlader",
        "udvalg",
        "udvalget",
    }
)
# Word endings of bodies, not members: "Økonomiudvalget", "Seniorrådet".
NOT_NAME_ENDINGS: tuple[str, ...] = ("udvalget", "udvalg", "rådet", "ministeriet", "styrelsen")

# Absences for the one item, inside its decision: "Afbud: X", "Ikke til stede: X".
ABSENCE_LABELS: tuple[str, ...] = (
    "ikke til stede",
    "ikke tilstede",
    "ikke mødt",
    "meldt afbud",
    "fraværende",
    "fravær",
    "forfald",
    "afbud",
)
# "X var forhindret i at deltage i udvalgets behandling af sagen", "X forlod herefter lokalet".
ABSENCE_VERBS: tuple[str, ...] = (
    "var forhindret i at deltage",
    "var forhindret",
    "var ikke til stede",
    "var ikke tilstede",
    "var fraværende",
    "deltog ikke",
    "forlod herefter lokalet",
    "forlod lokalet",
    "forlod herefter mødet",
    "forlod mødet",
    "havde meldt afbud",
)

# Abbreviations a sentence does not end at ("jf. Økonomitabel 1", "John T. Olsen").
ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "ang",
        "bl.a",
        "ca",
        "d",
        "dvs",
        "ekskl",
        "evt",
        "excl",
        "f.eks",
        "fx",
        "hhv",
        "ift",
        "iht",
        "inkl",
        "jf",
        "jvf",
        "kl",
        "m.fl",
        "m.v",
        "mht",
        "mv",
        "nr",
        "pga",
        "pk",
        "pkt",
        "pr",
        "st",
        "stk",
        "tlf",
        "vedr",
    }
)

# Sections whose sums are the money decided; any heading starting with an economy prefix too
# ("Økonomi og finansiering", "Økonomiske konsekvenser", "Bevillingsmæssige konsekvenser").
MONEY_SECTIONS: tuple[str, ...] = (
    "indstilling",
    "indstillinger",
    "det indstilles",
    "beslutning",
    "beslutninger",
    "beslutningspunkter",
    "forslag til beslutning",
)
MONEY_SECTION_PREFIXES: tuple[str, ...] = (
    "økonomi",
    "bevillingsmæssig",
    "bevilling",
    "finansiering",
    "beslutning i ",  # "Beslutning i Økonomiudvalget den 12. januar 2021:"
    "beslutning ",
)
# Kinds of grant, by the word's stem: "udgiftsbevilling på 538.750 kr.", "omplaceres".
GRANT_KINDS: dict[str, str] = {
    "udgiftsbevilling": "udgiftsbevilling",
    "indtægtsbevilling": "indtægtsbevilling",
    "anlægsbevilling": "anlægsbevilling",
    "tillægsbevilling": "tillægsbevilling",
    "rådighedsbeløb": "rådighedsbeløb",
    "omplacer": "omplacering",
}
# A bare sum is money after these ("indtægtsbevilling på 431.000"), kind or not.
BARE_SUM_AFTER: tuple[str, ...] = (
    "udgiftsbevilling",
    "indtægtsbevilling",
    "anlægsbevilling",
    "tillægsbevilling",
    "rådighedsbeløb",
    "bevilling",
)
# Money units and what they multiply by, longest first.
MONEY_UNITS: tuple[tuple[str, int], ...] = (
    ("milliarder kroner", 10**9),
    ("milliard kroner", 10**9),
    ("milliarder kr.", 10**9),
    ("mia. kr.", 10**9),
    ("mia.kr.", 10**9),
    ("mia kr", 10**9),
    ("mia.", 10**9),
    ("millioner kroner", 10**6),
    ("million kroner", 10**6),
    ("millioner kr.", 10**6),
    ("mio. kr.", 10**6),
    ("mio.kr.", 10**6),
    ("mio kr", 10**6),
    ("mill. kr.", 10**6),
    ("mio.", 10**6),
    ("mill.", 10**6),
    ("t. kr.", 10**3),
    ("t.kr.", 10**3),
    ("tkr.", 10**3),
    ("kroner", 1),
    ("kr.", 1),
    ("kr", 1),
    ("dkk", 1),
)
# "mio."/"mia." without "kr." is money before these words or punctuation ("1,3 mio. og 2,5
# mio."), not before a noun ("5 mio. borgere").
SCALE_ONLY_FOLLOWERS: frozenset[str] = frozenset(
    {
        "og",
        "eller",
        "i",
        "til",
        "fra",
        "pr",
        "per",
        "om",
        "over",
        "under",
        "mod",
        "årligt",
        "samlet",
        "ekskl",
        "inkl",
        "excl",
        "incl",
        "heraf",
        "hvoraf",
        "svarende",
        "plus",
        "minus",
        "ud",
        "kr",
        "kroner",
    }
)
# The unit a table states for its bare numbers ("Mio. kr.", "Beløb i 1.000 kr.", "t.kr.").
TABLE_UNITS: tuple[tuple[str, int], ...] = (
    ("mia. kr", 10**9),
    ("mia.kr", 10**9),
    ("mio. kr", 10**6),
    ("mio.kr", 10**6),
    ("mio kr", 10**6),
    ("mill. kr", 10**6),
    ("1.000 kr", 10**3),
    ("1000 kr", 10**3),
    ("t. kr", 10**3),
    ("t.kr", 10**3),
    ("tkr", 10**3),
    ("mio.", 10**6),
    ("kr.", 1),
    ("kroner", 1),
)

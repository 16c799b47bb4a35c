"""Denmark's 98 municipalities: the name each goes by and the short name of its addresses.

An archive of every Danish municipality's referater meets them by name ("Greve Kommune" on a
referat), by a portal's host (dagsordener.greve.dk) and by the slug a person types (`greve`):
all three lead to one entry here. Kept as data; a municipality not listed (a merger, a
renaming) is still accepted by the archive under the name it is given.
"""

from __future__ import annotations

import re
import unicodedata

# (name as the municipality writes it, slug of its addresses in the archive).
MUNICIPALITIES: tuple[tuple[str, str], ...] = (
    ("Albertslund Kommune", "albertslund"),
    ("Allerød Kommune", "alleroed"),
    ("Assens Kommune", "assens"),
    ("Ballerup Kommune", "ballerup"),
    ("Billund Kommune", "billund"),
    ("Bornholms Regionskommune", "bornholm"),
    ("Brøndby Kommune", "broendby"),
    ("Brønderslev Kommune", "broenderslev"),
    ("Dragør Kommune", "dragoer"),
    ("Egedal Kommune", "egedal"),
    ("Esbjerg Kommune", "esbjerg"),
    ("Fanø Kommune", "fanoe"),
    ("Favrskov Kommune", "favrskov"),
    ("Faxe Kommune", "faxe"),
    ("Fredensborg Kommune", "fredensborg"),
    ("Fredericia Kommune", "fredericia"),
    ("Frederiksberg Kommune", "frederiksberg"),
    ("Frederikshavn Kommune", "frederikshavn"),
    ("Frederikssund Kommune", "frederikssund"),
    ("Furesø Kommune", "furesoe"),
    ("Faaborg-Midtfyn Kommune", "faaborg-midtfyn"),
    ("Gentofte Kommune", "gentofte"),
    ("Gladsaxe Kommune", "gladsaxe"),
    ("Glostrup Kommune", "glostrup"),
    ("Greve Kommune", "greve"),
    ("Gribskov Kommune", "gribskov"),
    ("Guldborgsund Kommune", "guldborgsund"),
    ("Haderslev Kommune", "haderslev"),
    ("Halsnæs Kommune", "halsnaes"),
    ("Hedensted Kommune", "hedensted"),
    ("Helsingør Kommune", "helsingoer"),
    ("Herlev Kommune", "herlev"),
    ("Herning Kommune", "herning"),
    ("Hillerød Kommune", "hilleroed"),
    ("Hjørring Kommune", "hjoerring"),
    ("Holbæk Kommune", "holbaek"),
    ("Holstebro Kommune", "holstebro"),
    ("Horsens Kommune", "horsens"),
    ("Hvidovre Kommune", "hvidovre"),
    ("Høje-Taastrup Kommune", "hoeje-taastrup"),
    ("Hørsholm Kommune", "hoersholm"),
    ("Ikast-Brande Kommune", "ikast-brande"),
    ("Ishøj Kommune", "ishoej"),
    ("Jammerbugt Kommune", "jammerbugt"),
    ("Kalundborg Kommune", "kalundborg"),
    ("Kerteminde Kommune", "kerteminde"),
    ("Kolding Kommune", "kolding"),
    ("Københavns Kommune", "koebenhavn"),
    ("Køge Kommune", "koege"),
    ("Langeland Kommune", "langeland"),
    ("Lejre Kommune", "lejre"),
    ("Lemvig Kommune", "lemvig"),
    ("Lolland Kommune", "lolland"),
    ("Lyngby-Taarbæk Kommune", "lyngby-taarbaek"),
    ("Læsø Kommune", "laesoe"),
    ("Mariagerfjord Kommune", "mariagerfjord"),
    ("Middelfart Kommune", "middelfart"),
    ("Morsø Kommune", "morsoe"),
    ("Norddjurs Kommune", "norddjurs"),
    ("Nordfyns Kommune", "nordfyn"),
    ("Nyborg Kommune", "nyborg"),
    ("Næstved Kommune", "naestved"),
    ("Odder Kommune", "odder"),
    ("Odense Kommune", "odense"),
    ("Odsherred Kommune", "odsherred"),
    ("Randers Kommune", "randers"),
    ("Rebild Kommune", "rebild"),
    ("Ringkøbing-Skjern Kommune", "ringkoebing-skjern"),
    ("Ringsted Kommune", "ringsted"),
    ("Roskilde Kommune", "roskilde"),
    ("Rudersdal Kommune", "rudersdal"),
    ("Rødovre Kommune", "roedovre"),
    ("Samsø Kommune", "samsoe"),
    ("Silkeborg Kommune", "silkeborg"),
    ("Skanderborg Kommune", "skanderborg"),
    ("Skive Kommune", "skive"),
    ("Slagelse Kommune", "slagelse"),
    ("Solrød Kommune", "solroed"),
    ("Sorø Kommune", "soroe"),
    ("Stevns Kommune", "stevns"),
    ("Struer Kommune", "struer"),
    ("Svendborg Kommune", "svendborg"),
    ("Syddjurs Kommune", "syddjurs"),
    ("Sønderborg Kommune", "soenderborg"),
    ("Thisted Kommune", "thisted"),
    ("Tønder Kommune", "toender"),
    ("Tårnby Kommune", "taarnby"),
    ("Vallensbæk Kommune", "vallensbaek"),
    ("Varde Kommune", "varde"),
    ("Vejen Kommune", "vejen"),
    ("Vejle Kommune", "vejle"),
    ("Vesthimmerlands Kommune", "vesthimmerland"),
    ("Viborg Kommune", "viborg"),
    ("Vordingborg Kommune", "vordingborg"),
    ("Ærø Kommune", "aeroe"),
    ("Aabenraa Kommune", "aabenraa"),
    ("Aalborg Kommune", "aalborg"),
    ("Aarhus Kommune", "aarhus"),
)

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
_SUFFIXES = (" regionskommune", " kommune", " byråd", " kommunalbestyrelse")
# A portal's host names the municipality between a prefix and the country's domain:
# dagsordener.greve.dk, dagsorden.aarhus.dk, dagsordener-referater.hvidovre.dk.
_HOST_PART = re.compile(r"^(?:www\.)?(?:[a-z-]+\.)?([a-z0-9æøå-]+)\.dk$")


def slug_of(text: str) -> str:
    """The address slug of a municipality's name or short name: "Lyngby-Taarbæk Kommune"
    and "Lyngby-Taarbæk" give "lyngby-taarbaek"."""
    key = text.strip().lower()
    for suffix in _SUFFIXES:
        if key.endswith(suffix):
            key = key[: -len(suffix)]
    known = _BY_KEY.get(key)
    if known:
        return known[1]
    key = unicodedata.normalize("NFC", key).translate(_DANISH_LETTERS)
    return re.sub(r"[^a-z0-9]+", "-", key).strip("-")


def known(slug_or_name: str) -> tuple[str, str] | None:
    """(name, slug) of one of the 98 by its slug, name or short name; None if not one."""
    text = (slug_or_name or "").strip()
    if not text:
        return None
    return _BY_SLUG.get(text.lower()) or _BY_SLUG.get(slug_of(text))


def from_host(host: str) -> tuple[str, str] | None:
    """(name, slug) of the municipality a portal's host names, if it is one of the 98."""
    match = _HOST_PART.match((host or "").lower().split(":")[0])
    return known(match[1]) if match else None


def name_for(slug: str) -> str:
    """The name of the municipality with this slug: its own when known, else "<Slug> Kommune"."""
    found = known(slug)
    if found:
        return found[0]
    words = [word.capitalize() for word in slug.split("-") if word]
    return " ".join(["-".join(words) or slug, "Kommune"])


_BY_SLUG = {slug: (name, slug) for name, slug in MUNICIPALITIES}
_BY_KEY: dict[str, tuple[str, str]] = {}
for _name, _slug in MUNICIPALITIES:
    _short = _name.lower()
    for _suffix in _SUFFIXES:
        _short = _short.removesuffix(_suffix)
    _BY_KEY[_short] = (_name, _slug)
    _BY_KEY[_short.removesuffix("s")] = (_name, _slug)  # "Københavns" / "København"

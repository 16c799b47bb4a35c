"""Which municipality a page is about, for every template (a context processor).

`town` is the municipality of the page (its slug leads the address), or the only one the
archive holds: an archive of one municipality is that town's archive everywhere, with nothing
national about it. `several_towns`: the archive holds more than one; `national`: the page is
an archive-wide page of such an archive.
"""

from __future__ import annotations

from meetings.models import municipalities


def place(request) -> dict:
    towns = municipalities.with_meetings()
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("municipality") if match else None
    town = municipalities.by_slug(slug) if slug else None
    if town is None and len(towns) == 1:
        town = towns[0]
    several = len(towns) > 1
    return {
        "town": town,
        "towns": towns,
        "several_towns": several,
        "national": town is None and several,
    }

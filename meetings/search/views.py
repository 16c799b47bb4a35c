"""Search pages: /soeg/ (HTML) and /api/search (JSON). Thin: the work is in .query."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from meetings.models import Committee, Person, municipalities
from meetings.vocabulary import Outcome

from .casenumbers import case_for_query
from .forms import SearchForm
from .query import CANDIDATES, search_items

PER_PAGE = 20
# Only the best CANDIDATES matches are ranked, so pages stop there.
MAX_PAGES = -(-CANDIDATES // PER_PAGE)
# Values shown per facet, the most frequent first (a national archive has hundreds of committees).
FACET_VALUES = 12


def _matching_people(query: str, town=None):
    """People whose name contains every word of the query (at most three)."""
    words = query.split()
    if not words or len(query) < 3 or len(words) > 4:
        return []
    people = Person.objects.all() if town is None else Person.objects.filter(municipality=town)
    for word in words:
        people = people.filter(name__icontains=word)
    return list(people[:3])


def _pages(result) -> int:
    return -(-min(result.count, CANDIDATES) // PER_PAGE)


def _asked_page(data) -> int:
    # A page that is no number at all ("x") is dropped like any invalid filter: page 1.
    return data["page"] if data["page"] is not None else 1


def _page_missing(asked: int, pages: int) -> str:
    """The message for a page number past the results (or below 1), or ""."""
    if 1 <= asked <= max(pages, 1):
        return ""
    if pages == 0:
        return _("Side %(page)s findes ikke: søgningen gav ingen resultater.") % {"page": asked}
    return ngettext(
        "Side %(page)s findes ikke: der er kun %(pages)s side.",
        "Side %(page)s findes ikke: der er kun %(pages)s sider.",
        pages,
    ) % {"page": asked, "pages": pages}


def _search(query, form, page, **options):
    return search_items(query, filters=form.filters(), sort=form.sort_order(), page=page,
                        per_page=PER_PAGE, exact=form.exact(), **options)  # fmt: skip


@require_safe
def search_page(request):
    form = SearchForm(request.GET)
    too_long = form.query_too_long()
    if too_long:  # said, and the search page offered again: never a shortened query searched
        context = {"form": form, "query": "", "limit_message": too_long, "sort": "relevance"}
        return render(request, "search/limit.html", context, status=400)
    data = form.cleaned()
    query = (data["q"] or "").strip()
    town = data["municipality"]
    case = case_for_query(query, municipality=town)
    if case is not None:  # any printed form of a sagsnr, with or without its label
        return redirect(case.get_absolute_url())
    asked = _asked_page(data)
    page = asked if 1 <= asked <= MAX_PAGES else 1
    result = _search(query, form, page)
    missing = _page_missing(asked, _pages(result))
    if missing and page != 1:  # past the last page: show the first, and say so
        page = 1
        result = _search(query, form, page)
    committees = {
        str(c.pk): c for c in Committee.objects.filter(
            pk__in=[int(v) for v, _ in result.facets.get("committee", [])[:FACET_VALUES]]
        )
    }  # fmt: skip
    several = len(municipalities.with_meetings()) > 1

    def committee_label(committee) -> str:
        if several and town is None:
            return (
                f"{committee.name} ({municipalities.by_id(committee.municipality_id).short_name})"
            )
        return committee.name

    facets = {
        kind: values[:FACET_VALUES]
        for kind, values in {
        "municipality": [
            (municipalities.slug(int(v)), municipalities.by_id(int(v)).name, n)
            for v, n in result.facets.get("municipality", []) if v
        ] if several and town is None else [],
        "committee": [
            (committees[v].slug, committee_label(committees[v]), n)
            for v, n in result.facets.get("committee", []) if v in committees
        ],
        "period": [(v, v, n) for v, n in result.facets.get("period", []) if v],
        "outcome": [
            (v, _(Outcome.LABELS.get(v, v)), n) for v, n in result.facets.get("outcome", []) if v
        ],
    }.items()
    }  # fmt: skip
    pages = _pages(result)
    context = {
        "form": form,
        "query": query,
        "result": result,
        "people": _matching_people(query, town) if query else [],
        "facets": facets,
        "page": page,
        "has_next": page < pages,
        "has_previous": page > 1,
        "count_cap": CANDIDATES,
        "sort": form.sort_order(),
        # Referat text is Danish: marked so on a page in another language.
        "content_lang": "" if get_language() == "da" else "da",
    }
    if town is not None:  # else the page's place: the only municipality, or none
        context["town"] = town
    if missing:
        context["limit_message"] = missing
        return render(request, "search/limit.html", context, status=404)
    return render(request, "search/search.html", context)


def _api_error(message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


@require_safe
def search_api(request):
    """The search as JSON; a query over the limit is 400 and a page past the results 404, with
    the same message /soeg/ shows, in {"error": …}."""
    form = SearchForm(request.GET)
    too_long = form.query_too_long()
    if too_long:
        return _api_error(too_long, 400)
    data = form.cleaned()
    query = (data["q"] or "").strip()
    asked = _asked_page(data)
    result = _search(query, form, asked if 1 <= asked <= MAX_PAGES else 1, facets=False)
    missing = _page_missing(asked, _pages(result))
    if missing:
        return _api_error(missing, 404)
    response = JsonResponse(
        {
            "count": result.count,
            "count_estimated": result.count_capped,
            "results": [
                {
                    "meeting_date": hit.meeting_date.isoformat(),
                    "item_number": hit.number,
                    "title": hit.title,
                    "committee": hit.committee,
                    "municipality": municipalities.by_id(hit.municipality_id).name,
                    "case_number": hit.case_number or None,
                    "case_url": request.build_absolute_uri(hit.case_url) if hit.case_url else None,
                    "decision": hit.decision,
                    "snippet": hit.snippet,
                    "split": hit.split,
                    "largest_amount": float(hit.largest_amount)
                    if hit.largest_amount is not None
                    else None,
                    "url": request.build_absolute_uri(hit.get_absolute_url()),
                }
                for hit in result.hits
            ],
            "suggestion": result.suggestion,
            "corrected": result.corrected,
        },
        json_dumps_params={"ensure_ascii": False},
    )
    # Where the time of a search went (its parts, and the plan it took), for browsers'
    # developer tools and bench/search.py: a figure of the snippets per page, measured here.
    response["Server-Timing"] = server_timing(result)
    return response


def server_timing(result) -> str:
    """A Server-Timing header of a search's parts: `candidates;desc="walk";dur=12.3, …`."""
    parts = []
    for name, ms in result.timings.items():
        desc = f';desc="{result.plan}"' if name == "candidates" and result.plan else ""
        parts.append(f"{name}{desc};dur={ms:.2f}")
    return ", ".join(parts)

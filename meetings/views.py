"""Public pages. Views stay thin: queries live on the models' QuerySets."""

from django.shortcuts import get_object_or_404, render

from .models import AgendaItem, Case, Committee, Meeting, Person


def home(request):
    meetings = Meeting.objects.select_related("committee").newest_first()[:20]
    return render(request, "meetings/home.html", {"meetings": meetings})


def meeting_detail(request, committee, date):
    meeting = get_object_or_404(
        Meeting.objects.select_related("committee"), committee__slug=committee, date=date
    )
    return render(request, "meetings/meeting_detail.html", {"meeting": meeting})


def item_detail(request, committee, date, number):
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__committee", "case"),
        meeting__committee__slug=committee,
        meeting__date=date,
        number=number,
    )
    return render(request, "meetings/item_detail.html", {"item": item})


def committee_detail(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    return render(request, "meetings/committee_detail.html", {"committee": committee})


def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    return render(request, "meetings/person_detail.html", {"person": person})


def case_detail(request, number):
    case = get_object_or_404(Case, number=number)
    return render(request, "meetings/case_detail.html", {"case": case})


def page_not_found(request, exception):
    return render(request, "404.html", status=404)

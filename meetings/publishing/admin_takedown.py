"""The admin's actions for taking published text down (meetings.publishing.takedown): withdraw
meetings or items, redact a passage, restore. Each asks for the reason the public page shows."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .takedown import item_withdraw, meeting_redact, meeting_restore, meeting_withdraw


def _ask(modeladmin, request, queryset, *, action, title, explanation, button, passage=False):
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": opts,
        "things": list(queryset),
        "explanation": explanation,
        "button": button,
        "action": action,
        "ask_passage": passage,
        "passage": request.POST.get("passage", ""),
        "reason": request.POST.get("reason", ""),
        "changelist": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/meetings/takedown.html", context)


def _done(modeladmin, request, step, things) -> None:
    for thing in things:
        try:
            log = step(thing)
        except ValidationError as exc:
            modeladmin.message_user(request, f"{thing}: {' '.join(exc.messages)}", messages.ERROR)
        else:
            modeladmin.message_user(request, log.summary, messages.SUCCESS)


@admin.action(description=gettext_lazy("Fjern møderne fra offentligheden"))
def withdraw_meetings(modeladmin, request, queryset):
    reason = request.POST.get("reason", "")
    if request.POST.get("confirm") != "yes" or not reason.strip():
        return _ask(
            modeladmin,
            request,
            queryset,
            action="withdraw_meetings",
            title=_("Fjern møder"),
            explanation=_(
                "Mødernes tekst forsvinder fra sider, søgning, feeds, API og eksport. Filerne "
                "gemmes for personalet, og den offentlige side siger, hvornår og hvorfor."
            ),
            button=_("Fjern"),
        )
    step = lambda m: meeting_withdraw(meeting=m, reason=reason, made_by=request.user)  # noqa: E731
    _done(modeladmin, request, step, queryset)
    return None


@admin.action(description=gettext_lazy("Genopret de fjernede møder og punkter"))
def restore_meetings(modeladmin, request, queryset):
    _done(modeladmin, request, lambda m: meeting_restore(meeting=m, made_by=request.user), queryset)


@admin.action(description=gettext_lazy("Rediger en tekst væk i møderne"))
def redact_meetings(modeladmin, request, queryset):
    reason, passage = request.POST.get("reason", ""), request.POST.get("passage", "")
    if request.POST.get("confirm") != "yes" or not reason.strip() or not passage.strip():
        return _ask(
            modeladmin,
            request,
            queryset,
            action="redact_meetings",
            title=_("Rediger tekst"),
            explanation=_(
                "Teksten erstattes med […] overalt i mødets referat, også i senere versioner. "
                "Originalfilerne kan derefter kun hentes af personalet."
            ),
            button=_("Rediger"),
            passage=True,
        )

    def step(meeting):
        return meeting_redact(meeting=meeting, passage=passage, reason=reason, made_by=request.user)

    _done(modeladmin, request, step, queryset)
    return None


@admin.action(description=gettext_lazy("Fjern punkterne fra offentligheden"))
def withdraw_items(modeladmin, request, queryset):
    reason = request.POST.get("reason", "")
    if request.POST.get("confirm") != "yes" or not reason.strip():
        return _ask(
            modeladmin,
            request,
            queryset,
            action="withdraw_items",
            title=_("Fjern punkter"),
            explanation=_(
                "Punkternes tekst forsvinder overalt; mødets side siger, hvornår og hvorfor."
            ),
            button=_("Fjern"),
        )
    step = lambda i: item_withdraw(item=i, reason=reason, made_by=request.user)  # noqa: E731
    _done(modeladmin, request, step, queryset)
    return None

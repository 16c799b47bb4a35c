"""The staff side of the archive: upload of referater with a preview, and data care.

Rows the ingest store writes (meetings, items, cases, source documents) are shown read-only:
the archive's content changes through a published referat, and the two corrections staff make
by hand (merging two spellings of a person, correcting a committee) go through
`meetings.publishing.corrections`, which records each in CorrectionLog.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import (
    AgendaItem,
    Case,
    Committee,
    CommitteeAlias,
    CorrectionLog,
    Harvest,
    Meeting,
    Municipality,
    Person,
    PersonAlias,
    PortalMeeting,
    SourceDocument,
    Upload,
    committee_name_key,
)
from .publishing.admin_takedown import (
    redact_meetings,
    restore_meetings,
    withdraw_items,
    withdraw_meetings,
)
from .publishing.corrections import committee_correct, person_merge
from .publishing.uploads import (
    UploadError,
    upload_discard,
    upload_preview,
    upload_publish,
    upload_receive,
)

admin.site.site_header = gettext_lazy("Referatarkivet: administration")
admin.site.site_title = gettext_lazy("Referatarkivet")
admin.site.index_title = gettext_lazy("Sekretariatet")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the ingest store: staff look, search and filter, but do not edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Upload ------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or many files from one `<input type=file multiple>`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.txt,.md,.text,.json,.html,.htm"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Referater"),
        help_text=gettext_lazy(
            "PDF- eller tekstfiler, eller en portals møde som JSON eller webside; vælg flere, "
            "eller træk dem hertil."
        ),
    )
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Kommune"),
        queryset=Municipality.objects.all(),
        required=False,
        empty_label=gettext_lazy("Den kommune, referatet nævner, ellers arkivets egen"),
        help_text=gettext_lazy("Hvis kommune er referatet fra?"),
    )


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = [
        "filename",
        "municipality",
        "origin",
        "status",
        "refused_reason",
        "format",
        "size_kb",
        "uploaded_by",
        "uploaded_at",
        "published_by",
        "meeting_link",
    ]
    list_filter = ["status", "origin", "municipality", "format", "uploaded_at"]
    search_fields = ["filename", "sha256", "refused_reason"]
    list_select_related = ["uploaded_by", "published_by", "meeting__committee", "municipality"]
    date_hierarchy = "uploaded_at"

    @admin.display(description=gettext_lazy("kB"), ordering="size")
    def size_kb(self, upload):
        return f"{upload.size / 1024:.0f}"

    @admin.display(description=gettext_lazy("møde"))
    def meeting_link(self, upload):
        if upload.meeting is None:
            return "–"
        return format_html('<a href="{}">{}</a>', upload.meeting.get_absolute_url(), upload.meeting)

    def has_delete_permission(self, request, obj=None):
        return False  # nothing uploaded is ever lost

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/publish/", wrap(self.publish_view), name="meetings_upload_publish"),
            path("<int:pk>/discard/", wrap(self.discard_view), name="meetings_upload_discard"),
            path("<int:pk>/download/", wrap(self.download_view), name="meetings_upload_download"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        """The "Upload referater" page: one or many files, each kept and parsed at once."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            uploads = [
                upload_receive(
                    file=file,
                    uploaded_by=request.user,
                    municipality=form.cleaned_data["municipality"],
                )
                for file in form.cleaned_data["files"]
            ]
            for upload in uploads:
                if upload.status == Upload.Status.REFUSED:
                    self.message_user(
                        request,
                        _("%(name)s blev afvist: %(reason)s")
                        % {"name": upload.filename, "reason": upload.refused_reason},
                        messages.ERROR,
                    )
                else:
                    self.message_user(
                        request,
                        _("%(name)s er klar til gennemsyn.") % {"name": upload.filename},
                        messages.SUCCESS,
                    )
            awaiting = [u for u in uploads if u.status == Upload.Status.AWAITING]
            if len(uploads) == 1 and awaiting:
                return HttpResponseRedirect(self._preview_url(awaiting[0]))
            return HttpResponseRedirect(reverse("admin:meetings_upload_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Upload referater"),
            "opts": self.model._meta,
            "form": form,
            "max_megabytes": _max_megabytes(),
            "awaiting": Upload.objects.filter(status=Upload.Status.AWAITING).select_related(
                "uploaded_by"
            )[:20],
        }
        return TemplateResponse(request, "admin/meetings/upload/upload_form.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """An upload's page is its preview: what would be published, and the buttons."""
        upload = self._upload(request, object_id)
        if not self.has_view_permission(request, upload):
            raise PermissionDenied
        preview = error = None
        if upload.referat is not None:
            try:
                preview = upload_preview(upload)
            except UploadError as exc:
                error = str(exc)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Gennemsyn: %(name)s") % {"name": upload.filename},
            "opts": self.model._meta,
            "original": upload,
            "upload": upload,
            "preview": preview,
            "error": error,
            "can_decide": upload.status == Upload.Status.AWAITING
            and self.has_change_permission(request, upload),
        }
        return TemplateResponse(request, "admin/meetings/upload/preview.html", context)

    def _upload(self, request, object_id) -> Upload:
        """The upload of an address; 404 for an id that is no upload's (also "abc", "%00")."""
        # ModelAdmin.get_object turns an id the primary key cannot hold into None.
        upload = self.get_object(request, unquote(str(object_id)))
        if upload is None:
            raise Http404(_("Der er ingen upload med det id."))
        return upload

    def _preview_url(self, upload) -> str:
        return reverse("admin:meetings_upload_change", args=[upload.pk])

    def _decision(self, request, pk):
        upload = self._upload(request, pk)
        if request.method != "POST":
            return upload, HttpResponseRedirect(self._preview_url(upload))
        if not self.has_change_permission(request, upload):
            raise PermissionDenied
        return upload, None

    def publish_view(self, request, pk):
        upload, redirect = self._decision(request, pk)
        if redirect:
            return redirect
        confirm = request.POST.get("confirm_personal_data") == "on"
        try:
            result = upload_publish(
                upload=upload, published_by=request.user, confirm_personal_data=confirm
            )
        except UploadError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(self._preview_url(upload))
        labels = {
            "created": _("offentliggjort som et nyt møde"),
            "updated": _("offentliggjort som en ny udgave af mødet"),
            "unchanged": _("var allerede i arkivet uændret"),
        }
        self.message_user(
            request,
            format_html(
                '{} {}: <a href="{}">{}</a>',
                upload.filename,
                labels.get(result.status, result.status),
                result.meeting.get_absolute_url(),
                result.meeting,
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._preview_url(upload))

    def discard_view(self, request, pk):
        upload, redirect = self._decision(request, pk)
        if redirect:
            return redirect
        try:
            upload_discard(upload=upload, discarded_by=request.user)
        except UploadError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(
                request, _("%(name)s er kasseret.") % {"name": upload.filename}, messages.SUCCESS
            )
        return HttpResponseRedirect(reverse("admin:meetings_upload_changelist"))

    def download_view(self, request, pk):
        """The original bytes, as uploaded; never shown inline (it is untrusted content)."""
        upload = self._upload(request, pk)
        if not self.has_view_permission(request, upload):
            raise PermissionDenied
        content_type = "application/pdf" if upload.format == "pdf" else "application/octet-stream"
        if upload.format == "text":
            content_type = "text/plain; charset=utf-8"
        response = HttpResponse(bytes(upload.content), content_type=content_type)
        response["Content-Disposition"] = _attachment_header(upload.filename)
        response["Content-Security-Policy"] = "sandbox"
        return response


def _attachment_header(filename: str) -> str:
    from django.utils.http import content_disposition_header

    return content_disposition_header(as_attachment=True, filename=filename)


def _max_megabytes() -> str:
    from django.conf import settings

    return f"{settings.ARCHIVE_MAX_UPLOAD_BYTES / (1024 * 1024):.0f}"


# --- The archive's content, read-only ---------------------------------------------------------


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = [
        "date",
        "committee_name",
        "municipality",
        "kind",
        "start_time",
        "location",
        "withdrawn_at",
        "redacted_at",
    ]
    list_filter = ["municipality", "kind", "period", "committee"]
    actions = [withdraw_meetings, redact_meetings, restore_meetings]
    search_fields = ["committee_name", "location", "title"]
    date_hierarchy = "date"
    list_select_related = ["committee", "municipality"]
    exclude = ["participants"]


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    actions = [withdraw_items]
    list_display = ["title", "number", "meeting", "case", "outcome"]
    list_filter = ["outcome", "meeting__committee"]
    search_fields = ["title", "case__number", "decision"]
    list_select_related = ["meeting", "case"]
    date_hierarchy = "meeting__date"


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "municipality", "latest_title", "last_treated"]
    list_filter = ["municipality"]
    search_fields = ["number", "items__title"]
    list_select_related = ["municipality"]


@admin.register(SourceDocument)
class SourceDocumentAdmin(ReadOnlyAdmin):
    list_display = ["filename", "format", "size", "received_at", "received_by", "meeting"]
    list_filter = ["format", "received_at"]
    search_fields = ["filename", "sha256"]
    list_select_related = ["received_by", "meeting"]
    exclude = ["content"]


# --- Municipalities and their harvests --------------------------------------------------------


class MunicipalityForm(forms.ModelForm):
    # An address typed without a scheme is https, as portals are (Django 6's default).
    portal_url = forms.URLField(
        label=gettext_lazy("portal"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Municipality
        fields = ["name", "slug", "portal_url"]

    def clean_slug(self):
        from meetings.models.archive import RESERVED_SLUGS

        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise ValidationError(_("%(slug)s er et af arkivets egne ord.") % {"slug": slug})
        return slug


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    """Municipalities: their portal address (harvested on the schedule) and "Høst nu"."""

    form = MunicipalityForm
    list_display = ["name", "slug", "portal_url", "last_harvest"]
    search_fields = ["name", "slug"]
    actions = ["harvest_now"]

    def get_readonly_fields(self, request, obj=None):
        # The slug leads every address of the municipality's things: set once, kept.
        return ["slug"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False  # a municipality's referater are never lost with it

    @admin.display(description=gettext_lazy("seneste høstning"))
    def last_harvest(self, municipality):
        harvest = municipality.harvests.first()
        if harvest is None:
            return "–"
        url = reverse("admin:meetings_harvest_change", args=[harvest.pk])
        return format_html('<a href="{}">{}</a>', url, harvest)

    @admin.action(description=gettext_lazy("Høst nu fra portalen"))
    def harvest_now(self, request, queryset):
        from procrastinate import exceptions

        from meetings.harvest.tasks import defer_harvest

        for municipality in queryset:
            if not municipality.portal_url:
                self.message_user(
                    request,
                    _("%(name)s har ingen portaladresse.") % {"name": municipality},
                    messages.WARNING,
                )
                continue
            try:
                defer_harvest(municipality, trigger=Harvest.Trigger.STAFF, started_by=request.user)
            except exceptions.AlreadyEnqueued:
                message = _("En høstning af %(name)s venter allerede.")
            else:
                message = _("Høstning af %(name)s er sat i gang; se forløbet under Høstninger.")
            self.message_user(request, message % {"name": municipality}, messages.SUCCESS)


@admin.register(Harvest)
class HarvestAdmin(ReadOnlyAdmin):
    """Each harvest of a portal: when, what came in, what failed and why."""

    list_display = [
        "started_at",
        "municipality",
        "status",
        "trigger",
        "created",
        "updated",
        "unchanged",
        "refused",
        "held",
        "failed",
        "reason",
    ]
    list_filter = ["municipality", "status", "trigger"]
    list_select_related = ["municipality"]
    date_hierarchy = "started_at"
    readonly_fields = ["outcome_lines"]
    exclude = ["log"]

    @admin.display(description=gettext_lazy("møder der ikke kom uændret ind"))
    def outcome_lines(self, harvest):
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} · {} {} · {}{}</li>",
                (
                    (
                        line.get("status"),
                        line.get("committee"),
                        line.get("date") or "",
                        line.get("portal_id"),
                        f": {line['reason']}" if line.get("reason") else "",
                    )
                    for line in harvest.log
                ),
            )
            or "–",
        )


@admin.register(PortalMeeting)
class PortalMeetingAdmin(ReadOnlyAdmin):
    """What the archive knows of each meeting a portal lists."""

    list_display = ["date", "committee_name", "municipality", "status", "reason", "checked_at"]
    list_filter = ["municipality", "status"]
    search_fields = ["portal_id", "committee_name"]
    list_select_related = ["municipality"]


# --- Corrections ------------------------------------------------------------------------------


class CommitteeForm(forms.ModelForm):
    class Meta:
        model = Committee
        fields = ["name", "code"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        others = Committee.objects.filter(municipality_id=self.instance.municipality_id)
        if others.exclude(pk=self.instance.pk).filter(name_key=committee_name_key(name)).exists():
            raise ValidationError(_("Der findes allerede et udvalg med det navn."))
        return name


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    form = CommitteeForm
    list_display = ["name", "municipality", "code", "slug", "meeting_count"]
    list_filter = ["municipality"]
    list_select_related = ["municipality"]
    search_fields = ["name", "code"]

    def has_add_permission(self, request):
        return False  # committees come from referater

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Through the service, so the correction is recorded with its before and after.
        committee_correct(committee=obj, name=obj.name, code=obj.code, made_by=request.user)

    def log_change(self, request, obj, message):
        return None  # CorrectionLog is the record of this change


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "attendance_count"]
    list_filter = ["municipality"]
    list_select_related = ["municipality"]
    search_fields = ["name"]
    readonly_fields = ["name", "slug"]
    actions = ["merge_people"]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(attendance_count=Count("attendance"))

    @admin.display(description=gettext_lazy("møder"), ordering="attendance_count")
    def attendance_count(self, person):
        return person.attendance_count

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("Slå valgte personer sammen (to stavemåder)"))
    def merge_people(self, request, queryset):
        people = list(queryset.order_by("name"))
        if len(people) < 2:
            self.message_user(request, _("Vælg mindst to personer."), messages.WARNING)
            return None
        keep_id = request.POST.get("keep")
        if request.POST.get("confirm") == "yes" and keep_id:
            keep = next((p for p in people if str(p.pk) == keep_id), None)
            if keep is None:
                self.message_user(request, _("Vælg den person, der skal beholdes."), messages.ERROR)
                return None
            try:
                log = person_merge(keep=keep, merge=people, made_by=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                return None
            self.message_user(request, log.summary, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Slå personer sammen"),
            "opts": self.model._meta,
            "people": people,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/meetings/person/merge.html", context)


@admin.register(CorrectionLog)
class CorrectionLogAdmin(ReadOnlyAdmin):
    list_display = ["made_at", "action", "summary", "made_by"]
    list_filter = ["action", "made_at"]
    search_fields = ["summary"]
    list_select_related = ["made_by"]
    readonly_fields = ["action", "made_by", "made_at", "summary", "before", "after"]


@admin.register(PersonAlias)
class PersonAliasAdmin(ReadOnlyAdmin):
    """Spellings merged by "Slå valgte personer sammen"; made only through that action."""

    list_display = ["name", "person", "slug"]
    search_fields = ["name", "person__name"]
    list_select_related = ["person"]


@admin.register(CommitteeAlias)
class CommitteeAliasAdmin(ReadOnlyAdmin):
    """Names a committee was corrected away from; made only by correcting the committee."""

    list_display = ["name", "committee"]
    search_fields = ["name", "committee__name"]
    list_select_related = ["committee"]


from meetings.alerts import admin as _alerts_admin  # noqa: E402,F401

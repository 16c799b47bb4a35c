"""The domain of the archive: municipalities, their committees, meetings, agenda items, cases
and decisions.

Everything belongs to one Municipality, and the invariants hold within it: one case per sagsnr,
one committee per name, one person per name, per municipality. One parsed referat (see
../shared/spec/referat.schema.json) becomes one Meeting with its
Attendance, AgendaItems, ItemSections, Attachments and CaseHistoryEntries; the file itself is
kept as a SourceDocument. Rows are written only by `meetings.ingest.store`; AttendanceTally,
each Case's summary (last_treated …) and each Committee's span are worked out from those rows,
for the pages.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import threading
import time

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from meetings import denmark
from meetings.converters import MeetingDay
from meetings.vocabulary import Outcome

PERIOD_PATTERN = r"^[0-9]{4}-[0-9]{4}$"
_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slug(text: str) -> str:
    """A URL slug that keeps Danish letters readable: "Økonomiudvalget" gives "oekonomiudvalget"."""
    return slugify(text.translate(_DANISH_LETTERS))


def committee_name_key(name: str) -> str:
    """The spelling-independent key of a committee name.

    Lejre prints the same committee as "Job, Arbejdsmarked og Integration" in one period and
    "Job, Arbejdsmarked & Integration" in the next: `og` and `&` are the same word here.
    """
    key = name.lower().replace("&", " og ")
    key = re.sub(r"[^\w]+", " ", key)
    return " ".join(key.split())


# The first part of every address of a municipality's things is its slug: it may not be a word
# the archive's own addresses use.
RESERVED_SLUGS = (
    "admin",
    "api",
    "da",
    "en",
    "favicon.ico",
    "feeds",
    "foelg",
    "healthz",
    "i18n",
    "kalender",
    "moeder",
    "personer",
    "robots.txt",
    "sager",
    "sitemap.xml",
    "soeg",
    "static",
    "status",
    "udvalg",
)


class MunicipalityQuerySet(models.QuerySet):
    def with_portal(self):
        """Those the archive harvests from their own portal."""
        return self.exclude(portal_url="")

    def default(self) -> Municipality:
        """The archive's default municipality (settings.ARCHIVE_DEFAULT_MUNICIPALITY), made
        when it is not there yet: a referat that does not say whose it is goes here."""
        return self.for_name(settings.ARCHIVE_DEFAULT_MUNICIPALITY)

    def for_name(self, name_or_slug: str) -> Municipality:
        """The municipality a name or slug names ("greve", "Greve Kommune"), made when the
        archive does not hold it yet (with its own name when it is one of the 98)."""
        found = denmark.known(name_or_slug)
        if found:
            name, slug = found
        elif " " in name_or_slug.strip() or name_or_slug.strip()[:1].isupper():
            name, slug = name_or_slug.strip(), denmark.slug_of(name_or_slug)
        else:
            slug = denmark.slug_of(name_or_slug)
            name = denmark.name_for(slug)
        municipality = self.filter(models.Q(slug=slug) | models.Q(name__iexact=name)).first()
        if municipality is None:
            municipality, _created = self.get_or_create(slug=slug, defaults={"name": name})
        return municipality


class Municipality(models.Model):
    """A Danish municipality (kommune) whose committees' referater the archive holds; the top
    of the model, as OParl's Body."""

    name = models.CharField(_("navn"), max_length=200, unique=True, help_text="Lejre Kommune")
    slug = models.SlugField(
        _("kort navn"), max_length=60, unique=True, help_text=_("Står i hver adresse: /lejre/…")
    )
    portal_url = models.URLField(
        _("portal"),
        blank=True,
        default="",
        help_text=_(
            "Roden af kommunens FirstAgenda Publication-portal (https://dagsordener.greve.dk); "
            "høstes efter en tidsplan, når den er udfyldt."
        ),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(slug__in=RESERVED_SLUGS), name="municipality_slug_not_reserved"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:municipality_home", kwargs={"municipality": self.slug})

    @property
    def short_name(self) -> str:
        """ "Greve" of "Greve Kommune": what a page says where the municipality is clear."""
        for suffix in (" Regionskommune", " Kommune"):
            if self.name.endswith(suffix):
                return self.name.removesuffix(suffix).removesuffix("s")
        return self.name


def default_municipality_id() -> int:
    """The default of every row that belongs to a municipality and is made without saying
    which: the archive's default municipality (made if need be), as for a referat that does not
    say whose it is. The store and the harvest always say."""
    return Municipality.objects.default().pk


class MunicipalityDirectory:
    """Every municipality by id and slug, read once per process and again after a minute or
    on a miss: each page's addresses carry the municipality's slug, and a list of fifty
    meetings would otherwise join or look it up fifty times. Municipalities are few and
    rarely change; a new one (made by a harvest in another process) is found on its first
    miss."""

    TTL_SECONDS = 60

    def __init__(self):
        self._lock = threading.Lock()
        self._read_at = 0.0
        self._by_id: dict[int, Municipality] = {}
        self._by_slug: dict[str, Municipality] = {}
        self._with_meetings: list[Municipality] = []

    def _read(self) -> None:
        rows = list(
            Municipality.objects.annotate(
                has_meetings=models.Exists(
                    Meeting.objects.filter(municipality=models.OuterRef("pk"))
                )
            )
        )
        with self._lock:
            self._by_id = {m.pk: m for m in rows}
            self._by_slug = {m.slug: m for m in rows}
            self._with_meetings = [m for m in rows if m.has_meetings]
            self._read_at = time.monotonic()

    def _fresh(self) -> None:
        if time.monotonic() - self._read_at > self.TTL_SECONDS:
            self._read()

    def forget(self) -> None:
        """Read again on the next lookup (after this process made or changed one)."""
        self._read_at = 0.0

    def by_id(self, pk: int) -> Municipality:
        self._fresh()
        found = self._by_id.get(pk)
        if found is None:
            self._read()
            found = self._by_id[pk]
        return found

    def by_slug(self, slug: str) -> Municipality | None:
        self._fresh()
        found = self._by_slug.get(slug)
        if found is None:
            self._read()
            found = self._by_slug.get(slug)
        return found

    def slug(self, pk: int) -> str:
        return self.by_id(pk).slug

    def with_meetings(self) -> list[Municipality]:
        """The municipalities that hold a meeting, by name: what the archive's pages show."""
        self._fresh()
        return list(self._with_meetings)


municipalities = MunicipalityDirectory()


class CommitteeQuerySet(models.QuerySet):
    def with_meetings(self):
        """Committees the archive has a meeting of: what lists and filters offer.

        A committee known only from the case histories of other committees' referater (a
        "Sagens forløb" entry naming it) has none; its page is reached from those cases.
        """
        return self.filter(meeting_count__gt=0)

    def refresh_span(self) -> int:
        """Work out these committees' stored span again from their meetings (one UPDATE).

        Whatever writes meetings calls this for the committee it wrote to: the ingest store.
        """
        meetings = Meeting.objects.filter(
            committee=models.OuterRef("pk"), withdrawn_at=None
        ).order_by()
        count = meetings.values("committee").annotate(n=models.Count("pk")).values("n")
        periods = ArraySubquery(
            meetings.exclude(period="").order_by("-period").values("period").distinct()
        )
        return self.update(
            meeting_count=Coalesce(models.Subquery(count), 0),
            first_date=models.Subquery(meetings.order_by("date").values("date")[:1]),
            last_date=models.Subquery(meetings.order_by("-date").values("date")[:1]),
            periods=periods,
        )


class Committee(models.Model):
    """A standing committee (udvalg) of a municipality, the same body across election periods."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="committees",
        default=default_municipality_id,
    )
    name = models.CharField(
        _("navn"), max_length=300, help_text=_("Navnet, som det senest er trykt.")
    )
    name_key = models.CharField(max_length=300, editable=False, verbose_name=_("navnenøgle"))
    code = models.CharField(
        _("forkortelse"), max_length=20, blank=True, default="", help_text="JAI, KF, ØU, KB …"
    )
    slug = models.SlugField(max_length=300, allow_unicode=False, verbose_name=_("kort navn"))
    # Its span in the archive, stored rather than grouped from every meeting on each view of
    # the home page, the committee list and its own page. Kept by CommitteeQuerySet.refresh_span.
    meeting_count = models.PositiveIntegerField(_("møder"), default=0, editable=False)
    first_date = models.DateField(_("første møde"), null=True, blank=True, editable=False)
    last_date = models.DateField(_("seneste møde"), null=True, blank=True, editable=False)
    periods = ArrayField(
        models.CharField(max_length=9),
        verbose_name=_("valgperioder"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Nyeste først."),
    )

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("udvalg")
        verbose_name_plural = _("udvalg")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"],
                condition=~models.Q(code=""),
                name="committee_code_unique",
            ),
            models.UniqueConstraint(
                fields=["municipality", "name_key"], name="committee_name_key_unique"
            ),
            models.UniqueConstraint(fields=["municipality", "slug"], name="committee_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = committee_name_key(self.name)
        if not self.slug:
            self.slug = danish_slug(self.name_key.replace("udvalget for ", "")) or "udvalg"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings:committee_detail",
            kwargs={"municipality": municipalities.slug(self.municipality_id), "slug": self.slug},
        )


class CommitteeAlias(models.Model):
    """A name staff corrected a committee away from: it still finds the committee, and a
    referat printing it does not rename the committee back."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("kommune")
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("udvalg")
    )
    name = models.CharField(_("navn"), max_length=300)
    name_key = models.CharField(max_length=300, editable=False, verbose_name=_("navnenøgle"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("tidligere rettet navn")
        verbose_name_plural = _("tidligere rettede navne")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name_key"], name="committee_alias_name_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.committee}"

    def save(self, *args, **kwargs):
        self.name_key = committee_name_key(self.name)
        if self.municipality_id is None:
            self.municipality_id = self.committee.municipality_id
        super().save(*args, **kwargs)


class PersonQuerySet(models.QuerySet):
    def with_attendance_counts(self):
        """How many meetings each person was present at and absent from, and the latest date."""
        return self.annotate(
            present_count=Coalesce(models.Sum("tallies__present"), 0),
            absent_count=Coalesce(models.Sum("tallies__absent"), 0),
            last_date=models.Max("tallies__last_date"),
        )


class Person(models.Model):
    """A member of a municipality's committees, as named in its referater (one row per person
    and municipality, across meetings)."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="people",
        default=default_municipality_id,
    )
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(max_length=200, verbose_name=_("kort navn"))

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        # Case-insensitive lookups of people by name are what merging spellings needs.
        indexes = [models.Index("municipality", Lower("name"), name="person_name_lower")]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="person_name_unique"),
            models.UniqueConstraint(fields=["municipality", "slug"], name="person_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = danish_slug(self.name) or "person"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings:person_detail",
            kwargs={"municipality": municipalities.slug(self.municipality_id), "slug": self.slug},
        )


class PersonAlias(models.Model):
    """Another spelling of a person's name, kept when staff merge two spellings into one."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("kommune")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("person")
    )
    name = models.CharField(_("navn"), max_length=200)
    # The merged person's address: links to it lead to the person it was merged into.
    slug = models.SlugField(max_length=200, verbose_name=_("kort navn"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("anden stavemåde")
        verbose_name_plural = _("andre stavemåder")
        constraints = [
            models.UniqueConstraint("municipality", Lower("name"), name="person_alias_name_unique"),
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="person_alias_slug_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.person}"

    def save(self, *args, **kwargs):
        if self.municipality_id is None:
            self.municipality_id = self.person.municipality_id
        super().save(*args, **kwargs)


class SourceDocument(models.Model):
    """One file as it came in (PDF, text, a portal's JSON or web page), kept byte for byte,
    with what the parser noticed."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        TEXT = "text", _("Tekst")
        JSON = "json", _("Portalens JSON")
        HTML = "html", _("Portalens webside")

    content = models.BinaryField(editable=False, verbose_name=_("indhold"))
    sha256 = models.CharField(max_length=64, unique=True, editable=False, verbose_name=_("SHA-256"))
    format = models.CharField(max_length=10, choices=Format.choices, verbose_name=_("format"))
    size = models.PositiveBigIntegerField(editable=False, verbose_name=_("størrelse"))
    filename = models.CharField(_("filnavn"), max_length=500)
    received_at = models.DateTimeField(_("modtaget"), auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modtaget af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Tom, når filen kom ind med `manage.py ingest`."),
    )
    warnings = models.JSONField(_("advarsler"), default=list, blank=True)
    # Where it was fetched from, when the archive fetched it itself (a harvest).
    source_url = models.URLField(_("hentet fra"), max_length=1000, blank=True, default="")
    # The privacy gate: what it flagged in this file, and who chose to publish it all the same
    # (an upload's reviewer, or `ingest --publish-personal-data`), and when.
    personal_data_flags = models.JSONField(
        _("mulige personoplysninger"), default=list, blank=True, editable=False
    )
    personal_data_confirmation = models.CharField(
        _("personoplysninger bekræftet af"), max_length=200, blank=True, default=""
    )
    personal_data_confirmed_at = models.DateTimeField(
        _("personoplysninger bekræftet"), null=True, blank=True
    )
    # The referat as this file was published (the schema's shape), for its meeting's list of
    # versions and their differences; null for a file stored before versions were kept.
    referat = models.JSONField(null=True, blank=True, editable=False, verbose_name=_("referat"))

    class Change(models.TextChoices):
        CREATED = "created", _("Første version")
        UPDATED = "updated", _("Ny version")
        SAME = "same", _("Samme indhold i en anden fil")
        WITHHELD = "withheld", _("Tilbageholdt: mødet er fjernet")

    change = models.CharField(
        _("ændring"), max_length=10, choices=Change.choices, blank=True, default=""
    )
    # Every version of a meeting's referat points at the meeting; Meeting.source_document is
    # the current one, the others are its earlier versions.
    meeting = models.ForeignKey(
        "Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_documents",
        verbose_name=_("møde"),
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("kildedokument")
        verbose_name_plural = _("kildedokumenter")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(format__in=["pdf", "text", "json", "html"]),
                name="source_format_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.sha256[:12]})"


class MeetingQuerySet(models.QuerySet):
    def public(self):
        """Meetings a visitor sees: not withdrawn by staff (a withdrawn one is a tombstone)."""
        return self.filter(withdrawn_at=None)

    def for_committee(self, committee: Committee):
        return self.filter(committee=committee, withdrawn_at=None)

    def newest_first(self):
        return self.order_by("-date", "-start_time", "committee__name")

    def with_items_count(self):
        # A correlated subquery, not a JOIN + GROUP BY: Postgres counts only the rows a page
        # shows (after ORDER BY ... LIMIT), not every meeting of the archive.
        count = (
            AgendaItem.objects.filter(meeting=models.OuterRef("pk"))
            .order_by()
            .values("meeting")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(item_count=Coalesce(models.Subquery(count), 0))

    def at(self, municipality, committee_slug: str, day):
        """The meeting a URL names: a municipality's committee, a date, and its number on it."""
        date, number = (day, 1) if isinstance(day, datetime.date) else day
        return self.filter(
            municipality=municipality, committee__slug=committee_slug, date=date, day_number=number
        ).first()

    def next_day_number(self, committee_id: int, date: datetime.date) -> int:
        """The number a new meeting of this committee on this date gets (1 for the first)."""
        last = self.filter(committee_id=committee_id, date=date).aggregate(
            n=models.Max("day_number")
        )["n"]
        return (last or 0) + 1

    def neighbours(self, meeting):
        """The previous and next meeting of the same committee, or None, in one query."""
        # The meeting's day (a committee rarely meets twice a day) and the nearest meeting on
        # each side of it, sorted here by date and time. Written as SQL: the ORM took 3 ms to
        # compile this UNION of three ordered queries, which PostgreSQL answers in 0.3 ms.
        table = Meeting._meta.db_table
        nearby = self.raw(
            f"""
            (SELECT * FROM {table} WHERE committee_id = %(committee)s AND date = %(date)s
             AND withdrawn_at IS NULL)
            UNION ALL
            (SELECT * FROM {table} WHERE committee_id = %(committee)s AND date < %(date)s
             AND withdrawn_at IS NULL
             ORDER BY date DESC, start_time DESC NULLS LAST, day_number DESC LIMIT 1)
            UNION ALL
            (SELECT * FROM {table} WHERE committee_id = %(committee)s AND date > %(date)s
             AND withdrawn_at IS NULL
             ORDER BY date, start_time NULLS FIRST, day_number LIMIT 1)
            """,
            {"committee": meeting.committee_id, "date": meeting.date},
        )
        nearby = sorted(nearby, key=lambda m: (m.date, *_order_within_day(m)))
        at = next(i for i, m in enumerate(nearby) if m.pk == meeting.pk)
        previous = nearby[at - 1] if at > 0 else None
        following = nearby[at + 1] if at + 1 < len(nearby) else None
        for neighbour in (previous, following):
            if neighbour is not None:  # of the same committee, which the page has
                neighbour.committee = meeting.committee
        return previous, following

    def per_year_and_committee(self):
        """Rows of (committee id, year, count): what the meetings-per-year picture draws."""
        return (
            self.order_by()
            .values(
                "committee_id",
                "committee__name",
                "committee__slug",
                "committee__municipality_id",
                "date__year",
            )
            .annotate(count=models.Count("id"))
            .order_by("committee__name", "committee_id", "date__year")
        )


def _order_within_day(meeting) -> tuple:
    return (meeting.start_time or datetime.time.min, meeting.day_number)


class Meeting(models.Model):
    """One meeting of one committee on one date, as told by its referat (or, before it is
    held, by its agenda)."""

    class Kind(models.TextChoices):
        REFERAT = "referat", _("Referat")
        AGENDA = "dagsorden", _("Dagsorden")

    # The committee's municipality, copied here: the national lists and search narrow
    # meetings to a municipality without joining the committee.
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="meetings"
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("udvalg"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(
        _("art"), max_length=10, choices=Kind.choices, default=Kind.REFERAT, db_index=True
    )
    # The publishing system's own id of the meeting (a FirstAgenda meeting id), when the
    # archive fetched it itself: it finds the meeting again when its date moves.
    source_system = models.CharField(
        max_length=30, blank=True, default="", editable=False, verbose_name=_("kildesystem")
    )
    source_id = models.CharField(
        max_length=100, blank=True, default="", editable=False, verbose_name=_("id i kildesystemet")
    )
    # Taken down by staff (meetings.publishing.takedown): its content is gone from every
    # page, search, feed and export; the files stay for staff. Redacted: a passage replaced.
    withdrawn_at = models.DateTimeField(_("fjernet"), null=True, blank=True, editable=False)
    withdrawn_reason = models.CharField(
        _("årsag til fjernelse"), max_length=500, blank=True, default="", editable=False
    )
    redacted_at = models.DateTimeField(_("redigeret"), null=True, blank=True, editable=False)
    # When anything the open data serves of it last changed (stored, corrected, withdrawn,
    # redacted): what /api/meetings/?modified_since= asks. Kept by opendata.changes.
    changed_at = models.DateTimeField(
        _("ændret"), null=True, blank=True, editable=False, db_index=True
    )
    committee_name = models.CharField(
        _("udvalgets navn"), max_length=300, help_text=_("Som det er trykt i dette referat.")
    )
    period = models.CharField(
        _("valgperiode"), max_length=9, blank=True, default="", help_text="2026-2029"
    )
    date = models.DateField(_("mødedato"), db_index=True)
    start_time = models.TimeField(_("starttid"), null=True, blank=True)
    # Given once, when the meeting is first stored, and never changed: its address stays the
    # same when the committee's other meeting that day is stored later.
    day_number = models.PositiveSmallIntegerField(
        _("nummer på dagen"),
        editable=False,
        help_text=_("1 for udvalgets første møde gemt på datoen, derefter 2, 3 …"),
    )
    location = models.CharField(_("mødested"), max_length=500, blank=True, default="")
    title = models.CharField(_("titel"), max_length=500)
    source_document = models.ForeignKey(
        SourceDocument,
        verbose_name=_("referat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    participants = models.ManyToManyField(
        Person, through="Attendance", related_name="meetings", verbose_name=_("deltagere")
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-start_time"]
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "source_system", "source_id"],
                condition=~models.Q(source_id=""),
                name="meeting_unique_source_id",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["referat", "dagsorden"]), name="meeting_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["committee", "date", "start_time"],
                nulls_distinct=False,
                name="meeting_unique_committee_date_time",
            ),
            models.UniqueConstraint(
                fields=["committee", "date", "day_number"], name="meeting_unique_day_number"
            ),
            models.CheckConstraint(
                condition=models.Q(day_number__gte=1), name="meeting_day_number_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(period="") | models.Q(period__regex=PERIOD_PATTERN),
                name="meeting_period_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee_name} {self.date:%d-%m-%Y}"

    def save(self, *args, **kwargs):
        if self.municipality_id is None:
            self.municipality_id = self.committee.municipality_id
        if self.day_number is None:
            self.day_number = Meeting.objects.next_day_number(self.committee_id, self.date)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", kwargs=self.url_kwargs)

    @property
    def url_kwargs(self) -> dict:
        """What names this meeting in its addresses: municipality, committee and day."""
        return {
            "municipality": municipalities.slug(self.municipality_id),
            "committee": self.committee.slug,
            "date": self.day,
        }

    @property
    def day(self) -> MeetingDay:
        """What names this meeting in its URLs, with the committee's slug."""
        return MeetingDay(self.date, self.day_number)

    def get_source_url(self) -> str:
        return reverse("meetings:meeting_source", kwargs=self.url_kwargs)

    @property
    def is_agenda(self) -> bool:
        return self.kind == self.Kind.AGENDA


class Attendance(models.Model):
    """Whether one person was present at or absent from one meeting."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Til stede")
        ABSENT = "absent", _("Fraværende")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("møde")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("person")
    )
    status = models.CharField(max_length=10, choices=Status.choices, verbose_name=_("status"))
    position = models.PositiveIntegerField(
        help_text=_("Rækkefølgen på linjen Mødedeltagere."), verbose_name=_("rækkefølge")
    )
    # The party as this referat prints it beside the name ("Tina Mandrup (V)"): a member's
    # party over time is read from their meetings, since a member can change party.
    party = models.CharField(_("parti"), max_length=20, blank=True, default="")

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("fremmøde")
        verbose_name_plural = _("fremmøde")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=["present", "absent"]), name="attendance_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_status_display()} {self.meeting}"


class AttendanceTallyQuerySet(models.QuerySet):
    def refresh(self, committee_ids=None) -> None:
        """Count these committees' attendance again (every committee's when None).

        Whatever writes, moves or deletes attendance calls this for the committees it touched:
        the ingest store and person_merge.
        """
        tally, attendance, meeting = (
            AttendanceTally._meta.db_table,
            Attendance._meta.db_table,
            Meeting._meta.db_table,
        )
        # One statement deletes, one counts: refreshing a whole committee is a few ms even in
        # a large archive, and simpler to get right than adjusting counts row by row.
        of_committees, params = "TRUE", []
        if committee_ids is not None:
            of_committees, params = "committee_id = ANY(%s)", [sorted(set(committee_ids))]
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {tally} WHERE {of_committees}", params)
            cursor.execute(
                f"""
                INSERT INTO {tally}
                    (committee_id, person_id, period, year, present, absent, last_date)
                SELECT m.committee_id, a.person_id, m.period, EXTRACT(YEAR FROM m.date),
                       COUNT(*) FILTER (WHERE a.status = 'present'),
                       COUNT(*) FILTER (WHERE a.status = 'absent'),
                       MAX(m.date)
                FROM {attendance} a JOIN {meeting} m ON m.id = a.meeting_id
                WHERE {of_committees}
                GROUP BY m.committee_id, a.person_id, m.period, EXTRACT(YEAR FROM m.date)
                """,
                params,
            )


class AttendanceTally(models.Model):
    """How often one person was present and absent at one committee's meetings in one year."""

    # Counted again by AttendanceTallyQuerySet.refresh whenever attendance changes, so that the
    # person list and a committee's members read a few hundred rows instead of grouping all
    # attendance of the archive on each view.
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="tallies", verbose_name=_("udvalg")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="tallies", verbose_name=_("person")
    )
    period = models.CharField(max_length=9, blank=True, verbose_name=_("valgperiode"))
    year = models.PositiveSmallIntegerField(verbose_name=_("år"))
    present = models.PositiveIntegerField(verbose_name=_("til stede"))
    absent = models.PositiveIntegerField(verbose_name=_("fraværende"))
    last_date = models.DateField(
        help_text=_("Det seneste møde, der er talt med."), verbose_name=_("seneste dato")
    )

    objects = AttendanceTallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("fremmødeoptælling")
        verbose_name_plural = _("fremmødeoptællinger")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "person", "period", "year"], name="attendance_tally_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.committee} {self.year}: {self.present}/{self.absent}"


class CaseQuerySet(models.QuerySet):
    def latest_treated_first(self):
        """Newest `last_treated` first: the order of the case list, served by an index."""
        return self.order_by(models.F("last_treated").desc(nulls_last=True), "-number")

    def refresh_summary(self) -> int:
        """Work out the stored summary of these cases again from their items (one UPDATE).

        Whatever writes or deletes agenda items calls this for the cases it touched.
        """
        ids = list(self.values_list("pk", flat=True))
        if not ids:
            return 0
        # The treatments as the case's page counts them (case_treatments): worked out in
        # Python, since one treatment is a day and a committee whether a meeting or a Sagens
        # forløb tells of it, which is no one SQL aggregate. The store touches a few cases.
        counts = case_treatments(ids)
        treatments = [counts.get(pk, (0, 0)) for pk in ids]
        # Plain SQL, not four ORM subqueries and a bulk_update: building those took more of a
        # harvest's time than PostgreSQL took to run them. The latest item: latest meeting
        # date, then start time (DESC puts a meeting without a time first), then, within one
        # meeting, the first item.
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE meetings_case AS c
                SET last_treated = latest.date,
                    item_count = (SELECT count(*) FROM meetings_agendaitem AS i
                                  WHERE i.case_id = c.id),
                    latest_title = coalesce(latest.title, ''),
                    latest_outcome = coalesce(latest.outcome, ''),
                    treatment_count = v.treatments,
                    treatments_in_archive = v.in_archive
                FROM unnest(%s::bigint[], %s::int[], %s::int[]) AS v(id, treatments, in_archive)
                LEFT JOIN LATERAL (
                    SELECT m.date, i.title, i.outcome
                    FROM meetings_agendaitem AS i JOIN meetings_meeting AS m ON m.id = i.meeting_id
                    WHERE i.case_id = v.id
                    ORDER BY m.date DESC, m.start_time DESC, i.id
                    LIMIT 1
                ) AS latest ON true
                WHERE c.id = v.id
                """,
                [ids, [t for t, _ in treatments], [n for _, n in treatments]],
            )
            return cursor.rowcount


class Case(models.Model):
    """A case (sag) with its sagsnr, unique within its municipality; its items may span
    several meetings and committees."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="cases",
        default=default_municipality_id,
    )
    number = models.CharField(_("sagsnr"), max_length=40)
    # The case's summary in every list of cases, stored rather than worked out per page:
    # ordering all cases by their latest meeting would group every item on each view of the
    # case list, and each list row would look up its latest item. Kept by
    # CaseQuerySet.refresh_summary.
    last_treated = models.DateField(_("senest behandlet"), null=True, blank=True, editable=False)
    item_count = models.PositiveIntegerField(_("punkter"), default=0, editable=False)
    # A treatment (behandling) is a committee's treatment of the case on a day: a meeting the
    # archive has, or one a Sagens forløb tells of (models.case_treatments).
    treatment_count = models.PositiveIntegerField(_("behandlinger"), default=0, editable=False)
    treatments_in_archive = models.PositiveIntegerField(
        _("behandlinger med referat i arkivet"), default=0, editable=False
    )
    latest_title = models.CharField(
        _("seneste titel"), max_length=1000, blank=True, default="", editable=False
    )
    latest_outcome = models.CharField(
        _("seneste udfald"),
        max_length=30,
        choices=Outcome.CHOICES,
        blank=True,
        default=Outcome.NONE,
        editable=False,
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("sag")
        verbose_name_plural = _("sager")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "number"], name="case_number_unique"),
        ]
        indexes = [
            models.Index(
                models.F("last_treated").desc(nulls_last=True),
                models.F("number").desc(),
                name="case_latest_treated_first",
            )
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings:case_detail",
            kwargs={
                "municipality": municipalities.slug(self.municipality_id),
                "number": self.number,
            },
        )


class AgendaItem(models.Model):
    """One agenda item (punkt) of one meeting, with its decision (beslutning)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("møde")
    )
    number = models.PositiveSmallIntegerField(_("punkt"))
    title = models.CharField(_("titel"), max_length=1000)
    committee_codes = ArrayField(
        models.CharField(max_length=20), verbose_name=_("udvalg"), default=list, blank=True
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("sag"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    # A closed item (lukket punkt): its decision may be withheld.
    closed = models.BooleanField(_("lukket punkt"), default=False)
    # Read from its Positions and Amounts when stored, for the lists and filters: whether
    # anyone voted against or took a reservation, and the largest sum it states.
    split = models.BooleanField(_("delt beslutning"), default=False, db_index=True)
    largest_amount = models.DecimalField(
        _("største beløb"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    # Empty where the item has no Beslutning or it is empty (the schema's null).
    decision = models.TextField(_("beslutning"), blank=True, default="")
    outcome = models.CharField(
        _("udfald"),
        max_length=30,
        choices=Outcome.CHOICES,
        blank=True,
        default=Outcome.NONE,
        db_index=True,
        help_text=_("Genkendt i beslutningen ved indlæsning (meetings.vocabulary)."),
    )

    # Search columns, filled by meetings.search.index.index_items: a generated column sees only its
    # own row, so what must be searchable or filtered fast is copied onto it.
    search_case = models.TextField(blank=True, default="", editable=False)
    search_body = models.TextField(blank=True, default="", editable=False)
    search_attachments = models.TextField(blank=True, default="", editable=False)
    search_compounds = models.TextField(blank=True, default="", editable=False)
    search_date = models.DateField(null=True, editable=False)
    search_committee = models.ForeignKey(
        Committee,
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # item_search_committee_newest serves it
    )
    search_period = models.CharField(max_length=9, blank=True, default="", editable=False)
    search_municipality = models.ForeignKey(
        Municipality,
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # item_search_town_newest serves it
    )
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", config="danish", weight="A")
            + SearchVector("search_case", config="danish", weight="A")
            + SearchVector("decision", config="danish", weight="B")
            + SearchVector("search_body", config="danish", weight="C")
            + SearchVector("search_attachments", config="danish", weight="D")
            + SearchVector("search_compounds", config="danish", weight="D")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("dagsordenspunkt")
        verbose_name_plural = _("dagsordenspunkter")
        indexes = [
            GinIndex(fields=["search_vector"], name="item_search_vector"),
            # The cases of a set of meetings (a committee's, a person's): an index-only scan per
            # meeting instead of a scan of every item of the archive.
            models.Index(fields=["meeting", "case"], name="item_meeting_case"),
            # Newest-first candidates for broad queries (see meetings.search.query).
            models.Index(
                models.F("search_date").desc(), models.F("id").desc(), name="item_search_newest"
            ),
            # Newest-first within one committee, so a broad word narrowed to a committee still
            # stops after its first candidates (a period or outcome is dense enough without).
            models.Index(
                "search_committee",
                models.F("search_date").desc(),
                models.F("id").desc(),
                name="item_search_committee_newest",
            ),
            models.Index(
                "search_municipality",
                models.F("search_date").desc(),
                models.F("id").desc(),
                name="item_search_town_newest",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="item_unique_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="item_number_positive"),
        ]

    def __str__(self) -> str:
        return f"Punkt {self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings:item_detail",
            kwargs={**self.meeting.url_kwargs, "number": self.number},
        )


class ItemSection(models.Model):
    """One standard section of an item (Beslutning, Resumé, Sagsfremstilling …), in order."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="sections", verbose_name=_("punkt")
    )
    position = models.PositiveIntegerField(verbose_name=_("rækkefølge"))
    heading = models.CharField(max_length=200, verbose_name=_("overskrift"))
    text = models.TextField(blank=True, verbose_name=_("tekst"))

    class Meta:
        verbose_name = _("afsnit")
        verbose_name_plural = _("afsnit")
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="section_unique_position"),
        ]

    def __str__(self) -> str:
        return self.heading


class Attachment(models.Model):
    """One line of an item's Bilag section: an attachment's file name or title."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("punkt")
    )
    position = models.PositiveIntegerField(verbose_name=_("rækkefølge"))
    name = models.CharField(max_length=1000, verbose_name=_("navn"))
    # The file's address where the source gives one (a portal's attachment link).
    url = models.URLField(max_length=1000, blank=True, default="", verbose_name=_("adresse"))

    class Meta:
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="attachment_unique_position"),
        ]

    def __str__(self) -> str:
        return self.name


class ItemAbsence(models.Model):
    """A member absent for one agenda item only ("Afbud: X" in its decision, or the portal's
    own record), though perhaps present at the meeting."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="absences", verbose_name=_("punkt")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="item_absences", verbose_name=_("person")
    )
    position = models.PositiveIntegerField(verbose_name=_("rækkefølge"))

    class Meta:
        ordering = ["item", "position"]
        verbose_name = _("fravær fra et punkt")
        verbose_name_plural = _("fravær fra punkter")
        constraints = [
            models.UniqueConstraint(fields=["item", "person"], name="item_absence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.item})"


class Position(models.Model):
    """A recorded vote or stated position on an item (for, against, abstain, a reservation):
    by a member, or only by a party or "et flertal", exactly as the referat prints it."""

    class Stance(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Imod")
        ABSTAIN = "abstain", _("Undlod at stemme")
        RESERVATION = "reservation", _("Tog forbehold")

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="positions", verbose_name=_("punkt")
    )
    position = models.PositiveIntegerField(verbose_name=_("rækkefølge"))
    # The member, where a name is printed; a party or "et flertal" is never made a person.
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("person"),
    )
    name = models.CharField(_("navn"), max_length=200, blank=True, default="")
    party = models.CharField(_("parti"), max_length=100, blank=True, default="")
    stance = models.CharField(_("stillingtagen"), max_length=12, choices=Stance.choices)
    on = models.TextField(
        _("om"), blank=True, default="", help_text=_("Når det ikke er indstillingen.")
    )
    text = models.TextField(_("sætningen"))

    class Meta:
        ordering = ["item", "position"]
        verbose_name = _("stemme eller holdning")
        verbose_name_plural = _("stemmer og holdninger")
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="position_unique"),
            models.CheckConstraint(
                condition=models.Q(stance__in=["for", "against", "abstain", "reservation"]),
                name="position_stance_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.party}: {self.get_stance_display()}"


class Amount(models.Model):
    """A sum of money an item states, in kroner: a grant where its kind is printed, with its
    budget year where stated, and the sentence or table row it was read from."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="amounts", verbose_name=_("punkt")
    )
    position = models.PositiveIntegerField(verbose_name=_("rækkefølge"))
    amount = models.DecimalField(_("beløb"), max_digits=18, decimal_places=2)
    kind = models.CharField(_("art"), max_length=40, blank=True, default="")
    year = models.PositiveSmallIntegerField(_("budgetår"), null=True, blank=True)
    section = models.CharField(_("afsnit"), max_length=200)
    text = models.TextField(_("sætningen"))

    class Meta:
        ordering = ["item", "position"]
        verbose_name = _("beløb")
        verbose_name_plural = _("beløb")
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="amount_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} kr. ({self.kind or self.section})"


class CaseHistoryEntry(models.Model):
    """One entry of an item's "Sagens forløb": how a committee treated the case on a date."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="case_history", verbose_name=_("punkt")
    )
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="history",
        verbose_name=_("sag"),
    )
    position = models.PositiveIntegerField(verbose_name=_("rækkefølge"))
    date = models.DateField(verbose_name=_("dato"))
    committee = models.ForeignKey(
        Committee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("udvalg"),
    )
    committee_name = models.CharField(max_length=300, verbose_name=_("udvalgets navn"))
    period = models.CharField(max_length=9, blank=True, default="", verbose_name=_("valgperiode"))
    text = models.TextField(blank=True, verbose_name=_("tekst"))
    absent = ArrayField(
        models.CharField(max_length=200), default=list, blank=True, verbose_name=_("fraværende")
    )

    class Meta:
        ordering = ["item", "position"]
        verbose_name = _("sagens forløb")
        verbose_name_plural = _("sagens forløb")
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="history_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.committee_name}"


@dataclasses.dataclass
class TimelineEntry:
    """One treatment (behandling) of a case: a committee on a date, from a meeting the
    archive has (its items of the case, in agenda order) or from a Sagens forløb."""

    date: datetime.date
    committee_name: str
    committee: Committee | None
    text: str
    absent: list[str]
    item: AgendaItem | None = None
    items: list[AgendaItem] = dataclasses.field(default_factory=list)


def treatment_key(date: datetime.date, committee_id: int | None, committee_name: str) -> tuple:
    """What makes one treatment of a case: the day and the committee (by its name where a
    Sagens forløb names a committee the archive could not place).

    The case page's timeline and the case's stored count (CaseQuerySet.refresh_summary) both
    count by this, so that a list and the case's page say the same number.
    """
    return (date, committee_id or committee_name_key(committee_name))


def case_timeline(case: Case, items) -> list[TimelineEntry]:
    """The case's path through committees, oldest first, each date and committee once.

    `items` are every agenda item of the case (the case page has them already).

    The same "Sagens forløb" entry is reprinted in every later referat of the case, and the
    meeting an item belongs to is itself a step: one entry per treatment_key, preferring the
    items (they link to the meeting) over a reprinted entry, and the longest reprint. Two items
    of one meeting are one treatment with both items, in agenda order.
    """
    steps: dict[tuple, TimelineEntry] = {}
    items = sorted(items, key=lambda item: (item.meeting_id, item.number))
    # The items' ids, not `item__case=case`: an OR across a join makes Postgres scan every
    # entry of the archive, two plain ids lookups are two index scans.
    history = (
        CaseHistoryEntry.objects.filter(
            models.Q(case=case) | models.Q(item_id__in=[item.pk for item in items])
        )
        .select_related("committee")
        .order_by("date", "pk")
    )
    for entry in history:
        k = treatment_key(entry.date, entry.committee_id, entry.committee_name)
        known = steps.get(k)
        if known is None or len(entry.text) > len(known.text):
            steps[k] = TimelineEntry(
                entry.date, entry.committee_name, entry.committee, entry.text, list(entry.absent)
            )
    for item in items:
        meeting = item.meeting
        k = treatment_key(meeting.date, meeting.committee_id, meeting.committee_name)
        known = steps.get(k)
        if known is not None and known.item is not None:
            known.items.append(item)
            continue
        steps[k] = TimelineEntry(
            meeting.date, meeting.committee_name, meeting.committee, item.decision, [], item, [item]
        )
    return sorted(
        steps.values(), key=lambda step: (step.date, step.item is not None, step.committee_name)
    )


def case_treatments(case_ids) -> dict[int, tuple[int, int]]:
    """(treatments, of them at a meeting the archive has) of each case, counted as
    case_timeline shows them: two queries for any number of cases."""
    steps: dict[int, dict[tuple, bool]] = {}
    met = AgendaItem.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "meeting__date", "meeting__committee_id", "meeting__committee_name"
    )
    for case_id, date, committee_id, name in met:
        steps.setdefault(case_id, {})[treatment_key(date, committee_id, name)] = True
    named = CaseHistoryEntry.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "date", "committee_id", "committee_name"
    )
    for case_id, date, committee_id, name in named:
        steps.setdefault(case_id, {}).setdefault(treatment_key(date, committee_id, name), False)
    return {case_id: (len(keys), sum(keys.values())) for case_id, keys in steps.items()}

"""Following the archive by e-mail: who follows what, and each alert mail sent.

A Subscriber is an e-mail address, kept for this alone and never shown on a public page. Each
of their Subscriptions follows one thing: a search (with its filters), a case, a member, a
committee or a whole municipality; nothing is mailed before it is confirmed (double opt-in).
Each publishing run that brings a subscription something new is one Delivery: the unique
(subscription, run) pair is what keeps an alert from going out twice (meetings.alerts.mail).
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from meetings.vocabulary import Outcome

from .archive import Case, Committee, Municipality, Person
from .publishing import PublishRun

# A search subscription whose query no single word decides (one with a negation: "-ord") is
# checked against every run: it carries this word, which every run's words include. No
# lexeme of PostgreSQL's Danish parser is a bare asterisk.
ANY_WORD = "*"


class Subscriber(models.Model):
    """An e-mail address that follows something in the archive (no account, no password)."""

    email = models.EmailField(pgettext_lazy("alerts", "mailadresse"), max_length=254, unique=True)
    created_at = models.DateTimeField(pgettext_lazy("alerts", "oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("abonnent")
        verbose_name_plural = _("abonnenter")

    def __str__(self) -> str:
        return self.masked_email

    @property
    def masked_email(self) -> str:
        """ "an…@example.dk": enough for its owner to recognise, not to read off a screen."""
        local, _at, domain = self.email.partition("@")
        return f"{local[:2]}…@{domain}"


class Subscription(models.Model):
    """One thing one subscriber follows: a search, a case, a member, a committee or a
    municipality; mailed about once per publishing run that brings something new."""

    class Kind(models.TextChoices):
        SEARCH = "search", pgettext_lazy("alerts", "Søgning")
        CASE = "case", pgettext_lazy("alerts", "Sag")
        PERSON = "person", pgettext_lazy("alerts", "Person")
        COMMITTEE = "committee", pgettext_lazy("alerts", "Udvalg")
        MUNICIPALITY = "municipality", pgettext_lazy("alerts", "Kommune")

    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("abonnent"),
    )
    kind = models.CharField(pgettext_lazy("alerts", "art"), max_length=12, choices=Kind.choices)
    # What is followed, as one string ("case:17", "search:q=vej&committee=…"): one
    # subscriber follows one thing once.
    target = models.CharField(max_length=1200, editable=False, verbose_name=_("emne"))
    # The language of the page it was asked from: the language of its mails.
    language = models.CharField(pgettext_lazy("alerts", "sprog"), max_length=8, default="da")
    created_at = models.DateTimeField(pgettext_lazy("alerts", "oprettet"), auto_now_add=True)
    confirmed_at = models.DateTimeField(pgettext_lazy("alerts", "bekræftet"), null=True, blank=True)

    # What is followed. A search may be narrowed to a municipality: the same column.
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("sag"),
    )
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    committee = models.ForeignKey(
        Committee,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("udvalg"),
    )
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("kommune"),
    )
    # A search: its parameters as /soeg/ takes them, and, read from them when it was asked
    # for, what meetings.alerts.matching compares each run's items with in SQL.
    search_params = models.TextField(pgettext_lazy("alerts", "søgning"), blank=True, default="")
    search_query = models.CharField(
        max_length=500, blank=True, default="", verbose_name=_("søgning: tekst")
    )
    search_tsquery = models.TextField(
        blank=True, default="", editable=False, verbose_name=_("søgning: forespørgsel")
    )
    # Words one of which a matching item holds (or ANY_WORD): a GIN index finds the searches
    # a run's words can match, so that those it cannot are never looked at.
    search_lexemes = ArrayField(
        models.TextField(), default=list, blank=True, editable=False, verbose_name=_("søgning: ord")
    )
    search_committees = ArrayField(
        models.BigIntegerField(), null=True, blank=True, verbose_name=_("søgning: udvalg")
    )
    search_period = models.CharField(
        max_length=9, blank=True, default="", verbose_name=_("søgning: valgperiode")
    )
    search_date_from = models.DateField(null=True, blank=True, verbose_name=_("søgning: fra dato"))
    search_date_to = models.DateField(null=True, blank=True, verbose_name=_("søgning: til dato"))
    # An outcome filter is never "no decision" (the search form offers none): "" is no filter.
    search_outcome = models.CharField(
        max_length=30,
        choices=Outcome.CHOICES,
        blank=True,
        default="",
        verbose_name=_("søgning: udfald"),
    )
    search_split = models.BooleanField(
        default=False, verbose_name=_("søgning: kun delte afstemninger")
    )
    search_money = models.BooleanField(default=False, verbose_name=_("søgning: kun beløb"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementer")
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "target"], name="alert_target_unique"),
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=["search", "case", "person", "committee", "municipality"]
                ),
                name="alert_kind_valid",
            ),
            # Each kind names what it follows.
            models.CheckConstraint(
                condition=(
                    models.Q(kind="search", search_tsquery__gt="")
                    | models.Q(kind="case", case__isnull=False)
                    | models.Q(kind="person", person__isnull=False)
                    | models.Q(kind="committee", committee__isnull=False)
                    | models.Q(kind="municipality", municipality__isnull=False)
                ),
                name="alert_kind_has_target",
            ),
        ]
        indexes = [
            GinIndex(
                fields=["search_lexemes"],
                condition=models.Q(kind="search", confirmed_at__isnull=False),
                name="alert_search_lexemes",
            ),
            # Those never confirmed, oldest first: what the weekly clean-up deletes.
            models.Index(
                fields=["created_at"],
                condition=models.Q(confirmed_at__isnull=True),
                name="alert_unconfirmed_created",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class Delivery(models.Model):
    """One alert mail: what one publishing run brought one subscription.

    Made for every matching subscription when the run is matched, marked sent in the same
    transaction right after the SMTP server accepted it: a retried send skips it."""

    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("abonnement"),
    )
    run = models.ForeignKey(
        PublishRun, on_delete=models.CASCADE, related_name="+", verbose_name=_("kørsel")
    )
    # The run's agenda items the subscription matched.
    items = ArrayField(models.BigIntegerField(), editable=False, verbose_name=_("punkter"))
    created_at = models.DateTimeField(pgettext_lazy("alerts", "oprettet"), auto_now_add=True)
    sent_at = models.DateTimeField(pgettext_lazy("alerts", "sendt"), null=True, blank=True)
    # A refusal the SMTP server means (5xx), or nothing left to send: not tried again.
    failed_at = models.DateTimeField(pgettext_lazy("alerts", "opgivet"), null=True, blank=True)
    failure = models.CharField(
        pgettext_lazy("alerts", "årsag"), max_length=500, blank=True, default=""
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("alarmmail")
        verbose_name_plural = _("alarmmails")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "run"], name="delivery_unique"),
        ]
        indexes = [
            models.Index(
                fields=["run", "id"],
                condition=models.Q(sent_at__isnull=True, failed_at__isnull=True),
                name="delivery_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscription} ({self.run_id})"


class SubscribeAttempt(models.Model):
    """One request to follow something, kept for a day for the rate limits; the address only
    as a keyed digest (meetings.alerts.subscriptions.address_digest)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("tidspunkt"))
    ip = models.GenericIPAddressField(null=True, blank=True, verbose_name=_("IP-adresse"))
    address_digest = models.CharField(max_length=64, verbose_name=_("adressens kontrolsum"))

    class Meta:
        verbose_name = _("forsøg på at abonnere")
        verbose_name_plural = _("forsøg på at abonnere")
        indexes = [
            models.Index(fields=["ip", "at"], name="attempt_ip_at"),
            models.Index(fields=["address_digest", "at"], name="attempt_address_at"),
        ]

    def __str__(self) -> str:
        return f"{self.ip} {self.at:%Y-%m-%d %H:%M}"

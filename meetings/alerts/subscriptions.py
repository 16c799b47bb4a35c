"""Following something by e-mail: asking, confirming and ending (each one transaction), the
rate limits on asking, the weekly clean-up, and the signed tokens the mails' links carry.

Double opt-in: `subscription_request` stores an unconfirmed subscription and queues its
confirmation mail; nothing else is ever mailed to it before `subscription_confirm`. A token
names a subscription or a subscriber by id, signed with SECRET_KEY (django.core.signing): a
link never holds the address.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import (
    Case,
    Committee,
    Municipality,
    Person,
    SubscribeAttempt,
    Subscriber,
    Subscription,
    municipalities,
)
from meetings.models.alerts import ANY_WORD

# An unconfirmed subscription is deleted after this long; its confirmation link stops working.
CONFIRM_DAYS = 7
# Attempts are kept this long for the rate limits (which look back one hour).
ATTEMPTS_KEPT = datetime.timedelta(days=1)
# The search parameters a followed search keeps, in this order (what /soeg/ takes, without
# sort and page, which do not change what matches).
SEARCH_PARAMS = (
    "q",
    "municipality",
    "committee",
    "period",
    "date_from",
    "date_to",
    "outcome",
    "split",
    "money",
)

_CONFIRM_SALT = "meetings.alerts.confirm"
_UNSUBSCRIBE_SALT = "meetings.alerts.unsubscribe"
_MANAGE_SALT = "meetings.alerts.manage"


class SubscribeRefused(Exception):
    """A request to follow something that is refused; the message is for the person asking."""


class RateLimited(SubscribeRefused):
    """Too many requests from one address or one client in the last hour."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def address_digest(email: str) -> str:
    """A keyed digest of an address: the rate limits count an address without storing it."""
    key = hashlib.sha256(f"alerts-address:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, normalise_email(email).encode(), hashlib.sha256).hexdigest()


# --- what is followed --------------------------------------------------------------------


def target_fields(*, kind: str, target_id: int | None = None, search_params: str = "") -> dict:
    """The Subscription fields that say what is followed; SubscribeRefused if it is nothing
    the archive holds (or a search without a word to search for)."""
    if kind == Subscription.Kind.SEARCH:
        return _search_fields(search_params)
    models = {
        Subscription.Kind.CASE: Case,
        Subscription.Kind.PERSON: Person,
        Subscription.Kind.COMMITTEE: Committee,
        Subscription.Kind.MUNICIPALITY: Municipality,
    }
    model = models.get(kind)
    found = model.objects.filter(pk=target_id).first() if model and target_id else None
    if found is None:
        raise SubscribeRefused(_("Det, du vil følge, findes ikke i arkivet."))
    return {"kind": kind, "target": f"{kind}:{found.pk}", kind: found}


def _search_fields(search_params: str) -> dict:
    from meetings.search.forms import SearchForm
    from meetings.search.query import build_tsquery

    form = SearchForm(QueryDict(search_params or ""))
    data = form.cleaned()
    query = " ".join((data["q"] or "").split())
    tsquery = build_tsquery(query) if query else ""
    if not tsquery:
        raise SubscribeRefused(_("Skriv et ord at søge efter for at følge en søgning."))
    filters = form.filters()
    kept = []
    for name in SEARCH_PARAMS:
        value = data.get(name)
        if name == "q":
            value = query
        elif name == "municipality":
            value = value.slug if value else None
        elif name in ("split", "money"):
            value = "on" if value else None
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        if value:
            kept.append((name, value))
    params = urlencode(kept)
    return {
        "kind": Subscription.Kind.SEARCH,
        # The parameters may be long: their digest names the search.
        "target": f"search:{hashlib.sha256(params.encode()).hexdigest()}",
        "search_params": params,
        "search_query": query[:500],
        "search_tsquery": tsquery,
        "search_lexemes": lexemes_of(tsquery),
        "municipality_id": filters.municipality,
        "search_committees": filters.committees,
        "search_period": filters.period,
        "search_date_from": filters.date_from,
        "search_date_to": filters.date_to,
        "search_outcome": filters.outcome or "",
        "search_split": filters.split,
        "search_money": filters.money,
    }


_LEXEME = re.compile(r"'((?:[^']|'')+)'")


def lexemes_of(tsquery: str) -> list[str]:
    """Words of which an item matching `tsquery` holds at least one, or [ANY_WORD].

    Without a negation or a prefix every match holds one of the query's own lexemes (`a & b`
    holds both, `a | b` one, a phrase all of its words). `!a | b` matches items holding
    neither, and `a:*` words that only begin with `a`: those are checked against every run.
    """
    if "!" in tsquery or ":*" in tsquery:
        return [ANY_WORD]
    words = sorted({word.replace("''", "'") for word in _LEXEME.findall(tsquery)})
    return words or [ANY_WORD]


def subscription_label(subscription: Subscription) -> str:
    """What a subscription follows, in a sentence's words, in the active language."""
    kind = subscription.kind
    if kind == Subscription.Kind.CASE:
        case = subscription.case
        label = _("sag %(number)s") % {"number": case.number}
        if case.latest_title:
            label += f" ({case.latest_title})"
        return label
    if kind == Subscription.Kind.PERSON:
        return subscription.person.name
    if kind == Subscription.Kind.COMMITTEE:
        committee = subscription.committee
        return f"{committee.name}, {municipalities.by_id(committee.municipality_id).name}"
    if kind == Subscription.Kind.MUNICIPALITY:
        return _("alt nyt fra %(name)s") % {"name": subscription.municipality.name}
    label = _("søgningen “%(query)s”") % {"query": subscription.search_query}
    if subscription.municipality_id:
        label += " " + _("i %(name)s") % {
            "name": municipalities.by_id(subscription.municipality_id).name
        }
    narrowed = QueryDict(subscription.search_params)
    if any(narrowed.get(name) for name in SEARCH_PARAMS[2:]):
        label += " " + _("(med filtre)")
    return label


def subscription_path(subscription: Subscription) -> str:
    """The address of the page of what a subscription follows."""
    kind = subscription.kind
    if kind == Subscription.Kind.CASE:
        return subscription.case.get_absolute_url()
    if kind == Subscription.Kind.PERSON:
        return subscription.person.get_absolute_url()
    if kind == Subscription.Kind.COMMITTEE:
        return subscription.committee.get_absolute_url()
    if kind == Subscription.Kind.MUNICIPALITY:
        return subscription.municipality.get_absolute_url()
    return f"{reverse('search:search')}?{subscription.search_params}"


# --- asking, confirming, ending ----------------------------------------------------------


def subscription_request(
    *,
    email: str,
    kind: str,
    target_id: int | None = None,
    search_params: str = "",
    language: str = "da",
    ip: str | None = None,
) -> Subscription:
    """Ask to follow something: an unconfirmed subscription, and its confirmation mail queued.

    Asking again for what the address follows already sends nothing (and says nothing
    different: whether an address follows something is not told to whoever types it).
    Raises SubscribeRefused (RateLimited) with a message for the person asking.
    """
    from .tasks import defer_confirmation

    email = normalise_email(email)
    digest = address_digest(email)
    with transaction.atomic():
        fields = target_fields(kind=kind, target_id=target_id, search_params=search_params)
        _limit(ip=ip, digest=digest)
        subscriber, _created = Subscriber.objects.get_or_create(email=email)
        subscription, created = Subscription.objects.get_or_create(
            subscriber=subscriber,
            target=fields["target"],
            defaults={**fields, "language": language},
        )
        if not subscription.confirmed:
            if not created and subscription.language != language:
                subscription.language = language
                subscription.save(update_fields=["language"])
            transaction.on_commit(lambda: defer_confirmation(subscription.pk))
    return subscription


def _limit(*, ip: str | None, digest: str) -> None:
    """Refuse a request past the hourly limits, else count it (in the caller's transaction)."""
    # One request at a time per address and per client, so that a burst cannot slip past the
    # count (address first, then client, in every request: no two can wait for each other).
    with connection.cursor() as cursor:
        for key in (f"address:{digest}", f"ip:{ip}"):
            lock = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock])
    since = timezone.now() - datetime.timedelta(hours=1)
    recent = SubscribeAttempt.objects.filter(at__gte=since)
    if recent.filter(address_digest=digest).count() >= settings.ARCHIVE_ALERTS_PER_ADDRESS_PER_HOUR:
        raise RateLimited(
            _(
                "Der er allerede sendt flere bekræftelser til den adresse i den seneste time. "
                "Prøv igen om en time, eller bekræft dem, du har fået."
            )
        )
    if ip and recent.filter(ip=ip).count() >= settings.ARCHIVE_ALERTS_PER_IP_PER_HOUR:
        raise RateLimited(
            _("Der er bedt om mange abonnementer herfra i den seneste time. Prøv igen om en time.")
        )
    SubscribeAttempt.objects.create(ip=ip, address_digest=digest)


@transaction.atomic
def subscription_confirm(*, subscription: Subscription) -> Subscription:
    """The subscriber followed the confirmation link: from now on it is mailed."""
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


@transaction.atomic
def subscription_end(*, subscription: Subscription) -> None:
    """End one subscription; an address that follows nothing any more is forgotten."""
    subscriber_id = subscription.subscriber_id
    Subscription.objects.filter(pk=subscription.pk).delete()
    Subscriber.objects.filter(pk=subscriber_id, subscriptions__isnull=True).delete()


@transaction.atomic
def subscriber_end_all(*, subscriber: Subscriber) -> None:
    """End every subscription of an address, and forget the address."""
    Subscriber.objects.filter(pk=subscriber.pk).delete()


def subscriptions_move_person(*, merged: list[Person], kept: Person) -> int:
    """Those following the people merged into `kept` follow `kept` (for person_merge to call
    in its transaction, before it deletes them: their subscriptions would go with them).
    An address that follows `kept` already keeps the one it has. Returns those moved."""
    moved = 0
    following = Subscription.objects.filter(kind=Subscription.Kind.PERSON)
    target = f"{Subscription.Kind.PERSON}:{kept.pk}"
    for subscription in following.filter(person__in=merged).select_for_update():
        if following.filter(subscriber_id=subscription.subscriber_id, target=target).exists():
            subscription.delete()
            continue
        subscription.person, subscription.target = kept, target
        subscription.save(update_fields=["person", "target"])
        moved += 1
    return moved


@transaction.atomic
def subscriptions_forget_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    """Delete subscriptions never confirmed within CONFIRM_DAYS, addresses that follow nothing
    any more, and rate-limit attempts older than a day. Returns the subscriptions deleted."""
    now = now or timezone.now()
    deleted, _by_model = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - datetime.timedelta(days=CONFIRM_DAYS)
    ).delete()
    Subscriber.objects.filter(subscriptions__isnull=True).delete()
    SubscribeAttempt.objects.filter(at__lt=now - ATTEMPTS_KEPT).delete()
    return deleted


# --- tokens ------------------------------------------------------------------------------


def confirm_token(subscription: Subscription) -> str:
    return signing.dumps(subscription.pk, salt=_CONFIRM_SALT)


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps(subscription.pk, salt=_UNSUBSCRIBE_SALT)


def manage_token(subscriber: Subscriber | int) -> str:
    return signing.dumps(getattr(subscriber, "pk", subscriber), salt=_MANAGE_SALT)


def _subscriptions():
    return Subscription.objects.select_related(
        "subscriber", "case", "person", "committee", "municipality"
    )


def subscription_for_confirm_token(token: str) -> Subscription | None:
    """The subscription a confirmation link names, while it may still be confirmed."""
    try:
        pk = signing.loads(token, salt=_CONFIRM_SALT, max_age=datetime.timedelta(days=CONFIRM_DAYS))
    except signing.BadSignature:
        return None
    return _subscriptions().filter(pk=pk).first()


def subscription_pk_for_unsubscribe_token(token: str) -> int | None:
    """The id an unsubscribe link names (which never expires), or None for a forged one."""
    try:
        return int(signing.loads(token, salt=_UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def subscription_for_unsubscribe_token(token: str) -> Subscription | None:
    pk = subscription_pk_for_unsubscribe_token(token)
    return _subscriptions().filter(pk=pk).first() if pk else None


def subscriber_pk_for_manage_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=_MANAGE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def subscriber_for_manage_token(token: str) -> Subscriber | None:
    pk = subscriber_pk_for_manage_token(token)
    return Subscriber.objects.filter(pk=pk).first() if pk else None

"""The pages of following by e-mail: asking ("Følg"), confirming, unsubscribing (one click,
RFC 8058) and a subscriber's own list. Thin: the work is in .subscriptions.

A confirmation or unsubscribe link only shows a button (a GET changes nothing: mail scanners
follow links); the button POSTs. The unsubscribe POST is what a mail program sends for
List-Unsubscribe-Post, without a CSRF token or a login: the signed token is the authority.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from meetings.models import Subscription

from . import subscriptions as service
from .forms import FollowForm

TOKEN_PAGE_HEADERS = {"X-Robots-Tag": "noindex"}


def _back(request, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _render(request, template: str, context: dict, *, status: int = 200):
    response = render(request, template, context, status=status)
    for header, value in TOKEN_PAGE_HEADERS.items():
        response[header] = value
    return response


@require_POST
def subscribe(request):
    """The "Følg" form: a confirmation mail is queued, or the request politely refused."""
    form = FollowForm(request.POST)
    context = {"back": _back(request, request.POST.get("next")), "form": form}
    if not form.is_valid():
        return _render(request, "alerts/subscribed.html", context, status=400)
    data = form.cleaned_data
    try:
        subscription = service.subscription_request(
            email=data["email"],
            kind=data["kind"],
            target_id=data["target"],
            search_params=data["search"],
            language=get_language() or "da",
            ip=request.META.get("REMOTE_ADDR"),
        )
    except service.RateLimited as refusal:
        context["refusal"] = str(refusal)
        return _render(request, "alerts/subscribed.html", context, status=429)
    except service.SubscribeRefused as refusal:
        context["refusal"] = str(refusal)
        return _render(request, "alerts/subscribed.html", context, status=400)
    context.update(
        email=subscription.subscriber.email,
        label=service.subscription_label(subscription),
        days=service.CONFIRM_DAYS,
    )
    return _render(request, "alerts/subscribed.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token: str):
    subscription = service.subscription_for_confirm_token(token)
    if subscription is None:
        return _render(request, "alerts/invalid.html", {}, status=404)
    if request.method == "POST":
        service.subscription_confirm(subscription=subscription)
    with translation.override(subscription.language):
        return _render(
            request,
            "alerts/confirm.html",
            {
                "subscription": subscription,
                "label": service.subscription_label(subscription),
                "followed": service.subscription_path(subscription),
                "manage_token": service.manage_token(subscription.subscriber_id),
            },
        )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    """One click: a POST ends the subscription (the mail program's, or the button's)."""
    pk = service.subscription_pk_for_unsubscribe_token(token)
    if pk is None:
        return _render(request, "alerts/invalid.html", {}, status=404)
    subscription = service.subscription_for_unsubscribe_token(token)
    context = {"subscription": subscription, "ended": request.method == "POST"}
    language = subscription.language if subscription else get_language()
    if subscription is not None:
        context["label"] = service.subscription_label(subscription)
        context["manage_token"] = service.manage_token(subscription.subscriber_id)
        if request.method == "POST":
            service.subscription_end(subscription=subscription)
    with translation.override(language):
        return _render(request, "alerts/unsubscribe.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token: str):
    """A subscriber's own page: everything the address follows, each to end, or all."""
    subscriber = service.subscriber_for_manage_token(token)
    if subscriber is None:
        if service.subscriber_pk_for_manage_token(token) is None:
            return _render(request, "alerts/invalid.html", {}, status=404)
        return _render(request, "alerts/manage.html", {"subscriptions": []})
    if request.method == "POST":
        end = request.POST.get("end", "")
        if end == "all":
            service.subscriber_end_all(subscriber=subscriber)
        elif end.isdigit():
            chosen = Subscription.objects.filter(subscriber=subscriber, pk=int(end)).first()
            if chosen is not None:
                service.subscription_end(subscription=chosen)
        return redirect("alerts:manage", token=token)
    subscriptions = list(
        subscriber.subscriptions.select_related("case", "person", "committee", "municipality")
    )
    rows = [(s, service.subscription_label(s), service.subscription_path(s)) for s in subscriptions]
    return _render(
        request,
        "alerts/manage.html",
        {"subscriber": subscriber, "subscriptions": rows, "token": token},
    )

"""Login throttling for the admin: after too many failed logins for one username from one
address, further attempts are refused for a while, even with the right password.

Ours rather than django-axes: about forty lines on the database we already run (shared by every
gunicorn worker, unlike a per-process cache), no middleware order to get right, and nothing to
configure beyond two numbers (ARCHIVE_LOGIN_MAX_FAILURES, ARCHIVE_LOGIN_LOCKOUT_MINUTES).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.utils import timezone

from .models import LoginFailure


def client_address(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client wants it to be unless a proxy
    # we trust sets it, and a guesser would simply rotate it.
    return (request.META.get("REMOTE_ADDR") or None) if request is not None else None


def _recent_failures(username: str, address: str | None):
    since = timezone.now() - datetime.timedelta(minutes=settings.ARCHIVE_LOGIN_LOCKOUT_MINUTES)
    return LoginFailure.objects.filter(
        username__iexact=username or "", ip_address=address, failed_at__gte=since
    )


def login_locked(username: str, request) -> bool:
    """Whether this username may not log in from this request's address right now."""
    recent = _recent_failures(username, client_address(request))
    return recent.count() >= settings.ARCHIVE_LOGIN_MAX_FAILURES


class ThrottledModelBackend(ModelBackend):
    """Django's own backend, which refuses outright while a username+address is locked out."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if username is not None and login_locked(username, request):
            # PermissionDenied stops authenticate() from trying any other backend.
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD


@receiver(user_login_failed)
def record_login_failure(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")[:150]
    LoginFailure.objects.create(username=username, ip_address=client_address(request))
    # Failures older than a day lock nobody out any more: keep the table small.
    LoginFailure.objects.filter(failed_at__lt=timezone.now() - datetime.timedelta(days=1)).delete()


@receiver(user_logged_in)
def forget_login_failures(sender, request, user, **kwargs):
    _recent_failures(user.get_username(), client_address(request)).delete()

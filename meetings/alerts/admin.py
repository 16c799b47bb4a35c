"""The alerts in the admin: staff see who follows what and what was sent, and can end a
subscription or forget an address on request; nothing is made or edited here."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import pgettext_lazy

from meetings.models import Delivery, Subscriber, Subscription

# What follows each publishing run (the alerts of it) is registered by importing the tasks:
# the admin is imported in every process Django starts (web, worker, `ingest`).
from . import tasks  # noqa: F401


class _ViewAndDelete(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    fields = ["kind", "target", "language", "created_at", "confirmed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = True
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(_ViewAndDelete):
    """An address: deleting it ends everything it follows."""

    list_display = ["masked_email", "created_at"]
    search_fields = ["email"]
    readonly_fields = ["email", "created_at"]
    inlines = [SubscriptionInline]

    @admin.display(description=pgettext_lazy("alerts", "mailadresse"))
    def masked_email(self, subscriber):
        return subscriber.masked_email


@admin.register(Subscription)
class SubscriptionAdmin(_ViewAndDelete):
    list_display = ["kind", "target", "subscriber", "language", "created_at", "confirmed_at"]
    list_filter = ["kind", "language", ("confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["subscriber"]
    readonly_fields = [
        "subscriber",
        "kind",
        "target",
        "language",
        "created_at",
        "confirmed_at",
        "search_params",
    ]
    fields = readonly_fields


@admin.register(Delivery)
class DeliveryAdmin(_ViewAndDelete):
    list_display = ["run", "subscription", "created_at", "sent_at", "failed_at", "failure"]
    list_filter = [
        ("sent_at", admin.EmptyFieldListFilter),
        ("failed_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["run", "subscription"]
    readonly_fields = [
        "run",
        "subscription",
        "items",
        "created_at",
        "sent_at",
        "failed_at",
        "failure",
    ]
    fields = readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

"""Template tags of the staff pages: what waits for a decision."""

from django import template

from meetings.models import Upload

register = template.Library()


@register.simple_tag
def awaiting_review() -> dict:
    """How many referater wait for staff: uploaded ones, and harvested ones the privacy gate
    held back."""
    awaiting = Upload.objects.filter(status=Upload.Status.AWAITING)
    return {
        "uploads": awaiting.filter(origin=Upload.Origin.UPLOAD).count(),
        "held": awaiting.filter(origin=Upload.Origin.HARVEST).count(),
    }

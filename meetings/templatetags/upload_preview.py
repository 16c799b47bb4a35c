"""Template filters of the upload preview."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from meetings.publishing.privacy import personal_data_spans

register = template.Library()


@register.filter
def mark_personal_data(text) -> SafeString:
    """The text escaped, with what looks like personal data in <mark> so staff find it.

    Every piece of the text goes through escaping; only our own <mark> tags are markup.
    """
    text = "" if text is None else str(text)
    pieces, position = [], 0
    for start, end in personal_data_spans(text):
        if start < position:
            continue  # overlapping hits: the first one marks it
        pieces.append(conditional_escape(text[position:start]))
        pieces.append(format_html('<mark class="personal-data">{}</mark>', text[start:end]))
        position = end
    pieces.append(conditional_escape(text[position:]))
    return mark_safe("".join(pieces))  # every piece above is escaped or format_html

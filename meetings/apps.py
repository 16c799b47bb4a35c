from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Møder og referater")

    def ready(self):
        # What follows a publishing run registers itself when its module is imported; the web
        # processes publish (uploads) as the worker does, so both must know the followers.
        from meetings.alerts import tasks as alert_tasks  # noqa: F401
        from meetings.opendata import tasks  # noqa: F401

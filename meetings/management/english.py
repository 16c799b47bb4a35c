"""The base of the archive's own management commands: they speak English.

A command is an operator's tool, and everything else it prints (help, progress lines,
summaries, Django's own errors) is English. The reasons, warnings and errors it passes on
from the pipeline, the store and the harvester are worded in the active language, and a
command has none of its own: Django would use LANGUAGE_CODE, Danish, and mix the two. So
the whole command runs in English, in this one place rather than in each `handle`.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import translation


class EnglishCommand(BaseCommand):
    """A BaseCommand whose run (checks, `handle`, its output and errors) is in English."""

    def execute(self, *args, **options):
        with translation.override("en"):
            return super().execute(*args, **options)

"""Fill the search columns of every agenda item again (after a change to meetings.search.query)."""

from django.db import transaction

from meetings.management.english import EnglishCommand
from meetings.models import AgendaItem
from meetings.search.query import index_items


class Command(EnglishCommand):
    help = "Fill the search columns of all agenda items (meetings.search.query.index_items)."

    def handle(self, *args, **options):
        ids = list(AgendaItem.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), 500):
            with transaction.atomic():
                index_items(AgendaItem.objects.filter(pk__in=ids[start : start + 500]))
        self.stdout.write(f"{len(ids)} agenda items indexed")

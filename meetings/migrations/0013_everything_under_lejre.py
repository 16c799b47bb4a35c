"""Everything stored before municipalities existed was Lejre Kommune's: put it there."""

from django.db import migrations

TABLES = [
    "committee",
    "committeealias",
    "person",
    "personalias",
    "case",
    "meeting",
    "upload",
]


def to_lejre(apps, schema_editor):
    Municipality = apps.get_model("meetings", "Municipality")
    Meeting = apps.get_model("meetings", "Meeting")
    models = [apps.get_model("meetings", name) for name in TABLES]
    if not any(model.objects.exists() for model in models):
        return  # an empty archive: the first referat makes its municipality
    lejre, _created = Municipality.objects.get_or_create(
        slug="lejre", defaults={"name": "Lejre Kommune"}
    )
    for model in models:
        model.objects.filter(municipality__isnull=True).update(municipality=lejre)
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    AgendaItem.objects.filter(search_municipality__isnull=True).update(search_municipality=lejre)
    assert not Meeting.objects.filter(municipality__isnull=True).exists()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0012_municipality")]

    operations = [migrations.RunPython(to_lejre, migrations.RunPython.noop)]

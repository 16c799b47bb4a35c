from django.db import migrations, models

# A committee's meetings on one date, numbered by start time (then by when they were stored).
NUMBER_EXISTING = """
UPDATE meetings_meeting m SET day_number = n.day_number
FROM (
    SELECT id, row_number() OVER (
        PARTITION BY committee_id, date ORDER BY start_time NULLS FIRST, id
    ) AS day_number
    FROM meetings_meeting
) n
WHERE m.id = n.id AND m.day_number <> n.day_number
"""


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_case_last_treated"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="day_number",
            field=models.PositiveSmallIntegerField(
                default=1,
                editable=False,
                help_text="1 for a committee's first meeting stored on its date, then 2, 3 …",
                verbose_name="nummer på dagen",
            ),
            preserve_default=False,
        ),
        migrations.RunSQL(NUMBER_EXISTING, migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.UniqueConstraint(
                fields=("committee", "date", "day_number"), name="meeting_unique_day_number"
            ),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(day_number__gte=1), name="meeting_day_number_positive"
            ),
        ),
    ]

"""The key of a case number (meetings.search.casenumbers): the one text every printed form of
a sagsnr shares, `25-3798` for `25-003798`, `25/3798` and `25 - 003798`, `21-3658A` for
`21-3658a`. Indexed, so that a typed or linked form finds its case at any size of archive."""

from django.db import migrations

# Upper case; spaces, `-` or `/` between two parts one `-`; no leading zeros in a number.
CASE_KEY = r"""
CREATE FUNCTION meetings_case_key(number text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN regexp_replace(
    regexp_replace(upper(btrim(number)), '\s*[-/]\s*|\s+', '-', 'g'),
    '(^|[^0-9])0+([0-9])', '\1\2', 'g'
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0022_foelg_reserved"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                CASE_KEY,
                "CREATE INDEX case_number_key ON meetings_case "
                "(meetings_case_key(number), municipality_id)",
            ],
            reverse_sql=[
                "DROP INDEX case_number_key",
                "DROP FUNCTION meetings_case_key(text)",
            ],
        ),
    ]

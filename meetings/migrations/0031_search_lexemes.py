"""How many agenda items hold each word of the search index, kept exact by the database.

meetings.search.query plans a search from these numbers (a word in 1,673 items is looked up
through the GIN index, one in half the archive newest first) and weighs the words of a query
by them; the planner's own estimate of a rare word was nine times too high at 3,000,000 items
and sent it down a plan that read 1.4 million buffers. Statement triggers with transition
tables count every insert, update and delete of an item's search_vector, whatever writes it
(the store, a takedown, a cascade, a truncate), so no code path can forget it. The row of
the empty lexeme ('') counts the items themselves.
"""

from django.db import migrations

# Each branch reads only the transition tables its event has (plpgsql plans a statement when
# it first runs it). Lexemes are written in one order in every transaction, so two stores
# that touch the same words wait for each other but never deadlock.
COUNT = """
CREATE FUNCTION meetings_searchlexeme_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM meetings_searchlexeme;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO meetings_searchlexeme AS l (lexeme, items)
        SELECT lexeme, count(*) FROM new_rows, unnest(tsvector_to_array(search_vector)) lexeme
        GROUP BY lexeme
        UNION ALL SELECT '', count(*) FROM new_rows
        ORDER BY lexeme
        ON CONFLICT (lexeme) DO UPDATE SET items = l.items + excluded.items;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE meetings_searchlexeme l SET items = l.items - gone.n
        FROM (SELECT lexeme, count(*) AS n
              FROM old_rows, unnest(tsvector_to_array(search_vector)) lexeme
              GROUP BY lexeme
              UNION ALL SELECT '', count(*) FROM old_rows
              ORDER BY lexeme) gone
        WHERE l.lexeme = gone.lexeme;
    ELSE
        INSERT INTO meetings_searchlexeme AS l (lexeme, items)
        SELECT lexeme, sum(change) FROM (
            SELECT unnest(tsvector_to_array(n.search_vector)) AS lexeme, 1 AS change
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE o.search_vector IS DISTINCT FROM n.search_vector
            UNION ALL
            SELECT unnest(tsvector_to_array(o.search_vector)), -1
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE o.search_vector IS DISTINCT FROM n.search_vector
        ) changes
        GROUP BY lexeme HAVING sum(change) <> 0 ORDER BY lexeme
        ON CONFLICT (lexeme) DO UPDATE SET items = l.items + excluded.items;
    END IF;
    RETURN NULL;
END
$$
"""

TRIGGERS = [
    "CREATE TRIGGER searchlexeme_insert AFTER INSERT ON meetings_agendaitem "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION meetings_searchlexeme_count()",
    "CREATE TRIGGER searchlexeme_update AFTER UPDATE ON meetings_agendaitem "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION meetings_searchlexeme_count()",
    "CREATE TRIGGER searchlexeme_delete AFTER DELETE ON meetings_agendaitem "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION meetings_searchlexeme_count()",
    "CREATE TRIGGER searchlexeme_truncate AFTER TRUNCATE ON meetings_agendaitem "
    "FOR EACH STATEMENT EXECUTE FUNCTION meetings_searchlexeme_count()",
]

# What is stored already, counted once (ts_stat: each lexeme and the number of its items);
# under '' (no lexeme) the number of items.
FILL = (
    "INSERT INTO meetings_searchlexeme (lexeme, items) "
    "SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM meetings_agendaitem') "
    "UNION ALL SELECT '', count(*) FROM meetings_agendaitem"
)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0030_search_case_key"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                "CREATE TABLE meetings_searchlexeme "
                "(lexeme text PRIMARY KEY, items integer NOT NULL)",
                COUNT,
                *TRIGGERS,
                FILL,
            ],
            reverse_sql=[
                "DROP TABLE meetings_searchlexeme",
                *(
                    f"DROP TRIGGER {name} ON meetings_agendaitem"
                    for name in (
                        "searchlexeme_insert",
                        "searchlexeme_update",
                        "searchlexeme_delete",
                        "searchlexeme_truncate",
                    )
                ),  # fmt: skip
                "DROP FUNCTION meetings_searchlexeme_count()",
            ],
        ),
    ]

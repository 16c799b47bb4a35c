"""Stored items searched by their committee's name no more (meetings.search.index).

Until now every item's search_attachments held its committee's name (and the names of the
committees its codes stand for), so `arbejdsmarked` or `marked` matched every item of the Job,
Arbejdsmarked & Integration committee. The committee stays the item's filter and facet. This
writes every item's attachment words and compound parts again, as index_items now does (the
parts as meetings.search.compounds now splits them: folkeskole|reformen, with `skole` inside),
and counts the suggestion vocabulary again; the lexeme counts follow by their triggers (0031).

It reads and writes with SQL and the search package's pure functions only (no model), so it
runs the same on a database of any later shape.
"""

from django.db import migrations

CHUNK = 500


def forward(apps, schema_editor):
    from meetings.search.compounds import compound_terms
    from meetings.search.index import words_of

    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM meetings_agendaitem ORDER BY id")
        ids = [pk for (pk,) in cursor.fetchall()]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            cursor.execute(
                "SELECT i.id, i.title, i.decision, i.search_body, "
                "coalesce((SELECT string_agg(a.name, E'\\n' ORDER BY a.position) "
                "FROM meetings_attachment a WHERE a.item_id = i.id), '') "
                "FROM meetings_agendaitem i WHERE i.id = ANY(%s)",
                [chunk],
            )
            rows = cursor.fetchall()
            attachments = [names for _pk, _title, _decision, _body, names in rows]
            compounds = [
                " ".join(compound_terms(" ".join([title, decision, body, names])))
                for _pk, title, decision, body, names in rows
            ]
            cursor.execute(
                "UPDATE meetings_agendaitem i SET search_attachments = v.names, "
                "search_compounds = v.compounds "
                "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS v(id, names, compounds) "
                "WHERE i.id = v.id",
                [[row[0] for row in rows], attachments, compounds],
            )
        if not ids:
            return
        # The vocabulary held the committees' words (and the old compound parts).
        words: dict[str, int] = {}
        cursor.execute(
            "SELECT title, decision, search_body, search_compounds FROM meetings_agendaitem"
        )
        while batch := cursor.fetchmany(2000):
            for row in batch:
                for word in words_of(*row):
                    words[word] = words.get(word, 0) + 1
        ordered = sorted(words)
        cursor.execute("DELETE FROM meetings_searchword")
        cursor.execute(
            "INSERT INTO meetings_searchword (word, items) "
            "SELECT * FROM unnest(%s::text[], %s::int[])",
            [ordered, [words[word] for word in ordered]],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0031_search_lexemes"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop, elidable=True),
    ]

"""Where a referat (PDF or text) becomes rows, in three stages that can each be tested alone:

- `extract`: bytes to clean text (PDF text layer or converter markdown), page furniture removed;
- `parse`: text to the referat shape of ../shared/spec/referat.schema.json;
- `store`: that shape to rows, one transaction per file (`referat_store`).

`pipeline.read_referat` runs the first two with the size, page and time limits.
"""

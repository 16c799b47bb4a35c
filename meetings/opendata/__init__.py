"""Open data: every meeting as JSON in the shape of referat.schema.json."""

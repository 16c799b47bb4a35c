"""The one error type of the ingest pipeline: a file that is not a usable referat."""


class ReferatError(Exception):
    """Raised with a one-line, human reason ("no 'Mødedato' line in the header")."""

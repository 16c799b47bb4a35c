"""A file upload handler that stops keeping a file once it passes ARCHIVE_MAX_UPLOAD_BYTES.

Django would otherwise spool any size of upload to a temporary file before the view sees it.
This handler stands first: while a file is within the limit its chunks go on to Django's own
handlers; past the limit it swallows the rest and hands the view an empty file that knows its
real size, which `upload_receive` refuses with the usual one-line reason.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizedUploadedFile(UploadedFile):
    """What is left of a file that was too large: its name and how large it was."""

    def __init__(self, name: str, content_type: str, size: int):
        from io import BytesIO

        super().__init__(BytesIO(b""), name=name, content_type=content_type, size=size)

    def chunks(self, chunk_size=None):
        return iter(())


class SizeLimitUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.oversized = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.ARCHIVE_MAX_UPLOAD_BYTES:
            self.oversized = True
        return None if self.oversized else raw_data

    def file_complete(self, file_size):
        if self.oversized:
            return OversizedUploadedFile(self.file_name, self.content_type, self.received)
        return None  # within the limit: Django's own handler completes it

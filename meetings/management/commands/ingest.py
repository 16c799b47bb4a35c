"""`manage.py ingest PATH...`: read referater (PDF or text) from files and folders into the archive.

One transaction per file; a refused file is one line on stderr and the others still go in.
`--dry-run --json` parses only and prints the referat shape as JSON Lines: how anyone can check
what the parser makes of a file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections import Counter
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from meetings.ingest.errors import ReferatError
from meetings.ingest.pipeline import read_referat_file
from meetings.ingest.store import PersonalDataChoice, referat_store
from meetings.management.english import EnglishCommand
from meetings.models import PublishRun, SourceDocument
from meetings.publishing.privacy import find_personal_data
from meetings.publishing.runs import publishing_run

logger = logging.getLogger(__name__)

# Below this many files the per-file lines are progress enough.
PROGRESS_FROM_FILES = 20
REFUSED = "refused"


class Command(EnglishCommand):
    help = "Read referater (PDF or text files, or folders of them) into the archive."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse only; write nothing to the archive."
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="With --dry-run: print each parsed referat as one JSON line (JSON Lines).",
        )
        parser.add_argument(
            "--municipality",
            metavar="SLUG",
            help=(
                "Whose referater these are (a slug or name: lejre, 'Greve Kommune'); made if "
                "the archive does not hold it yet. Default: the one a referat names, else the "
                "archive's default municipality."
            ),
        )

        parser.add_argument(
            "--publish-personal-data",
            action="store_true",
            help=(
                "Publish a referat although the privacy gate flags possible personal data "
                "(CPR numbers, private phones and e-mails); the choice is recorded with the file."
            ),
        )

    def handle(
        self,
        *args,
        paths,
        dry_run,
        as_json,
        municipality=None,
        publish_personal_data=False,
        **options,
    ):
        from archive.db.migrate import ensure_migrated

        ensure_migrated()  # a fresh clone's embedded database has no tables yet
        self.municipality = municipality
        self.publish_personal_data = publish_personal_data
        self.unclear = 0
        if as_json and not dry_run:
            raise CommandError("--json prints what the parser reads; use it with --dry-run")
        started = time.monotonic()
        files, missing = collect_files(paths)
        counts: Counter[str] = Counter()
        for path in missing:
            self.refuse(path, "no such file or folder")
            counts[REFUSED] += 1

        progress = Progress(self.stdout, len(files), enabled=not as_json)
        run = contextlib.nullcontext() if dry_run else publishing_run(PublishRun.Origin.INGEST)
        with run:
            self.ingest_all(files, counts, progress, dry_run=dry_run, as_json=as_json, **options)
        progress.clear()
        self.finish(counts, files, missing, started, dry_run=dry_run, as_json=as_json)

    def ingest_all(self, files, counts, progress, *, dry_run, as_json, **options) -> None:
        for n, path in enumerate(files, start=1):
            progress.clear()
            try:
                status = self.ingest_one(path, dry_run=dry_run, as_json=as_json)
            except ReferatError as exc:
                self.refuse(path, str(exc))
                status = REFUSED
            except Exception as exc:
                if options.get("traceback"):
                    raise
                logger.debug("ingest of %s failed", path, exc_info=True)
                first_line = (str(exc).strip().splitlines() or [""])[0]
                self.refuse(path, f"unexpected error: {type(exc).__name__}: {first_line}")
                status = REFUSED
            counts[status] += 1
            progress.show(n)

    def finish(self, counts, files, missing, started, *, dry_run, as_json) -> None:
        summary = self.summary(counts, time.monotonic() - started, dry_run=dry_run)
        if self.unclear:
            summary += f"; {self.unclear} items half understood (see the warnings above)"
        # Under --json stdout is JSON Lines only.
        (self.stderr if as_json else self.stdout).write(summary)
        if counts[REFUSED]:
            total = len(files) + len(missing)
            raise CommandError(f"{counts[REFUSED]} of {_files(total)} refused")

    def ingest_one(self, path: Path, *, dry_run: bool, as_json: bool) -> str:
        read = read_referat_file(path)
        referat = read.referat
        if dry_run:
            if as_json:
                self.stdout.write(json.dumps(referat, ensure_ascii=False))
                return "parsed"
            status, warnings = "parsed", read.warnings
        else:
            choice = self.privacy_gate(read)
            result = referat_store(read=read, municipality=self.municipality, personal_data=choice)
            status, warnings = result.status, result.warnings
        # Warnings that name an item ("Punkt 3: no decision heading found"): what the parser
        # only half understood, counted per referat so that a new dialect shows at once.
        unclear = len({w.split(":")[0] for w in warnings if w.startswith("Punkt ")})
        self.unclear += unclear
        self.stdout.write(
            f"{status:<9}  {path}  {referat['committee']['name']} "
            f"{_danish_date(referat['date'])} ({_items(len(referat['items']))}"
            f"{f', {unclear} of them half understood' if unclear else ''})"
        )
        for warning in warnings:
            self.stdout.write(f"    {warning}", self.style.WARNING)
        return status

    def privacy_gate(self, read) -> PersonalDataChoice | None:
        """The one privacy gate, as upload and harvest have it: a referat that seems to hold
        personal data is refused, naming where, unless --publish-personal-data says otherwise."""
        if SourceDocument.objects.filter(sha256=read.sha256).exclude(meeting=None).exists():
            return None  # stored already: nothing new is published
        flags = find_personal_data(read.referat)
        if not flags:
            return None
        if not self.publish_personal_data:
            places = "; ".join(dict.fromkeys(f"{flag.label}: {flag.place}" for flag in flags))
            raise ReferatError(
                format_lazy(
                    _(
                        "mulige personoplysninger ({places}); tjek dem, og giv "
                        "--publish-personal-data for at offentliggøre dem alligevel"
                    ),
                    places=places,
                )
            )
        return PersonalDataChoice(
            [flag.as_dict() for flag in flags], "manage.py ingest --publish-personal-data"
        )

    def refuse(self, path: Path | str, reason: str) -> None:
        # One line per file, whatever the reason holds.
        self.stderr.write(f"{path}: {' '.join(reason.split())}", self.style.ERROR)

    @staticmethod
    def summary(counts: Counter[str], seconds: float, *, dry_run: bool) -> str:
        order = ["parsed"] if dry_run else ["created", "updated", "unchanged"]
        parts = [f"{counts[status]} {status}" for status in [*order, REFUSED]]
        total = sum(counts.values())
        return f"{', '.join(parts)}: {_files(total)} in {seconds:.1f} s"


def collect_files(paths: list[str]) -> tuple[list[Path], list[str]]:
    """The files named and those in the folders named (recursively, hidden ones skipped), in
    a stable order, and the paths that do not exist."""
    files: list[Path] = []
    missing: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            files.append(path)
        else:
            missing.append(name)
    return files, missing


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


class Progress:
    """A one-line `[ 120/500]` counter under the per-file lines, for many files on a terminal."""

    def __init__(self, out, total: int, *, enabled: bool):
        isatty = getattr(out, "isatty", lambda: False)
        self.out = out
        self.total = total
        self.enabled = enabled and total >= PROGRESS_FROM_FILES and isatty()
        self.shown = False

    def show(self, done: int) -> None:
        if self.enabled:
            width = len(str(self.total))
            self.out.write(f"[{done:>{width}}/{self.total}] {done * 100 // self.total}%", ending="")
            self.out.flush()
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.out.write("\r\033[K", ending="")
            self.shown = False


def _danish_date(iso) -> str:
    try:
        year, month, day = str(iso).split("-")
    except ValueError:
        return str(iso)  # not stored as such anyway: the store refuses it
    return f"{day}-{month}-{year}"


def _files(n: int) -> str:
    return "1 file" if n == 1 else f"{n} files"


def _items(n: int) -> str:
    return "1 item" if n == 1 else f"{n} items"

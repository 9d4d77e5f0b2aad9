"""Command line: parse arguments, run, and turn errors into messages and exit codes.

Exit status: 0 built; 1 a notebook failed (named, with its cell); 2 invalid input (the file,
the row or key, what was expected and what was found); 3 a format was asked for whose tool
(Chromium for PDF) is not installed; 4 the report could not be written (the output path is a
file, the disk is full or read-only); 130 stopped by Ctrl-C; 143 stopped by SIGTERM.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NamedTuple

from sefbook.build.export import ToolMissing, check_tools
from sefbook.build.imports import skip_unused_format_checkers
from sefbook.errors import InputError, NotebookError, OutputError, Stopped, escape_controls
from sefbook.paths import DEFAULT_DATA, DEFAULT_EDITION

if TYPE_CHECKING:
    from sefbook.build.result import BuildResult

EXIT_OK, EXIT_NOTEBOOK_FAILED, EXIT_INVALID_INPUT, EXIT_TOOL_MISSING, EXIT_OUTPUT_FAILED = 0, 1, 2, 3, 4
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # as shells report SIGINT and SIGTERM


def _formats(text: str) -> tuple[str, ...]:
    from sefbook.build.export import FORMATS

    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or text!r}; choose from {', '.join(FORMATS)}"
        )
    return formats if "html" in formats else ("html", *formats)  # every other format is made from the HTML


class Command(NamedTuple):
    """A subcommand: its parser, its one-line help and its arguments in the order given (the actions
    add_argument returned), kept for docs/cli.md: argparse has no public list of a parser's arguments."""

    name: str
    help: str
    parser: argparse.ArgumentParser
    arguments: list[argparse.Action]

    def add(self, *names: str, **options: Any) -> None:
        self.keep(self.parser.add_argument(*names, **options))

    def keep(self, argument: argparse.Action) -> None:
        """Record an argument added elsewhere (in a group of the parser's)."""
        self.arguments.append(argument)


class CommandLine(NamedTuple):
    parser: argparse.ArgumentParser
    commands: list[Command]


def command_line() -> CommandLine:
    """The parser, and each subcommand as docs/cli.md describes it."""
    parser = argparse.ArgumentParser(prog="sefbook", description="Build children's services self-evaluation reports.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    commands: list[Command] = []

    def command(name: str, help: str) -> Command:
        commands.append(Command(name, help, subparsers.add_parser(name, help=help), []))
        return commands[-1]

    build = command("build", help="validate an edition, run its section notebooks and export one HTML report")
    build.add(
        "edition",
        nargs="?",
        default=DEFAULT_EDITION,
        help=f"edition folder holding sef.yml (default: {DEFAULT_EDITION})",
    )
    build.add(
        "--data",
        default=DEFAULT_DATA,
        help=f"folder of indicator CSV files in the DfE open-data shape (default: {DEFAULT_DATA})",
    )
    build.add("--output", default=None, help="folder for output/<edition>/ (default: the project's output/)")
    build.add("--notebooks", default=None, help="folder of section notebooks (default: the project's notebooks/)")
    build.add("--workers", type=_workers, default=None, help="notebooks run at once (default: by CPU count)")
    build.add(
        "--format",
        type=_formats,
        default=("html",),
        dest="formats",
        help="comma-separated: html, pdf, docx (default: html)",
    )
    build.add(
        "--period",
        default="",
        help="a quarterly performance report for a financial-year quarter, e.g. 2025-Q2 "
        "(July to September 2025), using the council's own figures for it; narrative optional",
    )
    build.add(
        "--returns",
        default=None,
        help="the council's own returns folder (ssda903-<year>/ inside), in place of sef.yml's returns:",
    )
    build.add(
        "--show-child-references",
        action="store_true",
        help="name the child in a refused return's message even when stderr is not a terminal "
        "(by default a log gets the file, row and column only)",
    )
    build.add(
        "--fresh", action="store_true", help="build every part again, ignoring the outputs kept from earlier builds"
    )
    pack = command("pack", help="a data-only benchmarking pack for any council (or many, or all), from published files")
    councils = pack.parser.add_mutually_exclusive_group(required=True)
    pack.keep(
        councils.add_argument(
            "--la",
            nargs="+",
            help="the council's old (3-digit) or new (9-character) LA code; several codes build their packs in parallel",
        )
    )
    pack.keep(
        councils.add_argument(
            "--all", action="store_true", help="every council the data folder holds today, in parallel"
        )
    )
    pack.add("--data", required=True, help="folder of published DfE files, with a statistical neighbour file")
    pack.add("--output", default=None, help="folder for output/pack-<code>/ (default: the project's output/)")
    pack.add("--notebooks", default=None, help="folder of section notebooks (default: the project's notebooks/)")
    pack.add(
        "--workers",
        type=_workers,
        default=None,
        help="notebooks run at once for one pack; packs built at once for several (default: by CPU count)",
    )
    pack.add(
        "--scheduler",
        default=None,
        help="build several packs on the Dask cluster at this address (tcp://host:8786) rather than "
        "on local workers; every worker needs sefbook and the same data and output paths",
    )
    pack.add(
        "--format",
        type=_formats,
        default=("html",),
        dest="formats",
        help="comma-separated: html, pdf, docx (default: html)",
    )
    pack.add(
        "--strict",
        action="store_true",
        help="stop (exit 2) if a file in the data folder cannot be read for an indicator, "
        "rather than leave the indicator out and say so",
    )
    pack.add("--fresh", action="store_true", help="build every part again, ignoring kept outputs")
    preview = command("preview", help="build, show the report on localhost, and rebuild it on every save")
    preview.add("edition", nargs="?", default=DEFAULT_EDITION)
    preview.add("--data", default=DEFAULT_DATA)
    preview.add("--output", default=None, help="folder for output/<edition>/ (default: the project's output/)")
    preview.add("--port", type=int, default=8000, help="the local port to serve on (0: any free one)")
    new = command("new", help="start next year's edition from this one (never overwrites)")
    new.add("edition", help="the new edition's folder, e.g. sefs/kingsmere-2026")
    new.add("--from", dest="previous", required=True, help="last year's edition folder")
    init = command("init", help="start a council's first edition from a folder of DfE files (never overwrites)")
    init.add("edition", help="the new edition's folder, e.g. sefs/leicester-2025")
    init.add("--la", required=True, help="the council's old (3-digit) or new (9-character) LA code")
    init.add("--data", required=True, help="folder of published DfE files, with a statistical neighbour file")
    indicators = command(
        "indicators",
        help="list every indicator the registry knows (and, with "
        "--data, which a data folder holds and for how many councils)",
    )
    indicators.add("--data", default=None, help="a folder of data files to look in")
    sources = command(
        "sources",
        help="which files to download and from which page (and, with "
        "--data, which a data folder lacks and the indicators missing for want of them)",
    )
    sources.add("--data", default=None, help="a folder of data files to look in")
    check = command("check", help="validate an edition and its data without running anything")
    check.add("edition", nargs="?", default=DEFAULT_EDITION)
    check.add("--data", default=DEFAULT_DATA)
    check.add(
        "--show-child-references",
        action="store_true",
        help="name the child in a refused return's message even when stderr is not a terminal",
    )
    return CommandLine(parser, commands)


def _say(message: str) -> None:
    _tell(f"{time.strftime('%H:%M:%S')} {message}")


def _tell(line: str) -> None:
    """Every line sefbook writes to stderr: names from an edition or a data folder are in it, and
    their control characters are shown escaped, never sent to the terminal."""
    print(escape_controls(line), file=sys.stderr, flush=True)


def _answer(line: object) -> None:
    """stdout's one line (a path, a URL), for scripts: escaped only when a person reads it at a terminal."""
    print(escape_controls(str(line)) if sys.stdout.isatty() else line, flush=True)


def _workers(text: str) -> int:
    try:
        workers = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if workers < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, found {workers}")
    return workers


def _cap_workers(args: argparse.Namespace) -> None:
    """More workers than CPUs only compete for them, each with a kernel in memory: capped, and said once."""
    if getattr(args, "workers", None):
        from sefbook.build.kernels import available_cpus

        cpus = available_cpus()
        if args.workers > cpus:
            _tell(f"sefbook: --workers {args.workers} is more than the {cpus} CPUs available here; using {cpus}")
            args.workers = cpus


def _list_indicators(data: str | None) -> int:
    """One line per indicator on stdout, tab-separated (for a spreadsheet or grep); a summary on stderr."""
    from sefbook.inputs.published.catalogue import catalogue
    from sefbook.inputs.published.registry import default_registry
    from sefbook.paths import resolve

    entries = catalogue(default_registry(), resolve(data) if data else None)
    columns = ["id", "section", "title", "period", "files"] + (
        ["status", "latest", "councils", "reason"] if data else []
    )
    print("\t".join(columns))
    shown = escape_controls if sys.stdout.isatty() else str  # a file's name in a data folder may hold anything
    for e in entries:
        print("\t".join("" if getattr(e, c) is None else shown(str(getattr(e, c))) for c in columns))
    found = sum(e.status == "found" for e in entries)
    _say(
        f"{len(entries)} indicators"
        + (
            f"; {found} found in {data}, {sum(e.status == 'not in folder' for e in entries)} "
            f"not in it, {sum(e.status == 'cannot be read' for e in entries)} cannot be read"
            if data
            else ""
        )
    )
    return EXIT_OK


def _list_sources(data: str | None) -> int:
    """Each publication's page, files and indicators on stdout; with --data, what the folder lacks."""
    from sefbook.inputs.published.registry import default_registry
    from sefbook.inputs.published.sources import source_lines, sources
    from sefbook.paths import resolve

    shown = escape_controls if sys.stdout.isatty() else str  # a file's name in a data folder may hold anything
    for line in source_lines(*sources(default_registry(), resolve(data) if data else None)):
        print(shown(line))
    return EXIT_OK


def _many_packs(args: argparse.Namespace) -> int:
    """Several councils' packs on Dask: exit 0 if every one was built (or was up to date), 1 if
    any failed (each named on stderr and in the index page); the others are built regardless."""
    from sefbook.build.fleet import INDEX_FILE, build_packs
    from sefbook.build.freshness import output_root
    from sefbook.inputs.load import current_councils
    from sefbook.inputs.published.reader import data_folder
    from sefbook.paths import resolve

    data_folder(resolve(args.data))  # a folder not there is said at once, before any worker starts

    def councils() -> dict[str, str]:  # listed while the workers start
        known = current_councils(resolve(args.data))
        return known if args.all else {code: known.get(code, code) for code in dict.fromkeys(args.la)}

    started = time.perf_counter()
    outcomes = build_packs(
        councils,
        data_dir=args.data,
        output_dir=args.output,
        notebooks_dir=args.notebooks,
        formats=args.formats,
        strict=args.strict,
        fresh=args.fresh,
        workers=args.workers,
        scheduler=args.scheduler,
        progress=_say,
    )
    failed = [o for o in outcomes if not o.ok]
    seconds = time.perf_counter() - started
    _say(
        f"{len(outcomes) - len(failed)} of {len(outcomes)} packs built or up to date in {seconds:.0f} s "
        f"({seconds / max(1, len(outcomes)):.1f} s a pack)" + (f"; {len(failed)} failed:" if failed else "")
    )
    for o in failed:
        _tell(f"sefbook: pack {o.code} ({o.name}) failed: {o.message}")
    _answer(output_root(args.output) / INDEX_FILE)
    return EXIT_NOTEBOOK_FAILED if failed else EXIT_OK


def _build(args: argparse.Namespace) -> BuildResult:
    """One report: planned (up to date, words alone, or with the data), then built."""
    from sefbook.build.freshness import BuildRequest
    from sefbook.build.pipeline import run_build

    pack = args.command == "pack"
    request = BuildRequest(
        edition=getattr(args, "edition", DEFAULT_EDITION),  # a pack's arguments have no edition, period or returns
        la_code=args.la[0] if pack else "",
        data_dir=args.data,
        output_dir=args.output,
        notebooks_dir=args.notebooks,
        workers=args.workers,
        formats=args.formats,
        period=getattr(args, "period", ""),
        returns=getattr(args, "returns", None),
        strict=getattr(args, "strict", False),
        fresh=args.fresh,
        words_without_data=not pack,  # a pack has no words
    )
    check_tools(args.formats)  # before anything is written, even the lock: a missing Chromium is said first
    return run_build(request, _say)


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise Stopped("SIGTERM", EXIT_TERMINATED)


@contextmanager
def _a_usable_cache(args: argparse.Namespace) -> Iterator[None]:
    """A cache folder that cannot be used (a file, read-only: a scheduled job's account with no
    writable home) is said once, and a temporary one serves this run instead, kernels and workers
    included (they inherit SEFBOOK_CACHE_DIR): as fast as any build, and removed at its end."""
    from sefbook.cache import cache_dir, cache_problem

    if args.command == "new" or not (problem := cache_problem()):
        yield
        return
    try:
        temporary = tempfile.TemporaryDirectory(prefix="sefbook-cache-")
    except OSError:
        _tell(f"sefbook: the cache folder {cache_dir()} cannot be used ({problem}); building without it")
        yield
        return
    _tell(f"sefbook: the cache folder {cache_dir()} cannot be used ({problem}); a temporary one serves this run")
    before = os.environ.get("SEFBOOK_CACHE_DIR")
    os.environ["SEFBOOK_CACHE_DIR"] = temporary.name
    try:
        with temporary:
            yield
    finally:
        if before is None:
            os.environ.pop("SEFBOOK_CACHE_DIR", None)
        else:
            os.environ["SEFBOOK_CACHE_DIR"] = before


def _new(args: argparse.Namespace) -> int:
    from sefbook.scaffold import new_edition

    created = new_edition(args.edition, args.previous)
    _say(f"Created {created}: write each section's narrative, then sefbook check {created}")
    _answer(created)
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from sefbook.paths import resolve
    from sefbook.scaffold import init_edition

    started = init_edition(args.edition, args.la, resolve(args.data))
    _say(
        f"Created {started.folder} for {started.la_name} ({started.old_la_code}, {started.new_la_code}), "
        f"{started.year}: {started.shown} indicators from the data folder, {started.not_shown} more named in "
        f"sef.yml with what would bring them; write each narrative, then sefbook build {started.folder} "
        f"--data {args.data}"
    )
    _answer(started.folder)
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    try:
        return (_list_indicators if args.command == "indicators" else _list_sources)(args.data)
    except BrokenPipeError:  # `sefbook indicators | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from sefbook.inputs.edition.read import load_edition
    from sefbook.paths import resolve

    edition = load_edition(resolve(args.edition))  # as a build does: a fault in sef.yml is named before pandas loads
    from sefbook.inputs.load import check_reporting_year, load_inputs

    inputs = load_inputs(edition, resolve(args.data), require_year=False)
    _say(
        f"{inputs.edition.name} is valid: {len(inputs.edition.section_names)} sections, {len(inputs.table):,} data rows"
    )
    for note in inputs.notes:
        _say(f"note: {note}")
    for warning in inputs.edition.warnings:  # a child's personal data in the words (inputs/edition/personal.py)
        _say(f"warning: {warning}")
    try:
        from sefbook.inputs.edition.contents import Edition

        assert isinstance(inputs.edition, Edition)  # `sefbook check` reads an edition folder
        check_reporting_year(inputs.edition, inputs.table, inputs.place, "")
    except InputError as exc:  # not yet a fault: next year's edition is started before its figures exist
        _say(f"note: {exc.message}; sefbook build will refuse until the data has that year")
    return EXIT_OK


def _preview(args: argparse.Namespace) -> int:
    from sefbook.build.preview import preview

    def ready(url: str) -> None:
        _say(f"Serving {url} (it reloads after every save; Ctrl-C stops)")
        _answer(url)

    try:
        preview(args.edition, data_dir=args.data, output_dir=args.output, port=args.port, ready=ready, progress=_say)
    except (KeyboardInterrupt, Stopped):
        pass  # the usual way to end a preview
    _say("Preview stopped")
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    """`build`, or `pack` for one council: the report built (or found up to date), its path on stdout."""
    if args.command == "pack" and (args.all or len(args.la) > 1 or args.scheduler):
        return _many_packs(args)
    result = _build(args)
    if not result.up_to_date:
        _say(
            f"Built in {result.seconds:.1f} s"
            + (f"; {len(result.reused)} unchanged parts reused" if result.reused else "")
        )
    _answer(result.report)  # the one line on stdout: the report's path, for scripts
    return EXIT_OK


COMMANDS = {
    "new": _new,
    "init": _init,
    "indicators": _list,
    "sources": _list,
    "check": _check,
    "preview": _preview,
    "build": _report,
    "pack": _report,
}


def main(argv: list[str] | None = None) -> int:
    skip_unused_format_checkers()
    args = command_line().parser.parse_args(argv)
    _cap_workers(args)
    if threading.current_thread() is threading.main_thread():
        # a scheduler's SIGTERM unwinds the build like Ctrl-C: kernels stopped, staging removed
        signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        with _a_usable_cache(args):
            return COMMANDS[args.command](args)
    except InputError as exc:
        # A child's reference goes to a person at a terminal, never to a scheduled job's log
        shown = getattr(args, "show_child_references", False) or sys.stderr.isatty()
        for error in getattr(exc, "errors", (exc,)):  # each problem on its own line
            _tell(f"sefbook: invalid input: {error.describe(show_child=shown)}")
        return EXIT_INVALID_INPUT
    except NotebookError as exc:
        _tell(f"sefbook: notebook failed: {exc}")
        return EXIT_NOTEBOOK_FAILED
    except ToolMissing as exc:
        _tell(f"sefbook: cannot make the requested format: {exc}")
        return EXIT_TOOL_MISSING
    except OutputError as exc:
        _tell(f"sefbook: cannot write the report: {exc}; the last good report is unchanged")
        return EXIT_OUTPUT_FAILED
    except (KeyboardInterrupt, Stopped) as exc:
        status = exc.exit_status if isinstance(exc, Stopped) else EXIT_INTERRUPTED
        name = exc.signal_name if isinstance(exc, Stopped) else "Ctrl-C"
        _tell(f"sefbook: stopped by {name}; nothing was published and the last good report is unchanged")
        return status


def run() -> None:
    """The `sefbook` command: main(), then leave as soon as the exit handlers have run.

    Python's own teardown of pandas, matplotlib and the kernels' ZeroMQ sockets is slow and needless: by
    then every file is written, closed and renamed into place, and the kernels are stopped. An exception
    main() does not turn into a status (argparse's exits, a bug's traceback) leaves the usual way."""
    import atexit

    status: list[int] = []
    # registered first, so run last: after every other exit handler (logging's flush among them)
    atexit.register(lambda: _leave_now(status[0]) if status else None)
    status.append(main())
    sys.exit(status[0])


def _leave_now(status: int) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    run()

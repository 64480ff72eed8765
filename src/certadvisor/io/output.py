"""Writing to standard output: whole documents as UTF-8, failed writes as one error, and
stand-in characters for a terminal that cannot show some (see ``io.files`` for files)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO

from certadvisor.errors import StdoutError

__all__ = ["StdoutError", "emit_text", "stdout_errors", "use_fallback_characters", "write_utf8"]


def emit_text(text: str, stream: TextIO | None = None) -> None:
    """Print a whole document (JSON text) to stdout as UTF-8; a failed write is a
    ``StdoutError``, not a traceback."""
    out = stream if stream is not None else sys.stdout
    if out is None:  # started with stdout closed (``>&-``): Python then has no sys.stdout
        raise StdoutError("cannot write to standard output: it is closed")
    with stdout_errors(out):
        write_utf8(out, text)
        out.flush()


def write_utf8(out: TextIO, text: str) -> None:
    """Write ``text`` to a text stream as UTF-8 whatever the stream's own encoding.

    JSON is always UTF-8: under an ASCII or Latin-1 locale (``LANG=C``,
    ``PYTHONIOENCODING=ascii``) the stream would refuse "–" or "†" with a traceback, so the
    bytes go to the stream's binary buffer instead, after anything the text layer holds.
    """
    buffer = getattr(out, "buffer", None)
    if buffer is None or _is_utf8(out):
        out.write(text)
        return
    out.flush()
    try:
        data = text.encode("utf-8", "surrogateescape")  # a file name's undecodable bytes
    except UnicodeEncodeError:
        data = text.encode("utf-8", "backslashreplace")
    buffer.write(data)


def write_utf8_bytes(out: TextIO, data: bytes) -> None:
    """Write UTF-8 ``data`` to a text stream: straight to its binary buffer (after anything the
    text layer holds) when it has one, so nothing is decoded only to be encoded again."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(data.decode("utf-8", "replace"))
        return
    out.flush()
    buffer.write(data)


@contextlib.contextmanager
def stdout_errors(stream: TextIO | None = None) -> Iterator[None]:
    """Turn a failed write to standard output inside the block into one ``StdoutError``.

    A full disk or a descriptor that went bad becomes "cannot write to standard output: ...",
    and whatever is still buffered is dropped so that Python does not print a traceback of its
    own at exit. A closed pipe (``| head``) is left to propagate as ``BrokenPipeError``: the
    command line's runner ends quietly on it. Wrap only the writing, since any ``OSError`` in
    the block is reported as standard output's.
    """
    out = stream if stream is not None else sys.stdout
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        _discard_pending(out)
        raise StdoutError(f"cannot write to standard output: {error.strerror or error}") from None
    except ValueError:
        if not getattr(out, "closed", False):
            raise  # not about the stream: a bug, and not to be disguised as one
        raise StdoutError("cannot write to standard output: it is closed") from None


def _discard_pending(out: TextIO | None) -> None:
    """Point the stream's descriptor at the null device.

    The text that could not be written stays buffered, and Python would try to flush it again
    at exit and print its own "Exception ignored" traceback; nothing more can reach the real
    stdout anyway.
    """
    if out is None:
        return
    try:
        fd = out.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError, AttributeError):  # not a real file (a test's stream)
        return
    try:
        os.dup2(null, fd)
    except OSError:
        pass
    finally:
        os.close(null)


# Drawn screens under an encoding that lacks a character (``LANG=C``, ``PYTHONIOENCODING=ascii``,
# Latin-1) show these instead; anything else falls back to its accent-less letter, or "?".
_FALLBACKS = {
    "\u2013": "-",  # – en dash
    "\u2014": "--",  # — em dash
    "\u2020": "+",  # † dagger
    "\u2021": "++",  # ‡ double dagger
    "\u2022": "*",  # • bullet
    "\u00b7": ".",  # · middle dot
    "\u2026": "...",  # … ellipsis
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2192": "->",
    "\u2190": "<-",
    "\u2191": "^",
    "\u2193": "v",
    "\u00d7": "x",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u00b1": "+/-",
    "\u2248": "~",
    "\u2713": "v",
    "\u2714": "v",
    "\u2717": "x",
    "\u2718": "x",
    "\u00a0": " ",
}
FALLBACK_ERRORS = "certadvisor-fallback"


def _fallback(error: UnicodeError) -> tuple[str, int]:
    """A codecs error handler: what the encoding cannot show, in characters it can."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    import unicodedata

    shown = []
    for char in error.object[error.start : error.end]:
        if char in _FALLBACKS:
            shown.append(_FALLBACKS[char])
        elif "\u2500" <= char <= "\u257f":  # box drawing
            name = unicodedata.name(char, "")
            lines = "" if " AND " in name else name  # a corner or a crossing is "+"
            shown.append("-" if "HORIZONTAL" in lines else "|" if "VERTICAL" in lines else "+")
        else:
            plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            shown.append(plain or "?")
    return "".join(shown), error.end


def use_fallback_characters(streams: Iterable[TextIO | None] | None = None) -> None:
    """Let stdout and stderr show every character, whatever the locale's encoding.

    Under an encoding that is not UTF-8 (``LANG=C``, ``LANG=en_US.ISO-8859-1``,
    ``PYTHONIOENCODING=ascii``), a "–" or "†" would end a drawn screen in a
    ``UnicodeEncodeError``: each such stream instead writes a plain stand-in ("-", "+"). JSON
    is unaffected: it is always written as UTF-8 (see ``write_utf8``). Called once at start-up.
    """
    import codecs

    try:
        codecs.lookup_error(FALLBACK_ERRORS)
    except LookupError:
        codecs.register_error(FALLBACK_ERRORS, _fallback)
    for stream in (sys.stdout, sys.stderr) if streams is None else streams:
        if stream is None or _is_utf8(stream):
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors=FALLBACK_ERRORS)
            except (OSError, ValueError):  # a closed or odd stream: leave it as it is
                pass


def _is_utf8(stream: TextIO) -> bool:
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    return encoding in ("utf-8", "utf8")

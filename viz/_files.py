"""Writing output files safely: all or nothing, and the text checked before any file is touched.

A drawing or a page is first written to a temporary file next to its
destination, then renamed over it (``os.replace``, atomic on POSIX and
Windows). A failure halfway (a full disk, text that cannot be encoded, an
interrupted program) leaves the old file as it was, never a truncated one.
A new file gets the permissions the umask allows (as ``open`` would give);
a file written over keeps its own.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_text(folder / "page.html", "<p>gradient</p>").read_text()
'<p>gradient</p>'
>>> write_text(folder / "page.html", "bad \\udc80 text")  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
ValueError: cannot write page.html: ... ('\\udc80', a lone surrogate) at position 4; check the labels and the title
>>> (folder / "page.html").read_text()           # the old page is untouched
'<p>gradient</p>'
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["write_text", "write_bytes", "encode_text"]


def encode_text(text: str, what: str) -> bytes:
    """``text`` as UTF-8, or a ValueError that says which character cannot be written and where."""
    if not isinstance(text, str):
        raise TypeError(f"cannot write {what}: expected text (a str), got {type(text).__name__}")
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        bad = text[error.start]
        kind = ", a lone surrogate" if "\ud800" <= bad <= "\udfff" else ""
        raise ValueError(
            f"cannot write {what}: its text has a character that UTF-8 cannot encode ({bad!r}{kind}) "
            f"at position {error.start}; check the labels and the title"
        ) from None


def write_text(path, text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically; the text is encoded before anything is opened."""
    path = Path(path)
    return write_bytes(path, encode_text(text, path.name))


def write_bytes(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (a temporary file in the same folder, then a rename)."""
    path = Path(path)
    mode = _mode_for(path)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(temporary, mode)  # mkstemp makes 0600 files; give the file the mode it should have
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path


def _mode_for(path: Path) -> int:
    """An existing file's own permissions, else what the umask allows for a new file (0666 & ~umask)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    # Linux shows the umask in /proc; elsewhere the only way to read it is to set it and put it
    # straight back (for a moment the process's umask is 0, so /proc is preferred).
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    umask = os.umask(0o022)
    os.umask(umask)
    return umask

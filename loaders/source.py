"""Reading a regulation file into text: encoding detection with errors that name the problem."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from regkg.errors import ConfigError, InputError, ParseError

BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


@dataclass(frozen=True, slots=True)
class SourceText:
    """Decoded text of a file plus what is needed to cite it (path, encoding, hash of the bytes)."""

    path: str
    text: str
    encoding: str
    sha256: str


DEFAULT_MAX_INPUT_BYTES = 4 * 1024 * 1024
MAX_INPUT_ENV = "REGKG_MAX_INPUT_BYTES"
# Characters no Chinese regulation contains, but text decoded with the wrong encoding is full of:
# C0 controls, Hangul syllables and jamo, Yi, private use, replacement character.
_GARBAGE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\u1100-\u11ff\ua000-\ua4cf\uac00-\ud7ff\ue000-\uf8ff\ufffd]")
_GARBAGE_RUN = 3  # this many within _GARBAGE_SPAN characters: the text has turned into another encoding
_GARBAGE_SPAN = 64


def max_input_bytes() -> int:
    """The input size limit: REGKG_MAX_INPUT_BYTES (default 4 MiB), read without loading the settings class."""
    raw = os.environ.get(MAX_INPUT_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_INPUT_BYTES
    if not raw.isdigit() or int(raw) <= 0:
        raise ConfigError(f"{MAX_INPUT_ENV} must be a positive number of bytes, got {raw!r}")
    return int(raw)


def read_source(path: str | Path, max_bytes: int | None = None) -> SourceText:
    """Read and decode a regulation file (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK).

    Only regular files are read (a FIFO would block, /dev/zero never ends), and only up to `max_bytes`
    (default REGKG_MAX_INPUT_BYTES), checked before the bytes are read.
    """
    p = Path(path)
    limit = max_bytes or max_input_bytes()
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise InputError(f"{p}: no such file", path=str(p)) from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory, not a text file", path=str(p)) from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})", path=str(p)) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{p}: is a directory, not a text file", path=str(p))
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{p}: not a regular file ({_file_kind(info.st_mode)}); save the text to a file first",
                             path=str(p))
        if info.st_size > limit:
            raise InputError(_too_big(p, info.st_size, limit), path=str(p))
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"{p}: cannot read ({exc.strerror})", path=str(p)) from None
    if len(data) > limit:
        raise InputError(_too_big(p, len(data), limit), path=str(p))
    text, encoding = decode_bytes(data, str(p))
    return SourceText(path=str(p), text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest())


def _too_big(p: Path, size: int, limit: int) -> str:
    return (f"{p}: {size:,} bytes is larger than the input limit of {limit:,} bytes "
            f"(a regulation is rarely over 1 MB; raise {MAX_INPUT_ENV} if this one really is)")


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "not a plain file"


def decode_bytes(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """Decode bytes to text, returning the text and the encoding used; InputError when impossible or mixed."""
    if not data.strip():
        raise InputError(f"{name}: file is empty", path=name)
    text, encoding = _decode(data, name)
    nul = text.find("\x00")
    if nul >= 0:
        raise ParseError(f"binary file (NUL character at character {nul}); expected a regulation as plain text",
                         path=name, line=text.count("\n", 0, nul) + 1)
    _refuse_garbage(text, encoding, name)
    return text, encoding


def _decode(data: bytes, name: str) -> tuple[str, str]:
    for bom, enc in BOMS:
        if data.startswith(bom):
            if enc == "utf-16" and len(data) % 2:
                raise InputError(f"{name}: starts with a UTF-16 byte-order mark but has an odd number of bytes "
                                 f"({len(data):,}): not UTF-16 throughout (mixed encodings?)", path=name)
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: starts with a {enc} byte-order mark but is not valid {enc} "
                                 f"(byte offset {exc.start}, line {_line_of(data, exc.start)})", path=name) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"{name}: binary file (NUL byte at offset {nul}); expected a regulation as plain text",
                         path=name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        where = f"byte offset {utf8_error.start}, line {_line_of(data, utf8_error.start)}"
        if utf8_error.reason == "unexpected end of data":
            raise InputError(f"{name}: UTF-8 text cut in the middle of a character at the end of the file "
                             f"({where}): the file is truncated", path=name) from None
        if len(data[:utf8_error.start].decode("utf-8")) <= utf8_error.start - 16:
            # 8+ multi-byte characters decoded fine before the error: a UTF-8 file with a foreign part
            raise InputError(f"{name}: UTF-8 up to {where}, then invalid byte 0x{data[utf8_error.start]:02x}: "
                             "mixed encodings? convert the whole file to UTF-8", path=name) from None
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            guess = _guess_encoding(data)
            hint = f" (it looks like {guess})" if guess else ""
            raise InputError(
                f"{name}: not UTF-8 (invalid byte 0x{data[utf8_error.start]:02x} at {where}) "
                f"nor GB18030/GBK{hint}; convert it to UTF-8, e.g. with iconv",
                path=name,
            ) from None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _refuse_garbage(text: str, encoding: str, name: str) -> None:
    """Refuse text that turns into characters of another script part-way (a file in two encodings)."""
    recent: list[int] = []
    for match in _GARBAGE.finditer(text):
        recent = [i for i in recent if match.start() - i < _GARBAGE_SPAN] + [match.start()]
        if len(recent) >= _GARBAGE_RUN:
            first = recent[0]
            raise ParseError(f"read as {encoding}, the text turns into unreadable characters "
                             f"({text[first:first + 8]!r}, U+{ord(text[first]):04X}) at character {first}: "
                             "mixed encodings? convert the whole file to UTF-8", path=name,
                             line=text.count("\n", 0, first) + 1)


def _guess_encoding(data: bytes) -> str | None:
    """Best guess of an unsupported encoding's name, only to make the error message useful."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return best.encoding if best else None

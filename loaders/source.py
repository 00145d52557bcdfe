"""Reading a regulation file into text: encoding detection with errors that name the problem."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from regkg.errors import InputError

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


def read_source(path: str | Path) -> SourceText:
    """Read and decode a regulation file (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file", path=str(p)) from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory, not a text file", path=str(p)) from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})", path=str(p)) from None
    text, encoding = decode_bytes(data, str(p))
    return SourceText(path=str(p), text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest())


def decode_bytes(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """Decode bytes to text, returning the text and the encoding used; InputError when impossible."""
    if not data.strip():
        raise InputError(f"{name}: file is empty", path=name)
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: starts with a {enc} byte-order mark but is not valid {enc} "
                                 f"(byte offset {exc.start})", path=name) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"{name}: binary file (NUL byte at offset {nul}); expected a regulation as plain text",
                         path=name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            guess = _guess_encoding(data)
            hint = f" (it looks like {guess})" if guess else ""
            raise InputError(
                f"{name}: not UTF-8 (invalid byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}) "
                f"nor GB18030/GBK{hint}; convert it to UTF-8, e.g. with iconv",
                path=name,
            ) from None


def _guess_encoding(data: bytes) -> str | None:
    """Best guess of an unsupported encoding's name, only to make the error message useful."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return best.encoding if best else None

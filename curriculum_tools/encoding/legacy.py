"""Decode the bytes of a text file: UTF-8 (with or without BOM), UTF-16 or CP949/EUC-KR.

Nothing is guessed on thin evidence: a BOM decides; UTF-16 without BOM needs many NULs in
alternating positions; CP949 needs enough Hangul to be sure (short inputs are refused).
"""

from __future__ import annotations

import codecs

from ..text import is_hangul_syllable


class EncodingError(ValueError):
    """The bytes are not text ctools can decode; the message says why."""


class BinaryInputError(EncodingError):
    """NUL bytes: not a text file (fix-encoding skips it)."""


class UndecodableError(EncodingError):
    """Not UTF-8 and no legacy encoding can be told with confidence."""


MIN_LEGACY_BYTES = 16  # below this, a non-UTF-8 input is too small to tell its encoding
_HANGUL_SHARE = 0.6  # share of CP949 double-byte characters that must be Hangul syllables


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when NULs sit (nearly) only in the odd/even positions."""
    if len(data) < MIN_LEGACY_BYTES or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    half = len(data) // 2
    if odd >= 0.3 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


def _looks_cp949(text: str) -> bool:
    wide = [c for c in text if ord(c) > 0x7F]
    if not wide:
        return False
    hangul = sum(1 for c in wide if is_hangul_syllable(c))
    return hangul >= 4 and hangul >= _HANGUL_SHARE * len(wide)


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`EncodingError` when unsure or not text."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    for bom, name in boms if data[:1] >= b"\xfe" else ():  # each starts with FE or FF
        if data.startswith(bom) and not (name == "utf-16" and data.startswith(codecs.BOM_UTF32_LE)):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise UndecodableError(
                    f"{name} byte order mark but invalid {name} data: {exc.reason}"
                ) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    else:
        if 0 not in data:  # the same as NUL in the text: memchr without false hits
            return text, "utf-8"
    guessed = _utf16_without_bom(data)
    if guessed:
        try:
            return data.decode(guessed), guessed
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise BinaryInputError(
            "binary file (NUL bytes; UTF-16 without a byte order mark is only read when unambiguous)"
        )
    if len(data) < MIN_LEGACY_BYTES:
        raise UndecodableError(
            f"not UTF-8, and {len(data)} bytes are too few to tell the legacy encoding"
        )
    try:
        legacy = data.decode("cp949")
    except UnicodeDecodeError as exc:
        raise UndecodableError(
            "not UTF-8 and not a known legacy encoding (CP949/EUC-KR, UTF-16 with BOM)"
        ) from exc
    if not _looks_cp949(legacy):
        raise UndecodableError(
            "not UTF-8; CP949 decodes it but not as Korean text, refusing to guess"
        )
    try:
        data.decode("euc-kr")
    except UnicodeDecodeError:
        return legacy, "cp949"
    return legacy, "euc-kr"

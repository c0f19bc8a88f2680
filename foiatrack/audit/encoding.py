"""Choose how to decode a text table: UTF-8 unless proven otherwise, then the best guess."""

import codecs

from charset_normalizer import from_bytes

# Encodings whose guesses we trust; anything else from a small sample is usually noise.
_SINGLE_BYTE_FAMILY = {"cp1252", "windows-1252", "latin_1", "iso8859_1", "iso8859_15", "cp1250"}


def encoding_candidates(sample: bytes) -> list[str]:
    """Encodings to try in order; the caller falls back to the next when one fails mid-file.

    UTF-8 comes first whenever the sample is valid UTF-8, because a cp1252 file's first
    accented byte may sit far beyond any sample; latin-1 comes last because it never fails.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return ["utf-8", "cp1252", "latin-1"]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ["utf-16", "latin-1"]
    if _is_utf8(sample):
        return ["utf-8", "cp1252", "latin-1"]
    guess = _guess(sample)
    candidates = [guess, "cp1252", "latin-1"] if guess else ["cp1252", "latin-1"]
    return list(dict.fromkeys(candidates))


def decode_sample(sample: bytes, encoding: str) -> str:
    """The sample as text, tolerant of a multi-byte character cut at the end."""
    text = sample.decode("utf-8-sig" if encoding == "utf-8" else encoding, errors="replace")
    return text.lstrip("\ufeff")


def _is_utf8(sample: bytes) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _guess(sample: bytes) -> str | None:
    best = from_bytes(sample[:32768]).best()
    if best is None:
        return None
    name = codecs.lookup(best.encoding).name
    if name in _SINGLE_BYTE_FAMILY or name.startswith(("cp125", "iso8859", "utf-16", "utf_16")):
        return "cp1252" if name in {"latin_1", "iso8859_1"} else name
    return None

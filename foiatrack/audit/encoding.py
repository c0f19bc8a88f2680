"""Choose how to decode a text table: UTF-8 unless proven otherwise, then Windows-1252.

The fallback decodes every valid UTF-8 sequence as UTF-8 and every other byte as
Windows-1252, so a file that mixes both (agencies paste between systems) reads cleanly.
"""

import codecs

from charset_normalizer import from_bytes

FALLBACK = "utf-8-cp1252"
_ERROR_HANDLER = "foiatrack-cp1252"


def encoding_candidates(sample: bytes) -> list[str]:
    """Encodings to try in order; the caller falls back to the next when one fails mid-file.

    UTF-8 comes first whenever the sample is valid UTF-8, because a cp1252 file's first
    accented byte may sit far beyond any sample; the fallback never fails.
    """
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ["utf-16", FALLBACK]
    if sample.startswith(codecs.BOM_UTF8) or _is_utf8(sample):
        return ["utf-8", FALLBACK]
    guess = _guess(sample)
    return [guess, FALLBACK] if guess else [FALLBACK]


def display_name(encoding: str) -> str:
    """The name shown to people: the fallback is reported as cp1252."""
    return "cp1252" if encoding == FALLBACK else encoding


def decode_sample(sample: bytes, encoding: str) -> str:
    """The sample as text, tolerant of a multi-byte character cut at the end."""
    if encoding == "utf-8":
        encoding = "utf-8-sig"
    text = sample.decode(encoding, errors="replace")
    return text.lstrip("\ufeff")


def _is_utf8(sample: bytes) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _guess(sample: bytes) -> str | None:
    """Only multi-byte encodings that a sample can tell apart reliably (UTF-16 without BOM)."""
    best = from_bytes(sample[:32768]).best()
    if best is None:
        return None
    name = codecs.lookup(best.encoding).name
    return name if name.startswith("utf-16") or name.startswith("utf-32") else None


def _cp1252_for_invalid_bytes(error: UnicodeDecodeError) -> tuple[str, int]:
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


class _FallbackDecoder(codecs.BufferedIncrementalDecoder):
    def _buffer_decode(self, data, errors, final):
        return codecs.utf_8_decode(data, _ERROR_HANDLER, final)


def _fallback_decode(data, errors="strict"):
    return bytes(data).decode("utf-8", _ERROR_HANDLER), len(data)


def _search(name: str):
    if name in ("utf_8_cp1252", "utf-8-cp1252"):
        return codecs.CodecInfo(
            name=FALLBACK,
            encode=codecs.utf_8_encode,
            decode=_fallback_decode,
            incrementaldecoder=_FallbackDecoder,
        )
    return None


codecs.register_error(_ERROR_HANDLER, _cp1252_for_invalid_bytes)
codecs.register(_search)

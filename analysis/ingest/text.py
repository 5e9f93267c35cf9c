"""Decoding and splitting delimited text exports, as real survey tools write them.

Real exports come as UTF-8 with or without a byte-order mark, as UTF-16 after a
byte-order mark (Excel's "Unicode text"), as cp1252 from Excel on Windows, with CR-only line endings from old Mac Excel, tab-separated,
with stray bytes that no codec decodes sensibly. :func:`decode` tries UTF-8
(BOM stripped), then cp1252 (UTF-16 is read only after its byte-order mark: without one it
is named and refused); bytes that are still undecodable are an error
naming the byte offset, unless the analyst names an encoding (the codebook's
``files.encoding``), which is then used with replacement characters.

>>> decode(b"\\xef\\xbb\\xbfid,Q1\\r\\n1,2\\r\\n", source="x.csv")
('id,Q1\\r\\n1,2\\r\\n', 'utf-8-sig')
>>> decode("Caf\\u00e9".encode("cp1252"), source="x.csv")
('Café', 'cp1252')
>>> split_rows("a,b\\r1,2\\r3,", delimiter=",")
[['a', 'b'], ['1', '2'], ['3', '']]
>>> sniff_delimiter("id\\tQ1\\tQ2\\n1\\t2\\t3\\n")
'\\t'
"""

from __future__ import annotations

import csv
import io

from analysis.errors import InputError

#: The longest cell a delimited export may hold (the csv module's field limit).
MAX_CELL = csv.field_size_limit()
#: Tried in order when the codebook names no encoding.
FALLBACK_ENCODINGS = ("utf-8-sig", "cp1252")


def decode(raw: bytes, *, source: str, encoding: str = "") -> tuple[str, str]:
    """Decode an export's bytes; return the text and the encoding used.

    Raises
    ------
    InputError
        When no encoding in :data:`FALLBACK_ENCODINGS` decodes the bytes and the
        codebook names none: the message gives the byte offset and value and
        how to choose an encoding.
    """
    if not encoding and raw[:2] in (BOM_LE, BOM_BE):
        # A byte-order mark says which UTF-16 it is (Excel's "Unicode text", tab-separated exports).
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: refused below
    if not encoding:
        utf16 = _utf16_name(raw)
        if utf16:
            raise InputError.single(
                source, "text in UTF-8 or cp1252; save the export as \"CSV UTF-8\", or set files.encoding = "
                f"\"{'utf-16' if raw[:2] in (BOM_LE, BOM_BE) else utf16}\" in the codebook", found=f"{utf16} text")
    if encoding:
        try:
            return raw.decode(encoding, errors="replace"), encoding
        except LookupError:
            raise InputError.single(source, "an encoding Python knows (e.g. utf-8, cp1252, mac_roman, latin-1)",
                                    found=encoding) from None
    first_error: UnicodeDecodeError | None = None
    for enc in FALLBACK_ENCODINGS:
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    # cp1252 leaves five bytes undefined; report the first byte UTF-8 rejected.
    assert first_error is not None
    offset = first_error.start
    raise InputError.single(
        source,
        "text in UTF-8 or cp1252; set files.encoding in the codebook (e.g. mac_roman or latin-1) to read it anyway",
        found=f"byte 0x{raw[offset]:02x} at offset {offset}",
    )


BOM_LE, BOM_BE = b"\xff\xfe", b"\xfe\xff"


def _utf16_name(raw: bytes) -> str:
    """``UTF-16LE``/``UTF-16BE`` when the bytes are UTF-16 (byte-order mark, or NUL bytes in alternate places)."""
    if raw[:2] == BOM_LE:
        return "UTF-16LE"
    if raw[:2] == BOM_BE:
        return "UTF-16BE"
    head = raw[:4000]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):
        odd_nuls = head[1::2].count(0)
        return "UTF-16LE" if odd_nuls >= head[0::2].count(0) else "UTF-16BE"
    return ""


def sniff_delimiter(text: str) -> str:
    """The delimiter of a delimited text: tab, comma, semicolon or pipe, judged on the first lines."""
    head = text[:20000]
    lines = [ln for ln in head.replace("\r\n", "\n").replace("\r", "\n").split("\n")[:20] if ln]
    if not lines:
        return ","
    widths = {d: len(next(csv.reader([lines[0]], delimiter=d))) for d in ",\t;|"}
    try:
        sniffed = csv.Sniffer().sniff("\n".join(lines), delimiters=",\t;|").delimiter
    except csv.Error:
        sniffed = ""
    if sniffed and widths[sniffed] > 1:
        return sniffed
    # The sniffer failed, or chose a delimiter that leaves the header one cell (a stray quote
    # in the first rows can mislead it): take the one that splits the header row the most.
    best = max(widths, key=widths.get)
    return best if widths[best] > 1 else (sniffed or ",")


def split_rows(text: str, *, delimiter: str, source: str = "export") -> list[list[str]]:
    """Split delimited text into rows of cells, accepting LF, CRLF and bare-CR line ends.

    A cell over :data:`MAX_CELL` characters (csv's limit, usually a stray quote
    that ran on) is one error naming the row, not a traceback.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        too_big = "field larger than field limit" in str(exc)
        raise InputError.single(
            source, f"cells under {MAX_CELL // 1024} KiB (a longer cell usually means an unmatched '\"')"
            if too_big else "delimited text a CSV reader can split",
            rows=[len(rows) + 1], found="a longer cell" if too_big else str(exc)) from None
    return rows


def iconv_name(encoding: str, *, source: str) -> str:
    """An encoding name as iconv spells it, for pyreadstat (``latin-1`` -> ``ISO-8859-1``).

    >>> iconv_name("latin-1", source="x.sav"), iconv_name("cp1252", source="x.sav"), iconv_name("utf8", source="x.sav")
    ('ISO-8859-1', 'WINDOWS-1252', 'UTF-8')
    """
    import codecs

    try:
        python_name = codecs.lookup(encoding).name
    except LookupError:
        raise InputError.single(source, "an encoding name (e.g. latin-1, cp1252, utf-8)", found=encoding) from None
    return {"latin-1": "ISO-8859-1", "iso8859-1": "ISO-8859-1", "utf-8": "UTF-8", "cp1252": "WINDOWS-1252",
            "ascii": "ASCII", "mac-roman": "MACINTOSH"}.get(python_name, python_name.upper())

"""Office Open XML packages (``.pptx``, ``.docx``) with the same bytes for the same inputs.

python-pptx and python-docx stamp each zip entry with the time of writing, and the chart
workbooks python-pptx embeds (written by XlsxWriter) carry the time they were made. The
package is rewritten here with every date fixed: each zip entry, and the created and modified
dates of every core-properties part, the embedded workbooks' included. The date is the wave's
publication date, else ``SOURCE_DATE_EPOCH``, else 1980-01-01
(:func:`analysis.report.workbook.fixed_time`).
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile

_W3CDTF = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")
_PRINTED = re.compile(rb"(<cp:lastPrinted>)[^<]*(</cp:lastPrinted>)")


def fixed_core(xml: bytes, when: _dt.datetime) -> bytes:
    """A core-properties part with its created, modified and printed dates set to ``when``.

    >>> fixed_core(b'<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-02T03:04:05Z</dcterms:created>',
    ...            _dt.datetime(2014, 1, 28))
    b'<dcterms:created xsi:type="dcterms:W3CDTF">2014-01-28T00:00:00Z</dcterms:created>'
    """
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    xml = _W3CDTF.sub(lambda m: m.group(1) + stamp + m.group(2), xml)
    return _PRINTED.sub(lambda m: m.group(1) + stamp + m.group(2), xml)


def fixed_package(data: bytes, when: _dt.datetime) -> bytes:
    """The package ``data`` rewritten with every date fixed to ``when`` (embedded packages too).

    Entries keep their order; each is deflated once, stamped ``when``, with fixed attributes.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.endswith("docProps/core.xml"):
                body = fixed_core(body, when)
            elif info.filename.endswith((".xlsx", ".docx", ".pptx")) and body[:2] == b"PK":
                body = fixed_package(body, when)
            fixed = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, body, compresslevel=6)
    return out.getvalue()


def saved_document(document, title: str, when: _dt.datetime) -> bytes:
    """The bytes of a python-docx or python-pptx ``document``, its properties and dates fixed.

    The title is ``title``, the author "survey toolkit", and every date ``when`` (see
    :func:`fixed_package`), so the same inputs give the same bytes.
    """
    props = document.core_properties
    props.title = title
    props.author = props.last_modified_by = "survey toolkit"
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    buf = io.BytesIO()
    document.save(buf)
    return fixed_package(buf.getvalue(), when)

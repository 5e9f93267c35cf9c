"""The one line a file pyreadstat cannot read gets (SPSS ``.sav`` and Stata ``.dta`` alike)."""

from __future__ import annotations

from analysis.errors import InputError


def unreadable(path, exc: Exception, *, whole: str, encoding_text: str, examples: str) -> InputError:
    """The error for ``exc`` raised by pyreadstat reading ``path``.

    Text in another encoding asks for ``files.encoding`` (``examples`` names some); anything else
    says the file is not ``whole`` (e.g. "a complete Stata .dta file").
    """
    if isinstance(exc, UnicodeDecodeError):
        return InputError.single(str(path), f"{encoding_text}; set files.encoding in the codebook", found=str(exc))
    if any(w in str(exc).lower() for w in ("encod", "iconv", "convert", "character")):
        return InputError.single(str(path), f"{encoding_text}; set files.encoding in the codebook ({examples})",
                                 found=f"unreadable text ({exc})")
    return InputError.single(str(path), whole, found=f"unreadable ({exc})")

"""The 2013 wave run end to end once per test process, for the tests of the deck, the briefing and the images.

Also: LibreOffice (headless) to convert an Office file to PDF, and a PDF's page count and page text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.config import Paths
from tests.projects import copy_project, shared_2013

_CACHE: dict[str, Paths] = {}
INSTALL = "apt-get install libreoffice-impress libreoffice-writer libreoffice-calc"
#: The LibreOffice component that opens each kind of file (Debian packages each separately).
COMPONENT = {".pptx": "libreoffice-impress", ".docx": "libreoffice-writer", ".xlsx": "libreoffice-calc"}


def project_2013(tmp_path_factory) -> Paths:
    """A scratch project with every stage of the 2013 wave run (made once per process)."""
    if "2013" not in _CACHE:  # `all --wave 2013` run once per test run (tests.projects.shared_2013)
        _CACHE["2013"] = copy_project(shared_2013(tmp_path_factory), tmp_path_factory.mktemp("office2013"))
    return _CACHE["2013"]


def soffice() -> str:
    """The LibreOffice program, or a loud skip saying how to install it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip(f"OFFICE CHECKS NOT RUN: no LibreOffice (soffice) on this machine: install it with `{INSTALL}` "
                    "(Debian; .ci/run does)")
    return found


def to_pdf(path: Path, out: Path) -> Path:
    """Convert ``path`` to PDF with headless LibreOffice, in a profile of its own under ``out``."""
    program = soffice()
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([program, "--headless", f"-env:UserInstallation=file://{out / 'profile'}", "--convert-to",
                           "pdf", "--outdir", str(out), str(path)], capture_output=True, text=True, timeout=180)
    pdf = out / (path.stem + ".pdf")
    if not pdf.is_file() and "could not be loaded" in done.stdout + done.stderr:
        package = COMPONENT.get(path.suffix, "libreoffice")
        pytest.skip(f"OFFICE CHECKS NOT RUN: LibreOffice cannot open {path.suffix} files here: install it with "
                    f"`apt-get install {package}` (Debian; .ci/run does)")
    assert pdf.is_file(), f"LibreOffice wrote no PDF for {path.name}"
    return pdf


def page_count(pdf: Path) -> int:
    """Pages of a PDF LibreOffice wrote (one ``/Type /Page`` object each; it writes no object streams)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))


def page_text(pdf: Path, page: int) -> str:
    """The text of one page (from 1), extracted by Ghostscript; a loud skip without it."""
    gs = shutil.which("gs")
    if not gs:
        pytest.skip("OFFICE CHECKS NOT RUN: no Ghostscript (gs) to read the PDF's pages: apt-get install ghostscript")
    done = subprocess.run([gs, "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=txtwrite", f"-dFirstPage={page}",
                           f"-dLastPage={page}", "-sOutputFile=-", str(pdf)], check=True, capture_output=True,
                          timeout=120)
    return " ".join(done.stdout.decode("utf-8", "replace").split())

#!/usr/bin/env python3
"""Check a DOCX as LibreOffice lays it out: convert it to PDF headless and look for texts.

    .venv/bin/python scripts/docx_pdf_check.py FILE.docx "expected 1" "expected 2" ...

Exits 0 when every expected text is in the PDF's text (whitespace collapsed, so a text may run
across a line break), 1 naming the missing ones, 2 when the file cannot be converted or read.
Needs Debian's libreoffice-writer-nogui and poppler-utils (`./dev test` installs them).
Add --keep-pdf PATH to keep the PDF for a look (pdftoppm -png PATH page).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from tuyengiao.core.docx import docx_to_pdf, missing_texts, pdf_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docx", type=Path)
    parser.add_argument("expected", nargs="*", help="texts the PDF must contain")
    parser.add_argument("--keep-pdf", type=Path, help="also write the PDF here")
    args = parser.parse_args(argv)

    started = time.monotonic()
    try:
        pdf = docx_to_pdf(args.docx.read_bytes())
        text = pdf_text(pdf)
    except (OSError, RuntimeError, subprocess.SubprocessError) as error:
        print(f"{args.docx}: {error}", file=sys.stderr)
        return 2
    if args.keep_pdf:
        args.keep_pdf.write_bytes(pdf)
    seconds = time.monotonic() - started

    missing = missing_texts(text, args.expected)
    for expected in missing:
        print(f"{args.docx}: missing from the PDF: {expected!r}", file=sys.stderr)
    if missing:
        return 1
    print(
        f"{args.docx}: PDF of {len(pdf):,} bytes in {seconds:.1f} s; "
        f"all {len(args.expected)} expected texts found"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

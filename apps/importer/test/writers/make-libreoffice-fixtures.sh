#!/usr/bin/env bash
# Regenerates libreoffice/*.xlsx: workbooks saved by LibreOffice Calc itself, run headless. They are
# committed rather than made at test time: installing LibreOffice in CI (Debian's libreoffice-calc-nogui
# without recommends: 57 packages, 90 MB to download, 276 MB installed) took 28 s here with the
# archives already in apt's cache, and the first conversion ~10 s more (a new profile), for output that
# only changes when LibreOffice does. Made with LibreOffice 7.4.7 (Debian 12):
#
#   siping.xlsx    the Siping example as openpyxl writes it (openpyxl_workbooks.py), opened and saved
#                  by LibreOffice: shared strings (rich text where the font changes between Chinese and
#                  Latin), LibreOffice's own number formats, relationship ids not in sheet order
#   formulas.xlsx  formulas.xlsx of openpyxl_workbooks.py, saved by LibreOffice: the formula computed
#                  and its result saved, the error value kept
#   cells.fods     (input, typed in as a flat OpenDocument spreadsheet) → cells.xlsx: formulas with
#                  saved results of each type (a date, a number, text, a boolean), a date in the format
#                  yyyy"年"m"月"d"日", a rich-text title
#
# Usage: apps/importer/test/writers/make-libreoffice-fixtures.sh   (needs soffice and python3-openpyxl;
# PYTHON=/usr/bin/python3 when the python3 on PATH is not the one with openpyxl)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"${PYTHON:-python3}" "$here/openpyxl_workbooks.py" "$repo/examples/siping" "$work/openpyxl"
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to xlsx --outdir "$work/lo" \
  "$work/openpyxl/siping.xlsx" "$work/openpyxl/formulas.xlsx" "$here/cells.fods" >/dev/null
mkdir -p "$here/libreoffice"
cp "$work/lo/siping.xlsx" "$work/lo/formulas.xlsx" "$work/lo/cells.xlsx" "$here/libreoffice/"
soffice --version | head -n 1
echo "libreoffice/siping.xlsx, formulas.xlsx, cells.xlsx written"

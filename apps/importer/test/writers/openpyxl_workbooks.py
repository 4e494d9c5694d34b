"""Workbooks written by openpyxl (what pandas writes .xlsx with), for the importer's tests.

    python3 openpyxl_workbooks.py <examples/siping> <out-dir>

Writes into <out-dir>:

  siping.xlsx       the Siping example (its CSV files) as openpyxl writes it: part targets as absolute
                    paths (/xl/worksheets/sheet1.xml), worksheets before workbook.xml in the zip,
                    strings inline (t="inlineStr"); dates and times as date cells (numbers in a date
                    format), counts and amounts as numbers, as pandas writes a typed frame
  dates.xlsx        活动台账 rows whose dates are numbers in date formats: yyyy/m/d,
                    yyyy"年"m"月"d"日", the built-in format 14, openpyxl's yyyy-mm-dd h:mm:ss
  dates-1904.xlsx   the same in the 1904 date system
  dates-iso.xlsx    the same with dates as ISO 8601 text (t="d", openpyxl's iso_dates)
  formulas.xlsx     活动台账 rows with a formula openpyxl saves without a result and an error value
  no-sheet.xlsx     sheets none of which is a sheet of the template
  no-header.xlsx    a 成员 sheet with rows but no header row

and, derived from dates-iso.xlsx by rewriting its XML (no program that writes these is at hand):

  strict.xlsx       Strict Open XML: the transitional namespaces and relationship types replaced by
                    their Strict equivalents (ISO/IEC 29500-1 Strict: spreadsheetml/main,
                    officeDocument/relationships, …) and conformance="strict" on the workbook, as
                    Excel's "Strict Open XML Spreadsheet" saves it; dates were already ISO 8601
  prefixed.xlsx     the worksheets' elements with a namespace prefix (<x:row>, as Open XML SDK
                    programs write) and rows and cells without references (r="…"), which Excel accepts
  placeholder.xlsx  formulas.xlsx with 0 saved as the formula's result, as XlsxWriter saves every
                    formula it does not compute, in a workbook that asks to be recalculated on opening
"""

import csv
import datetime
import os
import re
import sys
import zipfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

example, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)

date_only = re.compile(r"^\d{4}-\d{2}-\d{2}$")
date_time = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
number = re.compile(r"^-?(0|[1-9]\d{0,8})(\.\d+)?$")


def typed(text):
    """A CSV cell as pandas would type it: dates and times as datetimes, short numbers as numbers."""
    if text == "":
        return None
    if date_only.match(text):
        return datetime.date.fromisoformat(text)
    if date_time.match(text):
        return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M")
    if number.match(text):
        return float(text) if "." in text else int(text)
    return text


# The example in the template's sheet order (the order of examples/siping/siping.xlsx).
order = openpyxl.load_workbook(os.path.join(example, "siping.xlsx"), read_only=True).sheetnames
wb = openpyxl.Workbook()
wb.remove(wb.active)
for name in order:
    path = os.path.join(example, "csv", f"{name}.csv")
    if not os.path.exists(path):
        continue
    ws = wb.create_sheet(name)
    with open(path, encoding="utf-8-sig", newline="") as f:
        for i, row in enumerate(csv.reader(f)):
            ws.append(row if i == 0 else [typed(cell) for cell in row])
wb.save(os.path.join(out, "siping.xlsx"))

# Dates as numbers in date formats. The header is the template's; each row's title says its format.
header = ["日期*", "类别*", "标题*", "社区", "资金(元)", "服务群众(人)"]
dated = [
    (datetime.date(2024, 3, 9), "yyyy/m/d", "日期格式 yyyy/m/d"),
    (datetime.date(2024, 3, 10), 'yyyy"年"m"月"d"日"', "日期格式 年月日"),
    (datetime.date(2024, 3, 11), "mm-dd-yy", "日期格式 14"),
    (datetime.datetime(2024, 3, 12, 14, 30), "yyyy-mm-dd h:mm:ss", "日期时间格式"),
]


def dates_workbook(configure):
    wb = openpyxl.Workbook()
    configure(wb)
    ws = wb.active
    ws.title = "活动台账"
    ws.append(header)
    for when, fmt, title in dated:
        ws.append([when, "其他", title, "中兴社区", 23000, 60])
        ws.cell(row=ws.max_row, column=1).number_format = fmt
    return wb


dates_workbook(lambda wb: None).save(os.path.join(out, "dates.xlsx"))


def mac(wb):
    wb.epoch = CALENDAR_MAC_1904


dates_workbook(mac).save(os.path.join(out, "dates-1904.xlsx"))


def iso(wb):
    wb.iso_dates = True


dates_workbook(iso).save(os.path.join(out, "dates-iso.xlsx"))

# A formula (openpyxl writes it without computing it) and an error value.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "活动台账"
ws.append(header)
ws.append([datetime.date(2024, 4, 1), "其他", "公式标题", "中兴社区", "=20000+3000", 60])
ws.append([datetime.date(2024, 4, 2), "其他", "#N/A", "中兴社区", 100, 10])
ws.append([datetime.date(2024, 4, 3), "其他", "普通标题", "中兴社区", 100, 10])
wb.save(os.path.join(out, "formulas.xlsx"))

# No sheet of the template: the openpyxl default name, and a name of the operator's own.
wb = openpyxl.Workbook()
wb.active.append(["姓名", "所属支部"])
wb.active.append(["张三", "四平市南北河管理中心党支部"])
wb.create_sheet("数据").append(["随手记"])
wb.save(os.path.join(out, "no-sheet.xlsx"))

# A sheet of the template with rows but no header row.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "成员"
ws.append(["张三", "四平市南北河管理中心党支部", "党员", "13800000999"])
ws.append(["李四", "四平市南北河管理中心党支部", "党员", "13800000998"])
wb.save(os.path.join(out, "no-header.xlsx"))


def rewrite(source, target, change):
    """Copy a package, passing each part's bytes through change(name, data)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, change(item.filename, src.read(item.filename)))


strict_namespaces = [
    (b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    ),
    (b"http://schemas.openxmlformats.org/drawingml/2006/main", b"http://purl.oclc.org/ooxml/drawingml/main"),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
    ),
]


def strict(name, data):
    if not (name.endswith(".xml") or name.endswith(".rels")):
        return data
    for transitional, strict_ns in strict_namespaces:
        data = data.replace(transitional, strict_ns)
    if name == "xl/workbook.xml":
        data = data.replace(b"<workbook ", b'<workbook conformance="strict" ', 1)
    return data


rewrite(os.path.join(out, "dates-iso.xlsx"), os.path.join(out, "strict.xlsx"), strict)


def prefixed(name, data):
    if not name.startswith("xl/worksheets/"):
        return data
    data = re.sub(rb"<(/?)([A-Za-z])", rb"<\1x:\2", data)
    data = data.replace(b"<x:worksheet xmlns=", b"<x:worksheet xmlns:x=", 1)
    return re.sub(rb' r="[A-Z]*\d+"', b"", data)


rewrite(os.path.join(out, "dates.xlsx"), os.path.join(out, "prefixed.xlsx"), prefixed)


def placeholder(name, data):
    if not name.startswith("xl/worksheets/"):
        return data
    return data.replace(b"<f>20000+3000</f><v></v>", b"<f>20000+3000</f><v>0</v>")


rewrite(os.path.join(out, "formulas.xlsx"), os.path.join(out, "placeholder.xlsx"), placeholder)

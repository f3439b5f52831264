# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Streaming readers for the files an ERP exports: .csv, .xlsx and .xls.

``base_import``'s readers load a whole workbook in memory, drop blank lines
(so that row numbers drift) and give up on the first formula error: an ERP
import needs every row with its number as the user sees it in the file, and
a row-level message for a bad cell. So these readers use the same
libraries (openpyxl, in read-only streaming mode here, and xlrd) but yield
every row with its number, and tell the real type of a file by its magic
bytes, whatever its name says.
"""

import codecs
import csv
import datetime
import io
import os
import zipfile

from odoo.exceptions import UserError

try:
    import xlrd
except ImportError:  # pragma: no cover
    xlrd = None
try:
    from openpyxl import load_workbook
except ImportError:  # pragma: no cover
    load_workbook = None

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EXTENSION_TYPES = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xls": "xls"}
SEPARATORS = ",;\t|"
# 1900-01-01 is serial 1 (with Excel's phantom 1900-02-29), 1904-01-01 is 0.
EXCEL_EPOCHS = {0: datetime.datetime(1899, 12, 30), 1: datetime.datetime(1904, 1, 1)}


class ErpFile:
    """One uploaded file: its real type, its header and its rows.

    ``rows()`` yields ``(row_number, values, errors)``: the row's number as
    the spreadsheet or text editor shows it, its values as strings aligned
    on the header, and ``{column: message}`` for the cells that could not be
    read (a formula error, say). Blank rows are skipped but counted.
    """

    def __init__(self, env, content, filename, sheet=None, header_row=1, encoding=None):
        self.env = env
        self.content = content or b""
        self.filename = filename or ""
        self.sheet_name = sheet or None
        self.header_row = max(header_row or 1, 1)
        self.encoding = encoding or None
        self.datemode = 0
        self.file_type = self._detect_type()
        self.header = []

    # -- Type ----------------------------------------------------------------
    def _detect_type(self):
        if not self.content.strip():
            raise UserError(self.env._("The file %s is empty.", self.filename))
        ext = os.path.splitext(self.filename)[1].lower()
        if ext not in EXTENSION_TYPES:
            raise UserError(
                self.env._(
                    "%(file)s: only .csv, .xlsx and .xls files can be imported.",
                    file=self.filename,
                )
            )
        real = self._sniff_type()
        if real != EXTENSION_TYPES[ext]:
            raise UserError(
                self.env._(
                    "%(file)s is named as a %(ext)s file but its content is "
                    "a %(real)s file: save it again from the ERP or from "
                    "Excel in the format its name says.",
                    file=self.filename,
                    ext=ext,
                    real="." + real,
                )
            )
        return real

    def _sniff_type(self):
        head = self.content[:8]
        if head.startswith(OLE2_MAGIC):
            # An encrypted .xlsx is an OLE2 container too.
            if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P" in self.content:
                raise UserError(
                    self.env._(
                        "%s is protected by a password: remove the password "
                        "in Excel and upload it again.",
                        self.filename,
                    )
                )
            return "xls"
        if head.startswith(ZIP_MAGIC):
            try:
                with zipfile.ZipFile(io.BytesIO(self.content)) as archive:
                    names = set(archive.namelist())
            except zipfile.BadZipFile:
                # Truncated: only a workbook is expected, say it is damaged.
                return "xlsx"
            return "xlsx" if "xl/workbook.xml" in names else "zip"
        if b"\x00" in self.content[:4096]:
            return "binary"
        return "csv"

    # -- Rows ----------------------------------------------------------------
    def rows(self):
        """Yield the data rows (after the header) as described above."""
        reader = getattr(self, f"_rows_{self.file_type}")
        found_header = False
        for number, values, errors in reader():
            if number < self.header_row:
                continue
            if number == self.header_row:
                self.header = [str(v or "").strip() for v in values]
                found_header = True
                continue
            if not any(str(v).strip() for v in values) and not errors:
                continue
            width = len(self.header)
            values = [str(v) for v in values[:width]]
            values += [""] * (width - len(values))
            yield number, values, errors
        if not found_header:
            raise UserError(
                self.env._(
                    "%(file)s has no row %(row)s to read the column names from.",
                    file=self.filename,
                    row=self.header_row,
                )
            )

    def read_header(self):
        """Read only up to the header row (to check the profile's columns)."""
        for _row in self.rows():
            break
        return self.header

    # CSV
    def _decode(self):
        data = self.content
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace"), "utf-8-sig"
        if self.encoding:
            encoding = self.encoding.lower().replace("_", "-")
            # GB2312 and GBK are subsets of GB18030: files labelled so often
            # hold characters outside them.
            if encoding in ("gb2312", "gbk", "gb18030", "cp936"):
                encoding = "gb18030"
            try:
                return data.decode(encoding), encoding
            except (UnicodeDecodeError, LookupError) as exc:
                raise UserError(
                    self.env._(
                        "%(file)s cannot be read as %(encoding)s: %(error)s",
                        file=self.filename,
                        encoding=self.encoding,
                        error=exc,
                    )
                ) from exc
        kinds = {}
        for number, line in enumerate(data.splitlines(), 1):
            kind = self._line_encoding(line)
            if kind is None:
                raise UserError(
                    self.env._(
                        "%(file)s, line %(line)s: the text is neither UTF-8 "
                        "nor GBK/GB18030. Save the file again as UTF-8.",
                        file=self.filename,
                        line=number,
                    )
                )
            if kind != "ascii":
                kinds.setdefault(kind, number)
        if len(kinds) > 1:
            raise UserError(
                self.env._(
                    "%(file)s mixes encodings: line %(utf8)s is UTF-8 but line "
                    "%(gbk)s is GBK. Save the whole file again as UTF-8.",
                    file=self.filename,
                    utf8=kinds["utf-8"],
                    gbk=kinds["gb18030"],
                )
            )
        encoding = next(iter(kinds), "utf-8")
        return data.decode(encoding), encoding

    @staticmethod
    def _line_encoding(line):
        """The narrowest encoding a line of bytes decodes with, or None."""
        for encoding in ("ascii", "utf-8", "gb18030"):
            try:
                line.decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
        return None

    def _rows_csv(self):
        text, self.encoding = self._decode()
        sample = "\n".join(text.splitlines()[:20])
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=SEPARATORS)
            separator = dialect.delimiter
        except csv.Error:
            first = sample.split("\n", 1)[0]
            separator = max(SEPARATORS, key=first.count)
        self.separator = separator
        # The csv module counts lines itself: quoted newlines stay in a row.
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
        start = 1
        try:
            for values in reader:
                yield start, values, {}
                start = reader.line_num + 1
        except csv.Error as exc:
            raise UserError(
                self.env._(
                    "%(file)s, line %(line)s: %(error)s",
                    file=self.filename,
                    line=reader.line_num,
                    error=exc,
                )
            ) from exc

    # XLSX
    def _damaged(self, exc):
        return UserError(
            self.env._(
                "%(file)s is damaged or truncated and cannot be read (%(error)s): "
                "open it in Excel, save it again and upload the new file.",
                file=self.filename,
                error=exc,
            )
        )

    def _select_sheet(self, names):
        if not names:
            raise self._damaged(self.env._("no worksheet"))
        if not self.sheet_name:
            return names[0]
        if self.sheet_name not in names:
            raise UserError(
                self.env._(
                    "%(file)s has no sheet %(sheet)s; its sheets are: %(sheets)s.",
                    file=self.filename,
                    sheet=self.sheet_name,
                    sheets=", ".join(names),
                )
            )
        return self.sheet_name

    def _rows_xlsx(self):
        try:
            book = load_workbook(
                io.BytesIO(self.content), read_only=True, data_only=True
            )
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
            raise self._damaged(exc) from exc
        try:
            self.datemode = 1 if book.epoch.year == 1904 else 0
            sheet = book[self._select_sheet(book.sheetnames)]
            try:
                for number, row in enumerate(sheet.iter_rows(), 1):
                    values, errors = [], {}
                    for index, cell in enumerate(row):
                        values.append(self._xlsx_value(cell, index, errors))
                    yield number, values, errors
            except (zipfile.BadZipFile, EOFError, KeyError, ValueError) as exc:
                raise self._damaged(exc) from exc
        finally:
            book.close()

    def _xlsx_value(self, cell, index, errors):
        value = cell.value
        if value is None:
            return ""
        if getattr(cell, "data_type", None) == "e":
            errors[index] = self.env._("formula error %s", value)
            return str(value)
        if isinstance(value, datetime.datetime):
            if value.time() == datetime.time(0):
                return value.date().isoformat()
            return value.isoformat(sep=" ")
        if isinstance(value, datetime.date | datetime.time):
            return value.isoformat()
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    # XLS
    def _rows_xls(self):
        try:
            book = xlrd.open_workbook(
                file_contents=self.content, on_demand=True, logfile=io.StringIO()
            )
        except xlrd.XLRDError as exc:
            if "encrypted" in str(exc).lower():
                raise UserError(
                    self.env._(
                        "%s is protected by a password: remove the password "
                        "in Excel and upload it again.",
                        self.filename,
                    )
                ) from exc
            raise self._damaged(exc) from exc
        except (AssertionError, IndexError, ValueError, EOFError, OSError) as exc:
            raise self._damaged(exc) from exc
        self.datemode = book.datemode
        sheet = book.sheet_by_name(self._select_sheet(book.sheet_names()))
        for rowx in range(sheet.nrows):
            values, errors = [], {}
            for index, cell in enumerate(sheet.row(rowx)):
                values.append(self._xls_value(cell, index, errors))
            yield rowx + 1, values, errors

    def _xls_value(self, cell, index, errors):
        if cell.ctype == xlrd.XL_CELL_ERROR:
            text = xlrd.error_text_from_code.get(cell.value, str(cell.value))
            errors[index] = self.env._("formula error %s", text)
            return text
        if cell.ctype == xlrd.XL_CELL_DATE:
            moment = xlrd.xldate.xldate_as_datetime(cell.value, self.datemode)
            if moment.time() == datetime.time(0):
                return moment.date().isoformat()
            return moment.isoformat(sep=" ")
        if cell.ctype == xlrd.XL_CELL_NUMBER:
            if float(cell.value).is_integer():
                return str(int(cell.value))
            return str(cell.value)
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return str(bool(cell.value))
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return ""
        return str(cell.value)


def excel_serial_to_date(serial, datemode=0):
    """An Excel serial day number (1900 or 1904 base) as a date."""
    return (EXCEL_EPOCHS[datemode] + datetime.timedelta(days=float(serial))).date()

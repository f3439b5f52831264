# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.misc import file_open

from odoo.addons.turbo_crm.models.crm_erp_reader import ErpFile

from .erp_import_common import ErpImportCommon


@tagged("post_install", "-at_install")
class TestErpImportReaders(ErpImportCommon):
    """Each reader on files built here or committed under tests/files."""

    def read_rows(self, content, filename, **kwargs):
        erp_file = ErpFile(self.env, content, filename, **kwargs)
        return erp_file, list(erp_file.rows())

    def test_csv_utf8_with_and_without_bom(self):
        rows = [self.customer_header, *self.customer_rows]
        for bom in (False, True):
            erp_file, read = self.read_rows(self.make_csv(rows, bom=bom), "c.csv")
            self.assertEqual(erp_file.header, self.customer_header)
            self.assertEqual(read[0][1][:2], ["000123", "华东暖通工程有限公司"])
            self.assertEqual([r[0] for r in read], [2, 3])

    def test_csv_gbk_and_gb2312_label(self):
        # 镕 is in GBK/GB18030 but not in GB2312: a "GB2312" file is read as GB18030.
        rows = [["编码", "名称"], ["C1", "朱镕基暖通"]]
        content = self.make_csv(rows, encoding="gb18030")
        erp_file, read = self.read_rows(content, "c.csv")
        self.assertEqual(erp_file.encoding, "gb18030")
        self.assertEqual(read[0][1], ["C1", "朱镕基暖通"])
        _file, read = self.read_rows(content, "c.csv", encoding="GB2312")
        self.assertEqual(read[0][1][1], "朱镕基暖通")

    def test_csv_separators(self):
        rows = [["编码", "名称", "城市"], ["C1", "A, B and Co", "上海"]]
        for separator in (";", "\t", "|"):
            erp_file, read = self.read_rows(
                self.make_csv(rows, separator=separator), "c.csv"
            )
            self.assertEqual(erp_file.separator, separator)
            self.assertEqual(read[0][1], ["C1", "A, B and Co", "上海"])

    def test_csv_mixed_encodings(self):
        content = "编码,名称\r\nC1,上海\r\n".encode() + "C2,北京\r\n".encode("gbk")
        with self.assertRaisesRegex(UserError, "mixes encodings"):
            self.read_rows(content, "c.csv")

    def test_csv_row_numbers_keep_blank_lines(self):
        content = b'code,name\r\n\r\nC1,One\r\n,\r\nC2,"Two\r\nlines"\r\nC3,Three\r\n'
        _file, read = self.read_rows(content, "c.csv")
        self.assertEqual([r[0] for r in read], [3, 5, 7])
        self.assertEqual(read[1][1], ["C2", "Two\r\nlines"])

    def test_xlsx_values(self):
        def writer(book, sheet):
            date = book.add_format({"num_format": "yyyy-mm-dd"})
            text = book.add_format({"num_format": "@"})
            sheet.write_row(0, 0, ["编码", "名称", "日期", "数量", "金额"])
            sheet.write_string(1, 0, "000123", text)
            sheet.write_string(1, 1, "上海")
            sheet.write_datetime(1, 2, datetime.datetime(2024, 3, 1), date)
            sheet.write_number(1, 3, 12)
            sheet.write_string(1, 4, "1,234.50")
            # row 3 blank; row 4 a serial date without a date format
            sheet.write_string(3, 0, "C2")
            sheet.write_number(3, 2, 45352)
            sheet.write_formula(4, 0, "=1/0", None, "#DIV/0!")
            sheet.write_string(4, 1, "Bad")

        erp_file, read = self.read_rows(self.make_xlsx(None, writer=writer), "c.xlsx")
        self.assertEqual(erp_file.file_type, "xlsx")
        self.assertEqual([r[0] for r in read], [2, 4, 5])
        self.assertEqual(read[0][1], ["000123", "上海", "2024-03-01", "12", "1,234.50"])
        self.assertEqual(read[1][1][2], "45352")
        self.assertIn(0, read[2][2])
        self.assertIn("#DIV/0!", read[2][2][0])

    def test_xlsx_1904_dates(self):
        def writer(book, sheet):
            date = book.add_format({"num_format": "yyyy-mm-dd"})
            sheet.write_row(0, 0, ["编码", "日期"])
            sheet.write_string(1, 0, "C1")
            sheet.write_datetime(1, 1, datetime.datetime(2024, 3, 1), date)
            sheet.write_string(2, 0, "C2")
            sheet.write_number(2, 1, 43890)

        content = self.make_xlsx(None, date_1904=True, writer=writer)
        erp_file, read = self.read_rows(content, "c.xlsx")
        self.assertEqual(erp_file.datemode, 1)
        self.assertEqual(read[0][1][1], "2024-03-01")
        job = self.make_job(content, "c.xlsx")
        job.datemode = 1
        self.assertEqual(job._parse_date(read[1][1][1]), datetime.date(2024, 3, 1))
        job.datemode = 0
        self.assertEqual(job._parse_date("45352"), datetime.date(2024, 3, 1))

    def test_xlsx_sheet_and_header_row(self):
        def writer(book, sheet):
            sheet.write_row(0, 0, ["金蝶客户导出"])
            sheet.write_row(2, 0, ["编码", "名称"])
            sheet.write_row(3, 0, ["C1", "One"])

        content = self.make_xlsx(None, sheet_name="客户", writer=writer)
        erp_file, read = self.read_rows(content, "c.xlsx", sheet="客户", header_row=3)
        self.assertEqual(erp_file.header, ["编码", "名称"])
        self.assertEqual(read, [(4, ["C1", "One"], {})])
        with self.assertRaisesRegex(UserError, "no sheet"):
            self.read_rows(content, "c.xlsx", sheet="Sheet9")

    def test_xls_fixture(self):
        for name, datemode in (("erp_customers.xls", 0), ("erp_customers_1904.xls", 1)):
            with file_open(f"turbo_crm/tests/files/{name}", "rb") as fixture:
                content = fixture.read()
            erp_file, read = self.read_rows(content, name)
            self.assertEqual(erp_file.file_type, "xls")
            self.assertEqual(erp_file.datemode, datemode)
            self.assertEqual([r[0] for r in read], [2, 4, 5])
            self.assertEqual(
                read[0][1],
                [
                    "000123",
                    "华东暖通工程有限公司",
                    "021-5555 0101",
                    "上海",
                    "2024-03-01",
                ],
            )
            self.assertEqual(read[1][1][2], "13800138000")
            self.assertEqual(read[1][1][4], "2023-12-31")

    # -- Bad files -----------------------------------------------------------
    def test_empty_and_unsupported(self):
        with self.assertRaisesRegex(UserError, "empty"):
            self.read_rows(b"", "c.csv")
        with self.assertRaisesRegex(UserError, "empty"):
            self.read_rows(b"  \r\n", "c.xlsx")
        with self.assertRaisesRegex(UserError, "only .csv, .xlsx and .xls"):
            self.read_rows(b"code,name\r\n", "c.pdf")

    def test_spoofed_extension(self):
        xlsx = self.make_xlsx([["编码", "名称"], ["C1", "One"]])
        with self.assertRaisesRegex(UserError, "content is a .xlsx file"):
            self.read_rows(xlsx, "c.csv")
        with self.assertRaisesRegex(UserError, "content is a .csv file"):
            self.read_rows(b"code,name\r\nC1,One\r\n", "c.xlsx")
        with self.assertRaisesRegex(UserError, "content is a .xlsx file"):
            self.read_rows(xlsx, "c.xls")

    def test_damaged_truncated_encrypted(self):
        xlsx = self.make_xlsx([["编码", "名称"], ["C1", "One"]])
        with self.assertRaisesRegex(UserError, "damaged or truncated"):
            self.read_rows(xlsx[: len(xlsx) // 2], "c.xlsx")
        with file_open("turbo_crm/tests/files/erp_customers.xls", "rb") as fixture:
            xls = fixture.read()
        with self.assertRaisesRegex(UserError, "damaged or truncated"):
            self.read_rows(xls[:1500], "c.xls")
        encrypted = (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\x00" * 500
            + "EncryptedPackage".encode("utf-16-le")
        )
        with self.assertRaisesRegex(UserError, "protected by a password"):
            self.read_rows(encrypted, "c.xlsx")

    def test_header_only_and_missing_row(self):
        erp_file, read = self.read_rows(b"code,name\r\n", "c.csv")
        self.assertEqual((erp_file.header, read), (["code", "name"], []))
        with self.assertRaisesRegex(UserError, "no row 5"):
            self.read_rows(b"code,name\r\n", "c.csv", header_row=5)

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import io
import tempfile
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

import psycopg2.errors
from openpyxl import load_workbook

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from odoo.addons.turbo_crm.cli import erp_sync
from odoo.addons.turbo_crm.models.crm_erp_reader import ErpFile

from .erp_import_common import ErpImportCommon


@tagged("post_install", "-at_install")
class TestErpImport(ErpImportCommon):
    """Check, run and re-run imports of customers, contacts and orders."""

    def customers_file(self, rows=None):
        return self.make_xlsx([self.customer_header, *(rows or self.customer_rows)])

    def test_form_and_file_level_errors(self):
        Import = self.env["crm.erp.import"].with_context(
            default_filename="customers.csv"
        )
        with Form(Import) as form:
            form.file = base64.b64encode(b"code,name\r\n")
            form.profile_id = self.profile_kingdee
        job = form.record
        self.assertEqual(job.name, "customers.csv")
        job.action_check()
        self.assertEqual(job.state, "failed")
        self.assertIn("no rows to import", job.log)

        job = self.make_job(self.make_csv([["名称"], ["A"]]), "c.csv")
        job.action_check()
        self.assertEqual(job.state, "failed")
        self.assertIn("has no column for Code", job.log)

        self.env["ir.config_parameter"].set_param(
            "turbo_crm.erp_import_max_size_mb", "0.0001"
        )
        job = self.make_job(self.customers_file(), "c.xlsx")
        job.action_check()
        self.assertEqual(job.state, "failed")
        self.assertIn("over the limit", job.log)

    def test_check_writes_nothing_then_run_then_unchanged(self):
        partners = self.env["res.partner"].search_count([])
        job = self.make_job(self.customers_file(), "customers.xlsx")
        job.action_check()
        self.assertEqual(job.state, "checked")
        self.assertEqual(self.statuses(job), [(2, "create"), (3, "create")])
        self.assertEqual((job.created_count, job.refused_count), (2, 0))
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

        job.action_run()
        self.assertEqual(job.state, "done")
        self.assertEqual(self.statuses(job), [(2, "done"), (3, "done")])
        self.assertEqual(job.progress, 100.0)
        partner = self.partner_by_ref("000123")
        self.assertRecordValues(
            partner,
            [
                {
                    "name": "华东暖通工程有限公司",
                    "is_company": True,
                    "city": "上海",
                    "sales_region_id": self.region_east.id,
                    "customer_tier": "vip",
                    "user_id": self.user_salesman.id,
                }
            ],
        )
        self.assertEqual(job.line_ids[0].res_id, partner.id)
        xmlid = partner.get_external_id()[partner.id]
        self.assertEqual(xmlid, "__erp_kingdee__.partner_000123")

        again = self.make_job(self.customers_file(), "customers.xlsx")
        again.action_run()
        self.assertEqual(self.statuses(again), [(2, "unchanged"), (3, "unchanged")])
        self.assertEqual((again.created_count, again.updated_count), (0, 0))
        self.assertEqual(again.unchanged_count, 2)

        rows = [list(self.customer_rows[0]), list(self.customer_rows[1])]
        rows[1][3] = "天津"
        changed = self.make_job(self.customers_file(rows), "customers.xlsx")
        changed.action_check()
        self.assertEqual(self.statuses(changed), [(2, "unchanged"), (3, "update")])
        self.assertIn("City", changed.line_ids[1].message)
        changed.action_run()
        self.assertEqual(self.partner_by_ref("C2001").city, "天津")
        self.assertEqual(changed.updated_count, 1)

    def test_existing_partner_is_linked_then_unchanged(self):
        existing = self.env["res.partner"].create(
            {"name": "Northwind HVAC", "ref": "C2001", "is_company": True}
        )
        job = self.make_job(
            self.customers_file([["C2001", "Northwind HVAC", "", "", "", "", ""]]),
            "c.xlsx",
        )
        job.action_run()
        self.assertEqual(job.line_ids.res_id, existing.id)
        self.assertEqual(job.updated_count, 1)
        again = self.make_job(
            self.customers_file([["C2001", "Northwind HVAC", "", "", "", "", ""]]),
            "c.xlsx",
        )
        again.action_run()
        self.assertEqual(again.line_ids.status, "unchanged")

    def test_concurrent_write_is_retried_not_refused(self):
        """Another transaction writing the same rows is not the row's
        fault: the error reaches Odoo, which retries the whole request,
        instead of refusing the row (and the rest of the batch after it)."""
        existing = self.env["res.partner"].create(
            {"name": "Northwind HVAC", "ref": "C2001", "is_company": True}
        )
        job = self.make_job(
            self.customers_file([["C2001", "Northwind HVAC 2", "", "", "", "", ""]]),
            "c.xlsx",
        )
        with (
            patch.object(
                type(existing),
                "write",
                side_effect=psycopg2.errors.SerializationFailure,
            ),
            self.assertRaises(psycopg2.errors.SerializationFailure),
        ):
            job.action_run()

    def test_refused_rows_write_nothing(self):
        self.env["res.partner"].create(
            [
                {"name": "Twin A", "ref": "TWIN", "is_company": True},
                {"name": "Twin B", "ref": "TWIN", "is_company": True},
            ]
        )
        rows = [
            ["D1", "Dup one", "", "", "", "", ""],
            ["OK1", "Good one", "", "", "", "", ""],
            ["D1", "Dup two", "", "", "", "", ""],
            ["TWIN", "Twin C", "", "", "", "", ""],
            ["U1", "Unknown rep", "", "", "", "", "NOBODY"],
            ["U2", "Unknown region", "", "", "西南", "", ""],
            ["", "No code", "", "", "", "", ""],
        ]
        partners = self.env["res.partner"].search_count([])
        job = self.make_job(self.customers_file(rows), "c.xlsx")
        job.action_run()
        lines = job.line_ids
        self.assertEqual(
            lines.mapped("status"),
            ["refused", "done", "refused", "refused", "refused", "refused", "refused"],
        )
        self.assertIn("rows 2, 4", lines[0].message)
        self.assertIn("matches 2 records", lines[3].message)
        self.assertIn("Unknown salesperson NOBODY", lines[4].message)
        self.assertIn("Unknown sales region 西南", lines[5].message)
        self.assertEqual(self.env["res.partner"].search_count([]), partners + 1)
        self.assertFalse(self.partner_by_ref("D1"))
        self.assertEqual((job.created_count, job.refused_count), (1, 6))

    def test_new_customers_made_at_once_a_bad_row_alone_refused(self):
        """New records of a batch are made by one create; when that create
        fails, the rows are written one by one and only the bad one is
        refused."""
        Partner = self.env.registry["res.partner"]
        create = Partner.create
        calls = []

        def failing_create(records, vals_list):
            vals_list = vals_list if isinstance(vals_list, list) else [vals_list]
            if records.env.context.get("mail_create_nolog"):
                calls.append(len(vals_list))
            if any(vals.get("name") == "Bad one" for vals in vals_list):
                raise ValidationError(records.env._("The ERP sent a bad customer."))
            return create(records, vals_list)

        good = [["G1", "Good one", "", "", "", "", ""]]
        rows = [*good, ["B1", "Bad one", "", "", "", "", ""], ["G2", "Good two"]]
        rows[2] += [""] * 5
        with patch.object(Partner, "create", failing_create):
            job = self.make_job(self.customers_file(good + [rows[2]]), "c.xlsx")
            job.action_run()
            self.assertEqual(calls, [2])
            self.assertEqual(self.statuses(job), [(2, "done"), (3, "done")])
            calls.clear()
            rows[2] = ["G3", "Good three", "", "", "", "", ""]
            rows[0] = ["G4", "Good four", "", "", "", "", ""]
            job = self.make_job(self.customers_file(rows), "c.xlsx")
            job.action_run()
        # One try for the three, then one create a row.
        self.assertEqual(calls, [3, 1, 1, 1])
        self.assertEqual(self.statuses(job), [(2, "done"), (3, "refused"), (4, "done")])
        self.assertIn("bad customer", job.line_ids[1].message)
        self.assertFalse(self.partner_by_ref("B1"))
        for ref in ("G1", "G2", "G3", "G4"):
            partner = self.partner_by_ref(ref)
            self.assertEqual(len(partner), 1, ref)
            self.assertEqual(
                partner.get_external_id()[partner.id],
                f"__erp_kingdee__.partner_{ref}",
            )
        self.assertEqual((job.created_count, job.refused_count), (2, 1))

    def test_new_orders_made_at_once_a_bad_order_alone_refused(self):
        self.make_job(self.customers_file(), "c.xlsx").action_run()
        Order = self.env.registry["sale.order"]
        create = Order.create
        calls = []

        def failing_create(records, vals_list):
            vals_list = vals_list if isinstance(vals_list, list) else [vals_list]
            calls.append(len(vals_list))
            if any(vals.get("client_order_ref") == "SO-BAD" for vals in vals_list):
                raise ValidationError(records.env._("The ERP sent a bad order."))
            return create(records, vals_list)

        header = ["订单编号", "客户编码", "订单日期", "物料编码", "数量", "单价"]
        rows = [
            header,
            ["SO-A", "000123", "2024-03-01", "AHU-01", "2", "950"],
            ["SO-BAD", "000123", "2024-03-01", "AHU-01", "1", "950"],
            ["SO-BAD", "000123", "2024-03-01", "FCU-02", "1", "180"],
            ["SO-B", "C2001", "2024-03-02", "FCU-02", "3", "180"],
        ]
        job = self.make_job(self.make_xlsx(rows), "orders.xlsx", self.profile_order)
        with patch.object(Order, "create", failing_create):
            job.action_run()
        # One try for the three orders, then one create an order.
        self.assertEqual(calls, [3, 1, 1, 1])
        self.assertEqual(
            self.statuses(job),
            [(2, "done"), (3, "refused"), (4, "refused"), (5, "done")],
        )
        self.assertIn("bad order", job.line_ids[1].message)
        orders = self.env["sale.order"].search(
            [("client_order_ref", "in", ["SO-A", "SO-B", "SO-BAD"])]
        )
        self.assertEqual(sorted(orders.mapped("client_order_ref")), ["SO-A", "SO-B"])
        self.assertEqual(
            orders.get_external_id()[orders[0].id].split(".")[0], "__erp_kingdee__"
        )

    def test_error_workbook_round_trip(self):
        rows = [
            ["000777", "Good", "", "", "", "", ""],
            ["000888", "Bad rep", "", "", "", "", "NOBODY"],
        ]
        job = self.make_job(self.customers_file(rows), "customers.xlsx")
        job.action_run()
        action = job.action_download_refused()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        self.assertEqual(attachment.name, "customers - refused rows.xlsx")
        book = load_workbook(io.BytesIO(attachment.raw), read_only=True)
        values = [list(row) for row in book.active.iter_rows(values_only=True)]
        self.assertEqual(values[0], [*self.customer_header, "Error"])
        self.assertEqual(values[1][:7], ["000888", "Bad rep", "", "", "", "", "NOBODY"])
        self.assertIn("Row 3: Unknown salesperson", values[1][7])

        # The user fixes the salesperson and uploads the same workbook again.
        fixed = [[*(v or "" for v in values[1][:6]), "YW001", values[1][7]]]
        again = self.make_job(
            self.make_xlsx([values[0], *fixed]), "customers - refused rows.xlsx"
        )
        again.action_run()
        self.assertEqual(again.line_ids.status, "done")
        self.assertEqual(self.partner_by_ref("000888").user_id, self.user_salesman)

    def test_two_erps_same_code(self):
        rows = [["C9", "Kingdee's C9", "", "", "", "", ""]]
        self.make_job(self.customers_file(rows), "k.xlsx").action_run()
        rows = [["C9", "Yonyou's C9", "", "", "", "", ""]]
        job = self.make_job(self.customers_file(rows), "y.xlsx", self.profile_yonyou)
        job.action_check()
        self.assertEqual(job.line_ids.status, "create")
        job.action_run()
        partners = self.partner_by_ref("C9")
        self.assertEqual(
            sorted(partners.mapped("name")), ["Kingdee's C9", "Yonyou's C9"]
        )
        again = self.make_job(self.customers_file(rows), "y.xlsx", self.profile_yonyou)
        again.action_run()
        self.assertEqual(again.line_ids.status, "unchanged")

    def test_csv_gbk_customers(self):
        content = self.make_csv([self.customer_header, *self.customer_rows], "gbk")
        job = self.make_job(content, "customers.csv")
        job.action_run()
        self.assertEqual(job.created_count, 2)
        self.assertEqual(self.partner_by_ref("000123").name, "华东暖通工程有限公司")

    def test_formula_error_row_refused(self):
        def writer(book, sheet):
            sheet.write_row(0, 0, ["编码", "名称"])
            sheet.write_row(1, 0, ["F1", "Good"])
            sheet.write_string(2, 0, "F2")
            sheet.write_formula(2, 1, "=1/0", None, "#DIV/0!")

        job = self.make_job(self.make_xlsx(None, writer=writer), "c.xlsx")
        job.action_run()
        self.assertEqual(self.statuses(job), [(2, "done"), (3, "refused")])
        self.assertIn("名称: formula error #DIV/0!", job.line_ids[1].message)
        self.assertFalse(self.partner_by_ref("F2"))

    def test_contacts(self):
        self.make_job(self.customers_file(), "c.xlsx").action_run()
        content = self.make_csv(
            [
                ["联系人编码", "客户编码", "姓名", "职务", "手机"],
                ["P1", "000123", "王工", "总工程师", "13900000001"],
                ["P2", "NOPE", "李经理", "采购经理", ""],
            ]
        )
        job = self.make_job(content, "contacts.csv", self.profile_contact)
        job.action_run()
        self.assertEqual(self.statuses(job), [(2, "done"), (3, "refused")])
        self.assertIn("Unknown customer NOPE", job.line_ids[1].message)
        contact = self.partner_by_ref("P1")
        self.assertEqual(contact.parent_id, self.partner_by_ref("000123"))
        self.assertEqual(contact.function, "总工程师")
        again = self.make_job(content, "contacts.csv", self.profile_contact)
        again.action_run()
        self.assertEqual(self.statuses(again), [(2, "unchanged"), (3, "refused")])

    def test_orders_with_lines(self):
        self.make_job(self.customers_file(), "c.xlsx").action_run()
        header = ["订单编号", "客户编码", "订单日期", "物料编码", "数量", "单价"]
        rows = [
            header,
            ["SO-1", "000123", "2024-03-01", "AHU-01", "2", "950"],
            ["SO-1", "000123", "2024-03-01", "FCU-02", "10", "180.5"],
            ["SO-2", "C2001", "45352", "AHU-01", "1", ""],
            ["SO-2", "C2001", "45352", "XXX-99", "1", ""],
            ["SO-3", "NOPE", "2024-03-01", "AHU-01", "1", ""],
        ]
        orders = self.env["sale.order"].search_count([])
        job = self.make_job(self.make_xlsx(rows), "orders.xlsx", self.profile_order)
        job.action_check()
        self.assertEqual(
            [line.status for line in job.line_ids],
            ["create", "create", "refused", "refused", "refused"],
        )
        self.assertIn("see row 5", job.line_ids[2].message)
        self.assertIn("Unknown product XXX-99", job.line_ids[3].message)
        self.assertIn("Unknown customer NOPE", job.line_ids[4].message)
        job.action_run()
        self.assertEqual(self.env["sale.order"].search_count([]), orders + 1)
        order = self.env["sale.order"].search([("client_order_ref", "=", "SO-1")])
        self.assertEqual(order.partner_id, self.partner_by_ref("000123"))
        self.assertEqual(order.date_order.date().isoformat(), "2024-03-01")
        self.assertEqual(
            order.order_line.mapped(
                lambda line: (line.product_id, line.product_uom_qty, line.price_unit)
            ),
            [(self.product_ahu, 2.0, 950.0), (self.product_fcu, 10.0, 180.5)],
        )
        self.assertFalse(
            self.env["sale.order"].search([("client_order_ref", "=", "SO-2")])
        )

        again = self.make_job(
            self.make_xlsx(rows[:3]), "orders.xlsx", self.profile_order
        )
        again.action_run()
        self.assertEqual([line.status for line in again.line_ids], ["unchanged"] * 2)

        order.action_confirm()
        rows[2][4] = "12"
        changed = self.make_job(
            self.make_xlsx(rows[:3]), "orders.xlsx", self.profile_order
        )
        changed.action_check()
        self.assertEqual([line.status for line in changed.line_ids], ["refused"] * 2)
        self.assertIn("confirmed in Odoo", changed.line_ids[0].message)

    def test_background_run(self):
        job = self.make_job(self.customers_file(), "customers.xlsx")
        job.action_run_background()
        self.assertEqual(job.state, "queued")
        self.env["crm.erp.import"]._cron_run_imports()
        self.assertEqual(job.state, "done")
        self.assertEqual(job.created_count, 2)
        self.assertEqual(job.progress, 100.0)
        # Nothing left: another call does nothing.
        self.env["crm.erp.import"]._cron_run_imports()
        self.assertEqual(job.state, "done")


@tagged("post_install", "-at_install")
class TestErpImportDemo(ErpImportCommon):
    def test_demo_import_checks(self):
        job = self.env.ref("turbo_crm.crm_erp_import_kingdee_customers", False)
        if not job:
            self.skipTest("no demo data")
        job.action_check()
        self.assertEqual(job.state, "checked")
        # Three customers to create (or unchanged if a sync ran on this
        # database already), and the row of a salesperson who left.
        self.assertEqual((job.line_count, job.refused_count), (4, 1))
        self.assertEqual(job.created_count + job.unchanged_count, 3)
        self.assertIn(
            "YW009", job.line_ids.filtered(lambda l: l.status == "refused").message
        )


@tagged("post_install", "-at_install")
class TestErpImportExport(ErpImportCommon):
    def test_export_customers_round_trip(self):
        header = self.customer_header
        content = self.make_xlsx([header, *self.customer_rows])
        self.make_job(content, "customers.xlsx").action_run()
        profile = self.profile_kingdee
        profile.export_format = "csv"
        data, filename, count = profile._export_file()
        self.assertTrue(filename.endswith(".csv"))
        self.assertGreaterEqual(count, 2)
        text = data.decode("utf-8-sig")
        self.assertIn("000123,华东暖通工程有限公司,021-55550101", text)
        self.assertIn("华东", text)
        self.assertIn("VIP客户", text)
        self.assertIn("YW001", text)
        # The export imports back as unchanged.
        job = self.make_job(data, "export.csv")
        job.action_check()
        ours = job.line_ids.filtered(lambda line: line.key in ("000123", "C2001"))
        self.assertEqual(ours.mapped("status"), ["unchanged", "unchanged"])
        # Nothing changed since: the next export is empty.
        _data, _name, count = profile._export_file()
        self.assertEqual(count, 0)

    def test_sync_export_to_folder(self):
        """The nightly export writes the changed customers into the ERP's
        folder, whole files only, and nothing the next night."""
        content = self.make_xlsx([self.customer_header, *self.customer_rows])
        self.make_job(content, "customers.xlsx").action_run()
        profile = self.profile_kingdee
        profile.export_format = "csv"
        with tempfile.TemporaryDirectory() as folder:
            path, count = erp_sync.export_file(self.env, profile, folder)
            self.assertGreaterEqual(count, 2)
            self.assertEqual([p.name for p in Path(folder).iterdir()], [path.name])
            text = path.read_bytes().decode("utf-8-sig")
            self.assertIn("000123,华东暖通工程有限公司", text)
            self.assertEqual(erp_sync.export_file(self.env, profile, folder), (None, 0))
            self.assertEqual(len(list(Path(folder).iterdir())), 1)

    def test_export_confirmed_orders_xlsx(self):
        # The demo's orders went to the ERP already.
        self.profile_order.last_export_date = self.env.cr.now() - timedelta(seconds=1)
        self.make_job(
            self.make_xlsx([self.customer_header, *self.customer_rows]),
            "c.xlsx",
        ).action_run()
        rows = [
            ["订单编号", "客户编码", "订单日期", "物料编码", "数量", "单价"],
            ["SO-9", "000123", "2024-03-01", "AHU-01", "2", "950"],
        ]
        job = self.make_job(self.make_xlsx(rows), "o.xlsx", self.profile_order)
        job.action_run()
        order = self.env["sale.order"].browse(job.line_ids.res_id)
        _data, _name, count = self.profile_order._export_file()
        self.assertEqual(count, 0, "only confirmed orders go to the ERP")
        # A test is one transaction: step the export date back as time would.
        self.profile_order.last_export_date = self.env.cr.now() - timedelta(seconds=1)
        order.action_confirm()
        data, _name, count = self.profile_order._export_file()
        self.assertEqual(count, 1)
        read = list(ErpFile(self.env, data, "o.xlsx").rows())
        # Confirming dates the order of the day, as Odoo does.
        day = order.date_order.date().isoformat()
        self.assertEqual(read[0][1][:6], ["SO-9", "000123", day, "AHU-01", "2", "950"])


@tagged("post_install", "-at_install")
class TestErpImportSync(ErpImportCommon):
    """The folder sync behind ``odoo erp_sync``, in the test's transaction."""

    def test_sync_folder(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder)
            (path / "1-customers.xlsx").write_bytes(
                self.make_xlsx([self.customer_header, *self.customer_rows])
            )
            (path / "2-broken.xlsx").write_bytes(b"PK\x03\x04broken")
            (path / "notes.txt.bak").write_text("ignored")
            profile = erp_sync.find_profile(self.env, "Kingdee customers")
            self.assertEqual(profile, self.profile_kingdee)
            files = erp_sync.folder_files(folder)
            self.assertEqual(
                [f.name for f in files], ["1-customers.xlsx", "2-broken.xlsx"]
            )
            # Odoo's own mimetype guess of the broken workbook (stored as an
            # attachment) warns that its zip checkers failed: expected here.
            with mute_logger("odoo.tools.mimetypes.guess_mimetype", "py.warnings"):
                jobs = [erp_sync.import_file(self.env, profile, f) for f in files]
        self.assertEqual([job.state for job in jobs], ["done", "failed"])
        self.assertEqual([erp_sync.job_exit_code(job) for job in jobs], [0, 2])
        self.assertIn("2 created", erp_sync.job_summary(jobs[0]))
        self.assertEqual(
            erp_sync.find_profile(self.env, "turbo_crm.crm_erp_import_profile_order"),
            self.env.ref("turbo_crm.crm_erp_import_profile_order"),
        )

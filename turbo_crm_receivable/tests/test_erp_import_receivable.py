# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.turbo_crm.tests.erp_import_common import ErpImportCommon

from ..models.crm_erp_import_profile import _unlink_receivable_profiles

HEADER = ["发票号", "客户编码", "开票日期", "到期日", "未收金额", "币别", "摘要"]


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30 12:00:00")
class TestErpImportReceivable(ErpImportCommon):
    """Open receivables from the ERP: posted opening invoices with their due
    dates, aged from the first day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.hospital = Partner.create(
            {
                "name": "华东人民医院",
                "ref": "R001",
                "is_company": True,
                "user_id": cls.user_salesman.id,
            }
        )
        cls.pharma = Partner.create(
            {"name": "Test ERP Pharma", "ref": "R002", "is_company": True}
        )
        Profile = cls.env["crm.erp.import.profile"]
        cls.profile_receivable = Profile.create(
            {
                "name": "Kingdee receivables",
                "erp_system": "kingdee",
                "target": "receivable",
            }
        )
        cls.profile_receivable_yonyou = Profile.create(
            {
                "name": "Yonyou receivables",
                "erp_system": "yonyou",
                "target": "receivable",
            }
        )
        cls.user_importer.groups_id = [
            Command.link(cls.env.ref("account.group_account_invoice").id)
        ]
        cls.rows = [
            ["FP-001", "R001", "2026-04-01", "2026-05-15", "12,000.50", "", "期初应收"],
            ["FP-002", "R002", "2026-06-01", "2026-07-31", "800", "", ""],
        ]

    def receivable_job(self, rows, profile=None, user=None):
        return self.make_job(
            self.make_xlsx([HEADER, *rows]),
            "receivables.xlsx",
            profile or self.profile_receivable,
            user=user or self.user_importer,
        )

    def invoices(self, *refs):
        return self.env["account.move"].search(
            [("ref", "in", refs), ("move_type", "=", "out_invoice")], order="ref, id"
        )

    def test_check_run_unchanged_and_aged(self):
        job = self.receivable_job(self.rows)
        job.action_check()
        self.assertEqual(self.statuses(job), [(2, "create"), (3, "create")])
        self.assertFalse(self.invoices("FP-001", "FP-002"))
        job.action_run()
        self.assertEqual(self.statuses(job), [(2, "done"), (3, "done")])
        invoices = self.invoices("FP-001", "FP-002")
        self.assertRecordValues(
            invoices,
            [
                {
                    "partner_id": self.hospital.id,
                    "state": "posted",
                    "company_id": job.company_id.id,
                    "invoice_date": date(2026, 4, 1),
                    "invoice_date_due": date(2026, 5, 15),
                    "amount_total": 12000.5,
                    "amount_residual": 12000.5,
                    "payment_reference": "FP-001",
                    "invoice_user_id": self.user_salesman.id,
                },
                {
                    "partner_id": self.pharma.id,
                    "state": "posted",
                    "company_id": job.company_id.id,
                    "invoice_date": date(2026, 6, 1),
                    "invoice_date_due": date(2026, 7, 31),
                    "amount_total": 800.0,
                    "amount_residual": 800.0,
                    "payment_reference": "FP-002",
                    "invoice_user_id": False,
                },
            ],
        )
        self.assertEqual(invoices[0].invoice_line_ids.name, "期初应收")
        self.assertFalse(invoices[0].invoice_line_ids.tax_ids)
        self.assertEqual(
            invoices[0].get_external_id()[invoices[0].id],
            f"__erp_kingdee__.receivable_c{job.company_id.id}_FP-001",
        )
        # Aged on its due date: 46 days overdue on 30 June.
        aging = self.env["receivable.aging.customer"].search(
            [("partner_id", "in", (self.hospital | self.pharma).ids)]
        )
        by_partner = {row.partner_id: row for row in aging}
        self.assertEqual(by_partner[self.hospital].amount_31_60, 12000.5)
        self.assertEqual(by_partner[self.hospital].amount_residual, 12000.5)
        self.assertEqual(by_partner[self.hospital].days_overdue, 46)
        self.assertEqual(by_partner[self.pharma].amount_not_due, 800.0)
        [item] = self.env["receivable.aging.report"].search(
            [("move_id", "=", invoices[0].id)]
        )
        self.assertEqual(
            (item.date_due, item.bucket, item.amount_residual),
            (date(2026, 5, 15), "31_60", 12000.5),
        )

        again = self.receivable_job(self.rows)
        again.action_run()
        self.assertEqual(self.statuses(again), [(2, "unchanged"), (3, "unchanged")])
        self.assertEqual(self.invoices("FP-001", "FP-002"), invoices)

    def test_posted_amount_not_rewritten_draft_is(self):
        self.receivable_job(self.rows).action_run()
        invoice = self.invoices("FP-001")
        rows = [list(self.rows[0])]
        rows[0][4] = "11000"
        job = self.receivable_job(rows)
        job.action_run()
        self.assertEqual(job.line_ids.status, "refused")
        self.assertIn("is posted", job.line_ids.message)
        self.assertIn("Total", job.line_ids.message)
        self.assertEqual(invoice.amount_total, 12000.5)
        # Reset to draft in Odoo, the import may correct it (and posts it).
        invoice.button_draft()
        job = self.receivable_job(rows)
        job.action_check()
        self.assertEqual(job.line_ids.status, "update")
        job.action_run()
        self.assertEqual(job.line_ids.status, "done")
        self.assertRecordValues(
            invoice,
            [{"state": "posted", "amount_total": 11000.0, "amount_residual": 11000.0}],
        )
        self.assertEqual(len(invoice.invoice_line_ids), 1)

    def test_own_draft_with_the_same_reference_is_not_rewritten(self):
        """A draft invoice typed in Odoo that happens to carry the ERP's
        number as its reference is not the import's to rewrite and post."""
        own = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.hospital.id,
                "ref": "FP-001",
                "invoice_line_ids": [
                    Command.create({"name": "Site survey", "price_unit": 300.0})
                ],
            }
        )
        job = self.receivable_job(self.rows[:1])
        job.action_run()
        self.assertEqual(job.line_ids.status, "refused")
        self.assertIn("not imported from this ERP", job.line_ids.message)
        self.assertRecordValues(own, [{"state": "draft", "amount_untaxed": 300.0}])

    def test_bad_rows_refused_with_their_row(self):
        rows = [
            ["FP-101", "R001", "2026-04-01", "2026-05-15", "100", "", ""],
            ["FP-102", "NOPE", "2026-04-01", "2026-05-15", "100", "", ""],
            ["FP-103", "R001", "2026-04-01", "2026-05-15", "-100", "", ""],
            ["FP-104", "R001", "2026-04-01", "2026-03-15", "100", "", ""],
            ["FP-105", "R001", "01/04/2026", "2026-05-15", "100", "", ""],
            ["FP-106", "R001", "2026-04-01", "2026-05-15", "100", "XXX", ""],
            ["FP-107", "R001", "2026-04-01", "", "100", "", ""],
            ["FP-108", "R001", "2026-04-01", "2026-05-15", "abc", "", ""],
            ["FP-109", "R001", "2026-04-01", "2026-05-15", "100", "", ""],
            ["FP-109", "R001", "2026-04-01", "2026-05-15", "100", "", ""],
        ]
        moves = self.env["account.move"].search_count([])
        job = self.receivable_job(rows)
        job.action_run()
        expected = [(2, "done")] + [(n, "refused") for n in range(3, 12)]
        self.assertEqual(self.statuses(job), expected)
        messages = {line.row_number: line.message for line in job.line_ids}
        self.assertIn("Unknown customer NOPE", messages[3])
        self.assertIn("must be positive", messages[4])
        self.assertIn("before the invoice date", messages[5])
        self.assertIn("01/04/2026 is not a date", messages[6])
        self.assertIn("Unknown currency XXX", messages[7])
        self.assertIn("due date are required", messages[8])
        self.assertIn("abc is not a number", messages[9])
        self.assertIn("rows 10, 11", messages[10])
        self.assertEqual(self.env["account.move"].search_count([]), moves + 1)
        self.assertEqual(self.invoices(*(r[0] for r in rows)).ref, "FP-101")

    def test_two_erps_same_code(self):
        self.receivable_job(self.rows[:1]).action_run()
        rows = [["FP-001", "R002", "2026-06-01", "2026-07-31", "500", "", ""]]
        job = self.receivable_job(rows, self.profile_receivable_yonyou)
        job.action_check()
        self.assertEqual(job.line_ids.status, "create")
        job.action_run()
        invoices = self.invoices("FP-001")
        self.assertEqual(invoices.partner_id, self.hospital | self.pharma)
        again = self.receivable_job(rows, self.profile_receivable_yonyou)
        again.action_run()
        self.assertEqual(again.line_ids.status, "unchanged")
        self.assertEqual(len(self.invoices("FP-001")), 2)

    def test_importer_without_billing_rights(self):
        billing = self.env.ref("account.group_account_invoice")
        job = self.receivable_job(self.rows)
        job.action_run_background()
        self.user_importer.groups_id = [Command.unlink(billing.id)]
        self.assertFalse(self.user_importer.has_group("account.group_account_invoice"))
        for action in ("action_check", "action_run", "action_run_background"):
            with self.subTest(action=action), self.assertRaises(AccessError):
                getattr(job.with_user(self.user_importer), action)()
        # Queued before he lost the right: the scheduled job does not run it.
        self.env["crm.erp.import"]._cron_run_imports()
        self.assertEqual(job.state, "failed")
        self.assertIn("Accounting: Billing", job.log)
        self.assertFalse(self.invoices("FP-001", "FP-002"))
        # The customers' importer still imports customers.
        content = self.make_csv([["编码", "名称"], ["R900", "Still importing"]])
        other = self.make_job(content, "c.csv", user=self.user_importer)
        other.with_user(self.user_importer).action_run()
        self.assertEqual(other.state, "done")

    def test_new_invoices_made_at_once_a_bad_one_alone_refused(self):
        Move = self.env.registry["account.move"]
        create = Move.create
        calls = []

        def failing_create(records, vals_list):
            vals_list = vals_list if isinstance(vals_list, list) else [vals_list]
            if records.env.context.get("mail_create_nolog"):
                calls.append(len(vals_list))
            if any(vals.get("ref") == "FP-BAD" for vals in vals_list):
                raise ValidationError(records.env._("The ERP sent a bad invoice."))
            return create(records, vals_list)

        rows = [
            self.rows[0],
            ["FP-BAD", "R001", "2026-04-01", "2026-05-15", "10", "", ""],
            self.rows[1],
        ]
        with patch.object(Move, "create", failing_create):
            job = self.receivable_job(rows)
            job.action_run()
        # One try for the three, then one create an invoice.
        self.assertEqual(calls, [3, 1, 1, 1])
        self.assertEqual(self.statuses(job), [(2, "done"), (3, "refused"), (4, "done")])
        self.assertIn("bad invoice", job.line_ids[1].message)
        self.assertEqual(
            self.invoices("FP-001", "FP-002", "FP-BAD").mapped("ref"),
            ["FP-001", "FP-002"],
        )

    def test_invoices_in_the_jobs_company(self):
        company_b = self.env["res.company"].create({"name": "ERP Receivable Co B"})
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=company_b, install_demo=False
        )
        self.user_importer.company_ids = [Command.link(company_b.id)]
        self.hospital.company_id = False
        env_b = self.env(
            user=self.user_importer,
            context=dict(self.env.context, allowed_company_ids=[company_b.id]),
        )
        job = env_b["crm.erp.import"].create(
            {
                "file": base64.b64encode(self.make_xlsx([HEADER, self.rows[0]])),
                "filename": "receivables.xlsx",
                "profile_id": self.profile_receivable.id,
            }
        )
        self.assertEqual(job.company_id, company_b)
        job.action_run()
        invoice = self.invoices("FP-001")
        self.assertEqual(job.line_ids.status, "done")
        self.assertRecordValues(
            invoice, [{"company_id": company_b.id, "state": "posted"}]
        )
        self.assertEqual(invoice.journal_id.company_id, company_b)
        self.assertEqual(invoice.invoice_line_ids.account_id.company_ids, company_b)
        # The main company's file of the same invoice is another invoice.
        job_a = self.receivable_job(self.rows[:1])
        job_a.action_check()
        self.assertEqual(job_a.line_ids.status, "create")
        job_a.action_run()
        invoices = self.invoices("FP-001")
        self.assertEqual(invoices.company_id, job_a.company_id | company_b)
        # Each company's file is unchanged the next time, its invoice its own.
        for env, company in ((env_b, company_b), (self.env, job_a.company_id)):
            again = env["crm.erp.import"].create(
                {
                    "file": base64.b64encode(self.make_xlsx([HEADER, self.rows[0]])),
                    "filename": "receivables.xlsx",
                    "profile_id": self.profile_receivable.id,
                }
            )
            again.action_check()
            self.assertEqual(again.line_ids.status, "unchanged")
            self.assertEqual(
                self.env["account.move"].browse(again.line_ids.res_id).company_id,
                company,
            )

    def test_opening_account_of_the_profile(self):
        account = self.env["account.account"].create(
            {"name": "期初应收调整", "code": "TURBO9", "account_type": "income_other"}
        )
        self.profile_receivable.opening_account_id = account
        self.receivable_job(self.rows[:1]).action_run()
        self.assertEqual(self.invoices("FP-001").invoice_line_ids.account_id, account)

    def test_service_and_receivable_profiles_do_not_export(self):
        self.assertFalse(self.profile_receivable.can_export)
        with self.assertRaises(UserError):
            self.profile_receivable._export_file()

    def test_uninstall_takes_the_receivable_profiles_and_jobs(self):
        """What the target's ondelete does when the addon is uninstalled:
        a profile that has jobs is not left behind blocking it."""
        job = self.receivable_job(self.rows)
        job.action_run()
        invoices = self.invoices("FP-001", "FP-002")
        profiles = self.profile_receivable | self.profile_receivable_yonyou
        _unlink_receivable_profiles(profiles)
        self.assertFalse(job.exists())
        self.assertFalse(profiles.exists())
        self.assertEqual(invoices.exists(), invoices)


@tagged("post_install", "-at_install")
class TestErpImportReceivableDemo(ErpImportCommon):
    def test_demo_receivable_import_checks(self):
        customers = self.env.ref("turbo_crm.crm_erp_import_kingdee_customers", False)
        job = self.env.ref(
            "turbo_crm_receivable.crm_erp_import_kingdee_receivables", False
        )
        if not (customers and job):
            self.skipTest("no demo data")
        customers.action_run()
        job.action_check()
        self.assertEqual(job.state, "checked")
        self.assertEqual(job.line_count, 3)
        self.assertEqual(job.created_count + job.unchanged_count, 3)

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .erp_import_common import ErpImportCommon


@tagged("post_install", "-at_install")
class TestErpImportAccess(ErpImportCommon):
    """Who may import, and whose import jobs each one sees."""

    def test_sales_rep_cannot_import(self):
        with self.assertRaises(AccessError):
            self.make_job(b"code,name\r\nC1,One\r\n", "c.csv", user=self.user_salesman)

    def test_importer_sees_own_jobs_manager_sees_all(self):
        content = self.make_csv([["编码", "名称"], ["ACC1", "Own import"]])
        own = self.make_job(content, "c.csv", user=self.user_importer)
        other = self.make_job(content, "c.csv", user=self.user_sales_manager)
        Import = self.env["crm.erp.import"]
        self.assertEqual(Import.with_user(self.user_importer).search([]), own)
        self.assertEqual(
            Import.with_user(self.user_sales_manager).search(
                [("id", "in", (own | other).ids)]
            ),
            own | other,
        )
        with self.assertRaises(AccessError):
            other.with_user(self.user_importer).read(["state"])
        own.with_user(self.user_importer).action_run()
        self.assertEqual(own.state, "done")
        self.assertEqual(own.line_ids.with_user(self.user_importer).status, "done")
        self.assertFalse(
            self.env["crm.erp.import.line"]
            .with_user(self.user_importer)
            .search([("import_id", "=", other.id)])
        )

    def test_other_company_jobs_hidden(self):
        company = self.env["res.company"].create({"name": "Other HVAC Co"})
        manager = new_test_user(
            self.env,
            login="turbo_erp_other_manager",
            groups="sales_team.group_sale_manager",
            company_id=company.id,
            company_ids=[company.id],
        )
        content = self.make_csv([["编码", "名称"], ["ACC2", "Other"]])
        job = self.make_job(content, "c.csv", user=self.user_sales_manager)
        self.assertFalse(
            self.env["crm.erp.import"].with_user(manager).search([("id", "=", job.id)])
        )

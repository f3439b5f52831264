# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestErpImportUi(HttpCase):
    def test_erp_import_tour(self):
        """A sales manager uploads an ERP file, checks it, imports it and
        reads the refused row."""
        manager = new_test_user(
            self.env,
            login="turbo_tour_erp_manager",
            name="Tour ERP Manager",
            groups="sales_team.group_sale_manager",
        )
        self.start_tour("/odoo", "turbo_crm_erp_import_tour", login=manager.login)
        job = self.env["crm.erp.import"].search([("user_id", "=", manager.id)])
        self.assertRecordValues(
            job,
            [
                {
                    "filename": "kingdee_customers.csv",
                    "state": "done",
                    "created_count": 2,
                    "refused_count": 1,
                }
            ],
        )
        partners = self.env["res.partner"].search(
            [("ref", "in", ["TOUR-ERP-1", "TOUR-ERP-2"])], order="ref"
        )
        self.assertEqual(partners.mapped("name"), ["巡检暖通一", "巡检暖通二"])
        self.assertEqual(partners.mapped("city"), ["上海", "北京"])
        self.assertEqual(
            [(line.row_number, line.status) for line in job.line_ids],
            [(2, "done"), (3, "done"), (4, "refused")],
        )

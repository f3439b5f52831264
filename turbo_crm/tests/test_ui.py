# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTurboCrmUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env,
            login="turbo_tour_rep",
            name="Tour Rep",
            groups="sales_team.group_sale_salesman",
        )
        region = cls.env["crm.sales.region"].create(
            {"name": "Tour Region", "code": "TOUR"}
        )
        customer = cls.env["res.partner"].create(
            {
                "name": "Tour Group Customer",
                "is_company": True,
                "customer_tier": "vip",
                "sales_region_id": region.id,
            }
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Tour Clean Room Project",
                "type": "opportunity",
                "partner_id": customer.id,
                "user_id": cls.rep.id,
                "expected_revenue": 4800000,
            }
        )

    def test_pipeline_tour(self):
        self.assertEqual(self.lead.stage_id, self.env.ref("crm.stage_lead1"))
        self.start_tour("/odoo", "turbo_crm_pipeline_tour", login="turbo_tour_rep")
        # The rep moved the opportunity to the next stage from its form.
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.stage_id, self.env.ref("crm.stage_lead2"))

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.base.tests.common import TransactionCaseWithUserDemo


@tagged("post_install", "-at_install")
class TestCollector(TransactionCaseWithUserDemo):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env, login="rcv_rep", groups="sales_team.group_sale_salesman"
        )
        cls.rep2 = new_test_user(
            cls.env, login="rcv_rep2", groups="sales_team.group_sale_salesman"
        )
        cls.controller = new_test_user(
            cls.env,
            login="rcv_controller",
            groups="turbo_crm_receivable.group_credit_controller",
        )

    def test_collector_defaults_to_salesperson(self):
        partner = self.env["res.partner"].create(
            {"name": "Customer", "is_company": True, "user_id": self.rep.id}
        )
        self.assertEqual(partner.collector_id, self.rep)

    def test_collector_set_by_hand_stays(self):
        partner = self.env["res.partner"].create(
            {
                "name": "Customer",
                "is_company": True,
                "user_id": self.rep.id,
                "collector_id": self.controller.id,
            }
        )
        self.assertEqual(partner.collector_id, self.controller)
        partner.user_id = self.rep2
        self.assertEqual(partner.collector_id, self.controller)

    def test_contacts_share_the_collector(self):
        company = self.env["res.partner"].create(
            {
                "name": "Group",
                "is_company": True,
                "user_id": self.rep.id,
                "collector_id": self.controller.id,
            }
        )
        contact = self.env["res.partner"].create(
            {"name": "Accounts payable clerk", "parent_id": company.id}
        )
        self.assertEqual(contact.collector_id, self.controller)

    def test_form_fills_the_collector_from_the_salesperson(self):
        form = Form(self.env["res.partner"])
        form.company_type = "company"
        form.name = "Form customer"
        form.user_id = self.rep
        self.assertEqual(form.collector_id, self.rep)
        form.collector_id = self.controller
        partner = form.save()
        self.assertEqual(partner.collector_id, self.controller)
        self.assertEqual(
            self.env["res.partner"].search(
                [
                    ("collector_id", "=", self.controller.id),
                    ("name", "=", "Form customer"),
                ]
            ),
            partner,
        )

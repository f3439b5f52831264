# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCreditControlGroups(TransactionCase):
    def test_salesperson_is_not_credit_controller(self):
        rep = new_test_user(
            self.env, login="sec_rep", groups="sales_team.group_sale_manager"
        )
        self.assertFalse(rep.has_group("turbo_crm_receivable.group_credit_controller"))

    def test_credit_controller_invoices_but_does_not_sell(self):
        controller = new_test_user(
            self.env,
            login="sec_controller",
            groups="turbo_crm_receivable.group_credit_controller",
        )
        self.assertTrue(controller.has_group("account.group_account_invoice"))
        self.assertFalse(controller.has_group("account.group_account_manager"))
        self.assertFalse(controller.has_group("sales_team.group_sale_salesman"))

    def test_accounting_administrator_controls_credit(self):
        admin = new_test_user(
            self.env, login="sec_acc_admin", groups="account.group_account_manager"
        )
        self.assertTrue(admin.has_group("turbo_crm_receivable.group_credit_controller"))

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import TransactionCaseWithUserDemo


class ReceivableCommon(TransactionCaseWithUserDemo):
    """A salesperson, a credit controller, and invoices made to measure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.rep = new_test_user(
            cls.env,
            login="rcv_aging_rep",
            groups="sales_team.group_sale_salesman",
            # The activities the job writes for him are in his language:
            # English here, whatever the database's default.
            lang="en_US",
        )
        cls.other_rep = new_test_user(
            cls.env, login="rcv_aging_rep2", groups="sales_team.group_sale_salesman"
        )
        cls.controller = new_test_user(
            cls.env,
            login="rcv_aging_controller",
            groups="turbo_crm_receivable.group_credit_controller",
        )
        # The credit limit rule an upgrade made, if any: the tests make the
        # ones they need.
        cls.env["sale.approval.rule"].search(
            [("over_credit_limit", "=", True)]
        ).active = False
        cls.other_currency = cls.env.ref("base.EUR")
        if cls.other_currency == cls.company.currency_id:
            cls.other_currency = cls.env.ref("base.USD")
        cls.other_currency.active = True
        cls.env["res.currency.rate"].create(
            {
                "currency_id": cls.other_currency.id,
                "name": "2024-01-01",
                "rate": 2.0,
                "company_id": cls.company.id,
            }
        )

    @classmethod
    def customer(cls, name, user=None, **values):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "email": f"{name.lower().replace(' ', '.')}@example.com",
                "user_id": (user or cls.rep).id,
                **values,
            }
        )

    @classmethod
    def invoice(
        cls, partner, amount, date, due, currency=None, move_type="out_invoice"
    ):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_user_id": partner.user_id.id,
                "invoice_date": date,
                "invoice_date_due": due,
                "currency_id": (currency or cls.company.currency_id).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Chiller maintenance",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.invoice_date_due = due  # no payment term: the due date stays
        move.action_post()
        return move

    @classmethod
    def pay(cls, move, amount, date):
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"amount": amount, "payment_date": date})
            ._create_payments()
        )

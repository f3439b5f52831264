# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import ReceivableCommon


class MultiCompanyReceivableCommon(ReceivableCommon):
    """A customer shared by the main company (A) and a second one (B), each
    with its own collection policy and credit controller."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company
        cls.company_b = cls.env["res.company"].create({"name": "Receivable Co B"})
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company_b, install_demo=False
        )
        cls.env_b = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.company_b.id])
        )
        cls.policy_b = cls.env["receivable.followup.policy"].create(
            {
                "name": "B Collection",
                "company_id": cls.company_b.id,
                "level_ids": [
                    Command.create({"name": "B hold", "delay": 5, "credit_hold": True})
                ],
            }
        )
        cls.level_b = cls.policy_b.level_ids
        cls.level_hold = cls.env.ref("turbo_crm_receivable.followup_level_hold")
        cls.controller_a = new_test_user(
            cls.env,
            login="rcv_mc_controller_a",
            groups="turbo_crm_receivable.group_credit_controller",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )
        cls.controller_b = new_test_user(
            cls.env,
            login="rcv_mc_controller_b",
            groups="turbo_crm_receivable.group_credit_controller",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.rep.company_ids = [Command.link(cls.company_b.id)]
        # A customer of both companies (no company of its own).
        cls.shared = cls.customer("Shared Hospital")
        cls.invoice_a = cls.invoice(cls.shared, 9_000, "2026-01-01", "2026-03-01")

    @classmethod
    def invoice_b(cls, partner, amount, due):
        move = (
            cls.env_b["account.move"]
            .with_company(cls.company_b)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": "2026-01-01",
                    "invoice_date_due": due,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Service",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        move.invoice_date_due = due
        move.action_post()
        return move

    def job(self):
        return self.env["res.partner"]._cron_receivable_followup()

    def in_company(self, company):
        return self.shared.with_company(company)


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestCollectionPerCompany(MultiCompanyReceivableCommon):
    def test_a_shared_customer_is_held_by_each_company_apart(self):
        self.invoice_b(self.shared, 500, "2026-06-20")  # 10 days late in B
        self.job()
        in_a, in_b = self.in_company(self.company_a), self.in_company(self.company_b)
        self.assertEqual(in_a.followup_level_id, self.level_hold, "120 days in A")
        self.assertEqual(in_b.followup_level_id, self.level_b, "10 days in B")
        self.assertTrue(in_a.credit_hold)
        self.assertTrue(in_b.credit_hold)
        # B's controller lifts B's hold, not A's.
        result = self.shared.with_user(self.controller_b).action_lift_credit_hold()
        self.assertIs(result, True)
        self.assertFalse(self.in_company(self.company_b).credit_hold)
        self.assertTrue(self.in_company(self.company_a).credit_hold)
        self.shared.with_user(self.controller_a).action_lift_credit_hold()
        self.assertFalse(self.in_company(self.company_a).credit_hold)

    def test_a_hold_in_one_company_does_not_hold_the_other(self):
        self.job()
        self.assertTrue(self.in_company(self.company_a).credit_hold)
        self.assertFalse(self.in_company(self.company_b).credit_hold)
        self.assertFalse(self.in_company(self.company_b).followup_level_id)

    def test_a_promise_to_company_b_leaves_company_a_collecting(self):
        promise = (
            self.env["receivable.payment.promise"]
            .with_user(self.controller_b)
            .create(
                {
                    "partner_id": self.shared.id,
                    "amount": 1,
                    "promised_date": "2099-12-31",
                }
            )
        )
        self.assertEqual(promise.company_id, self.company_b)
        self.job()
        self.assertEqual(
            self.in_company(self.company_a).followup_level_id, self.level_hold
        )

    def test_a_promise_to_company_a_holds_company_a_only(self):
        self.invoice_b(self.shared, 500, "2026-06-20")
        self.env["receivable.payment.promise"].with_user(self.controller_a).create(
            {
                "partner_id": self.shared.id,
                "move_ids": [Command.set(self.invoice_a.ids)],
                "promised_date": "2026-07-31",
            }
        )
        self.job()
        self.assertFalse(self.in_company(self.company_a).followup_level_id)
        self.assertEqual(
            self.in_company(self.company_b).followup_level_id, self.level_b
        )

    def test_company_b_promise_on_company_a_invoices_is_refused(self):
        with self.assertRaises(UserError):
            self.env["receivable.payment.promise"].with_user(self.rep).with_company(
                self.company_b
            ).create(
                {
                    "partner_id": self.shared.id,
                    "move_ids": [Command.set(self.invoice_a.ids)],
                    "promised_date": "2026-07-31",
                }
            )

    def test_manual_run_acts_in_the_users_companies(self):
        self.shared.with_user(self.controller_b).action_run_followup()
        self.assertFalse(self.in_company(self.company_a).followup_level_id)
        self.assertFalse(self.shared.followup_log_ids)
        self.shared.with_user(self.controller_a).action_run_followup()
        self.assertEqual(
            self.in_company(self.company_a).followup_level_id, self.level_hold
        )
        self.assertEqual(self.shared.followup_log_ids.company_id, self.company_a)

    def test_a_spell_ends_in_its_company_only(self):
        invoice_b = self.invoice_b(self.shared, 500, "2026-06-20")
        self.job()
        self.invoice_a.button_draft()
        self.invoice_a.button_cancel()
        self.job()
        self.assertFalse(self.in_company(self.company_a).followup_level_id)
        self.assertEqual(
            self.in_company(self.company_b).followup_level_id, self.level_b
        )
        self.assertTrue(invoice_b)

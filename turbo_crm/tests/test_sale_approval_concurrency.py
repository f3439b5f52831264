# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, sql_db
from odoo.exceptions import UserError
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name


class ApprovalConcurrencyCase(BaseCase):
    """An order waiting for one rule of step 1 per approver, committed in
    real transactions (not the test cursor), removed at the end."""

    def _create_waiting_order(self, env, approvers):
        partner = env["res.partner"].create(
            {"name": "Concurrent approval", "customer_tier": "c"}
        )
        product = env["product.product"].create(
            {"name": "Concurrent chiller", "taxes_id": [Command.clear()]}
        )
        rules = env["sale.approval.rule"].create(
            [
                {
                    "name": f"Concurrent approval rule {index}",
                    "sequence": 1,
                    "customer_tier": "c",
                    "approver_user_ids": [Command.set(user.ids)],
                }
                for index, user in enumerate(approvers)
            ]
        )
        order = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "team_id": False,
                "order_line": [
                    Command.create({"product_id": product.id, "price_unit": 100})
                ],
            }
        )
        order.action_confirm()
        self.assertEqual(order.approval_state, "to_approve")
        self.assertEqual(len(order.approval_ids), len(approvers))
        self.records = [
            ("sale.order", order.ids),
            ("sale.approval.rule", rules.ids),
            ("product.product", product.ids),
            ("res.partner", partner.ids),
        ] + getattr(self, "records", [])
        self.order_id = order.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.db.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            for model, ids in self.records:
                env[model].browse(ids).unlink()

    def _order(self, cr, uid):
        return api.Environment(cr, uid, {})["sale.order"].browse(self.order_id)


@tagged("post_install", "-at_install")
class TestSaleApprovalConcurrency(ApprovalConcurrencyCase):
    """Two approvers decide the same approval at the same moment, in real,
    separate transactions (committed, not the test cursor): one decision is
    recorded, the other is refused."""

    def setUp(self):
        super().setUp()
        self.db = sql_db.db_connect(get_db_name())
        with self.db.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            self.admin_id = env.ref("base.user_admin").id
            self._create_waiting_order(env, env.ref("base.user_admin"))

    def test_second_approver_is_refused(self):
        cr1 = self.db.cursor()
        try:
            # The first approver decides and holds the transaction...
            self.assertIs(self._order(cr1, self.admin_id).action_approve(), True)
            # ...while the second decides at the same moment.
            with self.db.cursor() as cr2:
                cr2.execute("SET LOCAL lock_timeout = '5s'")
                with self.assertRaisesRegex(UserError, "being decided"):
                    self._order(cr2, self.admin_id).action_approve()
            cr1.commit()
        finally:
            cr1.rollback()
            cr1.close()
        with self.db.cursor() as cr3:
            order = self._order(cr3, self.admin_id)
            self.assertEqual(order.approval_state, "approved")
            self.assertEqual(order.approval_ids.state, "approved")
            self.assertEqual(order.approval_ids.decided_by_id.id, self.admin_id)
            # Later, the decision is there to see.
            with self.assertRaisesRegex(UserError, "not waiting"):
                order.action_approve()


@tagged("post_install", "-at_install")
class TestParallelApprovalConcurrency(ApprovalConcurrencyCase):
    """Two rules of one step, each with its approver, approved at the same
    moment: the second waits for the first, and the order ends approved
    (each deciding from the pending lines as the other left them)."""

    def setUp(self):
        super().setUp()
        self.db = sql_db.db_connect(get_db_name())
        with self.db.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            admin = env.ref("base.user_admin")
            other = env["res.users"].create(
                {
                    "name": "Parallel approver",
                    "login": "turbo_parallel_approver",
                    "email": "parallel.approver@example.com",
                    "groups_id": [
                        Command.set(
                            [env.ref("sales_team.group_sale_salesman_all_leads").id]
                        )
                    ],
                }
            )
            self.records = [("res.users", other.ids)]
            self._create_waiting_order(env, admin | other)
            self.users = (admin.id, other.id)

    def test_parallel_approvers_of_one_step(self):
        cr1 = self.db.cursor()
        try:
            self.assertIs(self._order(cr1, self.users[0]).action_approve(), True)
            with self.db.cursor() as cr2:
                cr2.execute("SET LOCAL lock_timeout = '5s'")
                with self.assertRaisesRegex(UserError, "Another approver"):
                    self._order(cr2, self.users[1]).action_approve()
            cr1.commit()
        finally:
            cr1.rollback()
            cr1.close()
        with self.db.cursor() as cr3:
            order = self._order(cr3, self.users[1])
            self.assertEqual(order.approval_state, "to_approve")
            order.action_approve()
            self.assertEqual(order.approval_state, "approved")
            self.assertEqual(set(order.approval_ids.mapped("state")), {"approved"})

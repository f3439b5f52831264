# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command, api, sql_db
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

# A day nobody else scores: the test's own, in real transactions.
DAY = date(2032, 1, 15)


@tagged("post_install", "-at_install")
class TestCustomerValueJobConcurrency(BaseCase):
    """Two workers compute the value scores at the same moment, in real,
    separate transactions (committed, not the test cursor): one does the
    work, the other skips, and the day has one snapshot per partner."""

    def setUp(self):
        super().setUp()
        self.db = sql_db.db_connect(get_db_name())
        with self.db.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            # The segment's own model: nothing else is scored.
            env["crm.customer.value.model"].search(
                [("customer_segment", "=", "individual")]
            ).active = False
            partners = env["res.partner"].create(
                [
                    {
                        "name": f"Concurrent value {i}",
                        "is_company": True,
                        "customer_segment": "individual",
                        "customer_rank": 1,
                    }
                    for i in range(3)
                ]
            )
            model = env["crm.customer.value.model"].create(
                {
                    "name": "Concurrent individuals",
                    "customer_segment": "individual",
                    "indicator_ids": [Command.create({"indicator": "order_count"})],
                }
            )
            self.partner_ids, self.model_id = partners.ids, model.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.db.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["crm.customer.value.model"].browse(self.model_id).unlink()
            env["res.partner"].browse(self.partner_ids).unlink()

    def _model(self, cr):
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        return env["crm.customer.value.model"].browse(self.model_id)

    def _count(self, cr):
        cr.execute(
            "SELECT COUNT(*) FROM crm_customer_value_snapshot "
            "WHERE model_id = %s AND date = %s",
            (self.model_id, DAY),
        )
        return cr.fetchone()[0]

    def test_second_worker_skips(self):
        cr1 = self.db.cursor()
        try:
            # The first worker computes and holds its transaction...
            self.assertTrue(self._model(cr1)._compute_scores(DAY))
            # ...while the second runs at the same moment: it neither waits
            # for the first nor fails.
            with self.db.cursor() as cr2:
                cr2.execute("SET LOCAL lock_timeout = '5s'")
                self.assertFalse(self._model(cr2)._compute_scores(DAY))
            cr1.commit()
            cr1.close()
            with self.db.cursor() as cr3:
                self.assertEqual(self._count(cr3), 3)
                # Later the same day: the day's snapshots are replaced.
                self.assertTrue(self._model(cr3)._compute_scores(DAY))
                self.assertEqual(self._count(cr3), 3)
        finally:
            if not cr1.closed:
                cr1.rollback()
                cr1.close()

    def test_worker_reading_an_old_state_skips(self):
        """The second worker's transaction began before the first one
        committed: it does not see the first one's snapshots, and its
        insert meets them in the unique index; it writes nothing."""
        cr1 = self.db.cursor()
        cr2 = self.db.cursor()
        try:
            self.assertEqual(self._count(cr2), 0)  # its snapshot is taken
            self.assertTrue(self._model(cr1)._compute_scores(DAY))
            cr1.commit()
            self.assertFalse(self._model(cr2)._compute_scores(DAY))
            cr2.commit()
            with self.db.cursor() as cr3:
                self.assertEqual(self._count(cr3), 3)
        finally:
            for cr in (cr1, cr2):
                if not cr.closed:
                    cr.rollback()
                    cr.close()

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import api, sql_db
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

# A week nobody else snapshots: the test's own, in real transactions.
TODAY = date(2031, 3, 5)
WEEK = date(2031, 3, 3)


@tagged("post_install", "-at_install")
class TestForecastJobConcurrency(BaseCase):
    """Two workers take the weekly snapshots at the same moment, in real,
    separate transactions (committed, not the test cursor): the second
    skips, and the week has its snapshots once."""

    def setUp(self):
        super().setUp()
        self.db = sql_db.db_connect(get_db_name())

    def _snapshots(self, env):
        return env["crm.forecast.snapshot"].search([("week_start", "=", WEEK)])

    def test_second_worker_skips(self):
        with self.db.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            self.assertFalse(self._snapshots(env))
            lead = env["crm.lead"].create(
                {
                    "name": "Concurrent forecast deal",
                    "type": "opportunity",
                    "expected_revenue": 10_000,
                    "probability": 80,
                    "date_deadline": TODAY,
                    "company_id": env.company.id,
                }
            )
            lead_id = lead.id
        cr1 = self.db.cursor()
        try:
            env1 = api.Environment(cr1, api.SUPERUSER_ID, {})
            # The first worker takes the snapshots and holds its transaction...
            first = env1["crm.forecast.snapshot"]._take_snapshots(today=TODAY)
            self.assertTrue(first)
            # ...while the second runs at the same moment: it neither waits
            # for the first nor fails on the unique index.
            with self.db.cursor() as cr2:
                cr2.execute("SET LOCAL lock_timeout = '5s'")
                env2 = api.Environment(cr2, api.SUPERUSER_ID, {})
                second = env2["crm.forecast.snapshot"]._take_snapshots(today=TODAY)
                self.assertFalse(second)
            cr1.commit()
            count = len(first)
            cr1.close()
            # A later run finds the week taken.
            with self.db.cursor() as cr3:
                env3 = api.Environment(cr3, api.SUPERUSER_ID, {})
                self.assertEqual(len(self._snapshots(env3)), count)
                again = env3["crm.forecast.snapshot"]._take_snapshots(today=TODAY)
                self.assertFalse(again)
        finally:
            if not cr1.closed:
                cr1.rollback()
                cr1.close()
            with self.db.cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                self._snapshots(env).unlink()
                env["crm.lead"].browse(lead_id).unlink()

    def test_worker_reading_an_old_state_skips(self):
        """The second worker's transaction began before the first one
        committed: it does not see the first one's snapshots, and its
        insert meets them in the unique index."""
        with self.db.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            lead = env["crm.lead"].create(
                {
                    "name": "Concurrent forecast deal 2",
                    "type": "opportunity",
                    "expected_revenue": 20_000,
                    "probability": 80,
                    "date_deadline": TODAY,
                    "company_id": env.company.id,
                }
            )
            lead_id = lead.id
        cr1 = self.db.cursor()
        cr2 = self.db.cursor()
        try:
            env2 = api.Environment(cr2, api.SUPERUSER_ID, {})
            # The second worker's transaction starts (its snapshot is taken).
            self.assertFalse(self._snapshots(env2))
            env1 = api.Environment(cr1, api.SUPERUSER_ID, {})
            first = env1["crm.forecast.snapshot"]._take_snapshots(today=TODAY)
            self.assertTrue(first)
            cr1.commit()
            second = env2["crm.forecast.snapshot"]._take_snapshots(today=TODAY)
            self.assertFalse(second)
            cr2.rollback()
        finally:
            for cr in (cr1, cr2):
                if not cr.closed:
                    cr.rollback()
                    cr.close()
            with self.db.cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                self._snapshots(env).unlink()
                env["crm.lead"].browse(lead_id).unlink()

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, sql_db
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name


@tagged("post_install", "-at_install")
class TestLateJobConcurrency(BaseCase):
    """Two workers run the late-milestone job at the same moment, in real,
    separate transactions (committed, not the test cursor): the responsible
    gets one activity."""

    def setUp(self):
        super().setUp()
        self.db = sql_db.db_connect(get_db_name())

    def _activities(self, env, milestone_id):
        return env["mail.activity"].search(
            [("res_model", "=", "crm.lead.milestone"), ("res_id", "=", milestone_id)]
        )

    def test_two_workers_give_one_activity(self):
        with self.db.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            today = fields.Date.context_today(env.user)
            lead = env["crm.lead"].create(
                {"name": "Concurrent deal", "type": "opportunity"}
            )
            milestone = env["crm.lead.milestone"].create(
                {
                    "lead_id": lead.id,
                    "name": "Concurrent survey",
                    "deadline": today - timedelta(days=5),
                }
            )
            lead_id, milestone_id = lead.id, milestone.id
        cr1 = self.db.cursor()
        try:
            env1 = api.Environment(cr1, api.SUPERUSER_ID, {})
            # The first worker claims the milestone and holds it...
            first = env1["crm.lead.milestone"].browse(milestone_id)
            first = first._flag_late_milestones()
            # ...while the second, in its own transaction, runs at the same
            # moment; were it to wait for the first, it would fail here.
            with self.db.cursor() as cr2:
                cr2.execute("SET LOCAL lock_timeout = '5s'")
                env2 = api.Environment(cr2, api.SUPERUSER_ID, {})
                second = (
                    env2["crm.lead.milestone"]
                    .browse(milestone_id)
                    ._flag_late_milestones()
                )
                self.assertFalse(second)
                self.assertFalse(self._activities(env2, milestone_id))
            cr1.commit()
            cr1.close()
            self.assertEqual(first.ids, [milestone_id])
            with self.db.cursor() as cr3:
                env3 = api.Environment(cr3, api.SUPERUSER_ID, {})
                again = (
                    env3["crm.lead.milestone"]
                    .browse(milestone_id)
                    ._flag_late_milestones()
                )
                self.assertFalse(again)
                self.assertEqual(len(self._activities(env3, milestone_id)), 1)
        finally:
            if not cr1.closed:
                cr1.rollback()
                cr1.close()
            with self.db.cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                self._activities(env, milestone_id).unlink()
                env["crm.lead"].browse(lead_id).unlink()

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, sql_db
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import get_db_name

from .common import TurboCrmCommon, TurboCrmDealCommon


@tagged("post_install", "-at_install")
class TestCompetitorCompanyMessage(TurboCrmDealCommon):
    """A rep of company A who gives a shared competitor her company is told
    it is met elsewhere, not by which companies: those are not hers to
    know."""

    def test_refusal_names_no_other_company(self):
        company_b = self.env["res.company"].create({"name": "Test Secret Company B"})
        rep_b = new_test_user(
            self.env,
            login="turbo_secret_rep_b",
            groups="sales_team.group_sale_salesman",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        lead_b = self.env["crm.lead"].create(
            {
                "name": "Test Secret Deal B",
                "type": "opportunity",
                "company_id": company_b.id,
                "user_id": rep_b.id,
            }
        )
        rival = self.env["crm.competitor"].create({"name": "Test Met Rival"})
        self.env["crm.lead.competitor"].with_user(rep_b).create(
            {"lead_id": lead_b.id, "competitor_id": rival.id}
        )
        with self.assertRaises(ValidationError) as refusal:
            rival.with_user(self.user_salesman).company_id = self.env.company
        message = str(refusal.exception)
        self.assertIn("Test Met Rival", message)
        self.assertNotIn(company_b.name, message)
        self.assertFalse(rival.company_id)


@tagged("post_install", "-at_install")
class TestSnapshotButtonWhileTheJobRuns(TurboCrmCommon):
    """The sales manager presses "Take Snapshot" while another worker (the
    weekly job) is taking the snapshots: she is told so, instead of a
    reload that shows nothing new."""

    def test_button_says_a_snapshot_is_being_taken(self):
        Snapshot = self.env["crm.forecast.snapshot"].with_user(self.user_sales_manager)
        before = Snapshot.search_count([])
        # Another worker, in its own transaction, holds the job's lock.
        with sql_db.db_connect(get_db_name()).cursor() as other:
            other.execute(
                "SELECT pg_advisory_xact_lock("
                "'crm_forecast_snapshot'::regclass::oid::bigint)"
            )
            action = Snapshot.action_take_snapshot()
            self.assertEqual(action["tag"], "display_notification")
            self.assertIn("being taken already", action["params"]["message"])
            self.assertEqual(Snapshot.search_count([]), before)
            other.rollback()
        # Once the other worker is done, the button takes them.
        action = Snapshot.action_take_snapshot()
        self.assertEqual(action["tag"], "soft_reload")

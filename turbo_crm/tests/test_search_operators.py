# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.tests import tagged

from .boolean_search import assert_boolean_search
from .common import TurboCrmDealCommon


@tagged("post_install", "-at_install")
class TestSearchOperators(TurboCrmDealCommon):
    """The computed flags the pipeline and the reports filter on answer
    every operator Odoo 18 passes their search methods, as their readers
    search them."""

    def test_stakeholder_is_key(self):
        key = self.add_stakeholder(self.lead, self.contacts[0], influence=4)
        minor = self.add_stakeholder(self.lead, self.contacts[1], influence=3)
        assert_boolean_search(
            self, (key | minor).with_user(self.user_salesman), "is_key"
        )

    def test_lead_risk_stale_contact(self):
        # A key stakeholder never contacted has gone cold; an empty
        # committee has no stale contact.
        quiet = self.lead.copy({"name": "Test Line 10"})
        self.add_stakeholder(self.lead, self.contacts[0], influence=5)
        assert_boolean_search(
            self,
            (self.lead | quiet).with_user(self.user_salesman),
            "risk_stale_contact",
        )

    def test_snapshot_is_first_of_period(self):
        self.lead.date_deadline = date(2026, 2, 20)
        Snapshot = self.env["crm.forecast.snapshot"]
        Snapshot._take_snapshots(today=date(2026, 2, 2))
        Snapshot._take_snapshots(today=date(2026, 2, 9))
        snapshots = Snapshot.with_user(self.user_sales_manager).search(
            [("user_id", "=", self.user_salesman.id), ("period_type", "=", "month")]
        )
        self.assertEqual(len(snapshots), 2)
        assert_boolean_search(self, snapshots, "is_first_of_period")

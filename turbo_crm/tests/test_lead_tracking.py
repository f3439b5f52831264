# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import TurboCrmDealCommon


@tagged("post_install", "-at_install")
class TestLeadTracking(TurboCrmDealCommon):
    """The history shows what people changed, not what followed from it."""

    def tracked(self, lead):
        self.env.flush_all()
        self.env.cr.precommit.run()
        return lead.message_ids.tracking_value_ids.field_id.mapped("name")

    def test_forecast_category_moved_by_its_compute_is_not_tracked(self):
        self.tracked(self.lead)
        self.lead.with_user(self.user_salesman).probability = 80
        self.assertEqual(self.lead.forecast_category, "commit")
        self.lead.with_user(self.user_salesman).action_set_lost()
        self.assertEqual(self.lead.forecast_category, "omitted")
        self.assertNotIn("forecast_category", self.tracked(self.lead))

    def test_forecast_category_set_by_the_rep_is_tracked(self):
        self.tracked(self.lead)
        self.lead.with_user(self.user_salesman).forecast_category = "commit"
        self.assertIn("forecast_category", self.tracked(self.lead))
        tracking = self.lead.message_ids.tracking_value_ids
        value = tracking.filtered(lambda t: t.field_id.name == "forecast_category")
        self.assertEqual(value.new_value_char, "Commit")

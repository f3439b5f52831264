# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestForecastScreens(HttpCase):
    """A sales manager opens the forecast reports in the browser: what they
    open on, as the web client combines their default filters."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # As crm's tests do: the tour's pipeline comes first, the shared
        # stages (with their gates in the demo data) after it.
        cls.env["crm.stage"].search([]).write({"sequence": 9999})
        cls.manager = new_test_user(
            cls.env,
            login="turbo_forecast_tour_manager",
            name="Forecast Tour Manager",
            groups="sales_team.group_sale_manager",
            lang="en_US",
        )
        cls.team = cls.env["crm.team"].create(
            {"name": "Figures Tour Team", "member_ids": [(6, 0, cls.manager.ids)]}
        )
        cls.stage = cls.env["crm.stage"].create(
            {"name": "Tour Open", "sequence": 1, "team_id": cls.team.id}
        )
        cls.stage_won = cls.env["crm.stage"].create(
            {"name": "Tour Won", "sequence": 9, "team_id": cls.team.id, "is_won": True}
        )

    def _lead(self, revenue, deadline):
        return self.env["crm.lead"].create(
            {
                "name": "Tour forecast deal",
                "type": "opportunity",
                "team_id": self.team.id,
                "user_id": self.manager.id,
                "stage_id": self.stage.id,
                "expected_revenue": revenue,
                "probability": 80,
                "date_deadline": deadline,
            }
        )

    def test_forecast_by_category_opens_on_the_pipeline(self):
        self._lead(777_000, date.today() + relativedelta(years=1, months=1))
        self.start_tour(
            "/odoo/action-turbo_crm.crm_lead_action_forecast_category",
            "turbo_crm_forecast_category_tour",
            login=self.manager.login,
        )

    def test_forecast_accuracy_opens_on_the_first_snapshot(self):
        """Two snapshots of a 100,000 commit in the first quarter of 2026,
        won in March: the report shows 100,000 forecast and won, not 200,000."""
        lead = self._lead(100_000, "2026-02-20")
        Snapshot = self.env["crm.forecast.snapshot"]
        Snapshot._take_snapshots(today=date(2026, 1, 5))
        Snapshot._take_snapshots(today=date(2026, 1, 12))
        lead.write(
            {"stage_id": self.stage_won.id, "date_closed": "2026-03-10 10:00:00"}
        )
        Snapshot._take_snapshots(today=date(2026, 4, 6))
        self.start_tour(
            "/odoo/action-turbo_crm.crm_forecast_snapshot_action_accuracy",
            "turbo_crm_forecast_accuracy_tour",
            login=self.manager.login,
        )

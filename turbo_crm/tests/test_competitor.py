# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import TurboCrmDealCommon


@tagged("post_install", "-at_install")
class TestCompetitors(TurboCrmDealCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rival, cls.other = cls.env["crm.competitor"].create(
            [{"name": "Test Rival"}, {"name": "Test Other Rival"}]
        )
        cls.lead_won = cls.lead.copy({"name": "Won deal"})
        cls.lead_lost = cls.lead.copy({"name": "Lost deal"})
        cls.lead_lost2 = cls.lead.copy({"name": "Lost deal 2"})
        for lead in cls.lead | cls.lead_won | cls.lead_lost | cls.lead_lost2:
            cls.env["crm.lead.competitor"].create(
                {"lead_id": lead.id, "competitor_id": cls.rival.id, "threat": 4}
            )
        cls.env["crm.lead.competitor"].create(
            {"lead_id": cls.lead_lost.id, "competitor_id": cls.other.id}
        )
        cls.qualify(cls.lead_won)
        cls.lead_won.stage_id = cls.stage_won
        (cls.lead_lost | cls.lead_lost2).action_set_lost()

    def test_outcome_follows_the_opportunity(self):
        line = self.lead_won.competitor_ids
        self.assertEqual(line.lead_state, "won")
        self.assertEqual(self.lead_lost2.competitor_ids.lead_state, "lost")
        self.assertEqual(self.lead.competitor_ids.lead_state, "open")
        self.lead_lost2.action_unarchive()
        self.assertEqual(self.lead_lost2.competitor_ids.lead_state, "open")

    def test_won_lost_by_competitor(self):
        self.assertEqual(
            (self.rival.won_count, self.rival.lost_count, self.rival.open_count),
            (1, 2, 1),
        )
        self.assertAlmostEqual(self.rival.win_rate, 100 / 3)
        self.assertEqual((self.other.won_count, self.other.lost_count), (0, 1))
        groups = self.env["crm.lead.competitor"]._read_group(
            [("competitor_id", "=", self.rival.id)],
            ["lead_state"],
            ["expected_revenue:sum"],
        )
        self.assertEqual(
            dict(groups),
            {"open": 1_000_000, "won": 1_000_000, "lost": 2_000_000},
        )
        action = self.rival.action_view_analysis()
        self.assertEqual(
            self.env["crm.lead.competitor"].search_count(action["domain"]), 4
        )

    def test_pipeline_search_by_competitor(self):
        found = self.env["crm.lead"].search(
            [("competitor_ids.competitor_id.name", "=", "Test Other Rival")]
            + [("active", "in", (True, False))]
        )
        self.assertEqual(found, self.lead_lost)

    @mute_logger("odoo.sql_db")
    def test_competitor_once_per_opportunity(self):
        with self.assertRaises(IntegrityError):
            self.env["crm.lead.competitor"].create(
                {"lead_id": self.lead.id, "competitor_id": self.rival.id}
            )

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from .value_common import RUN_DAY, TurboCrmValueCommon


@tagged("post_install", "-at_install")
class TestCustomerValueService(TurboCrmValueCommon):
    """The service indicators of the value model, on hand-counted records
    of the 12 months up to the run (2030-06-30 .. 2031-06-30, as the other
    indicators count them):

    ======== ============================================ ===== ======= ======
    customer done in the period                          done  repairs rating
    ======== ============================================ ===== ======= ======
    Alpha    repair (4), repair (2), maintenance (none)   3     2       3.0
    Bravo    maintenance (5); planned repair; old repair  1     0       5.0
    Charlie  none                                         0     0       no data
    Delta    repair by its contact (1)                    1     1       1.0
    ======== ============================================ ===== ======= ======
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Record = cls.env["crm.service.record"]

        def done(partner, service_type, satisfaction=False, day=date(2031, 3, 1)):
            return {
                "partner_id": partner.id,
                "service_type": service_type,
                "date": day,
                "state": "done",
                "satisfaction": satisfaction,
            }

        Record.create(
            [
                done(cls.alpha, "repair", "4"),
                done(cls.alpha, "repair", "2", day=date(2030, 7, 1)),
                done(cls.alpha, "maintenance", day=RUN_DAY),
                done(cls.bravo, "maintenance", "5"),
                dict(done(cls.bravo, "repair"), state="planned"),
                done(cls.bravo, "repair", "1", day=date(2030, 6, 29)),
                done(cls.delta_contact, "repair", "1"),
                dict(done(cls.charlie, "repair", "5"), state="cancelled"),
            ]
        )
        cls.model.indicator_ids = [
            Command.clear(),
            *(
                Command.create(
                    {
                        "indicator": code,
                        "weight": weight,
                        "direction": direction,
                        "normalisation": "minmax",
                        "sequence": sequence,
                    }
                )
                for sequence, (code, weight, direction) in enumerate(
                    (
                        ("service_count", 20, "higher"),
                        ("service_repair_count", 30, "lower"),
                        ("service_satisfaction", 50, "higher"),
                    )
                )
            ),
        ]
        cls.ind_count, cls.ind_repairs, cls.ind_rating = cls.model.indicator_ids

    def test_service_indicators(self):
        self.assertTrue(self.model._compute_scores(RUN_DAY))
        partners = [self.alpha, self.bravo, self.charlie, self.delta]

        def lines(indicator):
            return [self._line(p, indicator) for p in partners]

        self.assertEqual([li.raw_value for li in lines(self.ind_count)], [3, 1, 0, 1])
        self.assertEqual([li.raw_value for li in lines(self.ind_repairs)], [2, 0, 0, 1])
        rating = lines(self.ind_rating)
        self.assertEqual(
            [li.raw_value for li in rating[:2] + rating[3:]], [3.0, 5.0, 1.0]
        )
        # A customer who rated nothing has no rating, not a rating of 0.
        self.assertEqual(rating[2].note, "no_data")
        self.assertEqual(rating[2].points, 0)
        # Min-max: services 3 / 1 / 0 / 1 of 3 (20 points); repairs, lower
        # is better, 0..2 (30 points): 0, 30, 30, 15; rating 1..5 (50
        # points): 25, 50, 0, 0.
        self.assertEqual(
            [li.points for li in lines(self.ind_count)], [20.0, 6.67, 0.0, 6.67]
        )
        self.assertEqual(
            [li.points for li in lines(self.ind_repairs)], [0.0, 30.0, 30.0, 15.0]
        )
        self.assertEqual([li.points for li in rating], [25.0, 50.0, 0.0, 0.0])
        self.assertEqual([p.value_score for p in partners], [45.0, 86.67, 30.0, 21.67])
        self.assertEqual(rating[0].raw_value_display, "3.0 of 5")
        self.assertEqual(lines(self.ind_repairs)[0].raw_value_display, "2")

    def test_other_company_services_do_not_count(self):
        other = self.env["res.company"].create({"name": "Value other company"})
        self.env["crm.service.record"].create(
            {
                "partner_id": self.charlie.id,
                "company_id": other.id,
                "service_type": "repair",
                "date": date(2031, 3, 1),
                "state": "done",
                "satisfaction": "5",
            }
        )
        self.assertTrue(self.model._compute_scores(RUN_DAY))
        self.assertEqual(self._line(self.charlie, self.ind_count).raw_value, 0)
        self.assertEqual(self._line(self.charlie, self.ind_rating).note, "no_data")

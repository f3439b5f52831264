# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .value_common import RUN_DAY, TurboCrmValueCommon

NEXT_DAY = date(2031, 7, 31)


@tagged("post_install", "-at_install")
class TestCustomerValueArithmetic(TurboCrmValueCommon):
    def test_indicators_points_score_rank(self):
        """Revenue 60 points, min-max: 4,000 / 2,000 / 0 / 7,000 of at most
        7,000 (the contact's order counts for Delta). Orders 40 points,
        percentile rank of 2 / 1 / 0 / 2 among four: 2/3, 1/3, 0, 2/3."""
        self.assertTrue(self.model._compute_scores(RUN_DAY))
        revenue = {p: self._line(p, self.ind_revenue) for p in self.customers}
        self.assertEqual(
            [revenue[p].raw_value for p in self.customers], [4000, 2000, 0, 7000]
        )
        self.assertEqual(
            [revenue[p].points for p in self.customers], [34.29, 17.14, 0.0, 60.0]
        )
        self.assertEqual(revenue[self.delta].max_points, 60)
        orders = {p: self._line(p, self.ind_orders) for p in self.customers}
        self.assertEqual([orders[p].raw_value for p in self.customers], [2, 1, 0, 2])
        self.assertEqual(
            [round(orders[p].normalised, 3) for p in self.customers],
            [0.667, 0.333, 0.0, 0.667],
        )
        self.assertEqual(
            [orders[p].points for p in self.customers], [26.67, 13.33, 0.0, 26.67]
        )
        self.assertEqual(
            self.customers.mapped("value_score"), [60.96, 30.47, 0.0, 86.67]
        )
        self.assertEqual(self.customers.mapped("value_rank"), [2, 3, 4, 1])
        self.assertEqual(self.customers.mapped("customer_tier"), ["a", "c", "c", "vip"])
        # The contact follows its company's tier, as Odoo's commercial fields.
        self.assertEqual(self.delta_contact.customer_tier, "vip")
        self.assertEqual(self.delta.value_model_id, self.model)
        self.assertFalse(self.delta_contact.value_model_id)
        self.assertEqual(revenue[self.alpha].raw_value_display[-3:], "0 K")
        self.assertEqual(revenue[self.alpha].name, "Revenue, 12 months")
        # Top 3: Charlie (4th) is not in the ranking.
        snapshots = self._snapshots()
        self.assertEqual(len(snapshots), 4)
        self.assertEqual(
            snapshots.filtered("in_top").partner_id,
            self.alpha | self.bravo | self.delta,
        )
        self.assertEqual(set(snapshots.mapped("movement")), {"new"})
        self.assertEqual(set(snapshots.mapped("reason")), {False})

    def test_reason_only_when_nothing_has_data(self):
        self.model.indicator_ids = [
            Command.create({"indicator": "win_rate", "weight": 10})
        ]
        self.model._compute_scores(RUN_DAY)
        snapshots = self._snapshots()
        self.assertEqual(set(snapshots.mapped("reason")), {False})
        self.model.indicator_ids.filtered(lambda i: i.indicator != "win_rate").unlink()
        self.model._compute_scores(RUN_DAY)
        self.assertEqual(set(self._snapshots().mapped("reason")), {"no_data"})
        self.assertEqual(set(self._snapshots().mapped("score")), {0.0})

    def test_cap_and_lower_is_better(self):
        self.ind_revenue.cap = 5000
        self.ind_orders.direction = "lower"
        self.model._compute_scores(RUN_DAY)
        self.assertEqual(
            [self._line(p, self.ind_revenue).normalised for p in self.customers],
            [0.8, 0.4, 0.0, 1.0],
        )
        # Fewer orders is better: 0 orders beats everybody.
        self.assertEqual(
            [
                round(self._line(p, self.ind_orders).normalised, 3)
                for p in self.customers
            ],
            [0.0, 0.667, 1.0, 0.0],
        )

    def test_all_equal_and_no_data(self):
        """Nobody won a deal: the win rate has no data; everybody has the
        same number of years as a customer: no division by zero, 0 points
        and the reason."""
        self.model.indicator_ids = [
            Command.clear(),
            Command.create({"indicator": "win_rate", "weight": 50}),
            Command.create(
                {"indicator": "won_count", "weight": 50, "normalisation": "minmax"}
            ),
        ]
        self.assertTrue(self.model._compute_scores(RUN_DAY))
        snapshots = self._snapshots()
        self.assertEqual(len(snapshots), 4)
        self.assertEqual(set(snapshots.mapped("score")), {0.0})
        self.assertEqual(set(snapshots.mapped("reason")), {"no_signal"})
        notes = set(snapshots.line_ids.mapped("note"))
        self.assertEqual(notes, {"no_data", "all_equal"})
        win_rate = self._line(self.alpha, self.model.indicator_ids[0])
        self.assertEqual(win_rate.raw_value_display, "no data")

    def test_single_partner(self):
        self.customers[1:].customer_segment = "group"
        self.model._compute_scores(RUN_DAY)
        snapshot = self._snapshots()
        self.assertEqual(snapshot.partner_id, self.alpha)
        self.assertEqual((snapshot.score, snapshot.rank), (0.0, 1))
        self.assertEqual(snapshot.reason, "no_signal")

    def test_no_indicator_and_no_partner(self):
        empty = self.env["crm.customer.value.model"].create(
            {
                "name": "Empty",
                "applies_to": "customer",
                "customer_segment": "government",
            }
        )
        with self.assertRaisesRegex(UserError, "has no indicator"):
            empty.action_compute_scores()
        # A channel model with no channel at all computes nothing, cleanly.
        self.env["res.partner"].search([("is_channel", "=", True)]).is_channel = False
        channels = self.env["crm.customer.value.model"].search(
            [("applies_to", "=", "channel")]
        )
        channels.active = False
        channel_model = self.env["crm.customer.value.model"].create(
            {
                "name": "Channels",
                "applies_to": "channel",
                "indicator_ids": [Command.create({"indicator": "channel_revenue"})],
            }
        )
        self.assertTrue(channel_model._compute_scores(RUN_DAY))
        self.assertFalse(self._snapshots(model=channel_model))


@tagged("post_install", "-at_install")
class TestCustomerValueConfiguration(TurboCrmValueCommon):
    def test_negative_weight(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.ind_orders.weight = -5

    def test_weights_sum_to_zero(self):
        with self.assertRaisesRegex(ValidationError, "add up to zero"):
            self.model.write(
                {
                    "indicator_ids": [
                        Command.update(self.ind_revenue.id, {"weight": 0}),
                        Command.update(self.ind_orders.id, {"weight": 0}),
                    ]
                }
            )

    def test_thresholds_out_of_order(self):
        with self.assertRaisesRegex(ValidationError, "must rise"):
            self.model.threshold_a = 90

    def test_threshold_over_100(self):
        with self.assertRaisesRegex(ValidationError, "at most 100"):
            self.model.threshold_vip = 120

    def test_one_active_model_per_target_and_segment(self):
        with self.assertRaisesRegex(ValidationError, "already has an active"):
            self.model.copy({"name": "Individuals again"})
        # Archived, a second one is fine; another segment too.
        self.model.copy({"name": "Old individuals", "active": False})
        self.model.copy({"name": "Government", "customer_segment": "government"})

    def test_indicator_of_the_other_target(self):
        with self.assertRaisesRegex(ValidationError, "does not apply"):
            self.model.indicator_ids = [
                Command.create({"indicator": "channel_revenue"})
            ]

    def test_zero_weights_in_form(self):
        with self.assertRaisesRegex(ValidationError, "add up to zero"):
            self.env["crm.customer.value.model"].create(
                {
                    "name": "Nothing weighs",
                    "customer_segment": "government",
                    "indicator_ids": [
                        Command.create({"indicator": "revenue", "weight": 0})
                    ],
                }
            )


@tagged("post_install", "-at_install")
class TestCustomerValueRuns(TurboCrmValueCommon):
    def test_ranks_and_movement_across_two_runs(self):
        self.model._compute_scores(RUN_DAY)
        self.assertEqual(self.customers.mapped("value_rank"), [2, 3, 4, 1])
        # Bravo wins a big order; Charlie his first one.
        big = self._order(self.bravo, 20000) | self._order(self.charlie, 500)
        big.action_confirm()
        big.date_order = date(2031, 7, 15)
        self.model._compute_scores(NEXT_DAY)
        # Revenue 4,000 / 22,000 / 500 / 7,000; orders 2 / 2 / 1 / 2.
        self.assertEqual(self.customers.mapped("value_rank"), [3, 1, 4, 2])
        self.assertEqual(self.customers.mapped("value_rank_previous"), [2, 3, 4, 1])
        self.assertEqual(self.customers.mapped("value_rank_change"), [-1, 2, 0, -1])
        self.assertEqual(
            self.customers.mapped("value_movement"), ["down", "up", "same", "down"]
        )
        line = self._line(self.bravo, self.ind_revenue, NEXT_DAY)
        self.assertEqual(line.points, 60.0)
        self.assertEqual(line.points_change, 60.0 - 17.14)
        latest = self.env["crm.customer.value.snapshot"].search(
            [("model_id", "=", self.model.id), ("is_latest", "=", True)]
        )
        self.assertEqual(set(latest.mapped("date")), {NEXT_DAY})
        earlier = self.env["crm.customer.value.snapshot"].search(
            [("model_id", "=", self.model.id), ("is_latest", "!=", True)]
        )
        self.assertEqual(set(earlier.mapped("date")), {RUN_DAY})
        self.assertEqual(len(latest) + len(earlier), 8)
        self.assertEqual(
            self.bravo.value_snapshot_ids.mapped("date"), [NEXT_DAY, RUN_DAY]
        )
        self.assertEqual(self.bravo.value_date, NEXT_DAY)
        self.assertEqual(
            self.bravo.value_snapshot_id,
            latest.filtered(lambda s: s.partner_id == self.bravo),
        )
        self.assertEqual(
            self.bravo.value_line_ids, self.bravo.value_snapshot_id.line_ids
        )
        # A run of an earlier day (a backfill) leaves the latest as it was.
        self.model._compute_scores(RUN_DAY - timedelta(days=1))
        self.assertEqual(self.model.last_run_date, NEXT_DAY)
        self.env.invalidate_all()
        self.assertEqual(self.customers.mapped("value_rank"), [3, 1, 4, 2])
        self.assertEqual(self.bravo.value_snapshot_id.date, NEXT_DAY)

    def _partner_versions(self):
        """Where each customer's row version lies: any write of the row
        makes a new version elsewhere."""
        self.env.cr.execute(
            "SELECT id, ctid::text FROM res_partner WHERE id IN %s",
            [tuple(self.customers.ids)],
        )
        return dict(self.env.cr.fetchall())

    def test_unchanged_partners_not_rewritten(self):
        self.model._compute_scores(RUN_DAY)
        before = self._partner_versions()
        self.model._compute_scores(NEXT_DAY)
        # Nothing changed between the two days: no customer is written,
        # yet the latest snapshot, rank and movement follow the new day.
        self.assertEqual(self._partner_versions(), before)
        self.assertEqual(self.bravo.value_snapshot_id.date, NEXT_DAY)
        self.assertEqual(self.customers.mapped("value_movement"), ["same"] * 4)
        self.assertEqual(self.customers.mapped("value_rank_previous"), [2, 3, 4, 1])

    def test_out_of_the_top(self):
        self.model.top_n = 2
        self.model._compute_scores(RUN_DAY)
        order = self._order(self.bravo, 20000)
        order.action_confirm()
        order.date_order = date(2031, 7, 15)
        self.model._compute_scores(NEXT_DAY)
        movement = {s.partner_id: s.movement for s in self._snapshots(NEXT_DAY)}
        self.assertEqual(movement[self.bravo], "new")
        self.assertEqual(movement[self.alpha], "out")
        # The ranking: the top 2 and the one who just left it, by rank.
        ranking = self.env["crm.customer.value.snapshot"].search(
            self.model.action_view_ranking()["domain"], order="rank"
        )
        self.assertEqual(ranking.mapped("rank"), [1, 2, 3])
        self.assertEqual(ranking[2].partner_id, self.alpha)
        self.assertEqual(ranking.mapped("in_top"), [True, True, False])

    def test_rerun_same_day_replaces(self):
        self.model._compute_scores(RUN_DAY)
        first = self._snapshots()
        self.assertTrue(self.model._compute_scores(RUN_DAY))
        self.assertFalse(first.exists())
        again = self._snapshots()
        self.assertEqual(len(again), 4)
        self.assertEqual(len(again.line_ids), 8)
        # No movement against itself: the previous run is an earlier day.
        self.assertEqual(set(again.mapped("movement")), {"new"})

    def test_cron(self):
        self.env["crm.customer.value.model"]._cron_compute_value_scores()
        self.assertEqual(self.model.last_run_date, date.today())
        self.assertEqual(len(self._snapshots(date.today())), 4)

    def test_manual_tier_kept_across_runs(self):
        self.bravo.customer_tier = "vip"
        self.assertTrue(self.bravo.customer_tier_manual)
        self.model._compute_scores(RUN_DAY)
        self.assertEqual(self.bravo.customer_tier, "vip")
        self.assertEqual(
            self._snapshots().filtered(lambda s: s.partner_id == self.bravo).tier, "vip"
        )
        self.model._compute_scores(NEXT_DAY)
        self.assertEqual(self.bravo.customer_tier, "vip")
        self.bravo.action_reset_customer_tier()
        self.assertFalse(self.bravo.customer_tier_manual)
        self.assertEqual(self.bravo.customer_tier, "c")

    def test_adjustment_kept_and_explained(self):
        self.model._compute_scores(RUN_DAY)
        manager_bravo = self.bravo.with_user(self.user_sales_manager)
        manager_bravo.write(
            {"value_adjustment": 60, "value_adjustment_reason": "Framework agreement"}
        )
        # At once in the score and the explanation.
        self.assertEqual(self.bravo.value_score, 90.47)
        adjustment = self.bravo.value_line_ids.filtered(
            lambda li: li.note == "adjustment"
        )
        self.assertEqual(adjustment.points, 60)
        self.assertEqual(adjustment.name, "Manager adjustment: Framework agreement")
        # Tracked in the chatter.
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = self.bravo.message_ids.tracking_value_ids.mapped("field_id.name")
        self.assertIn("value_adjustment", tracked)
        # Kept by the next run, which ranks Bravo first and makes it VIP.
        self.model._compute_scores(NEXT_DAY)
        self.assertEqual(self.bravo.value_score, 90.47)
        self.assertEqual(self.bravo.value_rank, 1)
        self.assertEqual(self.bravo.customer_tier, "vip")
        self.assertIn(
            "adjustment",
            self._snapshots(NEXT_DAY)
            .filtered(lambda s: s.partner_id == self.bravo)
            .line_ids.mapped("note"),
        )
        # The score stays within 0..100.
        manager_bravo.value_adjustment = 90
        self.assertEqual(self.bravo.value_score, 100)

    def test_vip_rank_change_alerts_salesperson(self):
        self.user_salesman.lang = "en_US"  # the alert is in his language
        self.model.rank_alert_threshold = 2
        self.model._compute_scores(RUN_DAY)
        self.bravo.with_user(self.user_sales_manager).write(
            {"value_adjustment": 60, "value_adjustment_reason": "Framework agreement"}
        )
        self.model._compute_scores(NEXT_DAY)
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.bravo.id)]
        )
        self.assertEqual(activity.user_id, self.user_salesman)
        self.assertIn("3 to 1", activity.summary)
        # Delta lost a place only, and has no salesperson anyway.
        self.assertFalse(
            self.env["mail.activity"].search(
                [("res_model", "=", "res.partner"), ("res_id", "=", self.delta.id)]
            )
        )

    def test_vip_rank_alert_in_the_language_of_the_salesperson(self):
        """A summary is stored once: the job writes it in the language of
        the salesperson it is for."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["turbo_crm"], ["zh_CN"])
        self.user_salesman.lang = "zh_CN"
        self.model.rank_alert_threshold = 2
        self.model._compute_scores(RUN_DAY)
        self.bravo.with_user(self.user_sales_manager).write(
            {"value_adjustment": 60, "value_adjustment_reason": "Framework agreement"}
        )
        self.model.with_context(lang="en_US")._compute_scores(NEXT_DAY)
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.bravo.id)]
        )
        self.assertEqual(activity.summary, "VIP 排名从 3 变为 1")

    def test_query_count_does_not_grow_with_partners(self):
        Model = self.model.with_user(self.env.user)
        Model._compute_scores(RUN_DAY)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        Model._compute_scores(NEXT_DAY)
        queries = self.env.cr.sql_log_count - before
        more = self.env["res.partner"].create(
            [
                {"name": f"Value more {i}", "is_company": True}
                | {"customer_segment": "individual", "customer_rank": 1}
                for i in range(30)
            ]
        )
        for partner in more[:10]:
            self._order(partner, 100 + partner.id % 7).action_confirm()
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            Model._compute_scores(date(2031, 8, 31))
        self.assertEqual(len(self._snapshots(date(2031, 8, 31))), 34)


@tagged("post_install", "-at_install")
class TestCustomerValueAccess(TurboCrmValueCommon):
    def test_salesperson_reads_scores_not_configures(self):
        self.model._compute_scores(RUN_DAY)
        bravo = self.bravo.with_user(self.user_salesman)
        self.assertEqual(bravo.value_score, 30.47)
        self.assertEqual(len(bravo.value_line_ids), 2)
        Snapshot = self.env["crm.customer.value.snapshot"].with_user(self.user_salesman)
        self.assertEqual(len(Snapshot.search([("model_id", "=", self.model.id)])), 4)
        with self.assertRaises(AccessError):
            bravo.write({"value_adjustment": 10, "value_adjustment_reason": "friend"})
        with self.assertRaises(AccessError):
            self.model.with_user(self.user_salesman).action_compute_scores()
        with self.assertRaises(AccessError):
            self.model.with_user(self.user_salesman).name = "Mine"
        with self.assertRaises(AccessError):
            self.ind_orders.with_user(self.user_salesman).weight = 99
        # Only the job writes snapshots.
        with self.assertRaises(AccessError):
            Snapshot.browse(Snapshot.search([], limit=1).id).unlink()

    def test_manager_configures_and_computes(self):
        model = self.model.with_user(self.user_sales_manager)
        model.indicator_ids[0].weight = 50
        action = model.action_compute_scores()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(len(self._snapshots(date.today())), 4)

    def test_employee_without_sales_rights_sees_no_score(self):
        employee = new_test_user(
            self.env, login="turbo_value_employee", groups="base.group_user"
        )
        self.model._compute_scores(RUN_DAY)
        with self.assertRaises(AccessError):
            self.bravo.with_user(employee).read(["value_score"])
        with self.assertRaises(AccessError):
            self.env["crm.customer.value.snapshot"].with_user(employee).search([])

    def test_multi_company(self):
        self.model._compute_scores(RUN_DAY)
        other = self.env["res.company"].create({"name": "Value Other Co"})
        outsider = new_test_user(
            self.env,
            login="turbo_value_outsider",
            groups="sales_team.group_sale_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        Snapshot = self.env["crm.customer.value.snapshot"].with_user(outsider)
        self.assertFalse(Snapshot.search([("model_id", "=", self.model.id)]))
        self.assertFalse(
            self.env["crm.customer.value.model"]
            .with_user(outsider)
            .search([("id", "=", self.model.id)])
        )
        # A partner of another company is not scored by ours.
        self.charlie.company_id = other
        self.model._compute_scores(NEXT_DAY)
        self.assertEqual(len(self._snapshots(NEXT_DAY)), 3)
        self.assertFalse(self.charlie.value_model_id)

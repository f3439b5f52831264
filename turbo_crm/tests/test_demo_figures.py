# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import date_utils

from .search_defaults import action_default_domain


@tagged("post_install", "-at_install")
class TestDemoFigures(TransactionCase):
    """The demo tells a coherent story: what its screens open on is not
    empty, and a won deal went through the process it preaches."""

    def test_won_deal_was_qualified_with_its_committee(self):
        lead = self.env.ref("turbo_crm.lead_hospital_or")
        self.assertTrue(lead.stage_id.is_won)
        self.assertEqual(lead.qualification_state, "qualified")
        self.assertTrue(lead.qualification_ids)
        self.assertTrue(all(lead.qualification_ids.mapped("score")))
        self.assertEqual(
            set(lead.stakeholder_ids.mapped("buying_role")),
            {"decision_maker", "coach"},
        )
        self.assertFalse(
            lead.risk_no_decision_maker
            or lead.risk_no_coach
            or lead.risk_opponent
            or lead.risk_stale_contact
        )

    def test_forecast_by_category_opens_on_demo_deals(self):
        """Every open demo opportunity is on the forecast as it opens,
        whenever it is expected to close (all of them in later months)."""
        manager = self.env.ref("turbo_crm.user_sales_manager")
        domain, _context = action_default_domain(
            self.env(user=manager), "turbo_crm.crm_lead_action_forecast_category"
        )
        demo_ids = (
            self.env["ir.model.data"]
            .search([("module", "=", "turbo_crm"), ("model", "=", "crm.lead")])
            .mapped("res_id")
        )
        Lead = self.env["crm.lead"].with_user(manager)
        open_demo = Lead.search(
            [("id", "in", demo_ids), ("type", "=", "opportunity")]
        ).filtered(lambda lead: not lead.stage_id.is_won)
        self.assertGreaterEqual(len(open_demo), 5)
        self.assertEqual(Lead.search(domain) & open_demo, open_demo)

    def test_forecast_trend_has_every_week_of_both_quarters(self):
        """Forecast Trend as a sales manager opens it (quarters, by week):
        Zhang Wei's and Li Na's weekly forecast, every week from the first
        of last quarter to this one. Last quarter: the demo's snapshots
        (forecast = won at snapshot + commit, from the demo file). This
        quarter: the weekly job's own snapshots of every week, where Zhang
        Wei's only deal of the quarter, the Chaoyang hospital's 3,100,000,
        is committed until it is won 20 days ago, and Li Na has nothing
        (all her deals are expected next year)."""
        manager = self.env.ref("turbo_crm.user_sales_manager")
        zhangwei = self.env.ref("turbo_crm.user_sales_north")
        lina = self.env.ref("turbo_crm.user_sales_east")
        today = fields.Date.context_today(manager)
        quarter_start = date_utils.get_quarter(today)[0]
        last_quarter_start = quarter_start - relativedelta(months=3)
        hospital = self.env.ref("turbo_crm.lead_hospital_or")
        # On the manager's day (China's), as today is.
        won_on = fields.Datetime.context_timestamp(manager, hospital.date_closed).date()
        self.assertEqual(won_on, today - timedelta(days=20))

        def monday(day):
            return day - timedelta(days=day.weekday())

        last_quarter = {
            zhangwei: [600_000, 796_000, 961_000, 1_117_000, 1_242_000]
            + [1_358_000, 1_444_000, 1_519_000, 1_565_000, 1_591_000]
            + [1_606_000, 1_592_000, 1_550_000],
            lina: [900_000, 996_000, 1_082_000, 1_149_000, 1_195_000]
            + [1_241_000, 1_268_000, 1_274_000, 1_270_000, 1_246_000]
            + [1_212_000, 1_169_000, 1_100_000],
        }
        this_quarter = {
            zhangwei: 3_100_000 if won_on >= quarter_start else 0,
            lina: 0,
        }
        weeks = []
        week = monday(last_quarter_start)
        while week <= monday(today):
            weeks.append(week)
            week += timedelta(weeks=1)

        domain, context = action_default_domain(
            self.env(user=manager), "turbo_crm.crm_forecast_snapshot_action_trend"
        )
        Snapshot = (
            self.env["crm.forecast.snapshot"]
            .with_user(manager)
            .with_context(fill_temporal=True, **context)
        )
        for user in (zhangwei, lina):
            expected = dict.fromkeys(weeks, 0)
            for k, amount in enumerate(last_quarter[user]):
                expected[monday(last_quarter_start + timedelta(weeks=k))] += amount
            for week in weeks:
                if week >= monday(quarter_start):
                    expected[week] += this_quarter[user]
            while not expected[max(expected)]:
                # No snapshot after her last one: the graph ends her line
                # there (or draws her true 0 beside another line).
                expected.pop(max(expected))
            groups = Snapshot.web_read_group(
                domain + [("user_id", "=", user.id)],
                ["forecast_amount:sum"],
                ["week_start:week"],
            )["groups"]
            self.assertEqual(
                [group["forecast_amount"] for group in groups],
                list(expected.values()),
                f"{user.login}'s trend",
            )
        self.assertFalse(
            self.env["crm.forecast.snapshot"].search(
                [("period_start", ">=", quarter_start), ("user_id", "=", lina.id)]
            )
        )
        # Every week of this quarter was taken, on its day, with the deal
        # committed before its win and won at snapshot after it.
        snapshots = self.env["crm.forecast.snapshot"].search(
            [
                ("period_type", "=", "quarter"),
                ("period_start", "=", quarter_start),
                ("user_id", "=", zhangwei.id),
            ],
            order="week_start",
        )
        if won_on < quarter_start:
            self.assertFalse(snapshots)
            return
        self.assertEqual(
            snapshots.mapped("week_start"),
            [week for week in weeks if week >= monday(quarter_start)],
        )
        for snapshot in snapshots:
            self.assertEqual(snapshot.week_start, monday(snapshot.snapshot_date))
            self.assertGreaterEqual(snapshot.snapshot_date, quarter_start)
            won = snapshot.snapshot_date >= won_on
            self.assertEqual(
                (snapshot.commit_amount, snapshot.closed_amount),
                (0, 3_100_000) if won else (3_100_000, 0),
                snapshot.snapshot_date,
            )

    def test_committee_and_job_activities_read_in_chinese(self):
        """The demo's people read Chinese: the committee's titles,
        departments, notes and evidence carry it beside the English (they
        are not translatable fields), and the activities the jobs gave them
        while the demo installed (VIP rank alerts, collections, late
        milestones) are written in it."""
        chinese = re.compile("[\u4e00-\u9fff]")
        demo_leads = self.env["crm.lead"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "turbo_crm"), ("model", "=", "crm.lead")])
            .mapped("res_id")
        )
        texts = []
        for row in demo_leads.stakeholder_ids:
            texts += [row.job_title, row.department, row.notes, row.personal_win]
        texts += demo_leads.qualification_ids.mapped("evidence")
        texts = [text for text in texts if text]
        self.assertGreater(len(texts), 30)
        for text in texts:
            self.assertRegex(text, chinese)
        story_users = self.env["res.users"].browse(
            self.env["ir.model.data"]
            .search([("module", "like", "turbo_crm%"), ("model", "=", "res.users")])
            .mapped("res_id")
        )
        activities = self.env["mail.activity"].search(
            [
                ("user_id", "in", story_users.ids),
                ("res_model", "in", ["res.partner", "crm.lead.milestone"]),
            ]
        )
        self.assertGreaterEqual(len(activities), 4)
        # In the language of the person they are for: Chinese where the demo
        # installed with Chinese (./turbo demo), English where it did not.
        for activity in activities:
            if activity.user_id.lang == "zh_CN":
                self.assertRegex(activity.summary, chinese)
            else:
                self.assertNotRegex(activity.summary, chinese)

    def test_story_customers_lead_last_months_ranking(self):
        """Last month's run scores every story customer on its earlier
        orders: they hold the first ranks, Odoo's sample partners come
        after them."""
        model = self.env.ref("turbo_crm.value_model_customers")
        Snapshot = self.env["crm.customer.value.snapshot"]
        dates = sorted(
            set(Snapshot.search([("model_id", "=", model.id)]).mapped("date"))
        )
        self.assertEqual(len(dates), 2, "last month's run and this month's")
        story = self.env["res.partner"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "turbo_crm"), ("model", "=", "res.partner")])
            .mapped("res_id")
        )
        for day in dates:
            ranking = Snapshot.search(
                [("model_id", "=", model.id), ("date", "=", day)], order="rank"
            )
            ours = ranking.filtered(lambda s: s.partner_id in story)
            self.assertGreaterEqual(len(ours), 8)
            self.assertEqual(ours.mapped("rank"), list(range(1, len(ours) + 1)), day)
            self.assertTrue(all(score > 0 for score in ours.mapped("score")), day)

    def test_chatter_written_while_installing_reads_in_chinese(self):
        """What the story's people did while the demo installed is in their
        chatter in their language: tracking values are stored as text, so
        the demo does it as them, in Chinese."""
        chinese = re.compile("[\u4e00-\u9fff]")
        hospital = self.env.ref("turbo_crm.lead_hospital_or")
        stage_changes = hospital.message_ids.sudo().tracking_value_ids.filtered(
            lambda t: t.field_id.name == "stage_id"
        )
        self.assertTrue(stage_changes)
        # In its author's language: Chinese where the demo installed with
        # Chinese (./turbo demo), English where it did not.
        in_chinese = hospital.user_id.lang == "zh_CN"
        for tracking in stage_changes:
            if in_chinese:
                self.assertRegex(tracking.new_value_char, chinese)
            else:
                self.assertNotRegex(tracking.new_value_char, chinese)
            self.assertEqual(
                tracking.mail_message_id.author_id, hospital.user_id.partner_id
            )
        jiangnan = self.env.ref("turbo_crm.partner_jiangnan_semi")
        reasons = jiangnan.message_ids.sudo().tracking_value_ids.filtered(
            lambda t: t.field_id.name == "value_adjustment_reason"
        )
        self.assertTrue(reasons)
        self.assertRegex(reasons[0].new_value_char, chinese)

    def test_quotas_made_in_chinese(self):
        """The quotas' creation line and their names are stored as text:
        the demo makes them in Chinese, with the addon's Chinese loaded."""
        quota = self.env.ref("turbo_crm.quota_team_north")
        chinese = self.env(context={"lang": "zh_CN"})
        self.assertIn(
            chinese["crm.sales.quota"].env.ref("turbo_crm.team_north").name, quota.name
        )
        model_name = chinese["ir.model"]._get("crm.sales.quota").name
        self.assertNotEqual(model_name, "Sales Quota", "its Chinese is loaded")
        created = quota.message_ids.sudo().filtered(lambda m: m.body)[-1:]
        self.assertIn(model_name, created.body)

    def test_approval_requested_in_chinese(self):
        """Zhang Wei asked for the Line 9 order's approval in Chinese: the
        request in the chatter and his team leader's activity read in it."""
        chinese = re.compile("[\u4e00-\u9fff]")
        order = self.env.ref("turbo_crm.sale_order_huaxia_line9")
        self.assertEqual(order.approval_state, "to_approve")
        self.assertTrue(order.activity_ids)
        for activity in order.activity_ids:
            self.assertRegex(activity.summary, chinese)
        requests = order.message_ids.filtered(
            lambda m: m.author_id == order.user_id.partner_id and m.body
        )
        self.assertTrue(requests)
        for message in requests:
            self.assertRegex(str(message.body), chinese)

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.tests import Form, tagged

from .common import TurboCrmDealCommon


@tagged("post_install", "-at_install")
class TestChannels(TurboCrmDealCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.distributor, cls.agent = cls.env["res.partner"].create(
            [
                {
                    "name": "Test Distributor",
                    "is_company": True,
                    "is_channel": True,
                    "channel_type": "distributor",
                    "channel_level": "gold",
                },
                {
                    "name": "Test Agent",
                    "is_company": True,
                    "is_channel": True,
                    "channel_type": "agent",
                    "channel_level": "bronze",
                },
            ]
        )

    def test_channel_contacts_share_its_classification(self):
        contact = self.env["res.partner"].create(
            {"name": "Distributor sales rep", "parent_id": self.distributor.id}
        )
        self.assertTrue(contact.is_channel)
        self.assertEqual(contact.channel_level, "gold")
        self.distributor.channel_level = "silver"
        self.assertEqual(contact.channel_level, "silver")

    def test_channel_carried_from_opportunity_to_quotation_and_order(self):
        self.lead.channel_partner_id = self.distributor
        action = self.lead.action_new_quotation()
        form = Form(self.env["sale.order"].with_context(**action["context"]))
        self.assertEqual(form.channel_partner_id, self.distributor)
        form.partner_id = self.customer
        order = form.save()
        self.assertEqual(order.opportunity_id, self.lead)
        self.assertEqual(order.channel_partner_id, self.distributor)

    def test_order_linked_later_takes_the_opportunity_channel(self):
        self.lead.channel_partner_id = self.agent
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.assertFalse(order.channel_partner_id)
        order.opportunity_id = self.lead
        self.assertEqual(order.channel_partner_id, self.agent)

    def test_channel_chosen_on_the_order_stays(self):
        self.lead.channel_partner_id = self.agent
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "opportunity_id": self.lead.id,
                "channel_partner_id": self.distributor.id,
            }
        )
        self.assertEqual(order.channel_partner_id, self.distributor)

    def test_pipeline_by_channel(self):
        through_agent = self.lead.copy(
            {"name": "Via agent", "channel_partner_id": self.agent.id}
        )
        groups = dict(
            self.env["crm.lead"]._read_group(
                [("id", "in", (self.lead | through_agent).ids)],
                ["channel_partner_id"],
                ["expected_revenue:sum"],
            )
        )
        self.assertEqual(groups[self.agent], 1_000_000)
        self.assertIn(self.env["res.partner"], groups, "direct deals group apart")


@tagged("post_install", "-at_install")
class TestForecastCategory(TurboCrmDealCommon):
    def test_defaults_from_probability(self):
        lead = self.lead
        for probability, category in (
            (10, "pipeline"),
            (40, "best_case"),
            (75, "commit"),
        ):
            lead.probability = probability
            self.assertEqual(lead.forecast_category, category)

    def test_defaults_from_the_stage(self):
        self.stage_qualified.forecast_category = "best_case"
        self.lead.probability = 10
        self.lead.stage_id = self.stage_qualified
        self.assertEqual(self.lead.forecast_category, "best_case")

    def test_rep_overrides_until_the_deal_moves(self):
        self.lead.probability = 20
        self.lead.forecast_category = "commit"
        self.assertEqual(self.lead.forecast_category, "commit")
        self.lead.name = "Renamed"
        self.assertEqual(self.lead.forecast_category, "commit")
        self.lead.probability = 30
        self.assertEqual(self.lead.forecast_category, "pipeline")

    def test_won_is_closed_and_lost_is_omitted(self):
        won = self.lead.copy({"name": "Won", "stage_id": self.stage_new.id})
        self.qualify(won)
        won.stage_id = self.stage_won
        self.assertEqual(won.forecast_category, "closed")
        self.lead.action_set_lost()
        self.assertEqual(self.lead.forecast_category, "omitted")

    def test_override_is_tracked(self):
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.lead.forecast_category = "commit"
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = self.lead.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "forecast_category"
        )
        self.assertEqual(tracked.new_value_char, "Commit")

    def test_forecast_by_category(self):
        second = self.lead.copy({"name": "Second"})
        second.write({"probability": 80, "expected_revenue": 500_000})
        self.lead.probability = 10
        groups = dict(
            self.env["crm.lead"]._read_group(
                [("id", "in", (self.lead | second).ids)],
                ["forecast_category"],
                ["expected_revenue:sum"],
            )
        )
        self.assertEqual(groups, {"pipeline": 1_000_000, "commit": 500_000})


@tagged("post_install", "-at_install")
class TestChannelsList(TurboCrmDealCommon):
    """The Channels screen: type, level and attainment in the list, levels
    in their order, and a Quotas button on each channel."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.gold, cls.silver, cls.bronze = Partner.create(
            [
                {
                    "name": f"List {level.title()} Channel",
                    "is_company": True,
                    "is_channel": True,
                    "channel_type": "distributor",
                    "channel_level": level,
                }
                for level in ("gold", "silver", "bronze")
            ]
        )
        product = cls.env["product.product"].create(
            {"name": "List Chiller", "list_price": 1000.0}
        )
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "channel_partner_id": cls.gold.id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "price_unit": 1000.0})
                ],
            }
        )
        order.action_confirm()
        today = fields.Date.context_today(order)
        Quota = cls.env["crm.sales.quota"]
        cls.current_quota = Quota.create(
            {
                "target_type": "channel",
                "partner_id": cls.gold.id,
                "date_from": today.replace(day=1),
                "date_to": today + relativedelta(day=31),
                "target_amount": 4000.0,
            }
        )
        cls.past_quota = Quota.create(
            {
                "target_type": "channel",
                "partner_id": cls.gold.id,
                "date_from": today - relativedelta(years=1, day=1),
                "date_to": today - relativedelta(years=1, day=31),
                "target_amount": 100.0,
            }
        )

    def test_levels_grouped_in_their_order(self):
        groups = self.env["res.partner"].read_group(
            [("id", "in", (self.gold | self.silver | self.bronze).ids)],
            ["channel_level"],
            ["channel_level"],
        )
        self.assertEqual(
            [group["channel_level"] for group in groups], ["gold", "silver", "bronze"]
        )
        self.bronze.customer_tier, self.silver.customer_tier = "vip", "c"
        self.gold.customer_tier = "a"
        groups = self.env["res.partner"].read_group(
            [("id", "in", (self.gold | self.silver | self.bronze).ids)],
            ["customer_tier"],
            ["customer_tier"],
        )
        self.assertEqual(
            [group["customer_tier"] for group in groups], ["vip", "a", "c"]
        )

    def test_attainment_and_quotas_of_a_channel(self):
        gold = self.gold.with_user(self.user_channel_manager)
        self.assertEqual(gold.channel_quota_count, 2)
        self.assertAlmostEqual(gold.channel_attainment, 25.0)  # 1 000 of 4 000
        self.assertEqual(
            self.silver.with_user(self.user_channel_manager).channel_attainment, 0
        )
        action = gold.action_view_channel_quotas()
        self.assertEqual(
            self.env["crm.sales.quota"]
            .with_user(self.user_channel_manager)
            .search(action["domain"]),
            self.current_quota | self.past_quota,
        )
        self.assertEqual(action["context"]["default_partner_id"], gold.id)

    def test_channels_list_shows_type_level_attainment(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "turbo_crm.res_partner_action_channels"
        )
        view_id = {mode: view for view, mode in action["views"]}["list"]
        arch = (
            self.env["res.partner"]
            .with_user(self.user_channel_manager)
            .get_views([(view_id, "list")])["views"]["list"]["arch"]
        )
        columns = etree.fromstring(arch).xpath("//list/field[not(@column_invisible)]")
        shown = {c.get("name") for c in columns if c.get("optional") != "hide"}
        self.assertLessEqual(
            {"channel_type", "channel_level", "channel_attainment", "sale_order_count"},
            shown,
        )

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import TurboCrmDealCommon


@tagged("post_install", "-at_install")
class TestChannelSales(TurboCrmDealCommon):
    """A distributor sells 2 orders to end customers (channel orders) and
    buys 1 for itself: its Sales button says 3 and opens those 3."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.distributor = cls.env["res.partner"].create(
            {
                "name": "Figures Distributor",
                "is_company": True,
                "is_channel": True,
                "channel_type": "distributor",
                "channel_level": "gold",
                "child_ids": [(0, 0, {"name": "Distributor buyer"})],
            }
        )
        Order = cls.env["sale.order"]
        cls.orders = Order.create(
            [
                {
                    "partner_id": cls.customer.id,
                    "user_id": cls.user_salesman.id,
                    "channel_partner_id": cls.distributor.id,
                },
                {
                    "partner_id": cls.customer.child_ids[0].id,
                    "user_id": cls.user_salesman.id,
                    "channel_partner_id": cls.distributor.id,
                },
                {
                    # the channel buying for itself, through itself: once
                    "partner_id": cls.distributor.child_ids.id,
                    "user_id": cls.user_salesman.id,
                    "channel_partner_id": cls.distributor.id,
                },
            ]
        )
        cls.other = Order.create(
            {"partner_id": cls.customer.id, "user_id": cls.user_salesman.id}
        )

    def test_sales_button_counts_the_channel_orders(self):
        distributor = self.distributor.with_user(self.user_sales_manager)
        self.assertEqual(distributor.sale_order_count, 3)
        action = distributor.action_view_sale_order()
        self.assertEqual(
            self.env["sale.order"]
            .with_user(self.user_sales_manager)
            .search(action["domain"]),
            self.orders,
        )

    def test_a_customer_keeps_its_own_count(self):
        customer = self.customer.with_user(self.user_sales_manager)
        self.assertEqual(customer.sale_order_count, 3)


@tagged("post_install", "-at_install")
class TestAttainmentBars(TurboCrmDealCommon):
    def test_bars_over_target_are_filled(self):
        """Over 100% the progress bar takes its overflow class, a pale grey
        by default that reads as empty: every attainment bar sets one that
        shows."""
        bars = 0
        for model in ("crm.sales.quota", "crm.sales.quota.report"):
            views = self.env[model].get_views(
                [(False, "list"), (False, "form"), (False, "kanban")]
            )["views"]
            for view in views.values():
                arch = etree.fromstring(view["arch"])
                for node in arch.xpath("//field[@widget='progressbar']"):
                    bars += 1
                    options = safe_eval(node.get("options") or "{}")
                    self.assertIn(
                        options.get("overflow_class"),
                        ("bg-success", "bg-warning", "bg-danger", "bg-primary"),
                        f"{model} {node.get('name')}",
                    )
        self.assertGreaterEqual(bars, 4)

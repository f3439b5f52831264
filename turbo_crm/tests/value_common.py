# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command

from .common import TurboCrmCommon

RUN_DAY = date(2031, 6, 30)


class TurboCrmValueCommon(TurboCrmCommon):
    """Four 'individual' customers with hand-counted orders, and a value
    model of their own segment (the demo's models score the others):

    ======== ====================== ======= ======
    customer confirmed orders        revenue orders
    ======== ====================== ======= ======
    Alpha    1,000 + 3,000           4,000   2
    Bravo    2,000 (+ 9,999 draft)   2,000   1
    Charlie  none                    0       0
    Delta    6,000 + 1,000 (contact) 7,000   2
    ======== ====================== ======= ======
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Value test", "currency_id": cls.company.currency_id.id}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Value test chiller",
                "list_price": 1.0,
                "standard_price": 0.0,
                "taxes_id": [Command.clear()],
            }
        )
        Partner = cls.env["res.partner"]
        cls.alpha, cls.bravo, cls.charlie, cls.delta = Partner.create(
            [
                {
                    "name": f"Value {name}",
                    "is_company": True,
                    "customer_segment": "individual",
                    "customer_rank": 1,
                }
                for name in ("Alpha", "Bravo", "Charlie", "Delta")
            ]
        )
        cls.bravo.user_id = cls.user_salesman
        cls.delta_contact = Partner.create(
            {"name": "Delta buyer", "parent_id": cls.delta.id}
        )
        cls.customers = cls.alpha | cls.bravo | cls.charlie | cls.delta
        cls.orders = cls._order(cls.alpha, 1000) | cls._order(cls.alpha, 3000)
        cls.orders |= cls._order(cls.bravo, 2000) | cls._order(cls.delta, 6000)
        cls.orders |= cls._order(cls.delta_contact, 1000)
        cls.orders.action_confirm()
        cls.orders.date_order = date(2031, 6, 1)
        cls._order(cls.bravo, 9999)  # a quotation: not revenue
        cls.model = cls.env["crm.customer.value.model"].create(
            {
                "name": "Individuals",
                "applies_to": "customer",
                "customer_segment": "individual",
                "threshold_vip": 80,
                "threshold_a": 60,
                "threshold_b": 40,
                "top_n": 3,
                "rank_alert_threshold": 0,
                "indicator_ids": [
                    Command.create(
                        {
                            "indicator": "revenue",
                            "weight": 60,
                            "normalisation": "minmax",
                            "sequence": 1,
                        }
                    ),
                    Command.create(
                        {
                            "indicator": "order_count",
                            "weight": 40,
                            "normalisation": "percentile",
                            "sequence": 2,
                        }
                    ),
                ],
            }
        )
        cls.ind_revenue, cls.ind_orders = cls.model.indicator_ids

    @classmethod
    def _order(cls, partner, amount):
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "pricelist_id": cls.pricelist.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )

    def _snapshots(self, day=RUN_DAY, model=None):
        return self.env["crm.customer.value.snapshot"].search(
            [("model_id", "=", (model or self.model).id), ("date", "=", day)]
        )

    def _line(self, partner, indicator, day=RUN_DAY):
        snapshot = self._snapshots(day).filtered(lambda s: s.partner_id == partner)
        return snapshot.line_ids.filtered(lambda li: li.indicator_id == indicator)

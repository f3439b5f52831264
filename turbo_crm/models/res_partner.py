# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.osv import expression


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_segment = fields.Selection(
        [
            ("group", "Group"),
            ("enterprise", "Enterprise"),
            ("government", "Government"),
            ("individual", "Individual"),
        ],
        index=True,
        tracking=True,
        help="Group: a customer group with several buying units (集团客户). "
        "Enterprise: a single company. Government: a public body or "
        "state-owned institution. Individual: a private person.",
    )
    customer_tier = fields.Selection(
        [
            ("vip", "VIP"),
            ("a", "A"),
            ("b", "B"),
            ("c", "C"),
        ],
        index=True,
        tracking=True,
        group_expand="_read_group_customer_tier",
        help="Commercial importance of the customer, VIP being the highest.",
    )
    sales_region_id = fields.Many2one(
        "crm.sales.region",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        help="Region whose sales organisation covers this customer.",
    )

    is_channel = fields.Boolean(
        string="Is a Channel",
        index=True,
        tracking=True,
        help="A distributor, agent, integrator or reseller through which we sell.",
    )
    channel_type = fields.Selection(
        [
            ("distributor", "Distributor"),
            ("agent", "Agent"),
            ("integrator", "System Integrator"),
            ("reseller", "Reseller"),
        ],
        tracking=True,
    )
    channel_level = fields.Selection(
        [("gold", "Gold"), ("silver", "Silver"), ("bronze", "Bronze")],
        tracking=True,
        group_expand="_read_group_channel_level",
        help="Classification of the channel, from its results and commitment.",
    )
    channel_quota_count = fields.Integer(
        compute="_compute_channel_quota",
        string="Quotas",
        groups="sales_team.group_sale_salesman",
    )
    channel_attainment = fields.Float(
        compute="_compute_channel_quota",
        string="Attainment (%)",
        digits=(16, 1),
        groups="sales_team.group_sale_salesman",
        help="What the channel achieved against its quotas of today's "
        "period (those for every product when it has some), in percent.",
    )
    stakeholder_ids = fields.One2many(
        "crm.lead.stakeholder",
        "partner_id",
        string="Buying Roles",
        groups="sales_team.group_sale_salesman",
        help="The roles of this person on buying committees, across opportunities.",
    )
    stakeholder_count = fields.Integer(
        compute="_compute_stakeholder_count",
        string="Buying Roles Count",
        groups="sales_team.group_sale_salesman",
    )

    # Groups of a classification in its own order (Gold, Silver, Bronze;
    # VIP, A, B, C) rather than alphabetical, and only those with partners.
    def _read_group_channel_level(self, values, domain):
        return self._sorted_as_selection("channel_level", values)

    def _read_group_customer_tier(self, values, domain):
        return self._sorted_as_selection("customer_tier", values)

    def _sorted_as_selection(self, field_name, values):
        order = self._fields[field_name].get_values(self.env)
        return sorted(values, key=order.index)

    def _compute_channel_quota(self):
        channels = self.filtered(lambda partner: partner.is_channel and partner.id)
        quotas = self.env["crm.sales.quota"]
        if channels:
            quotas = quotas.search(
                [("target_type", "=", "channel"), ("partner_id", "in", channels.ids)]
            )
        today = fields.Date.context_today(self)
        current = quotas.filtered(lambda q: q.date_from <= today <= q.date_to)
        for partner in self:
            partner.channel_quota_count = len(
                quotas.filtered(lambda q, p=partner: q.partner_id == p)
            )
            mine = current.filtered(lambda q, p=partner: q.partner_id == p)
            mine = mine.filtered(lambda q: not q.categ_id) or mine
            target = sum(mine.mapped("target_amount"))
            partner.channel_attainment = (
                100.0 * sum(mine.mapped("achieved_amount")) / target if target else 0.0
            )

    def action_view_channel_quotas(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "turbo_crm.crm_sales_quota_action"
        )
        action.update(
            {
                "name": self.env._("Quotas of %(name)s", name=self.name),
                "domain": [
                    ("target_type", "=", "channel"),
                    ("partner_id", "=", self.id),
                ],
                "context": {
                    "default_target_type": "channel",
                    "default_partner_id": self.id,
                },
            }
        )
        return action

    def _compute_stakeholder_count(self):
        counts = dict(
            self.env["crm.lead.stakeholder"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.stakeholder_count = counts.get(partner, 0)

    def action_view_stakeholder_roles(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "turbo_crm.crm_lead_stakeholder_action"
        )
        action.update(
            {
                "name": self.env._("Buying Roles of %(name)s", name=self.name),
                "domain": [("partner_id", "=", self.id)],
                "context": {"default_partner_id": self.id},
                "view_mode": "list,form",
                "views": [(False, "list"), (False, "form")],
            }
        )
        return action

    @api.model
    def _commercial_fields(self):
        # Contacts share the classification of their company.
        return super()._commercial_fields() + [
            "customer_segment",
            "customer_tier",
            "sales_region_id",
            "is_channel",
            "channel_type",
            "channel_level",
        ]

    # -- A channel's sales: the orders through it ----------------------------
    def _channel_sale_order_domain(self):
        """Orders through these channels that are not already theirs as the
        customer (Odoo's count has those)."""
        return [
            ("channel_partner_id", "in", self.ids),
            "!",
            ("partner_id", "child_of", self.ids),
        ]

    def _compute_sale_order_count(self):
        super()._compute_sale_order_count()
        channels = self.filtered("is_channel")
        if not channels or not self.env.user._has_group(
            "sales_team.group_sale_salesman"
        ):
            return
        counts = dict(
            self.env["sale.order"]._read_group(
                expression.AND(
                    [
                        self._get_sale_order_domain_count(),
                        channels._channel_sale_order_domain(),
                    ]
                ),
                ["channel_partner_id"],
                ["__count"],
            )
        )
        for channel in channels:
            channel.sale_order_count += counts.get(channel, 0)

    def action_view_sale_order(self):
        action = super().action_view_sale_order()
        channels = self.filtered("is_channel")
        if channels:
            action["domain"] = expression.OR(
                [action["domain"], [("channel_partner_id", "in", channels.ids)]]
            )
        return action

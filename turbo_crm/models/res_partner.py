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
        help="Classification of the channel, from its results and commitment.",
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

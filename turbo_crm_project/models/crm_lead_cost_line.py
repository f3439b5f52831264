# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


def check_lead_access(lines, vals_list):
    """Adding lines to a deal, or moving them to another, needs write access
    to the deals they join (in vals_list) and to those they are on."""
    if lines.env.su:
        return
    lead_ids = {vals["lead_id"] for vals in vals_list if vals.get("lead_id")}
    lines.lead_id.browse(lead_ids).check_access("write")
    lines.lead_id.check_access("write")


class CrmLeadCostLine(models.Model):
    """An estimated cost of a project deal: equipment bought in, labour,
    subcontracting... The estimate against which the margin is forecast."""

    _name = "crm.lead.cost.line"
    _description = "Deal Estimated Cost"
    _order = "lead_id, sequence, id"
    _check_company_auto = True

    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="lead_id.company_currency")
    sequence = fields.Integer(default=10)
    cost_type = fields.Selection(
        [
            ("equipment", "Equipment and materials"),
            ("labour", "Labour"),
            ("subcontract", "Subcontracting"),
            ("travel", "Travel"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="equipment",
    )
    product_id = fields.Many2one("product.product", check_company=True)
    name = fields.Char(
        string="Description",
        compute="_compute_name",
        store=True,
        readonly=False,
        required=True,
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    unit_cost = fields.Monetary(
        compute="_compute_unit_cost", store=True, readonly=False
    )
    amount = fields.Monetary(compute="_compute_amount", store=True)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # Checked once created, so that a default_lead_id counts too.
        lines._check_lead_access([])
        return lines

    def write(self, vals):
        if "lead_id" in vals:
            self._check_lead_access([vals])
        return super().write(vals)

    def _check_lead_access(self, vals_list):
        """Creating a cost line, or moving it to another deal, needs write
        access to the deal (and to the deal it leaves)."""
        check_lead_access(self, vals_list)

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            if line.product_id:
                line.name = line.product_id.display_name
            elif not line.name:
                line.name = False

    @api.depends("product_id")
    def _compute_unit_cost(self):
        for line in self:
            if line.product_id:
                line.unit_cost = line.product_id.standard_price
            elif not line.unit_cost:
                line.unit_cost = 0.0

    @api.depends("quantity", "unit_cost")
    def _compute_amount(self):
        for line in self:
            line.amount = line.quantity * line.unit_cost

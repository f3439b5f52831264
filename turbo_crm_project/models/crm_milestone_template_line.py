# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

MILESTONE_TYPES = [
    ("sales", "Sales phase"),
    ("delivery", "Delivery"),
]

RESPONSIBLE_ROLES = [
    ("salesperson", "Salesperson"),
    ("presales", "Pre-sales engineer"),
    ("project_manager", "Project manager"),
]


class CrmMilestoneTemplateLine(models.Model):
    _name = "crm.milestone.template.line"
    _description = "Deal Milestone Plan Line"
    _order = "template_id, sequence, id"
    _check_company_auto = True

    template_id = fields.Many2one(
        "crm.milestone.template", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="template_id.company_id", store=True, index=True
    )
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    milestone_type = fields.Selection(
        MILESTONE_TYPES,
        string="Type",
        required=True,
        default="sales",
        help="Sales-phase milestones are tracked on the opportunity; delivery "
        "milestones also become milestones of the order's project when the "
        "order is confirmed, and bill their invoice share when reached.",
    )
    offset_days = fields.Integer(
        string="Days from Start",
        help="The milestone's deadline, in days after the date the plan is "
        "applied to the opportunity.",
    )
    responsible_role = fields.Selection(
        RESPONSIBLE_ROLES,
        default="salesperson",
        required=True,
        help="Who is responsible for the milestone: the opportunity's "
        "salesperson, or the deal team member with this role (the "
        "salesperson when the team has none).",
    )
    required_category_ids = fields.Many2many(
        "crm.document.category",
        string="Required Documents",
        help="The milestone cannot be marked done until a document of each of "
        "these categories is attached to it.",
    )
    invoice_share = fields.Float(
        string="Invoice Share (%)",
        digits=(5, 2),
        help="Share of the order billed when this delivery milestone is reached.",
    )

    _sql_constraints = [
        (
            "offset_days_positive",
            "CHECK (offset_days >= 0)",
            "A milestone cannot be due before the plan starts.",
        ),
        (
            "invoice_share_range",
            "CHECK (invoice_share >= 0 AND invoice_share <= 100)",
            "An invoice share is a percentage between 0 and 100.",
        ),
    ]

    # The delivery shares of a plan make 100%, however its lines are edited:
    # through the plan (checked once, on the plan) or one by one.
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.template_id._check_invoice_shares_of_lines()
        return lines

    def write(self, vals):
        templates = self.template_id
        result = super().write(vals)
        if {"invoice_share", "milestone_type", "template_id"} & set(vals):
            (templates | self.template_id)._check_invoice_shares_of_lines()
        return result

    def unlink(self):
        templates = self.template_id
        result = super().unlink()
        templates.exists()._check_invoice_shares_of_lines()
        return result

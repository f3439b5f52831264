# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ReceivableFollowupPolicy(models.Model):
    """How a company reminds its customers of overdue invoices (催收)."""

    _name = "receivable.followup.policy"
    _description = "Collection Policy"
    _inherit = ["mail.thread"]
    _order = "company_id, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    level_ids = fields.One2many(
        "receivable.followup.level", "policy_id", string="Levels", copy=True
    )
    level_count = fields.Integer(compute="_compute_level_count")

    @api.depends("level_ids")
    def _compute_level_count(self):
        for policy in self:
            policy.level_count = len(policy.level_ids)

    @api.constrains("company_id", "active")
    def _check_one_per_company(self):
        for policy in self.filtered("active"):
            if self.search_count(
                [("company_id", "=", policy.company_id.id), ("id", "!=", policy.id)]
            ):
                raise ValidationError(
                    self.env._(
                        "%(company)s already has a collection policy: archive it "
                        "first.",
                        company=policy.company_id.name,
                    )
                )

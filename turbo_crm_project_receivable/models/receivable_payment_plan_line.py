# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class ReceivablePaymentPlanLine(models.Model):
    """An instalment due at a billed milestone of the deal: it falls due
    when the milestone is planned, or when it was reached."""

    _inherit = "receivable.payment.plan.line"

    milestone_id = fields.Many2one(
        "crm.lead.milestone",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        domain="[('lead_id', '=', opportunity_id), "
        "('milestone_type', '=', 'delivery')]",
        help="The deal's delivery milestone this instalment is due at: its "
        "date follows the milestone's deadline, then its reached date.",
    )
    opportunity_id = fields.Many2one(related="order_id.opportunity_id")
    planned_date = fields.Date(
        compute="_compute_planned_date", store=True, readonly=False, precompute=True
    )

    @api.depends("milestone_id.deadline", "milestone_id.reached_date")
    def _compute_planned_date(self):
        for line in self:
            milestone = line.milestone_id
            line.planned_date = (
                milestone.reached_date
                or milestone.deadline
                or line.planned_date
                or fields.Date.context_today(line)
            )

    @api.constrains("milestone_id", "order_id")
    def _check_milestone(self):
        for line in self.sudo().filtered("milestone_id"):
            if line.milestone_id.lead_id != line.order_id.opportunity_id:
                raise ValidationError(
                    self.env._(
                        "Instalment %(instalment)s of %(order)s can only be due "
                        "at a milestone of its own deal.",
                        instalment=line.name,
                        order=line.order_id.name,
                    )
                )

    def _copy_milestone_names(self):
        """Give the instalments still named after their milestone the
        milestone's name in every language, for each reader his own."""
        if not self:
            return
        self.flush_recordset(["name", "milestone_id"])
        self.env["crm.lead.milestone"].flush_model(["name"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE receivable_payment_plan_line instalment
                   SET name = milestone.name
                  FROM crm_lead_milestone milestone
                 WHERE milestone.id = instalment.milestone_id
                   AND instalment.id = ANY(%(ids)s)
                   AND instalment.name ->> %(lang)s = COALESCE(
                       milestone.name ->> %(lang)s, milestone.name ->> 'en_US'
                   )
                """,
                ids=self.ids,
                lang=self.env.lang or "en_US",
            )
        )
        self.invalidate_recordset(["name"])

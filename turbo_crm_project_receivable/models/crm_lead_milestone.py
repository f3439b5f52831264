# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmLeadMilestone(models.Model):
    _inherit = "crm.lead.milestone"

    payment_plan_line_ids = fields.One2many(
        "receivable.payment.plan.line", "milestone_id", string="Instalments"
    )

    def _prepare_payment_plan_line_vals(self):
        return [
            {
                "name": milestone.name,
                "sequence": milestone.sequence,
                "milestone_id": milestone.id,
                "share": milestone.invoice_share,
            }
            for milestone in self
        ]

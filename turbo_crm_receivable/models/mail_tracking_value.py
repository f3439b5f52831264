# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    # Set on the changes of a field that is each company's (a shared
    # customer's credit hold, say): the chatter says whose value changed.
    company_id = fields.Many2one("res.company", readonly=True, ondelete="set null")

    def _tracking_value_format_model(self, model):
        formatted = super()._tracking_value_format_model(model)
        companies = {tracking.id: tracking.company_id for tracking in self}
        for info in formatted:
            company = companies.get(info["id"])
            if company:
                # In the reader's language: this runs in the reader's env.
                info["changedField"] = self.env._(
                    "%(field)s for %(company)s",
                    field=info["changedField"],
                    company=company.sudo().name,
                )
        return formatted

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ReceivableFollowupLog(models.Model):
    """What the follow-up did for a customer, and which invoices it covered.
    Each customer reaches each level once per overdue spell."""

    _name = "receivable.followup.log"
    _description = "Collection Log"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        readonly=True,
        ondelete="cascade",
        check_company=True,
    )
    level_id = fields.Many2one(
        "receivable.followup.level",
        required=True,
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Collector", readonly=True)
    move_ids = fields.Many2many(
        "account.move", string="Invoices", readonly=True, copy=False, check_company=True
    )
    amount_overdue = fields.Monetary(readonly=True)
    days_overdue = fields.Integer(readonly=True)
    email_sent = fields.Boolean(readonly=True)
    activity_created = fields.Boolean(readonly=True)
    letter_to_print = fields.Boolean(readonly=True)
    credit_hold = fields.Boolean(string="Credit Hold Set", readonly=True)
    manual = fields.Boolean(
        readonly=True, help="Run by hand from the customer rather than by the job."
    )

    def action_open_partner(self):
        """A row of the log opens the customer it reminded."""
        self.ensure_one()
        return self.partner_id._get_records_action()

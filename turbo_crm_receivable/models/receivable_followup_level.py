# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ReceivableFollowupLevel(models.Model):
    """A step of a collection policy, reached when a customer's oldest
    overdue invoice is that many days late."""

    _name = "receivable.followup.level"
    _description = "Collection Level"
    _order = "delay, id"

    policy_id = fields.Many2one(
        "receivable.followup.policy", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="policy_id.company_id", store=True)
    name = fields.Char(required=True, translate=True)
    delay = fields.Integer(
        string="Days Overdue",
        required=True,
        help="Reached when the customer's oldest unpaid invoice is this many "
        "days past due.",
    )
    send_email = fields.Boolean(string="Send an Email")
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain="[('model', '=', 'res.partner')]",
    )
    create_activity = fields.Boolean(string="Schedule an Activity")
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        default=lambda self: self.env.ref(
            "mail.mail_activity_data_call", raise_if_not_found=False
        ),
    )
    activity_summary = fields.Char(translate=True)
    activity_note = fields.Html(translate=True)
    print_letter = fields.Boolean(
        string="Print a Letter",
        help="The reminder letter is to be printed and sent; the collector "
        "finds it on the customer.",
    )
    credit_hold = fields.Boolean(
        help="Put the customer on credit hold: its new quotations cannot be "
        "confirmed until a credit controller lifts the hold."
    )

    _sql_constraints = [
        ("delay_uniq", "unique (policy_id, delay)", "Two levels have the same delay."),
        ("delay_positive", "CHECK (delay > 0)", "A level starts after the due date."),
    ]

    @api.constrains(
        "send_email", "mail_template_id", "create_activity", "activity_type_id"
    )
    def _check_actions(self):
        for level in self:
            if level.send_email and not level.mail_template_id:
                raise ValidationError(
                    self.env._("Choose the email template of level %s.", level.name)
                )
            if level.create_activity and not level.activity_type_id:
                raise ValidationError(
                    self.env._("Choose the activity type of level %s.", level.name)
                )

    def _get_activity_summary(self):
        """The summary of the activity this level schedules, in the
        language of the context (the collector's)."""
        self.ensure_one()
        return self.activity_summary or self.name

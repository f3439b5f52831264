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

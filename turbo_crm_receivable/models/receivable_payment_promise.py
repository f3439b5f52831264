# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL


class ReceivablePaymentPromise(models.Model):
    """A customer's promise to pay overdue invoices by a date (承诺付款).

    While it is open the follow-up leaves the customer alone. The daily job
    marks it kept once the invoices are paid, or broken when the date has
    passed without it; a broken promise raises the customer one collection
    level at once.
    """

    _name = "receivable.payment.promise"
    _description = "Promise to Pay"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "promised_date desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id),"
        " ('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('payment_state', 'in', ('not_paid', 'partial'))]",
        help="The invoices the customer promised to pay.",
    )
    amount = fields.Monetary(
        compute="_compute_amount",
        store=True,
        readonly=False,
        tracking=True,
        help="What was promised; by default what the invoices still owe.",
    )
    promised_date = fields.Date(required=True, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Collector",
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    state = fields.Selection(
        [("open", "Open"), ("kept", "Kept"), ("broken", "Broken")],
        default="open",
        required=True,
        tracking=True,
        readonly=True,
        help="Settled by the daily collection job: kept once the invoices "
        "are paid, broken once the date has passed without it.",
    )
    note = fields.Text(help="How and by whom the promise was made.")
    # The customer's collector for the company promised to: what the record
    # rules read (the customer's collector_id would be the current
    # company's, whichever company the promise is of).
    customer_collector_id = fields.Many2one(
        "res.users",
        string="Customer's Collector",
        compute="_compute_customer_collector_id",
        search="_search_customer_collector_id",
        compute_sudo=True,
    )

    _sql_constraints = [
        (
            "amount_positive",
            "CHECK (amount > 0)",
            "A promise is for a positive amount.",
        ),
    ]

    @api.depends("move_ids")
    def _compute_amount(self):
        # Computed as superuser: the sum is of the invoices the user who
        # links them may read (a promise being filled in is an onchange).
        reader = self.env(su=False)
        for promise in self:
            moves = promise.move_ids._origin.with_env(reader)._filtered_access("read")
            promise.amount = sum(moves.sudo().mapped("amount_residual_signed"))

    @api.depends("partner_id", "company_id")
    def _compute_customer_collector_id(self):
        for promise in self:
            promise.customer_collector_id = promise.partner_id.with_company(
                promise.company_id or self.env.company
            ).collector_id

    def _search_customer_collector_id(self, operator, value):
        if operator not in ("=", "in"):
            raise UserError(
                self.env._("Search the customer's collector with = or in only.")
            )
        user_ids = [value] if operator == "=" else list(value)
        self.env["res.partner"].flush_model(["collector_id", "user_id"])
        self.flush_model(["partner_id", "company_id"])
        return [
            (
                "id",
                "in",
                SQL(
                    """(
                    SELECT promise.id
                      FROM receivable_payment_promise promise
                      JOIN res_partner partner ON partner.id = promise.partner_id
                     WHERE %s = ANY(%s)
                    )""",
                    self.env["res.partner"]._collector_sql(
                        "partner", SQL("promise.company_id")
                    ),
                    [user_id for user_id in user_ids if user_id],
                ),
            )
        ]

    @api.model_create_multi
    def create(self, vals_list):
        promises = super().create(vals_list)
        # Checked once created: a default_state in the context counts too.
        if not self.env.su and any(
            state != "open" for state in promises.mapped("state")
        ):
            raise AccessError(self._state_error())
        return promises

    def write(self, vals):
        if (
            "state" in vals
            and not self.env.su
            and any(promise.state != vals["state"] for promise in self)
        ):
            raise AccessError(self._state_error())
        return super().write(vals)

    def _state_error(self):
        return self.env._(
            "A promise to pay is settled by the collection job: it is kept "
            "once its invoices are paid, broken once its date has passed."
        )

    @api.constrains("partner_id", "move_ids")
    def _check_invoices(self):
        for promise in self.sudo():
            others = promise.move_ids.filtered(
                lambda m, p=promise: (
                    m.commercial_partner_id != p.partner_id.commercial_partner_id
                )
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "The invoices of a promise must be %(customer)s's: "
                        "%(invoices)s are not.",
                        customer=promise.partner_id.display_name,
                        invoices=", ".join(others.mapped("name")),
                    )
                )

    def _is_kept(self):
        self.ensure_one()
        if self.move_ids:
            return all(
                state in ("paid", "in_payment", "reversed")
                for state in self.move_ids.mapped("payment_state")
            )
        return not self.partner_id.commercial_partner_id.with_company(
            self.company_id
        ).followup_amount_overdue

    @api.model
    def _check_promises(self, today):
        """Settle the open promises: kept once paid, broken once past their
        date unpaid. Returns the broken ones."""
        open_promises = self.sudo().search([("state", "=", "open")])
        kept = open_promises.filtered(lambda p: p._is_kept())
        kept.state = "kept"
        broken = (open_promises - kept).filtered(lambda p: p.promised_date < today)
        broken.state = "broken"
        return broken

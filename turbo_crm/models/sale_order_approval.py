# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2.errors import LockNotAvailable

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class SaleOrderApproval(models.Model):
    """One rule's approval of an order: written only by the order's
    approval methods (in sudo, after their checks)."""

    _name = "sale.order.approval"
    _description = "Sales Order Approval"
    _order = "order_id, step, id"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    rule_id = fields.Many2one(
        "sale.approval.rule",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    step = fields.Integer(required=True)
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("void", "Void"),
        ],
        required=True,
        default="pending",
        index=True,
    )
    approver_ids = fields.Many2many(
        "res.users",
        string="Approvers",
        help="Who may decide, as the rule named them when the approval was requested.",
    )
    decided_by_id = fields.Many2one("res.users")
    decided_on = fields.Datetime()
    reason = fields.Text(help="Why it was rejected.")
    fingerprint = fields.Char(
        help="The order's approval fingerprint when the approval was requested."
    )
    # What made the rule match, when the approval was requested.
    match_reason = fields.Text(string="Matched Because")
    amount_untaxed = fields.Monetary(
        string="Untaxed Amount",
        currency_field="company_currency_id",
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id")
    discount_max = fields.Float(string="Max. Discount (%)", digits="Discount")
    margin_percent = fields.Float(string="Margin (%)")
    activity_ids = fields.Many2many(
        "mail.activity",
        string="Activities",
        help="The approvers' to-dos for this approval.",
    )

    def _lock_for_decision(self):
        """Lock the rows before deciding: of two approvers deciding at once,
        one decision is recorded and the other is told it was decided."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE id IN %s FOR UPDATE NOWAIT",
                        SQL.identifier(self._table),
                        tuple(self.ids),
                    ),
                    log_exceptions=False,  # a busy row is an answer, not a bug
                )
        except LockNotAvailable:
            raise UserError(
                self.env._(
                    "This approval is being decided by someone else: reload "
                    "the order to see the decision."
                )
            ) from None
        self.invalidate_recordset(["state"])
        if any(approval.state != "pending" for approval in self):
            raise UserError(
                self.env._(
                    "This approval has already been decided: reload the order "
                    "to see the decision."
                )
            )

    def _leave_out_salespersons(self):
        """Pending approvals that name their order's salesperson (requested
        before she was left out of the approvers): the others decide, or the
        Sales Administrators when she was the only one; the current step's
        to-dos follow. Returns the approvals changed."""
        changed = self.filtered(
            lambda approval: (
                approval.state == "pending"
                and approval.order_id.user_id
                and approval.order_id.user_id in approval.approver_ids
            )
        )
        for approval in changed:
            order = approval.order_id
            approvers, note = approval.approver_ids - order.user_id, False
            if not approvers:
                approvers, note = approval.rule_id._get_salesperson_fallback(order)
            approval.write(
                {
                    "approver_ids": [Command.set(approvers.ids)],
                    "match_reason": "\n".join(
                        filter(None, [approval.match_reason, note])
                    ),
                }
            )
        for order in changed.order_id:
            current = order._get_current_approvals()
            if current & changed:
                # sudo: the approvers' to-dos are the system's to move.
                current.sudo().activity_ids.unlink()
                order._notify_current_approvers()
        return changed

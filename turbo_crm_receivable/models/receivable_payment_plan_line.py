# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class ReceivablePaymentPlanLine(models.Model):
    """An instalment of a sales order: advance, on delivery, on acceptance,
    retention... What the order's invoices billed and what its customer
    paid are allocated to the instalments in date order, so that each shows
    how much of it is invoiced and paid without linking invoices by hand.
    """

    _name = "receivable.payment.plan.line"
    _description = "Payment Plan Line"
    _order = "order_id, planned_date, sequence, id"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Instalment", required=True, translate=True)
    partner_id = fields.Many2one(
        related="order_id.partner_id.commercial_partner_id",
        string="Customer",
        store=True,
        index=True,
    )
    user_id = fields.Many2one(
        related="order_id.user_id", string="Salesperson", store=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    currency_id = fields.Many2one(related="order_id.currency_id", store=True)
    planned_date = fields.Date(required=True)
    share = fields.Float(
        string="Share (%)",
        digits=(16, 2),
        help="Part of the order's total due at this instalment.",
    )
    amount = fields.Monetary(
        compute="_compute_amount",
        store=True,
        readonly=False,
        help="The share of the order's total, or an amount set by hand.",
    )
    invoiced_amount = fields.Monetary(
        string="Invoiced", compute="_compute_progress", store=True
    )
    paid_amount = fields.Monetary(
        string="Paid", compute="_compute_progress", store=True
    )
    amount_to_collect = fields.Monetary(
        string="To Collect",
        compute="_compute_progress",
        store=True,
        help="What is still to be paid of this instalment.",
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("invoiced", "Invoiced"),
            ("partial", "Partly Paid"),
            ("paid", "Paid"),
        ],
        compute="_compute_progress",
        store=True,
    )

    @api.depends("share", "order_id.amount_total", "order_id.currency_id")
    def _compute_amount(self):
        unreadable = self._onchange_unreadable()
        for line in self:
            if line in unreadable or not line.order_id:
                line.amount = 0.0
                continue
            line.amount = line.order_id.currency_id.round(
                line.order_id.amount_total * line.share / 100
            )

    def _onchange_unreadable(self):
        """The lines being filled in (onchange) whose order the user may not
        read: computed as superuser, they must not show its amounts."""
        new = self.filtered(lambda line: not line.id and line.order_id._origin)
        if not new:
            return new
        orders = new.order_id._origin.with_env(self.env(su=False))
        readable = orders._filtered_access("read")
        return new.filtered(lambda line: line.order_id._origin not in readable)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # An instalment is its order's: adding one is editing the order.
        # Checked once created: a default_order_id in the context counts too.
        lines.order_id.check_access("write")
        return lines

    def write(self, vals):
        if "order_id" in vals:
            (
                self.order_id | self.env["sale.order"].browse(vals["order_id"])
            ).check_access("write")
        return super().write(vals)

    @api.depends(
        "amount",
        "planned_date",
        "sequence",
        # the allocation runs over all the instalments of the order
        "order_id.payment_plan_line_ids.amount",
        "order_id.payment_plan_line_ids.planned_date",
        "order_id.payment_plan_line_ids.sequence",
        "order_id.currency_id",
        "order_id.invoice_ids.state",
        "order_id.invoice_ids.move_type",
        "order_id.invoice_ids.amount_total",
        "order_id.invoice_ids.amount_residual",
    )
    def _compute_progress(self):
        unreadable = self._onchange_unreadable()
        for line in unreadable:
            line.update(
                {
                    "invoiced_amount": 0.0,
                    "paid_amount": 0.0,
                    "amount_to_collect": 0.0,
                    "state": "planned",
                }
            )
        todo = self - unreadable
        for order, order_todo in todo.grouped("order_id").items():
            if not order:
                continue  # planned, below
            invoices = order.invoice_ids.filtered(lambda m: m.state == "posted")
            invoiced = paid = 0.0
            for move in invoices:
                sign = -1 if move.move_type == "out_refund" else 1
                invoiced += sign * move.amount_total
                paid += sign * (move.amount_total - move.amount_residual)
            lines = order.payment_plan_line_ids | order_todo
            rounding = order.currency_id.rounding or 0.01
            for line in lines.sorted(lambda x: (x.planned_date, x.sequence, str(x.id))):
                line_invoiced = max(0.0, min(line.amount, invoiced))
                line_paid = max(0.0, min(line.amount, paid))
                invoiced -= line_invoiced
                paid -= line_paid
                if line not in todo:
                    continue  # allocated to, but not this line's recompute
                if (
                    float_compare(line_paid, line.amount, precision_rounding=rounding)
                    >= 0
                ):
                    state = "paid"
                elif line_paid:
                    state = "partial"
                elif line_invoiced:
                    state = "invoiced"
                else:
                    state = "planned"
                line.update(
                    {
                        "invoiced_amount": line_invoiced,
                        "paid_amount": line_paid,
                        "amount_to_collect": line.amount - line_paid,
                        "state": state,
                    }
                )
        for line in todo.filtered(lambda x: not x.order_id):
            line.update(
                {
                    "invoiced_amount": 0.0,
                    "paid_amount": 0.0,
                    "amount_to_collect": line.amount,
                    "state": "planned",
                }
            )

    @api.constrains("share", "amount", "order_id")
    def _check_total(self):
        for order in self.order_id:
            lines = order.payment_plan_line_ids
            if any(line.share < 0 or line.amount < 0 for line in lines):
                raise ValidationError(
                    self.env._("An instalment of %s cannot be negative.", order.name)
                )
            if float_compare(sum(lines.mapped("share")), 100, precision_digits=2) > 0:
                raise ValidationError(
                    self.env._(
                        "The instalments of %s add up to more than 100%% of it.",
                        order.name,
                    )
                )
            # Amounts set by hand count as they are; those of a share may
            # each be rounded up by half a cent.
            rounding = order.currency_id.rounding or 0.01
            tolerance = len(lines.filtered("share")) * rounding / 2
            if (
                float_compare(
                    sum(lines.mapped("amount")),
                    order.amount_total + tolerance,
                    precision_rounding=rounding,
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "The instalments of %(order)s add up to more than its "
                        "total of %(total)s: lower them or the shares.",
                        order=order.name,
                        total=order.amount_total,
                    )
                )

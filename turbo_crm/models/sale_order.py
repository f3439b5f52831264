# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib

from psycopg2.errors import LockNotAvailable

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_repr

from ..tools import boolean_search_domain

# What an approval approves: a change to any of them voids it.
APPROVAL_FINGERPRINT_FIELDS = (
    "amount_total",
    "order_line",
    "payment_term_id",
    "pricelist_id",
    "currency_id",
    "partner_id",
    "partner_invoice_id",
    # Who sells and for which team decide the rules and their approvers.
    "user_id",
    "team_id",
)
# Written only by the approval methods, in sudo.
APPROVAL_SYSTEM_FIELDS = frozenset(
    {"approval_state", "approval_fingerprint", "approval_ids"}
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    channel_partner_id = fields.Many2one(
        "res.partner",
        string="Channel",
        compute="_compute_channel_partner_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        domain="[('is_channel', '=', True)]",
        help="The distributor, agent or integrator through which the deal is "
        "made; carried from the opportunity.",
    )

    approval_state = fields.Selection(
        [
            ("not_required", "Not Required"),
            ("to_approve", "To Approve"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        string="Approval",
        required=True,
        default="not_required",
        copy=False,
        index=True,
        tracking=True,
        readonly=True,
        groups="base.group_user",
    )
    approval_ids = fields.One2many(
        "sale.order.approval",
        "order_id",
        string="Approvals",
        copy=False,
        readonly=True,
        groups="base.group_user",
    )
    approval_current_ids = fields.One2many(
        "sale.order.approval",
        string="Current Approvals",
        compute="_compute_approval_current_ids",
        groups="base.group_user",
        help="The approvals of the last request; the voided ones and those of "
        "earlier requests are in the approval history.",
    )
    approval_count = fields.Integer(
        string="Approval History",
        compute="_compute_approval_current_ids",
        groups="base.group_user",
    )
    approval_fingerprint = fields.Char(
        copy=False,
        readonly=True,
        groups="base.group_user",
        help="A hash of what was submitted for approval: total, lines, "
        "payment term, pricelist, currency, customer and invoice address.",
    )
    is_my_approval = fields.Boolean(
        string="Waiting for My Approval",
        compute="_compute_is_my_approval",
        search="_search_is_my_approval",
        groups="base.group_user",
    )

    @api.depends("opportunity_id.channel_partner_id")
    def _compute_channel_partner_id(self):
        for order in self:
            order.channel_partner_id = (
                order.channel_partner_id or order.opportunity_id.channel_partner_id
            )

    @api.depends("approval_ids.state", "approval_ids.decided_on")
    def _compute_approval_current_ids(self):
        for order in self:
            approvals = order.approval_ids
            current = approvals.filtered(
                lambda approval: approval.state in ("pending", "approved")
            )
            if not current:
                # A rejected request: its rejection, not the earlier ones.
                rejected = approvals.filtered(
                    lambda approval: approval.state == "rejected"
                )
                last = max(rejected.mapped("decided_on"), default=False)
                current = rejected.filtered(
                    lambda approval, last=last: approval.decided_on == last
                )
            order.approval_current_ids = current
            order.approval_count = len(approvals)

    def action_view_approval_history(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Approval History of %(order)s", order=self.name),
            "res_model": "sale.order.approval",
            "view_mode": "list,form",
            "domain": [("order_id", "=", self.id)],
            "context": {"create": False},
        }

    # -- Approval: fingerprint -------------------------------------------------
    def _get_approval_fingerprint_parts(self):
        """The values an approval approves, as text, by field name."""
        self.ensure_one()
        lines = sorted(
            (
                line.product_id.id,
                float_repr(line.product_uom_qty, 6),
                line.product_uom.id,
                float_repr(line.price_unit, 6),
                float_repr(line.discount, 6),
                float_repr(line.purchase_price, 6),
            )
            for line in self._get_approval_lines()
        )
        return {
            "amount_total": float_repr(
                self.currency_id.round(self.amount_total),
                self.currency_id.decimal_places,
            ),
            "order_line": repr(lines),
            "payment_term_id": str(self.payment_term_id.id),
            "pricelist_id": str(self.pricelist_id.id),
            "currency_id": str(self.currency_id.id),
            "partner_id": str(self.partner_id.id),
            "partner_invoice_id": str(self.partner_invoice_id.id),
            "user_id": str(self.user_id.id),
            "team_id": str(self.team_id.id),
        }

    def _get_approval_lines(self):
        """The lines an approval judges: not sections and notes, nor the
        down payments Odoo adds to a confirmed order when invoicing it."""
        return self.order_line.filtered(
            lambda line: not line.display_type and not line.is_downpayment
        )

    def _get_approval_fingerprint(self):
        """One short hash per approved value, so that a change can be named."""
        self.ensure_one()
        return ";".join(
            f"{key}:{hashlib.sha256(value.encode()).hexdigest()[:16]}"
            for key, value in self._get_approval_fingerprint_parts().items()
        )

    def _get_approval_fingerprint_changes(self, fingerprint):
        """The labels of the values that differ from `fingerprint`."""
        self.ensure_one()
        before = dict(part.split(":", 1) for part in (fingerprint or "").split(";"))
        now = dict(
            part.split(":", 1) for part in self._get_approval_fingerprint().split(";")
        )
        return [
            self._fields[key]._description_string(self.env)
            if key in self._fields
            else key
            for key, value in now.items()
            if before.get(key) != value
        ]

    def _get_approval_amount_untaxed(self):
        """The untaxed amount in the company's currency."""
        self.ensure_one()
        company = self.company_id
        return self.currency_id._convert(
            self.amount_untaxed,
            company.currency_id,
            company,
            self.date_order or fields.Date.context_today(self),
        )

    def _get_approval_max_discount(self):
        """The deepest discount of the order, in %: a line's discount field,
        or its unit price under the one its pricelist gives, or the negative
        lines (discount products, negative quantities) against the positive
        ones."""
        self.ensure_one()
        lines = self._get_approval_lines()
        positive = sum(line.price_subtotal for line in lines if line.price_subtotal > 0)
        negative = -sum(
            line.price_subtotal for line in lines if line.price_subtotal < 0
        )
        if positive:
            order_discount = 100.0 * negative / positive
        else:
            order_discount = 100.0 if negative else 0.0
        return max([order_discount, *(line._get_approval_discount() for line in lines)])

    # -- Approval: rules -------------------------------------------------------
    def _get_matching_approval_rules(self):
        """[(rule, reasons)] of the rules this order matches, by step."""
        self.ensure_one()
        rules = self.env["sale.approval.rule"]._get_applicable_rules(self)
        return [(rule, reasons) for rule in rules if (reasons := rule._matches(self))]

    def _approval_blocks_confirmation(self):
        """Whether the order matches rules that are not all approved for
        what it is now."""
        self.ensure_one()
        matches = self._get_matching_approval_rules()
        if not matches:
            return False
        # sudo: the approval fields are internal users'; the portal's
        # signature or payment is judged too.
        order_sudo = self.sudo()
        if (
            order_sudo.approval_state != "approved"
            or order_sudo.approval_fingerprint != self._get_approval_fingerprint()
        ):
            return True
        approved_rules = order_sudo.approval_ids.filtered(
            lambda approval: approval.state == "approved"
        ).rule_id
        return any(rule not in approved_rules for rule, _reasons in matches)

    def _check_approval_on_confirmation(self):
        blocked = self.filtered(lambda order: order._approval_blocks_confirmation())
        if blocked:
            raise UserError(
                self.env._(
                    "These quotations need an approval before they are "
                    "confirmed: %(orders)s. Use the Confirm button to request it.",
                    orders=", ".join(blocked.mapped("display_name")),
                )
            )

    def _get_current_approvals(self):
        """The pending approvals of the lowest pending step."""
        self.ensure_one()
        pending = self.approval_ids.filtered(
            lambda approval: approval.state == "pending"
        )
        if not pending:
            return pending
        step = min(pending.mapped("step"))
        return pending.filtered(lambda approval: approval.step == step)

    @api.depends_context("uid")
    @api.depends("approval_ids.state", "approval_ids.approver_ids")
    def _compute_is_my_approval(self):
        for order in self:
            order.is_my_approval = (
                order.approval_state == "to_approve"
                and order.user_id != self.env.user
                and any(
                    self.env.user in approval.approver_ids
                    for approval in order.sudo()._get_current_approvals()
                )
            )

    def _search_is_my_approval(self, operator, value):
        # sudo: the approvers decide orders whose approvals they may not list.
        approvals_sudo = (
            self.env["sale.order.approval"]
            .sudo()
            .search(
                [
                    ("state", "=", "pending"),
                    ("approver_ids", "in", self.env.uid),
                    ("order_id.approval_state", "=", "to_approve"),
                    ("order_id.user_id", "!=", self.env.uid),
                ]
            )
        )
        mine = approvals_sudo.order_id.filtered(
            lambda order: self.env.user in order._get_current_approvals().approver_ids
        )
        return boolean_search_domain(
            self, "is_my_approval", operator, value, [("id", "in", mine.ids)]
        )

    # -- Approval: writes ------------------------------------------------------
    def _check_approval_fields_write(self, fields_written):
        if not self.env.su and APPROVAL_SYSTEM_FIELDS & set(fields_written):
            raise AccessError(
                self.env._(
                    "The approval of an order is set by its Confirm, Approve "
                    "and Reject buttons only."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_approval_fields_write(vals)
        orders = super().create(vals_list)
        if not self.env.su and any(
            order.sudo().approval_state != "not_required"
            or order.sudo().approval_fingerprint
            for order in orders
        ):
            # Given as defaults.
            self._check_approval_fields_write(APPROVAL_SYSTEM_FIELDS)
        orders.filtered(
            lambda order: order.state == "sale"
        )._check_approval_on_confirmation()
        return orders

    def write(self, vals):
        self._check_approval_fields_write(vals)
        if vals.get("state") == "sale":
            # Every confirmation writes the state: the button, the portal,
            # the online payment, the API.
            # Every order not yet confirmed: a cancelled one too.
            confirming = self.filtered(lambda order: order.state != "sale")
            if confirming and len(vals) > 1:
                # What the same write sets is judged.
                vals = dict(vals)
                state = vals.pop("state")
                self.write(vals)
                vals = {"state": state}
            confirming._check_approval_on_confirmation()
            return super().write(vals)
        watched = self._get_approval_watched()
        confirmed = self._get_confirmed_fingerprints()
        res = super().write(vals)
        watched._void_approval_if_changed()
        self._check_confirmed_approval(confirmed)
        return res

    def _get_confirmed_fingerprints(self):
        """{order id: fingerprint} of the confirmed orders in self, taken
        before a change by a user (Odoo's own flows, in sudo, are not
        judged)."""
        if self.env.su:
            return {}
        return {
            order.id: order._get_approval_fingerprint()
            for order in self
            if order.state == "sale"
        }

    def _check_confirmed_approval(self, fingerprints):
        """A confirmed order stays what was approved, or what needed no
        approval: a change that would need one is refused (there is no
        asking once the order is confirmed)."""
        changed = self.filtered(
            lambda order: (
                order.id in fingerprints
                and order._get_approval_fingerprint() != fingerprints[order.id]
                and order._approval_blocks_confirmation()
            )
        )
        if changed:
            raise UserError(
                self.env._(
                    "%(orders)s: this change needs an approval, which a "
                    "confirmed order cannot ask for. Cancel the order, set it "
                    "back to quotation, change it and confirm it again.",
                    orders=", ".join(changed.mapped("display_name")),
                )
            )

    def _get_approval_watched(self):
        # sudo: the approval fields are internal users'; a portal user's
        # change is judged too.
        return self.filtered(
            lambda order: (
                order.state in ("draft", "sent")
                and order.sudo().approval_state in ("to_approve", "approved")
            )
        )

    def _void_approval_if_changed(self):
        for order in self._get_approval_watched():
            fingerprint = order.sudo().approval_fingerprint
            if fingerprint == order._get_approval_fingerprint():
                continue
            changes = order._get_approval_fingerprint_changes(fingerprint)
            order._void_approval()
            order.message_post(
                body=self.env._(
                    "The approval is void: %(changes)s changed. Confirming the "
                    "order asks for a new approval.",
                    changes=", ".join(changes),
                )
            )

    def _void_approval(self):
        # sudo: the approval lines are the system's; the salesperson's change
        # voids them.
        for order in self:
            open_sudo = order.sudo().approval_ids.filtered(
                lambda approval: approval.state in ("pending", "approved")
            )
            open_sudo.activity_ids.unlink()
            open_sudo.state = "void"
            order.sudo().write(
                {"approval_state": "not_required", "approval_fingerprint": False}
            )

    # -- Approval: request -----------------------------------------------------
    def action_confirm(self):
        to_request = self.filtered(
            lambda order: (
                order.state in ("draft", "sent")
                and order._approval_blocks_confirmation()
            )
        )
        for order in to_request:
            error = order._confirmation_error_message()
            if error:
                raise UserError(error)
        res = True
        if self - to_request:
            res = super(SaleOrder, self - to_request).action_confirm()
        if not to_request:
            return res
        to_request._request_approval()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "title": self.env._("Approval requested"),
                "message": self.env._(
                    "%(orders)s need an approval: their approvers were notified. "
                    "Confirm them once approved.",
                    orders=", ".join(to_request.mapped("display_name")),
                ),
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _request_approval(self):
        """One approval line per matching rule; the first step's approvers
        are notified."""
        for order in self:
            matches = order._get_matching_approval_rules()
            fingerprint = order._get_approval_fingerprint()
            order_sudo = order.sudo()  # the portal's signature requests too
            open_approvals = order_sudo.approval_ids.filtered(
                lambda approval: approval.state in ("pending", "approved")
            )
            if (
                order_sudo.approval_state == "to_approve"
                and order_sudo.approval_fingerprint == fingerprint
                and open_approvals.rule_id
                == self.env["sale.approval.rule"].union(
                    *(rule for rule, _reasons in matches)
                )
            ):
                continue  # already waiting for this very order
            no_approver = [
                rule.display_name
                for rule, _reasons in matches
                if not rule._get_approvers(order)
            ]
            if no_approver:
                raise UserError(
                    self.env._(
                        "Nobody can approve %(order)s for the rules %(rules)s: "
                        "ask a sales manager to set their approvers.",
                        order=order.display_name,
                        rules=", ".join(no_approver),
                    )
                )
            order._void_approval()
            vals_list = [
                dict(
                    rule._prepare_order_approval_values(order, reasons),
                    fingerprint=fingerprint,
                )
                for rule, reasons in matches
            ]
            # sudo: only the system writes approval lines.
            self.env["sale.order.approval"].sudo().create(vals_list)
            order.sudo().write(
                {"approval_state": "to_approve", "approval_fingerprint": fingerprint}
            )
            order.message_post(
                body=self.env._(
                    "Approval requested: %(rules)s",
                    rules="; ".join(
                        f"{rule.display_name} ({' '.join(reasons)})"
                        for rule, reasons in matches
                    ),
                )
            )
            order._notify_current_approvers()

    def _notify_current_approvers(self):
        self.ensure_one()
        approvals_sudo = self.sudo()._get_current_approvals()
        for approval_sudo in approvals_sudo:
            activities = self.env["mail.activity"].sudo()
            for user in approval_sudo.approver_ids:
                activities |= self.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=self.env._(
                        "Approve %(order)s: %(rule)s",
                        order=self.name,
                        rule=approval_sudo.rule_id.display_name,
                    ),
                    note=approval_sudo.match_reason,
                )
            approval_sudo.activity_ids = activities
        approvers = approvals_sudo.approver_ids
        # sudo: an approver who decided may not write the order.
        self.sudo().message_post(
            body=self.env._(
                "Waiting for the approval of %(approvers)s.",
                approvers=", ".join(approvers.mapped("name")),
            ),
            partner_ids=approvers.partner_id.ids,
        )

    # -- Approval: decisions ---------------------------------------------------
    def _get_approvals_to_decide(self):
        """The current step's approvals the user decides; AccessError when
        they decide none."""
        self.ensure_one()
        order_sudo = self.sudo()
        if order_sudo.approval_state != "to_approve" or self.state not in (
            "draft",
            "sent",
        ):
            raise UserError(
                self.env._(
                    "%(order)s is not waiting for an approval.",
                    order=self.display_name,
                )
            )
        if self.user_id == self.env.user:
            raise UserError(
                self.env._(
                    "You sell %(order)s: its approvals are decided by others.",
                    order=self.display_name,
                )
            )
        approvals_sudo = (
            self.sudo()
            ._get_current_approvals()
            .filtered(lambda approval: self.env.user in approval.approver_ids)
        )
        if not approvals_sudo:
            raise AccessError(
                self.env._(
                    "You are not an approver of the current step of %(order)s.",
                    order=self.display_name,
                )
            )
        return approvals_sudo

    def _check_approval_fingerprint_unchanged(self):
        self.ensure_one()
        if self.approval_fingerprint != self._get_approval_fingerprint():
            raise UserError(
                self.env._(
                    "%(order)s changed since its approval was requested "
                    "(%(changes)s): the salesperson confirms it again to "
                    "request a new approval.",
                    order=self.display_name,
                    changes=", ".join(
                        self._get_approval_fingerprint_changes(
                            self.approval_fingerprint
                        )
                    ),
                )
            )

    def _lock_for_decision(self):
        """After its approval lines, the order itself: approvers deciding
        rules of one step in parallel are judged one after the other. The
        row is written, so that a decision in a transaction that began before
        this one commits fails to serialize (and is retried by Odoo on fresh
        data) rather than read the pending lines as they were."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM sale_order WHERE id = %s FOR UPDATE NOWAIT",
                        self.id,
                    ),
                    log_exceptions=False,  # a busy row is an answer, not a bug
                )
        except LockNotAvailable:
            raise UserError(
                self.env._(
                    "Another approver is deciding %(order)s: reload it and try again.",
                    order=self.display_name,
                )
            ) from None
        self.env.cr.execute(
            SQL("UPDATE sale_order SET write_date = write_date WHERE id = %s", self.id)
        )
        self.sudo().approval_ids.invalidate_recordset(["state"])

    def action_approve(self):
        for order in self:
            approvals_sudo = order._get_approvals_to_decide()
            approvals_sudo._lock_for_decision()
            order._lock_for_decision()
            order._check_approval_fingerprint_unchanged()
            approvals_sudo.write(
                {
                    "state": "approved",
                    "decided_by_id": self.env.uid,
                    "decided_on": fields.Datetime.now(),
                }
            )
            approvals_sudo.activity_ids.unlink()
            # sudo: deciding is all the approver may write on the order.
            order_sudo = order.sudo()
            order_sudo.message_post(
                body=self.env._(
                    "Approved by %(user)s: %(rules)s",
                    user=self.env.user.name,
                    rules=", ".join(approvals_sudo.rule_id.mapped("display_name")),
                )
            )
            step = approvals_sudo[0].step
            pending_sudo = order.sudo().approval_ids.filtered(
                lambda approval: approval.state == "pending"
            )
            if any(approval.step == step for approval in pending_sudo):
                continue  # others decide this step in parallel
            if pending_sudo:
                order._notify_current_approvers()
                continue
            order_sudo.approval_state = "approved"
            order_sudo.message_post(
                body=self.env._("Approved: the order can be confirmed."),
                partner_ids=order.user_id.partner_id.ids,
            )
        return True

    def action_approve_selected(self):
        """Approve the orders selected in a list: each is checked first, and
        when the user may not approve one of them, none is approved."""
        refused = []
        for order in self:
            try:
                order._get_approvals_to_decide()
                order._check_approval_fingerprint_unchanged()
            except (AccessError, UserError) as error:
                refused.append(f"- {error.args[0]}")
        if refused:
            raise UserError(
                self.env._(
                    "No order was approved: you cannot approve these ones.\n"
                    "%(refused)s\nUnselect them and approve the others.",
                    refused="\n".join(refused),
                )
            )
        self.action_approve()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Approved: %(orders)s",
                    orders=", ".join(self.mapped("display_name")),
                ),
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_reject(self):
        self.ensure_one()
        self._get_approvals_to_decide()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject"),
            "res_model": "sale.order.approval.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def _reject_approval(self, reason):
        self.ensure_one()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the order is rejected."))
        approvals_sudo = self._get_approvals_to_decide()
        approvals_sudo._lock_for_decision()
        self._lock_for_decision()
        approvals_sudo.write(
            {
                "state": "rejected",
                "decided_by_id": self.env.uid,
                "decided_on": fields.Datetime.now(),
                "reason": reason,
            }
        )
        others_sudo = self.sudo().approval_ids.filtered(
            lambda approval: approval.state in ("pending", "approved")
        )
        (approvals_sudo | others_sudo).activity_ids.unlink()
        others_sudo.state = "void"
        # sudo: deciding is all the approver may write on the order.
        self.sudo().approval_state = "rejected"
        self.sudo().message_post(
            body=self.env._(
                "Rejected by %(user)s: %(reason)s",
                user=self.env.user.name,
                reason=reason,
            ),
            partner_ids=self.user_id.partner_id.ids,
        )
        return True

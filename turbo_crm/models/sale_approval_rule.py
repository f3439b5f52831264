# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, format_amount


class SaleApprovalRule(models.Model):
    _name = "sale.approval.rule"
    _description = "Sales Order Approval Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(
        string="Step",
        default=10,
        help="Rules of a lower step are decided first; rules of the same step "
        "are decided in parallel.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    team_ids = fields.Many2many(
        "crm.team",
        string="Sales Teams",
        check_company=True,
        help="The rule applies to the orders of these teams; to every order "
        "when empty.",
    )
    # Conditions: any of them matching makes the rule match.
    amount_untaxed_from = fields.Monetary(
        string="Untaxed Amount From",
        currency_field="currency_id",
        help="Orders whose untaxed amount, in the company's currency, reaches "
        "this amount match. Zero: no amount condition.",
    )
    discount_over = fields.Float(
        string="Discount Over (%)",
        digits="Discount",
        help="Orders with a line discounted by more than this match. Zero: no "
        "discount condition.",
    )
    margin_under = fields.Float(
        string="Margin Under (%)",
        help="Orders whose margin is below this percentage of the untaxed "
        "amount match. Zero: no margin condition.",
    )
    payment_term_ids = fields.Many2many(
        "account.payment.term",
        string="Standard Payment Terms",
        check_company=True,
        help="Orders with another payment term (or none) match. Empty: no "
        "payment term condition.",
    )
    pricelist_ids = fields.Many2many(
        "product.pricelist",
        string="Pricelists",
        check_company=True,
        help="Orders with one of these pricelists match.",
    )
    customer_segment = fields.Selection(
        selection="_selection_customer_segment",
        help="Orders of customers of this segment match.",
    )
    customer_tier = fields.Selection(
        selection="_selection_customer_tier",
        help="Orders of customers of this tier match.",
    )
    # Approvers.
    approver_group_id = fields.Many2one(
        "res.groups",
        help="Every member of this group may approve.",
    )
    approver_user_ids = fields.Many2many(
        "res.users",
        string="Approvers",
        domain="[('share', '=', False)]",
    )
    approver_team_leader = fields.Boolean(
        string="Team Leader Approves",
        help="The leader of the order's sales team may approve.",
    )

    def _selection_customer_segment(self):
        field = self.env["res.partner"]._fields["customer_segment"]
        return field._description_selection(self.env)

    def _selection_customer_tier(self):
        field = self.env["res.partner"]._fields["customer_tier"]
        return field._description_selection(self.env)

    # -- Constraints ---------------------------------------------------------
    def _has_condition(self):
        """Whether the rule has at least one condition (overridden by the
        addons that add conditions)."""
        self.ensure_one()
        return bool(
            self.amount_untaxed_from
            or self.discount_over
            or self.margin_under
            or self.payment_term_ids
            or self.pricelist_ids
            or self.customer_segment
            or self.customer_tier
        )

    def _has_approver(self):
        self.ensure_one()
        return bool(
            self.approver_group_id
            or self.approver_user_ids
            or self.approver_team_leader
        )

    @api.constrains(
        "name",  # always given: a rule created empty is checked too
        "amount_untaxed_from",
        "discount_over",
        "margin_under",
        "payment_term_ids",
        "pricelist_ids",
        "customer_segment",
        "customer_tier",
        "approver_group_id",
        "approver_user_ids",
        "approver_team_leader",
    )
    def _check_conditions_and_approvers(self):
        for rule in self:
            if not rule._has_condition():
                raise ValidationError(
                    self.env._(
                        "The approval rule %(rule)s has no condition: set an "
                        "amount, a discount, a margin, payment terms, "
                        "pricelists or a customer segment or tier.",
                        rule=rule.display_name,
                    )
                )
            if not rule._has_approver():
                raise ValidationError(
                    self.env._(
                        "The approval rule %(rule)s has no approver: set an "
                        "approver group, approvers or the team leader.",
                        rule=rule.display_name,
                    )
                )

    @api.constrains("approver_user_ids")
    def _check_approver_users_read_orders(self):
        Access = self.env["ir.model.access"]
        for rule in self:
            blind = rule.approver_user_ids.filtered(
                lambda user: (
                    not Access.with_user(user).check("sale.order", "read", False)
                )
            )
            if blind:
                raise ValidationError(
                    self.env._(
                        "%(users)s cannot read sales orders, so cannot approve "
                        "them: give them Sales or Accounting rights, or choose "
                        "other approvers for %(rule)s.",
                        users=", ".join(blind.mapped("name")),
                        rule=rule.display_name,
                    )
                )

    # -- Matching ------------------------------------------------------------
    @api.model
    def _get_applicable_rules(self, order):
        """The active rules of the order's company and team, by step."""
        # sudo: the salesperson who confirms may not read the approvers.
        # Archived rules never apply, whatever the caller's context says.
        rules_sudo = (
            self.sudo()
            .with_context(active_test=True)
            .search([("company_id", "=", order.company_id.id)], order="sequence, id")
        )
        # The order's team and the salesperson's own: choosing another team
        # (or none) on the order does not escape the salesperson's rules.
        teams = order.team_id | order.user_id.sale_team_id
        return rules_sudo.filtered(
            lambda rule: not rule.team_ids or teams & rule.team_ids
        )

    def _matches(self, order):
        """The conditions of this rule that the order meets, as sentences for
        its approvers; False when it meets none. Addons add conditions by
        extending the list."""
        self.ensure_one()
        reasons = []
        company = order.company_id
        if self.amount_untaxed_from:
            amount = order._get_approval_amount_untaxed()
            if (
                company.currency_id.compare_amounts(amount, self.amount_untaxed_from)
                >= 0
            ):
                reasons.append(
                    self.env._(
                        "Untaxed amount %(amount)s reaches %(threshold)s.",
                        amount=format_amount(self.env, amount, company.currency_id),
                        threshold=format_amount(
                            self.env, self.amount_untaxed_from, company.currency_id
                        ),
                    )
                )
        if self.discount_over:
            discount = order._get_approval_max_discount()
            if float_compare(discount, self.discount_over, precision_digits=2) > 0:
                reasons.append(
                    self.env._(
                        "Discount %(discount)s%% exceeds %(threshold)s%%.",
                        discount=round(discount, 2),
                        threshold=round(self.discount_over, 2),
                    )
                )
        if self.margin_under:
            margin = order.margin_percent * 100
            if float_compare(margin, self.margin_under, precision_digits=2) < 0:
                reasons.append(
                    self.env._(
                        "Margin %(margin)s%% is under %(threshold)s%%.",
                        margin=round(margin, 2),
                        threshold=round(self.margin_under, 2),
                    )
                )
        if self.payment_term_ids and order.payment_term_id not in self.payment_term_ids:
            reasons.append(
                self.env._(
                    "Payment term %(term)s is not a standard one.",
                    term=order.payment_term_id.display_name or self.env._("none"),
                )
            )
        if self.pricelist_ids and order.pricelist_id in self.pricelist_ids:
            reasons.append(
                self.env._(
                    "Pricelist %(pricelist)s needs an approval.",
                    pricelist=order.pricelist_id.display_name,
                )
            )
        customer = order.partner_id.commercial_partner_id
        if self.customer_segment and customer.customer_segment == self.customer_segment:
            reasons.append(
                self.env._(
                    "Customer segment %(segment)s needs an approval.",
                    segment=dict(self._selection_customer_segment())[
                        self.customer_segment
                    ],
                )
            )
        if self.customer_tier and customer.customer_tier == self.customer_tier:
            reasons.append(
                self.env._(
                    "Customer tier %(tier)s needs an approval.",
                    tier=dict(self._selection_customer_tier())[self.customer_tier],
                )
            )
        return reasons or False

    @api.model
    def _filter_possible_approvers(self, users, order):
        """The users who can decide an order: internal, active, of its
        company, with the right to read sales orders (Sales or Accounting);
        the record rules let them read the orders waiting for them."""
        Access = self.env["ir.model.access"]
        return users.filtered(
            lambda user: (
                not user.share
                and user.active
                and order.company_id in user.company_ids
                and Access.with_user(user).check("sale.order", "read", False)
            )
        )

    def _get_named_approvers(self, order):
        """The users the rule names for the order: its group, its users and
        the order's team leader, who can decide it."""
        self.ensure_one()
        users = self.approver_user_ids
        if self.approver_group_id:
            users |= self.approver_group_id.users
        if self.approver_team_leader:
            users |= order.team_id.user_id
        return self._filter_possible_approvers(users, order)

    def _get_fallback_approvers(self, order):
        """Who decides when the salesperson is the rule's only approver: the
        Sales Administrators of the order's company."""
        self.ensure_one()
        managers = self.env.ref("sales_team.group_sale_manager").users
        return self._filter_possible_approvers(managers, order)

    def _get_approvers_and_note(self, order):
        """(users who may decide this rule's step for the order, a sentence
        saying why they are not the ones the rule names, or False). The
        order's salesperson never decides her own order: when the rule names
        nobody else, the Sales Administrators decide."""
        self.ensure_one()
        named = self._get_named_approvers(order)
        approvers = named - order.user_id
        if approvers or not named:
            return approvers, False
        return self._get_salesperson_fallback(order)

    def _get_salesperson_fallback(self, order):
        """(the Sales Administrators but the salesperson, the sentence that
        says why they decide), when the salesperson is the only approver."""
        self.ensure_one()
        salesperson = order.user_id
        return self._get_fallback_approvers(order) - salesperson, self.env._(
            "%(salesperson)s sells this order and is the rule's only approver: "
            "the Sales Administrators decide it.",
            salesperson=salesperson.name,
        )

    def _get_approvers(self, order):
        """The users who may decide this rule's step for the order."""
        return self._get_approvers_and_note(order)[0]

    def _prepare_order_approval_values(self, order, reasons):
        self.ensure_one()
        approvers, note = self._get_approvers_and_note(order)
        return {
            "order_id": order.id,
            "rule_id": self.id,
            "step": self.sequence,
            "approver_ids": [(6, 0, approvers.ids)],
            "match_reason": "\n".join([*reasons, *([note] if note else [])]),
            "amount_untaxed": order._get_approval_amount_untaxed(),
            "discount_max": order._get_approval_max_discount(),
            "margin_percent": order.margin_percent * 100,
        }

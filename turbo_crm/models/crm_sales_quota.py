# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

TARGET_FIELDS = {"channel": "partner_id", "user": "user_id", "team": "team_id"}


class CrmSalesQuota(models.Model):
    """A sales target for a channel, a salesperson or a team over a period.

    What was achieved is never stored on the quota: it is read from the
    confirmed orders or the posted invoices by one grouped SQL query for all
    the quotas on screen (`_achieved_amount_query`), which also feeds the
    analysis report `crm.sales.quota.report`.
    """

    _name = "crm.sales.quota"
    _description = "Sales Quota"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, target_type, id"

    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    target_type = fields.Selection(
        [("channel", "Channel"), ("user", "Salesperson"), ("team", "Sales Team")],
        required=True,
        default="channel",
        tracking=True,
        help="Whose sales count: those made through a channel partner, those "
        "of a salesperson or those of a sales team.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Channel",
        index="btree_not_null",
        tracking=True,
        domain="[('is_channel', '=', True), ('parent_id', '=', False)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        index="btree_not_null",
        tracking=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", index="btree_not_null", tracking=True
    )
    channel_level = fields.Selection(related="partner_id.channel_level")
    channel_manager_id = fields.Many2one(
        related="partner_id.user_id",
        string="Channel Account Manager",
        help="The salesperson of the channel partner.",
    )
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True)
    categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        tracking=True,
        help="Count only the products of this category and its subcategories. "
        "Leave empty to count everything sold.",
    )
    measure = fields.Selection(
        [("ordered", "Confirmed Orders"), ("invoiced", "Posted Invoices")],
        required=True,
        default="ordered",
        tracking=True,
        help="Confirmed Orders: untaxed amount of the confirmed sales orders "
        "dated in the period. Posted Invoices: untaxed amount of the customer "
        "invoices dated in the period, net of credit notes. Both in the "
        "company currency.",
    )
    target_amount = fields.Monetary(
        string="Target", currency_field="currency_id", required=True, tracking=True
    )
    achieved_amount = fields.Monetary(
        string="Achieved", currency_field="currency_id", compute="_compute_achieved"
    )
    attainment = fields.Float(
        string="Attainment (%)",
        compute="_compute_achieved",
        digits=(16, 1),
        help="Achieved amount as a percentage of the target.",
    )
    note = fields.Html()

    _sql_constraints = [
        (
            "date_check",
            "CHECK (date_from <= date_to)",
            "A quota cannot end before it starts.",
        ),
        (
            "target_amount_check",
            "CHECK (target_amount > 0)",
            "The target of a quota must be positive.",
        ),
    ]

    @api.depends("target_type", "partner_id", "user_id", "team_id", "date_from")
    def _compute_name(self):
        for quota in self:
            target = (
                quota[TARGET_FIELDS[quota.target_type]] if quota.target_type else None
            )
            parts = [
                target.display_name if target else "",
                f"{quota.date_from:%Y-%m}" if quota.date_from else "",
            ]
            quota.name = " ".join(filter(None, parts)) or self.env._("New Quota")

    @api.onchange("target_type")
    def _onchange_target_type(self):
        for quota in self:
            for target_type, field in TARGET_FIELDS.items():
                if target_type != quota.target_type:
                    quota[field] = False

    # -- Constraints -------------------------------------------------------
    @api.constrains("target_type", "partner_id", "user_id", "team_id")
    def _check_target(self):
        labels = dict(self._fields["target_type"]._description_selection(self.env))
        for quota in self:
            field = TARGET_FIELDS[quota.target_type]
            if not quota[field]:
                raise ValidationError(
                    self.env._(
                        "The quota %(quota)s is for a %(type)s: choose which one.",
                        quota=quota.name,
                        type=labels[quota.target_type].lower(),
                    )
                )
            others = [f for t, f in TARGET_FIELDS.items() if t != quota.target_type]
            if any(quota[f] for f in others):
                raise ValidationError(
                    self.env._(
                        "The quota %(quota)s has one target: a channel, a "
                        "salesperson or a team, not several.",
                        quota=quota.name,
                    )
                )
            if quota.target_type == "channel" and not quota.partner_id.is_channel:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not a channel partner. Mark it as a "
                        "channel on its contact form first.",
                        partner=quota.partner_id.display_name,
                    )
                )

    @api.constrains(
        "target_type",
        "partner_id",
        "user_id",
        "team_id",
        "categ_id",
        "measure",
        "date_from",
        "date_to",
        "company_id",
        "active",
    )
    def _check_overlap(self):
        """Two active quotas for the same target, category and measure may
        not share a day: the attainment of either would be ambiguous."""
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
            SELECT q.id, o.id
              FROM crm_sales_quota q
              JOIN crm_sales_quota o
                ON o.id != q.id
               AND o.active
               AND o.company_id = q.company_id
               AND o.target_type = q.target_type
               AND o.measure = q.measure
               AND o.partner_id IS NOT DISTINCT FROM q.partner_id
               AND o.user_id IS NOT DISTINCT FROM q.user_id
               AND o.team_id IS NOT DISTINCT FROM q.team_id
               AND o.categ_id IS NOT DISTINCT FROM q.categ_id
               AND o.date_from <= q.date_to
               AND q.date_from <= o.date_to
             WHERE q.id IN %s AND q.active
             LIMIT 1
                """,
                tuple(self.ids),
            )
        )
        row = self.env.cr.fetchone()
        if row:
            quota, other = self.browse(row[0]), self.browse(row[1])
            raise ValidationError(
                self.env._(
                    "The quota %(quota)s overlaps %(other)s (%(start)s to "
                    "%(end)s): same target, product category and measure. "
                    "Change the dates or archive one of them.",
                    quota=quota.name,
                    other=other.name,
                    start=other.date_from,
                    end=other.date_to,
                )
            )

    # -- Achievement -------------------------------------------------------
    @api.model
    def _achieved_amount_query(self, quota_ids=None):
        """SQL giving (quota_id, achieved_amount) for the given quotas, or for
        all quotas when none are given, in one grouped query.

        Each kind of target is matched in its own branch so that PostgreSQL
        joins on an indexed column instead of testing every order against
        every quota. Amounts are untaxed and in the company currency.
        """
        quotas = SQL("SELECT * FROM crm_sales_quota")
        if quota_ids is not None:
            quotas = SQL("%s WHERE id = ANY(%s)", quotas, list(quota_ids))
        # Product category, subcategories included, or any product.
        category_match = SQL(
            """(q.categ_id IS NULL OR EXISTS (
                    SELECT 1 FROM product_product pp
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                      JOIN product_category pc ON pc.id = pt.categ_id
                      JOIN product_category qc ON qc.id = q.categ_id
                     WHERE pp.id = line.product_id
                       AND pc.parent_path LIKE qc.parent_path || '%%'))"""
        )
        branches = []
        for target_type, quota_field, order_field, invoice_field in (
            ("channel", "partner_id", "channel_partner_id", "channel_partner_id"),
            ("user", "user_id", "user_id", "invoice_user_id"),
            ("team", "team_id", "team_id", "team_id"),
        ):
            branches.append(
                SQL(
                    """
                SELECT q.id AS quota_id,
                       line.price_subtotal
                         / CASE COALESCE(so.currency_rate, 0)
                           WHEN 0 THEN 1.0 ELSE so.currency_rate END AS amount
                  FROM q
                  JOIN sale_order so
                    ON so.%(order_field)s = q.%(quota_field)s
                   AND so.company_id = q.company_id
                   AND so.state = 'sale'
                   AND so.date_order >= q.date_from
                   AND so.date_order < q.date_to + 1
                  JOIN sale_order_line line
                    ON line.order_id = so.id
                   AND line.display_type IS NULL
                   AND NOT COALESCE(line.is_downpayment, FALSE)
                 WHERE q.target_type = %(target_type)s
                   AND q.measure = 'ordered'
                   AND %(category_match)s
                 UNION ALL
                SELECT q.id, -line.balance
                  FROM q
                  JOIN account_move move
                    ON move.%(invoice_field)s = q.%(quota_field)s
                   AND move.company_id = q.company_id
                   AND move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND move.invoice_date BETWEEN q.date_from AND q.date_to
                  JOIN account_move_line line
                    ON line.move_id = move.id
                   AND line.display_type = 'product'
                 WHERE q.target_type = %(target_type)s
                   AND q.measure = 'invoiced'
                   AND %(category_match)s
                    """,
                    target_type=target_type,
                    quota_field=SQL.identifier(quota_field),
                    order_field=SQL.identifier(order_field),
                    invoice_field=SQL.identifier(invoice_field),
                    category_match=category_match,
                )
            )
        return SQL(
            """
            WITH q AS MATERIALIZED (%(quotas)s)
            SELECT quota_id, SUM(amount) AS achieved_amount
              FROM (%(branches)s) achieved
             GROUP BY quota_id
            """,
            quotas=quotas,
            branches=SQL(" UNION ALL ").join(branches),
        )

    @api.depends(
        "target_type",
        "partner_id",
        "user_id",
        "team_id",
        "categ_id",
        "measure",
        "date_from",
        "date_to",
        "target_amount",
    )
    @api.depends_context("company")
    def _compute_achieved(self):
        stored = self.filtered("id")
        achieved = {}
        if stored:
            self.env["sale.order.line"].flush_model()
            self.env["account.move.line"].flush_model()
            self.env["sale.order"].flush_model()
            self.env["account.move"].flush_model()
            self.flush_recordset()
            self.env.cr.execute(self._achieved_amount_query(stored.ids))
            achieved = dict(self.env.cr.fetchall())
        for quota in self:
            currency = quota.currency_id or self.env.company.currency_id
            amount = currency.round(achieved.get(quota.id, 0.0))
            quota.achieved_amount = amount
            quota.attainment = (
                100.0 * amount / quota.target_amount if quota.target_amount else 0.0
            )

    # -- Actions -----------------------------------------------------------
    def action_view_sales(self):
        """The orders or invoices counted in this quota."""
        self.ensure_one()
        if self.measure == "ordered":
            field = {"channel": "channel_partner_id", "user": "user_id"}.get(
                self.target_type, "team_id"
            )
            action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
            domain = [
                ("state", "=", "sale"),
                ("date_order", ">=", self.date_from),
                ("date_order", "<", fields.Date.add(self.date_to, days=1)),
            ]
            if self.categ_id:
                domain.append(
                    ("order_line.product_id.categ_id", "child_of", self.categ_id.id)
                )
        else:
            field = {"channel": "channel_partner_id", "user": "invoice_user_id"}.get(
                self.target_type, "team_id"
            )
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "account.action_move_out_invoice_type"
            )
            domain = [
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("invoice_date", ">=", self.date_from),
                ("invoice_date", "<=", self.date_to),
            ]
            if self.categ_id:
                domain.append(
                    (
                        "invoice_line_ids.product_id.categ_id",
                        "child_of",
                        self.categ_id.id,
                    )
                )
        target = self[TARGET_FIELDS[self.target_type]]
        action["domain"] = [
            (field, "=", target.id),
            ("company_id", "=", self.company_id.id),
        ] + domain
        action["context"] = {"create": False}
        action["display_name"] = self.name
        return action

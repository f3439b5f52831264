# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

TARGET_FIELDS = {"channel": "partner_id", "user": "user_id", "team": "team_id"}
# The field of the order or invoice that says whose sale it is.
DOCUMENT_FIELDS = {
    ("channel", "ordered"): "channel_partner_id",
    ("user", "ordered"): "user_id",
    ("team", "ordered"): "team_id",
    ("channel", "invoiced"): "channel_partner_id",
    ("user", "invoiced"): "invoice_user_id",
    ("team", "invoiced"): "team_id",
}
# The product category of each line, when some quota needs it.
PRODUCT_JOINS = """
          LEFT JOIN product_product pp ON pp.id = line.product_id
          LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
"""
# Sales of some targets over some dates, per target, day and product category:
# untaxed confirmed order lines, or posted invoice lines net of credit notes,
# in the company currency.
SALES_QUERIES = {
    "ordered": """
        SELECT doc.company_id, doc.%(field)s AS target,
               doc.date_order::date AS day, %(category)s AS categ_id,
               SUM(line.price_subtotal
                   / CASE COALESCE(doc.currency_rate, 0)
                     WHEN 0 THEN 1.0 ELSE doc.currency_rate END) AS amount
          FROM sale_order doc
          JOIN sale_order_line line
            ON line.order_id = doc.id
           AND line.display_type IS NULL
           AND NOT COALESCE(line.is_downpayment, FALSE)
          %(product_joins)s
         WHERE doc.state = 'sale'
           AND doc.%(field)s IN %(targets)s
           AND doc.date_order >= %(date_from)s
           AND doc.date_order < %(date_to)s::date + 1
         GROUP BY 1, 2, 3, 4
    """,
    "invoiced": """
        SELECT doc.company_id, doc.%(field)s AS target,
               doc.invoice_date AS day, %(category)s AS categ_id,
               SUM(-line.balance) AS amount
          FROM account_move doc
          JOIN account_move_line line
            ON line.move_id = doc.id
           AND line.display_type = 'product'
          %(product_joins)s
         WHERE doc.state = 'posted'
           AND doc.move_type IN ('out_invoice', 'out_refund')
           AND doc.%(field)s IN %(targets)s
           AND doc.invoice_date BETWEEN %(date_from)s AND %(date_to)s
         GROUP BY 1, 2, 3, 4
    """,
}


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
    _check_company_auto = True

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
        check_company=True,
        domain="[('is_channel', '=', True), ('parent_id', '=', False)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        index="btree_not_null",
        tracking=True,
        check_company=True,
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
    def _achieved_amount_query(self, quotas):
        """SQL giving (quota_id, achieved_amount) for the given quotas in one
        grouped query, or None when there are none. A quota not yet saved
        (in a form) is numbered -1 - its index in `quotas`.

        For each kind of target and measure present, the sales of the quotas'
        targets within the quotas' overall dates are first summed per target,
        day and product category (one scan of the orders or invoices), then
        matched with each quota's period and category. The quotas enter the
        query as arrays, so that PostgreSQL knows how many there are. Amounts
        are untaxed and in the company currency.
        """

        def key(index, quota):
            return quota.id if isinstance(quota.id, int) else -1 - index

        keys = {quota: key(index, quota) for index, quota in enumerate(quotas)}
        complete = quotas.filtered(
            lambda q: (
                q.target_type
                and q.measure
                and q[TARGET_FIELDS[q.target_type]]
                and q.date_from
                and q.date_to
                and q.company_id
            )
        )
        branches = []
        groups = complete.grouped(lambda quota: (quota.target_type, quota.measure))
        for (target_type, measure), group in groups.items():
            targets = [quota[TARGET_FIELDS[target_type]].id for quota in group]
            by_category = any(group.mapped("categ_id"))
            sales = SQL(
                SALES_QUERIES[measure],
                field=SQL.identifier(DOCUMENT_FIELDS[target_type, measure]),
                category=SQL("pt.categ_id" if by_category else "NULL::int"),
                product_joins=SQL(PRODUCT_JOINS if by_category else ""),
                targets=tuple(set(targets)),
                date_from=min(group.mapped("date_from")),
                date_to=max(group.mapped("date_to")),
            )
            branches.append(
                SQL(
                    """
                SELECT q.id AS quota_id, sales.amount
                  FROM unnest(%(ids)s::int[], %(companies)s::int[],
                              %(targets)s::int[], %(froms)s::date[],
                              %(tos)s::date[], %(categs)s::int[])
                       AS q(id, company_id, target, date_from, date_to, categ_id)
                  JOIN (%(sales)s) sales
                    ON sales.target = q.target
                   AND sales.company_id = q.company_id
                   AND sales.day BETWEEN q.date_from AND q.date_to
                  LEFT JOIN product_category pc ON pc.id = sales.categ_id
                  LEFT JOIN product_category qc ON qc.id = q.categ_id
                 WHERE q.categ_id IS NULL
                    OR starts_with(pc.parent_path, qc.parent_path)
                    """,
                    ids=[keys[quota] for quota in group],
                    companies=[quota.company_id.id for quota in group],
                    targets=targets,
                    froms=group.mapped("date_from"),
                    tos=group.mapped("date_to"),
                    categs=[quota.categ_id.id or None for quota in group],
                    sales=sales,
                )
            )
        if not branches:
            return None
        return SQL(
            """
            SELECT quota_id, SUM(amount) AS achieved_amount
              FROM (%s) achieved
             GROUP BY quota_id
            """,
            SQL(" UNION ALL ").join(branches),
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
        "currency_id",
    )
    @api.depends_context("company")
    def _compute_achieved(self):
        achieved = {}
        readable = self._filter_readable()
        query = self._achieved_amount_query(readable)
        if query:
            for model in (
                "sale.order",
                "sale.order.line",
                "account.move",
                "account.move.line",
            ):
                self.env[model].flush_model()
            self.env.cr.execute(query)
            achieved = dict(self.env.cr.fetchall())
        keys = {
            quota: quota.id if isinstance(quota.id, int) else -1 - index
            for index, quota in enumerate(readable)
        }
        for quota in self:
            currency = quota.currency_id or self.env.company.currency_id
            amount = currency.round(achieved.get(keys.get(quota), 0.0))
            quota.achieved_amount = amount
            quota.attainment = (
                100.0 * amount / quota.target_amount if quota.target_amount else 0.0
            )

    def _filter_readable(self):
        """The quotas whose sales the reader may see. A saved quota was read
        through the record rules; a quota being edited in a form (onchange)
        may point at anyone's sales, and counts only if the reader could
        read it once saved."""
        if self.env.su:
            return self
        new = self.filtered(lambda quota: not isinstance(quota.id, int))
        if not new:
            return self
        if not self.browse().has_access("read"):
            return self - new
        domain = self.env["ir.rule"]._compute_domain(self._name, "read")
        return (self - new) | (new.filtered_domain(domain) if domain else new)

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

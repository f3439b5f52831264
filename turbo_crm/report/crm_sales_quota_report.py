# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL


class CrmSalesQuotaReport(models.Model):
    """Quotas with what they achieved, as a database view, so that the pivot
    and graph views can group and sum them. Its achievement comes from the
    same grouped query as the quota's own (`_achieved_amount_query`)."""

    _name = "crm.sales.quota.report"
    _description = "Sales Quota Analysis"
    _auto = False
    _order = "date_from desc, id"
    _rec_name = "quota_id"

    quota_id = fields.Many2one("crm.sales.quota", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    target_type = fields.Selection(
        selection=lambda self: self._selection_of("crm.sales.quota", "target_type"),
        readonly=True,
    )
    partner_id = fields.Many2one("res.partner", string="Channel", readonly=True)
    channel_level = fields.Selection(
        selection=lambda self: self._selection_of("res.partner", "channel_level"),
        readonly=True,
    )
    channel_type = fields.Selection(
        selection=lambda self: self._selection_of("res.partner", "channel_type"),
        readonly=True,
    )
    channel_manager_id = fields.Many2one(
        "res.users", string="Channel Account Manager", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    measure = fields.Selection(
        selection=lambda self: self._selection_of("crm.sales.quota", "measure"),
        readonly=True,
    )
    date_from = fields.Date(string="From", readonly=True)
    date_to = fields.Date(string="To", readonly=True)
    target_amount = fields.Monetary(string="Target", readonly=True)
    achieved_amount = fields.Monetary(string="Achieved", readonly=True)
    gap_amount = fields.Monetary(
        string="Still to Achieve",
        readonly=True,
        help="Target minus achieved, never below zero.",
    )
    attainment = fields.Float(
        string="Attainment (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Achieved as a percentage of the target. Grouped, it is the "
        "average of the quotas' attainments.",
    )

    def _selection_of(self, model, field):
        return self.env[model]._fields[field]._description_selection(self.env)

    @property
    def _table_query(self):
        Quota = self.env["crm.sales.quota"].sudo()
        achieved = Quota._achieved_amount_query(
            Quota.search([("active", "=", True)])
        ) or SQL(
            "SELECT NULL::int AS quota_id, NULL::numeric AS achieved_amount LIMIT 0"
        )
        return SQL(
            """
            SELECT q.id, q.id AS quota_id, q.company_id, c.currency_id,
                   q.target_type, q.partner_id, p.channel_level, p.channel_type,
                   p.user_id AS channel_manager_id, q.user_id, q.team_id,
                   q.categ_id, q.measure, q.date_from, q.date_to,
                   q.target_amount,
                   ROUND(COALESCE(a.achieved_amount, 0), 2) AS achieved_amount,
                   GREATEST(q.target_amount - COALESCE(a.achieved_amount, 0), 0)
                       AS gap_amount,
                   ROUND(100.0 * COALESCE(a.achieved_amount, 0)
                         / NULLIF(q.target_amount, 0), 1) AS attainment
              FROM crm_sales_quota q
              JOIN res_company c ON c.id = q.company_id
              LEFT JOIN res_partner p ON p.id = q.partner_id
              LEFT JOIN (%s) a ON a.quota_id = q.id
             WHERE q.active
            """,
            achieved,
        )

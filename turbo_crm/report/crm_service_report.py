# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import UserError
from odoo.models import parse_read_group_spec
from odoo.tools import SQL

from ..models.crm_service_kpi_month import FIGURE_NAMES
from ..models.crm_service_record import REVISIT_DAYS

# The averages, weighted by what they average, from the months' sums: the
# average of a year is not the average of its twelve monthly averages.
WEIGHTED_AVERAGES = {
    "first_time_fix_rate": ("repair_fixed_count", "repair_count", 100.0),
    "response_hours": ("response_hours_sum", "response_count", 1.0),
    "resolution_hours": ("resolution_hours_sum", "resolution_count", 1.0),
    "satisfaction": ("satisfaction_sum", "satisfaction_count", 1.0),
}
# What the months cannot tell apart: each would put every service on the
# first day of its month.
FINER_THAN_MONTH = {
    "hour",
    "day",
    "week",
    "iso_week_number",
    "day_of_year",
    "day_of_month",
    "day_of_week",
    "hour_number",
    "minute_number",
    "second_number",
}


class CrmServiceReport(models.Model):
    """Service KPIs per service rep and period, as a database view: one row
    per technician, month, customer's region and type of service done
    (the sums kept in crm.service.kpi.month), and one undated row per
    technician and region counting the customers he is responsible for, so
    that a pivot grouped by technician sums both. The averages are
    weighted (see _read_group_select)."""

    _name = "crm.service.report"
    _description = "Service KPIs"
    _auto = False
    _order = "date desc, id"
    _rec_name = "user_id"
    _depends = {
        "crm.service.kpi.month": [
            "company_id",
            "user_id",
            "sales_region_id",
            "service_type",
            "month",
            *FIGURE_NAMES,
        ],
        "res.partner": [
            "service_user_id",
            "commercial_partner_id",
            "company_id",
            "sales_region_id",
            "active",
        ],
        "res.users": ["company_id"],
    }

    user_id = fields.Many2one("res.users", string="Service Rep", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    sales_region_id = fields.Many2one(
        "crm.sales.region", string="Customer's Region", readonly=True
    )
    service_type = fields.Selection(
        selection=lambda self: (
            self.env["crm.service.record"]
            ._fields["service_type"]
            ._description_selection(self.env)
        ),
        readonly=True,
    )
    date = fields.Date(
        string="Month", readonly=True, help="The month the services were done in."
    )
    customer_count = fields.Integer(
        string="Customers Responsible For",
        readonly=True,
        help="The customers whose service rep the technician is (today). A "
        "customer shared by all companies counts in the rep's own company.",
    )
    record_count = fields.Integer(
        string="Services Done", readonly=True, help="Done service records."
    )
    repair_count = fields.Integer(string="Repairs", readonly=True)
    revisit_count = fields.Integer(
        string="Revisits",
        readonly=True,
        help="Repairs the customer called for on a unit serviced in the "
        f"{REVISIT_DAYS} days before.",
    )
    first_time_fix_rate = fields.Float(
        string="First-Time Fix Rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help=f"Repairs not followed by another visit to the unit within "
        f"{REVISIT_DAYS} days, as a percentage of the repairs.",
    )
    response_hours = fields.Float(
        string="Average Response (Hours)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="From the request to the first response.",
    )
    resolution_hours = fields.Float(
        string="Average Resolution (Hours)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="From the request to the closing of the service.",
    )
    satisfaction = fields.Float(
        string="Average Satisfaction",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="The customers' average rating, 1 to 5.",
    )
    duration = fields.Float(string="Duration (Hours)", readonly=True)
    # What the averages are weighted with: no measures of their own.
    repair_fixed_count = fields.Integer(
        string="Repairs Fixed First Time", readonly=True, aggregator=None
    )
    response_hours_sum = fields.Float(
        string="Response Hours (Total)", readonly=True, aggregator=None
    )
    response_count = fields.Integer(
        string="Responses Timed", readonly=True, aggregator=None
    )
    resolution_hours_sum = fields.Float(
        string="Resolution Hours (Total)", readonly=True, aggregator=None
    )
    resolution_count = fields.Integer(
        string="Resolutions Timed", readonly=True, aggregator=None
    )
    satisfaction_sum = fields.Integer(
        string="Satisfaction (Total)", readonly=True, aggregator=None
    )
    satisfaction_count = fields.Integer(
        string="Ratings", readonly=True, aggregator=None
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT m.id, m.user_id, m.company_id, m.sales_region_id,
                   m.service_type, m.month AS date, 0 AS customer_count,
                   m.record_count, m.repair_count, m.revisit_count,
                   100.0 * m.repair_fixed_count / NULLIF(m.repair_count, 0)
                       AS first_time_fix_rate,
                   m.response_hours_sum / NULLIF(m.response_count, 0)
                       AS response_hours,
                   m.resolution_hours_sum / NULLIF(m.resolution_count, 0)
                       AS resolution_hours,
                   m.satisfaction_sum::float / NULLIF(m.satisfaction_count, 0)
                       AS satisfaction,
                   m.duration, m.repair_fixed_count, m.response_hours_sum,
                   m.response_count, m.resolution_hours_sum,
                   m.resolution_count, m.satisfaction_sum,
                   m.satisfaction_count
              FROM crm_service_kpi_month m
             WHERE m.record_count > 0
            UNION ALL
            -- A customer shared by every company counts in its rep's own
            -- company, not once in each company a reader has open. Below
            -- zero, the ids of these rows cannot meet the months'.
            SELECT -row_number() OVER (ORDER BY c.user_id, c.company_id,
                                               c.sales_region_id),
                   c.user_id, c.company_id, c.sales_region_id, NULL, NULL,
                   c.customer_count, 0, 0, 0, NULL, NULL, NULL, NULL, 0,
                   0, 0, 0, 0, 0, 0, 0
              FROM (
                SELECT p.user_id,
                       COALESCE(p.company_id, rep.company_id) AS company_id,
                       p.sales_region_id,
                       sum(p.customers)::int AS customer_count
                  FROM (
                    -- read from res_partner_service_customers_index alone
                    SELECT service_user_id AS user_id, company_id,
                           sales_region_id, count(*) AS customers
                      FROM res_partner
                     WHERE service_user_id IS NOT NULL
                       AND id = commercial_partner_id
                       AND active
                     GROUP BY 1, 2, 3
                  ) p
                  JOIN res_users rep ON rep.id = p.user_id
                 GROUP BY 1, 2, 3
              ) c
            """
        )

    def _read_group_groupby(self, groupby_spec, query):
        fname, __, granularity = parse_read_group_spec(groupby_spec)
        if fname == "date" and granularity in FINER_THAN_MONTH:
            raise UserError(
                self.env._(
                    "Service KPIs are kept by month: group by month, quarter or year."
                )
            )
        return super()._read_group_groupby(groupby_spec, query)

    def _read_group_select(self, aggregate_spec, query):
        field_name, __, aggregator = aggregate_spec.partition(":")
        if aggregator == "avg" and field_name in WEIGHTED_AVERAGES:
            total, weight, scale = WEIGHTED_AVERAGES[field_name]
            return SQL(
                "%s * SUM(%s) / NULLIF(SUM(%s), 0)",
                scale,
                self._field_to_sql(self._table, total, query),
                self._field_to_sql(self._table, weight, query),
            )
        return super()._read_group_select(aggregate_spec, query)

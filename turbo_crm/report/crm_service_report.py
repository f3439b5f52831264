# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL

from ..models.crm_service_record import REVISIT_DAYS


class CrmServiceReport(models.Model):
    """Service KPIs per service rep and period, as a database view: one row
    per service done (dated, with its measures) and one undated row per
    customer a rep is responsible for, so that a pivot grouped by
    technician sums both."""

    _name = "crm.service.report"
    _description = "Service KPIs"
    _auto = False
    _order = "date desc, id"
    _rec_name = "user_id"
    _depends = {
        "crm.service.record": [
            "company_id",
            "commercial_partner_id",
            "equipment_id",
            "service_type",
            "date",
            "user_id",
            "state",
            "requested_at",
            "first_response_at",
            "closed_at",
            "satisfaction",
            "is_revisit",
            "is_revisited",
            "duration",
        ],
        "res.partner": [
            "service_user_id",
            "commercial_partner_id",
            "company_id",
            "active",
        ],
        "res.users": ["company_id"],
    }

    user_id = fields.Many2one("res.users", string="Service Rep", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    record_id = fields.Many2one(
        "crm.service.record", string="Service Record", readonly=True
    )
    service_type = fields.Selection(
        selection=lambda self: (
            self.env["crm.service.record"]
            ._fields["service_type"]
            ._description_selection(self.env)
        ),
        readonly=True,
    )
    date = fields.Date(readonly=True)
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

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT r.id, r.id AS record_id, r.user_id, r.company_id,
                   r.commercial_partner_id AS partner_id, r.service_type, r.date,
                   0 AS customer_count, 1 AS record_count,
                   (r.service_type = 'repair')::int AS repair_count,
                   r.is_revisit::int AS revisit_count,
                   CASE WHEN r.service_type != 'repair' THEN NULL
                        WHEN r.is_revisited THEN 0.0
                        ELSE 100.0 END AS first_time_fix_rate,
                   EXTRACT(EPOCH FROM r.first_response_at - r.requested_at)
                       / 3600.0 AS response_hours,
                   EXTRACT(EPOCH FROM r.closed_at - r.requested_at)
                       / 3600.0 AS resolution_hours,
                   r.satisfaction::int AS satisfaction,
                   r.duration
              FROM crm_service_record r
             WHERE r.state = 'done'
            UNION ALL
            -- A customer shared by every company counts in its rep's own
            -- company, not once in each company a reader has open.
            SELECT -p.id, NULL, p.service_user_id,
                   COALESCE(p.company_id, rep.company_id), p.id, NULL, NULL,
                   1, 0, 0, 0, NULL, NULL, NULL, NULL, NULL
              FROM res_partner p
              JOIN res_users rep ON rep.id = p.service_user_id
             WHERE p.service_user_id IS NOT NULL
               AND p.id = p.commercial_partner_id
               AND p.active
            """
        )

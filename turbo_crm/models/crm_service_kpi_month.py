# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL, create_unique_index

from .crm_service_record import SERVICE_TYPES

# The figures of a month, one SQL aggregate over its done services.
FIGURES = SQL(
    """
    count(r.id) AS record_count,
    count(*) FILTER (WHERE r.service_type = 'repair') AS repair_count,
    count(*) FILTER (WHERE r.service_type = 'repair'
                            AND NOT COALESCE(r.is_revisited, false))
        AS repair_fixed_count,
    count(*) FILTER (WHERE COALESCE(r.is_revisit, false)) AS revisit_count,
    COALESCE(sum(EXTRACT(EPOCH FROM r.first_response_at - r.requested_at)
                 / 3600.0), 0) AS response_hours_sum,
    count(r.first_response_at - r.requested_at) AS response_count,
    COALESCE(sum(EXTRACT(EPOCH FROM r.closed_at - r.requested_at)
                 / 3600.0), 0) AS resolution_hours_sum,
    count(r.closed_at - r.requested_at) AS resolution_count,
    COALESCE(sum(r.satisfaction::int), 0) AS satisfaction_sum,
    count(r.satisfaction) AS satisfaction_count,
    COALESCE(sum(r.duration), 0) AS duration
    """
)
FIGURE_NAMES = [
    "record_count",
    "repair_count",
    "repair_fixed_count",
    "revisit_count",
    "response_hours_sum",
    "response_count",
    "resolution_hours_sum",
    "resolution_count",
    "satisfaction_sum",
    "satisfaction_count",
    "duration",
]
# The services' fields the figures are summed from.
RECORD_FIELDS = [
    "service_type",
    "requested_at",
    "first_response_at",
    "closed_at",
    "satisfaction",
    "is_revisit",
    "is_revisited",
    "duration",
]
# The key of a month: company, technician, customer's region, type, month;
# the expressions of its unique index, and so the target of ON CONFLICT.
KEY_CONFLICT = SQL(
    "company_id, COALESCE(user_id, 0), COALESCE(sales_region_id, 0), "
    "service_type, month"
)
# A new month starts at zero (NULL would read as no figure).
ZEROS = SQL(", ").join(SQL("0") for _name in FIGURE_NAMES)
FIGURE_COLUMNS = SQL(", ").join(SQL.identifier(name) for name in FIGURE_NAMES)


class CrmServiceKpiMonth(models.Model):
    """The done services of one technician in one month, summed: what the
    KPI report reads, so that it answers from a few thousand rows instead
    of every service ever done. Each service points to its month; the ORM
    recomputes a month's sums whenever one of its services changes, joins
    or leaves it, as it recomputes any stored field."""

    _name = "crm.service.kpi.month"
    _description = "Service KPIs of a Month"
    _order = "month desc, id"
    _rec_name = "month"

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    # A technician's history is not deleted with him (archive him instead);
    # a region's months can only be empty once no customer is in it.
    user_id = fields.Many2one(
        "res.users", string="Technician", readonly=True, ondelete="restrict"
    )
    sales_region_id = fields.Many2one(
        "crm.sales.region",
        string="Customer's Region",
        readonly=True,
        ondelete="cascade",
    )
    service_type = fields.Selection(SERVICE_TYPES, required=True, readonly=True)
    month = fields.Date(required=True, readonly=True, help="Its first day.")
    record_ids = fields.One2many("crm.service.record", "kpi_month_id")
    record_count = fields.Integer(
        string="Services Done", compute="_compute_figures", store=True
    )
    repair_count = fields.Integer(
        string="Repairs", compute="_compute_figures", store=True
    )
    repair_fixed_count = fields.Integer(
        string="Repairs Fixed First Time", compute="_compute_figures", store=True
    )
    revisit_count = fields.Integer(
        string="Revisits", compute="_compute_figures", store=True
    )
    response_hours_sum = fields.Float(
        string="Response Hours (Total)", compute="_compute_figures", store=True
    )
    response_count = fields.Integer(
        string="Responses Timed", compute="_compute_figures", store=True
    )
    resolution_hours_sum = fields.Float(
        string="Resolution Hours (Total)", compute="_compute_figures", store=True
    )
    resolution_count = fields.Integer(
        string="Resolutions Timed", compute="_compute_figures", store=True
    )
    satisfaction_sum = fields.Integer(
        string="Satisfaction (Total)", compute="_compute_figures", store=True
    )
    satisfaction_count = fields.Integer(
        string="Ratings", compute="_compute_figures", store=True
    )
    duration = fields.Float(
        string="Duration (Hours)", compute="_compute_figures", store=True
    )

    def init(self):
        # One month per key, a missing technician or region being a key of
        # its own: an expression index, as NULLS NOT DISTINCT needs
        # PostgreSQL 15.
        create_unique_index(
            self.env.cr,
            "crm_service_kpi_month_key_index",
            self._table,
            [KEY_CONFLICT.code],
        )
        # Services that are done but in no month: on a database that had
        # services before the months existed, or loaded in bulk SQL.
        self.env.cr.execute(
            SQL(
                "SELECT 1 FROM crm_service_record"
                " WHERE state = 'done' AND kpi_month_id IS NULL LIMIT 1"
            )
        )
        if self.env.cr.rowcount:
            self._rebuild()

    @api.depends(
        "record_ids.state",
        "record_ids.service_type",
        "record_ids.requested_at",
        "record_ids.first_response_at",
        "record_ids.closed_at",
        "record_ids.satisfaction",
        "record_ids.is_revisit",
        "record_ids.is_revisited",
        "record_ids.duration",
    )
    def _compute_figures(self):
        # A service only points to a month while it is done (see the
        # service's _compute_kpi_month_id); the state is in the key of the
        # services that count all the same, as a guard.
        self.env["crm.service.record"].flush_model(
            ["kpi_month_id", "state", *RECORD_FIELDS]
        )
        # The stored figures in the cache: a month whose figures did not
        # move is not written again (not locked against the others closing
        # services of the same technician and month).
        self.filtered("id").fetch(FIGURE_NAMES)
        figures = {}
        if self.ids:
            rows = self.env.execute_query_dict(
                SQL(
                    """
                    SELECT r.kpi_month_id AS id, %(figures)s
                      FROM crm_service_record r
                     WHERE r.kpi_month_id IN %(ids)s AND r.state = 'done'
                     GROUP BY r.kpi_month_id
                    """,
                    figures=FIGURES,
                    ids=tuple(self.ids),
                )
            )
            figures = {row.pop("id"): row for row in rows}
        empty = dict.fromkeys(FIGURE_NAMES, 0)
        for month in self:
            month.update(figures.get(month.id, empty))

    @api.model
    def _get_month_ids(self, keys):
        """The ids of the months of the given keys (tuples in the order
        company, technician, region, type, month), made where missing. Two
        transactions making the same month at once: the second one's
        snapshot cannot see the first's row, and PostgreSQL fails it with a
        serialization error, which Odoo retries."""
        keys = set(keys)
        month_ids = self._find_month_ids(keys)
        missing = keys - month_ids.keys()
        if missing:
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO crm_service_kpi_month (
                        company_id, user_id, sales_region_id, service_type,
                        month, %(figure_columns)s,
                        create_uid, write_uid, create_date, write_date)
                    SELECT k.*, %(zeros)s, %(uid)s, %(uid)s,
                           now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
                      FROM (VALUES %(values)s) AS k
                    ON CONFLICT (%(key)s) DO NOTHING
                    """,
                    figure_columns=FIGURE_COLUMNS,
                    zeros=ZEROS,
                    uid=self.env.uid,
                    values=self._key_values(missing),
                    key=KEY_CONFLICT,
                )
            )
            month_ids.update(self._find_month_ids(missing))
        return month_ids

    @api.model
    def _key_values(self, keys):
        return SQL(", ").join(
            SQL("(%s::int, %s::int, %s::int, %s::varchar, %s::date)", *key)
            for key in keys
        )

    @api.model
    def _find_month_ids(self, keys):
        if not keys:
            return {}
        rows = self.env.execute_query(
            SQL(
                """
                SELECT m.company_id, m.user_id, m.sales_region_id,
                       m.service_type, m.month, m.id
                  FROM crm_service_kpi_month m
                  JOIN (VALUES %(values)s)
                    AS k(company_id, user_id, sales_region_id, service_type,
                         month)
                    ON m.company_id = k.company_id
                   AND COALESCE(m.user_id, 0) = COALESCE(k.user_id, 0)
                   AND COALESCE(m.sales_region_id, 0)
                       = COALESCE(k.sales_region_id, 0)
                   AND m.service_type = k.service_type
                   AND m.month = k.month
                """,
                values=self._key_values(keys),
            )
        )
        return {tuple(row[:5]): row[5] for row in rows}

    @api.autovacuum
    def _gc_empty_months(self):
        """Months no service is summed in any more (their services moved to
        another month or were reopened): removed daily, so that they do not
        pile up, nor keep their technician from being deleted."""
        self.flush_model()
        self.env["crm.service.record"].flush_model(["kpi_month_id"])
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM crm_service_kpi_month m
                 WHERE NOT EXISTS (SELECT 1 FROM crm_service_record r
                                    WHERE r.kpi_month_id = m.id)
                """
            )
        )
        self.invalidate_model()

    @api.model
    def _rebuild(self):
        """Sort every done service into its month and sum every month again,
        in three statements: at install on a database that already has
        services, and after services were loaded in bulk SQL (the
        benchmark's)."""
        cr = self.env.cr
        self.env["crm.service.record"].flush_model()
        self.env["res.partner"].flush_model(["sales_region_id"])
        self.flush_model()
        cr.execute(
            SQL(
                """
                INSERT INTO crm_service_kpi_month (
                    company_id, user_id, sales_region_id, service_type, month,
                    %(figure_columns)s,
                    create_uid, write_uid, create_date, write_date)
                SELECT DISTINCT r.company_id, r.user_id, p.sales_region_id,
                       r.service_type, date_trunc('month', r.date)::date,
                       %(zeros)s, %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC',
                       now() AT TIME ZONE 'UTC'
                  FROM crm_service_record r
                  JOIN res_partner p ON p.id = r.commercial_partner_id
                 WHERE r.state = 'done'
                ON CONFLICT (%(key)s) DO NOTHING;

                UPDATE crm_service_record r
                   SET kpi_month_id = m.id
                  FROM res_partner p, crm_service_kpi_month m
                 WHERE r.state = 'done'
                   AND p.id = r.commercial_partner_id
                   AND m.company_id = r.company_id
                   AND COALESCE(m.user_id, 0) = COALESCE(r.user_id, 0)
                   AND COALESCE(m.sales_region_id, 0)
                       = COALESCE(p.sales_region_id, 0)
                   AND m.service_type = r.service_type
                   AND m.month = date_trunc('month', r.date)::date
                   AND r.kpi_month_id IS DISTINCT FROM m.id;

                UPDATE crm_service_record
                   SET kpi_month_id = NULL
                 WHERE state != 'done' AND kpi_month_id IS NOT NULL;

                UPDATE crm_service_kpi_month m
                   SET %(assign)s
                  FROM (
                    SELECT m2.id, %(figures)s
                      FROM crm_service_kpi_month m2
                      LEFT JOIN crm_service_record r
                        ON r.kpi_month_id = m2.id AND r.state = 'done'
                     GROUP BY m2.id
                  ) f
                 WHERE f.id = m.id
                """,
                uid=self.env.uid,
                figure_columns=FIGURE_COLUMNS,
                zeros=ZEROS,
                key=KEY_CONFLICT,
                figures=FIGURES,
                assign=SQL(", ").join(
                    SQL("%s = f.%s", SQL.identifier(name), SQL.identifier(name))
                    for name in FIGURE_NAMES
                ),
            )
        )
        self.invalidate_model()
        self.env["crm.service.record"].invalidate_model(["kpi_month_id"])

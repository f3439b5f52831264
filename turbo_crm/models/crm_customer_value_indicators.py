# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import SQL, LazyTranslate

_lt = LazyTranslate(__name__)


APPLIES_TO = [("customer", "Customers"), ("channel", "Channels")]
SEGMENTS = [
    ("group", "Group"),
    ("enterprise", "Enterprise"),
    ("government", "Government"),
    ("individual", "Individual"),
]


class CrmCustomerValueModelIndicators(models.AbstractModel):
    """The registry of value indicators: each one SQL aggregate over all the
    partners of a company, by commercial entity.

    Part of `crm.customer.value.model`, which inherits it.
    """

    _name = "crm.customer.value.indicators"
    _description = "Customer Value Indicators (registry)"

    # -- The registry --------------------------------------------------------
    @api.model
    def _get_value_indicators(self):
        """The indicators a model can use: {code: {"name", "applies_to",
        "unit"}}. Extend it (call super) and add a method
        `_value_indicator_<code>(date_from, date_to)` returning an SQL query
        of (partner_id, value) rows: one aggregate over all the company's
        partners, by commercial entity, in the company currency. `unit` says
        how the raw value reads: amount, count, percent, years, days or
        rating (1 to 5). A partner without a row scores a count or an
        amount as 0, and has no data for the other units.
        """
        return {
            "revenue": {
                "name": _lt("Revenue"),
                "applies_to": "customer",
                "unit": "amount",
            },
            "gross_margin": {
                "name": _lt("Gross Margin"),
                "applies_to": "customer",
                "unit": "amount",
            },
            "order_count": {
                "name": _lt("Number of Orders"),
                "applies_to": "customer",
                "unit": "count",
            },
            "won_count": {
                "name": _lt("Won Opportunities"),
                "applies_to": "customer",
                "unit": "count",
            },
            "win_rate": {
                "name": _lt("Win Rate"),
                "applies_to": "customer",
                "unit": "percent",
            },
            "open_pipeline": {
                "name": _lt("Open Weighted Pipeline"),
                "applies_to": "customer",
                "unit": "amount",
            },
            "customer_years": {
                "name": _lt("Years as a Customer"),
                "applies_to": "customer",
                "unit": "years",
            },
            "service_count": {
                "name": _lt("Services Done"),
                "applies_to": "customer",
                "unit": "count",
            },
            "service_repair_count": {
                "name": _lt("Repairs Done"),
                "applies_to": "customer",
                "unit": "count",
            },
            "service_satisfaction": {
                "name": _lt("Service Satisfaction"),
                "applies_to": "customer",
                "unit": "rating",
            },
            "channel_revenue": {
                "name": _lt("Revenue through the Channel"),
                "applies_to": "channel",
                "unit": "amount",
            },
            "channel_deal_count": {
                "name": _lt("Deals Registered"),
                "applies_to": "channel",
                "unit": "count",
            },
            "channel_win_rate": {
                "name": _lt("Channel Win Rate"),
                "applies_to": "channel",
                "unit": "percent",
            },
            "channel_quota_attainment": {
                "name": _lt("Quota Attainment"),
                "applies_to": "channel",
                "unit": "percent",
            },
        }

    # Shared pieces of the indicator queries.
    def _sql_order_sums(self, date_from, date_to, partner_column, expression):
        """Confirmed orders of the company in the period, by commercial
        entity of `partner_column`; amounts in the company currency."""
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id, %(expression)s AS value
              FROM sale_order so
              JOIN res_partner p ON p.id = so.%(column)s
             WHERE so.state = 'sale'
               AND so.company_id = %(company)s
               AND so.date_order >= %(date_from)s
               AND so.date_order < %(date_to)s::date + 1
             GROUP BY p.commercial_partner_id
            """,
            expression=expression,
            column=SQL.identifier(partner_column),
            company=self.company_id.id,
            date_from=date_from,
            date_to=date_to,
        )

    def _sql_win_rate(self, date_from, date_to, partner_column):
        """Won / (won + lost) opportunities closed in the period, in %."""
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id,
                   100.0 * COUNT(*) FILTER (WHERE stage.is_won)
                   / COUNT(*) AS value
              FROM crm_lead lead
              JOIN res_partner p ON p.id = lead.%(column)s
              LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
             WHERE lead.type = 'opportunity'
               AND lead.company_id = %(company)s
               AND lead.date_closed >= %(date_from)s
               AND lead.date_closed < %(date_to)s::date + 1
               AND ((lead.active AND stage.is_won)
                    OR (NOT lead.active AND lead.probability = 0))
             GROUP BY p.commercial_partner_id
            """,
            column=SQL.identifier(partner_column),
            company=self.company_id.id,
            date_from=date_from,
            date_to=date_to,
        )

    _ORDER_AMOUNT = SQL(
        "SUM(so.amount_untaxed / CASE COALESCE(so.currency_rate, 0) "
        "WHEN 0 THEN 1.0 ELSE so.currency_rate END)"
    )

    def _value_indicator_revenue(self, date_from, date_to):
        return self._sql_order_sums(
            date_from, date_to, "partner_id", self._ORDER_AMOUNT
        )

    def _value_indicator_gross_margin(self, date_from, date_to):
        return self._sql_order_sums(
            date_from,
            date_to,
            "partner_id",
            SQL(
                "SUM(COALESCE(so.margin, 0) / CASE COALESCE(so.currency_rate, 0) "
                "WHEN 0 THEN 1.0 ELSE so.currency_rate END)"
            ),
        )

    def _value_indicator_order_count(self, date_from, date_to):
        return self._sql_order_sums(date_from, date_to, "partner_id", SQL("COUNT(*)"))

    def _value_indicator_won_count(self, date_from, date_to):
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id, COUNT(*) AS value
              FROM crm_lead lead
              JOIN res_partner p ON p.id = lead.partner_id
              JOIN crm_stage stage ON stage.id = lead.stage_id AND stage.is_won
             WHERE lead.active
               AND lead.type = 'opportunity'
               AND lead.company_id = %(company)s
               AND lead.date_closed >= %(date_from)s
               AND lead.date_closed < %(date_to)s::date + 1
             GROUP BY p.commercial_partner_id
            """,
            company=self.company_id.id,
            date_from=date_from,
            date_to=date_to,
        )

    def _value_indicator_win_rate(self, date_from, date_to):
        return self._sql_win_rate(date_from, date_to, "partner_id")

    def _value_indicator_open_pipeline(self, date_from, date_to):
        # What is open now: the period does not apply. Expected revenue is
        # in the company currency.
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id,
                   SUM(lead.expected_revenue * lead.probability / 100.0) AS value
              FROM crm_lead lead
              JOIN res_partner p ON p.id = lead.partner_id
              LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
             WHERE lead.active
               AND lead.type = 'opportunity'
               AND lead.company_id = %(company)s
               AND NOT COALESCE(stage.is_won, FALSE)
               AND lead.create_date < %(date_to)s::date + 1
             GROUP BY p.commercial_partner_id
            """,
            company=self.company_id.id,
            date_to=date_to,
        )

    def _value_indicator_customer_years(self, date_from, date_to):
        # Since the first confirmed order ever, whatever the period.
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id,
                   GREATEST(0, (%(date_to)s::date - MIN(so.date_order)::date)
                               / 365.25) AS value
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
             WHERE so.state = 'sale'
               AND so.company_id = %(company)s
               AND so.date_order < %(date_to)s::date + 1
             GROUP BY p.commercial_partner_id
            """,
            company=self.company_id.id,
            date_to=date_to,
        )

    def _sql_services_done(self, date_from, date_to, expression, where=None):
        """Service records done for the company's customers in the period,
        by commercial entity."""
        return SQL(
            """
            SELECT r.commercial_partner_id AS partner_id, %(expression)s AS value
              FROM crm_service_record r
             WHERE r.state = 'done'
               AND r.company_id = %(company)s
               AND r.date >= %(date_from)s
               AND r.date <= %(date_to)s
               AND %(where)s
             GROUP BY r.commercial_partner_id
            """,
            expression=expression,
            company=self.company_id.id,
            date_from=date_from,
            date_to=date_to,
            where=where or SQL("TRUE"),
        )

    def _value_indicator_service_count(self, date_from, date_to):
        return self._sql_services_done(date_from, date_to, SQL("COUNT(*)"))

    def _value_indicator_service_repair_count(self, date_from, date_to):
        return self._sql_services_done(
            date_from, date_to, SQL("COUNT(*)"), SQL("r.service_type = 'repair'")
        )

    def _value_indicator_service_satisfaction(self, date_from, date_to):
        # The customers' average rating of the services they rated: one
        # who rated none has no data, not a rating of 0.
        return self._sql_services_done(
            date_from,
            date_to,
            SQL("AVG(r.satisfaction::int)"),
            SQL("r.satisfaction IS NOT NULL"),
        )

    def _value_indicator_channel_revenue(self, date_from, date_to):
        return self._sql_order_sums(
            date_from, date_to, "channel_partner_id", self._ORDER_AMOUNT
        )

    def _value_indicator_channel_deal_count(self, date_from, date_to):
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id, COUNT(*) AS value
              FROM crm_lead lead
              JOIN res_partner p ON p.id = lead.channel_partner_id
             WHERE lead.company_id = %(company)s
               AND lead.create_date >= %(date_from)s
               AND lead.create_date < %(date_to)s::date + 1
             GROUP BY p.commercial_partner_id
            """,
            company=self.company_id.id,
            date_from=date_from,
            date_to=date_to,
        )

    def _value_indicator_channel_win_rate(self, date_from, date_to):
        return self._sql_win_rate(date_from, date_to, "channel_partner_id")

    def _value_indicator_channel_quota_attainment(self, date_from, date_to):
        """Achieved / target of the channel's quotas that overlap the period,
        in %: the quotas' own grouped query gives what each achieved."""
        Quota = self.env["crm.sales.quota"].sudo()
        quotas = Quota.search(
            [
                ("target_type", "=", "channel"),
                ("company_id", "=", self.company_id.id),
                ("date_from", "<=", date_to),
                ("date_to", ">=", date_from),
            ]
        )
        achieved = Quota._achieved_amount_query(quotas) if quotas else None
        if not achieved:
            return SQL("SELECT NULL::int AS partner_id, NULL::float AS value LIMIT 0")
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id,
                   100.0 * SUM(COALESCE(a.achieved_amount, 0))
                   / NULLIF(SUM(q.target_amount), 0) AS value
              FROM crm_sales_quota q
              JOIN res_partner p ON p.id = q.partner_id
              LEFT JOIN (%(achieved)s) a ON a.quota_id = q.id
             WHERE q.id = ANY(%(ids)s)
             GROUP BY p.commercial_partner_id
            """,
            achieved=achieved,
            ids=quotas.ids,
        )

    @api.model
    def _selection_indicator(self):
        lang = self.env.lang or "en_US"
        return [
            (code, getattr(name, "_translate", lambda _lang, n=name: n)(lang))
            for code, name in (
                (code, spec["name"])
                for code, spec in self._get_value_indicators().items()
            )
        ]

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.modules.db import FunctionStatus, has_trigram
from odoo.osv import expression
from odoo.tools import SQL, create_index

from .crm_customer_value_snapshot import MOVEMENTS

_logger = logging.getLogger(__name__)


class ResPartner(models.Model):
    _inherit = "res.partner"

    def init(self):
        result = super().init()
        self._init_trigram_indexes()
        # The customers each service rep is responsible for, counted by the
        # Service KPIs from this index alone (20 ms instead of 80 ms over
        # 100,000 customers among 300,000 partners).
        create_index(
            self.env.cr,
            "res_partner_service_customers_index",
            self._table,
            ["service_user_id", "company_id", "sales_region_id"],
            where="service_user_id IS NOT NULL AND id = commercial_partner_id "
            "AND active",
        )
        return result

    def _init_trigram_indexes(self):
        """Trigram indexes on what Odoo's partner search reads (the many2one
        dropdown and the Contacts search bar: `_rec_names_search`, matched
        with `ilike '%...%'`), which no btree serves: at 300,000 partners a
        search reads them all (350 ms), with these 15 ms. They need
        PostgreSQL's pg_trgm, created here when missing if the database
        user may (PostgreSQL 13+ lets a database owner create it)."""
        cr = self.env.cr
        registry = self.env.registry
        if not has_trigram(cr):
            try:
                with cr.savepoint(flush=False):
                    cr.execute(SQL("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            except psycopg2.Error as error:
                _logger.warning(
                    "Partner search stays unindexed (a full read of the "
                    "partners per search): PostgreSQL's extension pg_trgm "
                    "could not be created (%s). A superuser can create it "
                    "with CREATE EXTENSION pg_trgm in this database; the "
                    "next update of turbo_crm then adds the indexes.",
                    str(error).strip(),
                )
                return
            registry.has_trigram = True
        for fname in self._rec_names_search:
            field = self._fields.get(fname)
            if not (field and field.store and field.type == "char"):
                continue
            column = f'"{fname}"'
            if registry.has_unaccent == FunctionStatus.INDEXABLE:
                # Odoo's ilike then compares unaccent(column).
                column = registry.unaccent(column)
            # Partial: an ilike never matches an empty value, and tax and
            # registry numbers are empty for most partners.
            create_index(
                cr,
                f"res_partner_{fname}_trigram_index",
                self._table,
                [f"{column} gin_trgm_ops"],
                method="gin",
                where=f'"{fname}" IS NOT NULL',
            )

    customer_segment = fields.Selection(
        [
            ("group", "Group"),
            ("enterprise", "Enterprise"),
            ("government", "Government"),
            ("individual", "Individual"),
        ],
        index=True,
        tracking=True,
        help="Group: a customer group with several buying units (集团客户). "
        "Enterprise: a single company. Government: a public body or "
        "state-owned institution. Individual: a private person.",
    )
    customer_tier = fields.Selection(
        [
            ("vip", "VIP"),
            ("a", "A"),
            ("b", "B"),
            ("c", "C"),
        ],
        index=True,
        tracking=True,
        group_expand="_read_group_customer_tier",
        help="Commercial importance of the customer, VIP being the highest.",
    )
    customer_tier_manual = fields.Boolean(
        string="Tier Set by Hand",
        tracking=True,
        help="The tier was set by hand: the value model's thresholds no longer "
        "change it until it is reset.",
    )
    # The value model's results, written by its job (in SQL).
    value_score = fields.Float(
        digits=(16, 2),
        readonly=True,
        aggregator="avg",
        groups="sales_team.group_sale_salesman",
        help="0 to 100: the weighted sum of the value model's indicators, "
        "plus the manager's adjustment.",
    )
    value_rank = fields.Integer(
        readonly=True,
        aggregator="min",
        groups="sales_team.group_sale_salesman",
    )
    # Read from the latest snapshot, not stored: they change for every
    # partner at every run, where score, rank and tier seldom do.
    value_rank_previous = fields.Integer(
        string="Previous Value Rank",
        compute="_compute_value_snapshot_id",
        groups="sales_team.group_sale_salesman",
    )
    value_rank_change = fields.Integer(
        string="Rank Change",
        compute="_compute_value_snapshot_id",
        groups="sales_team.group_sale_salesman",
        help="Places gained since the previous run (negative: lost).",
    )
    value_movement = fields.Selection(
        MOVEMENTS,
        string="Movement",
        compute="_compute_value_snapshot_id",
        groups="sales_team.group_sale_salesman",
    )
    value_model_id = fields.Many2one(
        "crm.customer.value.model",
        readonly=True,
        index="btree_not_null",
        groups="sales_team.group_sale_salesman",
    )
    value_snapshot_id = fields.Many2one(
        "crm.customer.value.snapshot",
        string="Latest Value Snapshot",
        compute="_compute_value_snapshot_id",
        groups="sales_team.group_sale_salesman",
    )
    value_date = fields.Date(
        string="Scored On",
        related="value_model_id.last_run_date",
        groups="sales_team.group_sale_salesman",
    )
    value_line_ids = fields.One2many(
        "crm.customer.value.snapshot.line",
        compute="_compute_value_snapshot_id",
        string="Score Explanation",
        groups="sales_team.group_sale_salesman",
    )
    value_snapshot_ids = fields.One2many(
        "crm.customer.value.snapshot",
        "partner_id",
        string="Value History",
        groups="sales_team.group_sale_salesman",
    )
    value_adjustment = fields.Float(
        string="Score Adjustment",
        digits=(16, 2),
        tracking=True,
        groups="sales_team.group_sale_salesman",
        help="Points a sales manager adds to (or takes from) the score, "
        "with a reason; kept across runs until changed.",
    )
    value_adjustment_reason = fields.Char(
        string="Adjustment Reason",
        tracking=True,
        groups="sales_team.group_sale_salesman",
    )
    sales_region_id = fields.Many2one(
        "crm.sales.region",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        help="Region whose sales organisation covers this customer.",
    )

    is_channel = fields.Boolean(
        string="Is a Channel",
        index=True,
        tracking=True,
        help="A distributor, agent, integrator or reseller through which we sell.",
    )
    channel_type = fields.Selection(
        [
            ("distributor", "Distributor"),
            ("agent", "Agent"),
            ("integrator", "System Integrator"),
            ("reseller", "Reseller"),
        ],
        tracking=True,
    )
    channel_level = fields.Selection(
        [("gold", "Gold"), ("silver", "Silver"), ("bronze", "Bronze")],
        tracking=True,
        group_expand="_read_group_channel_level",
        help="Classification of the channel, from its results and commitment.",
    )
    channel_quota_count = fields.Integer(
        compute="_compute_channel_quota",
        string="Quotas",
        groups="sales_team.group_sale_salesman",
    )
    channel_attainment = fields.Float(
        compute="_compute_channel_quota",
        string="Attainment (%)",
        digits=(16, 1),
        groups="sales_team.group_sale_salesman",
        help="What the channel achieved against its quotas of today's "
        "period (those for every product when it has some), in percent.",
    )
    # -- After-sales service ---------------------------------------------------
    service_user_id = fields.Many2one(
        "res.users",
        string="Service Rep",
        index="btree_not_null",
        tracking=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("turbo_crm.group_service_user").ids)
        ],
        help="The technician responsible for the customer's after-sales "
        "service; its contacts share it.",
    )
    service_record_count = fields.Integer(
        string="Service Records",
        compute="_compute_service_counts",
        groups="turbo_crm.group_service_user",
    )
    service_equipment_count = fields.Integer(
        string="Installed Equipment",
        compute="_compute_service_counts",
        groups="turbo_crm.group_service_user",
    )
    service_repair_count = fields.Integer(
        string="Repairs",
        compute="_compute_service_counts",
        groups="turbo_crm.group_service_user",
    )
    service_satisfaction = fields.Float(
        string="Average Satisfaction",
        compute="_compute_service_counts",
        digits=(16, 1),
        groups="turbo_crm.group_service_user",
    )
    service_last_date = fields.Date(
        string="Last Service",
        compute="_compute_service_counts",
        groups="turbo_crm.group_service_user",
    )
    service_record_ids = fields.One2many(
        "crm.service.record",
        "commercial_partner_id",
        string="Service History",
        groups="turbo_crm.group_service_user",
    )
    service_equipment_ids = fields.One2many(
        "crm.service.equipment",
        "commercial_partner_id",
        string="Equipment",
        groups="turbo_crm.group_service_user",
    )
    stakeholder_ids = fields.One2many(
        "crm.lead.stakeholder",
        "partner_id",
        string="Buying Roles",
        groups="sales_team.group_sale_salesman",
        help="The roles of this person on buying committees, across opportunities.",
    )
    stakeholder_count = fields.Integer(
        compute="_compute_stakeholder_count",
        string="Buying Roles Count",
        groups="sales_team.group_sale_salesman",
    )

    # Groups of a classification in its own order (Gold, Silver, Bronze;
    # VIP, A, B, C) rather than alphabetical, and only those with partners.
    def _read_group_channel_level(self, values, domain):
        return self._sorted_as_selection("channel_level", values)

    @api.depends("value_model_id.last_run_date", "value_rank")
    def _compute_value_snapshot_id(self):
        scored = self.filtered(lambda p: p.id and p.value_model_id.last_run_date)
        # sudo: the snapshots are read with the partner's own value fields.
        snapshots = (
            self.env["crm.customer.value.snapshot"]
            .sudo()
            .search_fetch(
                [("partner_id", "in", scored.ids), ("is_latest", "=", True)],
                ["partner_id", "model_id", "rank_previous", "rank_change", "movement"],
            )
            if scored
            else []
        )
        latest = {(s.partner_id.id, s.model_id.id): s.id for s in snapshots}
        Snapshot = self.env["crm.customer.value.snapshot"]
        for partner in self:
            snapshot = Snapshot.browse(
                latest.get((partner.id, partner.value_model_id.id), [])
            )
            partner.value_snapshot_id = snapshot
            partner.value_line_ids = snapshot.line_ids
            partner.value_rank_previous = snapshot.rank_previous
            partner.value_rank_change = snapshot.rank_change
            partner.value_movement = snapshot.movement

    def _read_group_customer_tier(self, values, domain):
        return self._sorted_as_selection("customer_tier", values)

    def _sorted_as_selection(self, field_name, values):
        order = self._fields[field_name].get_values(self.env)
        return sorted(values, key=order.index)

    def _compute_channel_quota(self):
        channels = self.filtered(lambda partner: partner.is_channel and partner.id)
        quotas = self.env["crm.sales.quota"]
        if channels:
            quotas = quotas.search(
                [("target_type", "=", "channel"), ("partner_id", "in", channels.ids)]
            )
        today = fields.Date.context_today(self)
        current = quotas.filtered(lambda q: q.date_from <= today <= q.date_to)
        for partner in self:
            partner.channel_quota_count = len(
                quotas.filtered(lambda q, p=partner: q.partner_id == p)
            )
            mine = current.filtered(lambda q, p=partner: q.partner_id == p)
            mine = mine.filtered(lambda q: not q.categ_id) or mine
            target = sum(mine.mapped("target_amount"))
            partner.channel_attainment = (
                100.0 * sum(mine.mapped("achieved_amount")) / target if target else 0.0
            )

    def action_view_channel_quotas(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "turbo_crm.crm_sales_quota_action"
        )
        action.update(
            {
                "name": self.env._("Quotas of %(name)s", name=self.name),
                "domain": [
                    ("target_type", "=", "channel"),
                    ("partner_id", "=", self.id),
                ],
                "context": {
                    "default_target_type": "channel",
                    "default_partner_id": self.id,
                },
            }
        )
        return action

    def _compute_stakeholder_count(self):
        counts = dict(
            self.env["crm.lead.stakeholder"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.stakeholder_count = counts.get(partner, 0)

    def action_view_stakeholder_roles(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "turbo_crm.crm_lead_stakeholder_action"
        )
        action.update(
            {
                "name": self.env._("Buying Roles of %(name)s", name=self.name),
                "domain": [("partner_id", "=", self.id)],
                "context": {"default_partner_id": self.id},
                "view_mode": "list,form",
                "views": [(False, "list"), (False, "form")],
            }
        )
        return action

    # -- Value model: manual tier and adjustments ------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("customer_tier") and "customer_tier_manual" not in vals:
                vals["customer_tier_manual"] = True
            if vals.get("service_user_id"):
                # A company is its own commercial entity, whatever its parent.
                parent = self.browse(
                    False if vals.get("is_company") else vals.get("parent_id")
                )
                self._check_service_rep_change(
                    vals["service_user_id"], parent.commercial_partner_id
                )
        return super().create(vals_list)

    def _check_service_history_stays(self, reps):
        """Moving a customer (or a contact) under another company gives it
        that company's service rep, and its service history and units to
        that rep: a service manager's decision when there are any."""
        moved = self.filtered(
            lambda p: p.commercial_partner_id.service_user_id != reps[p]
        )
        if not moved:
            return
        domain = [("partner_id", "child_of", moved.ids)]
        # sudo: whether such history exists, whoever may read it.
        if self.env["crm.service.record"].sudo().search_count(
            domain, limit=1
        ) or self.env["crm.service.equipment"].sudo().search_count(domain, limit=1):
            raise AccessError(
                self.env._(
                    "%s has a service history: only service managers move it to "
                    "another company, which changes its service rep.",
                    ", ".join(moved.mapped("display_name")),
                )
            )

    def _check_service_rep_change(self, user_id, company=None):
        """Only service managers choose a customer's service rep: the rep
        reads the customer's service history. A contact may take the rep
        its company has (Odoo copies it to the company's contacts)."""
        if self.env.su or self.env.user.has_group("turbo_crm.group_service_manager"):
            return
        if company is not None:
            changed = company.service_user_id.id != user_id
        else:
            changed = any(
                partner.service_user_id.id != user_id
                and not (
                    partner.parent_id
                    and partner.commercial_partner_id.service_user_id.id == user_id
                )
                for partner in self
            )
        if changed:
            raise AccessError(
                self.env._("Only service managers choose a customer's service rep.")
            )

    def write(self, vals):
        if {"service_record_ids", "service_equipment_ids"} & set(vals) and not (
            self.env.su
        ):
            # Read-only lists of the customer's history: written through them,
            # records would change customer without their own checks.
            raise AccessError(
                self.env._(
                    "Service records and units are written on their own forms, "
                    "not through the customer."
                )
            )
        if "service_user_id" in vals:
            self._check_service_rep_change(vals["service_user_id"] or False)
        moving = (
            {"parent_id", "is_company"} & set(vals)
            and not self.env.su
            and not self.env.user.has_group("turbo_crm.group_service_manager")
        )
        if moving:
            reps = {
                partner: partner.commercial_partner_id.service_user_id
                for partner in self
            }
        if "customer_tier" in vals and "customer_tier_manual" not in vals:
            # A tier set by hand stays until reset (the job writes in SQL).
            vals = dict(vals, customer_tier_manual=bool(vals["customer_tier"]))
        adjusting = {"value_adjustment", "value_adjustment_reason"} & set(vals)
        if (
            adjusting
            and not self.env.su
            and not self.env.user.has_group("sales_team.group_sale_manager")
        ):
            raise AccessError(
                self.env._("Only sales administrators can adjust value scores.")
            )
        if "function" in vals:
            # sudo: a contact's title reaches every committee it sits on, as
            # the compute would; only rows still showing the old title (or
            # none) follow, a title typed on the committee stays.
            rows = (
                self.env["crm.lead.stakeholder"]
                .sudo()
                .search([("partner_id", "in", self.ids)])
            )
            old_titles = {partner.id: partner.function for partner in self}
        result = super().write(vals)
        if moving:
            self._check_service_history_stays(reps)
        if adjusting:
            self._apply_value_adjustment()
        if "function" in vals:
            rows.filtered(
                lambda row: (
                    not row.job_title or row.job_title == old_titles[row.partner_id.id]
                )
            ).write({"job_title": vals["function"] or False})
        return result

    def _apply_value_adjustment(self):
        """The new adjustment counts at once in the score and in the
        explanation of the latest snapshot; the ranks move at the next run."""
        # sudo: the snapshots are written by the job only; the manager's
        # right to adjust was checked in write().
        for partner in self.sudo().filtered("value_snapshot_id"):
            snapshot = partner.value_snapshot_id
            score = min(100.0, max(0.0, snapshot.base_score + partner.value_adjustment))
            line = snapshot.line_ids.filtered(lambda li: li.note == "adjustment")
            line_vals = {
                "points": partner.value_adjustment,
                "adjustment_reason": partner.value_adjustment_reason,
            }
            if not partner.value_adjustment:
                line.unlink()
            elif line:
                line.write(line_vals)
            else:
                line.create(
                    dict(
                        line_vals,
                        snapshot_id=snapshot.id,
                        sequence=10000,
                        note="adjustment",
                    )
                )
            snapshot.write({"score": score, "adjustment": partner.value_adjustment})
            partner.value_score = score
        # The explanation is read from the snapshot, not kept on the partner.
        self.invalidate_recordset(["value_line_ids"])

    def action_reset_customer_tier(self):
        """Let the value model's thresholds set the tier again."""
        for partner in self:
            vals = {"customer_tier_manual": False}
            # sudo: the latest score decides; reading it needs no more right
            # than seeing the partner.
            snapshot = partner.sudo().value_snapshot_id
            if snapshot:
                model = snapshot.model_id
                score = snapshot.score
                vals["customer_tier"] = (
                    "vip"
                    if score >= model.threshold_vip
                    else "a"
                    if score >= model.threshold_a
                    else "b"
                    if score >= model.threshold_b
                    else "c"
                )
            partner.write(vals)
        return True

    def action_view_value_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "turbo_crm.crm_customer_value_snapshot_action_history"
        )
        action.update(
            {
                "name": self.env._("Value History of %(name)s", name=self.name),
                "domain": [("partner_id", "=", self.commercial_partner_id.id)],
            }
        )
        return action

    @api.model
    def _commercial_fields(self):
        # Contacts share the classification of their company.
        return super()._commercial_fields() + [
            "customer_segment",
            "customer_tier",
            "customer_tier_manual",
            "sales_region_id",
            "is_channel",
            "channel_type",
            "channel_level",
            "service_user_id",
        ]

    # -- A channel's sales: the orders through it ----------------------------
    def _channel_sale_order_domain(self):
        """Orders through these channels that are not already theirs as the
        customer (Odoo's count has those)."""
        return [
            ("channel_partner_id", "in", self.ids),
            "!",
            ("partner_id", "child_of", self.ids),
        ]

    def _compute_sale_order_count(self):
        super()._compute_sale_order_count()
        channels = self.filtered("is_channel")
        if not channels or not self.env.user._has_group(
            "sales_team.group_sale_salesman"
        ):
            return
        counts = dict(
            self.env["sale.order"]._read_group(
                expression.AND(
                    [
                        self._get_sale_order_domain_count(),
                        channels._channel_sale_order_domain(),
                    ]
                ),
                ["channel_partner_id"],
                ["__count"],
            )
        )
        for channel in channels:
            channel.sale_order_count += counts.get(channel, 0)

    def action_view_sale_order(self):
        action = super().action_view_sale_order()
        channels = self.filtered("is_channel")
        if channels:
            action["domain"] = expression.OR(
                [action["domain"], [("channel_partner_id", "in", channels.ids)]]
            )
        return action

    # -- After-sales service ---------------------------------------------------
    def _compute_service_counts(self):
        """The service figures of the customers (with their contacts'), in
        three grouped queries, over the records the user may read."""
        commercial = self.commercial_partner_id
        domain = [("commercial_partner_id", "in", commercial.ids)]
        Record = self.env["crm.service.record"]
        records = {
            partner: (count, last)
            for partner, count, last in Record._read_group(
                domain + [("state", "!=", "cancelled")],
                ["commercial_partner_id"],
                ["__count", "date:max"],
            )
        }
        repairs = dict(
            Record._read_group(
                domain + [("service_type", "=", "repair"), ("state", "=", "done")],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        # The rating's keys are its digits: averaged in SQL as numbers.
        satisfaction = {}
        if commercial.ids:
            Record.flush_model(["satisfaction", "commercial_partner_id", "state"])
            query = Record._search(domain + [("satisfaction", "!=", False)])
            rows = self.env.execute_query(
                SQL(
                    "%s GROUP BY 1",
                    query.select(
                        SQL.identifier(Record._table, "commercial_partner_id"),
                        SQL(
                            "AVG(%s::int)",
                            SQL.identifier(Record._table, "satisfaction"),
                        ),
                    ),
                )
            )
            satisfaction = dict(rows)
        equipment = dict(
            self.env["crm.service.equipment"]._read_group(
                domain, ["commercial_partner_id"], ["__count"]
            )
        )
        for partner in self:
            company = partner.commercial_partner_id
            count, last = records.get(company, (0, False))
            partner.service_record_count = count
            partner.service_last_date = last
            partner.service_repair_count = repairs.get(company, 0)
            partner.service_equipment_count = equipment.get(company, 0)
            partner.service_satisfaction = satisfaction.get(company.id) or 0.0

    def action_view_service_records(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "turbo_crm.crm_service_record_action"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_service_equipment(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "turbo_crm.crm_service_equipment_action"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {"default_partner_id": self.id}
        return action

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column, table_exists

from ..tools import check_service_write

# A record follows another on the same unit within this many days: a revisit.
REVISIT_DAYS = 30

SERVICE_TYPES = [
    ("installation", "Installation"),
    ("repair", "Repair"),
    ("maintenance", "Maintenance"),
    ("inspection", "Inspection"),
    ("training", "Training"),
]


class CrmServiceRecord(models.Model):
    """One service done (or planned) for a customer: the service history."""

    _name = "crm.service.record"
    _description = "Service Record"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", tracking=True)
    ref = fields.Char(
        string="ERP Reference",
        index="btree_not_null",
        copy=False,
        help="The service's number in the ERP it was imported from.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    contact_id = fields.Many2one(
        "res.partner",
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
    )
    equipment_id = fields.Many2one(
        "crm.service.equipment",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id), "
        "('state', '=', 'in_service')]",
    )
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_from_equipment",
        store=True,
        readonly=False,
        index="btree_not_null",
        check_company=True,
    )
    serial = fields.Char(
        string="Serial or Equipment Reference",
        compute="_compute_from_equipment",
        store=True,
        readonly=False,
    )
    service_type = fields.Selection(
        SERVICE_TYPES,
        required=True,
        default="repair",
        index=True,
        tracking=True,
    )
    date = fields.Date(
        required=True,
        index=True,
        tracking=True,
        default=fields.Date.context_today,
        help="The day of the service, or the day it is planned for.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Technician",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("turbo_crm.group_service_user").ids)
        ],
    )
    requested_at = fields.Datetime(
        default=fields.Datetime.now,
        copy=False,
        help="When the customer asked for the service.",
    )
    first_response_at = fields.Datetime(
        copy=False,
        tracking=True,
        help="When the customer first heard back from the service team.",
    )
    arrival_at = fields.Datetime(string="Arrived At", tracking=True, copy=False)
    closed_at = fields.Datetime(tracking=True, copy=False)
    duration = fields.Float(string="Duration (Hours)", aggregator="sum")
    currency_id = fields.Many2one(related="company_id.currency_id")
    cost = fields.Monetary(
        currency_field="currency_id",
        groups="turbo_crm.group_service_manager",
        tracking=True,
        help="What the service cost the company (parts, travel, labour).",
    )
    description = fields.Html()
    outcome = fields.Text()
    satisfaction = fields.Selection(
        [
            ("1", "Very Dissatisfied"),
            ("2", "Dissatisfied"),
            ("3", "Neutral"),
            ("4", "Satisfied"),
            ("5", "Very Satisfied"),
        ],
        string="Customer Satisfaction",
        tracking=True,
        copy=False,
        help="The customer's rating of the service, 1 to 5.",
    )
    campaign_id = fields.Many2one(
        "crm.service.campaign",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        tracking=True,
        copy=False,
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="planned",
        index=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )
    under_warranty = fields.Boolean(
        compute="_compute_under_warranty",
        store=True,
        help="The service date is on or before the unit's warranty end.",
    )
    is_revisit = fields.Boolean(
        string="Revisit",
        compute="_compute_is_revisit",
        store=True,
        help="A repair the customer called for (not a campaign's visit) on a "
        f"unit serviced in the {REVISIT_DAYS} days before.",
    )
    is_revisited = fields.Boolean(
        string="Revisited",
        compute="_compute_is_revisit",
        store=True,
        help="A repair the customer called for follows this service on the "
        f"same unit within {REVISIT_DAYS} days: a repair so followed was not "
        "fixed the first time.",
    )
    kpi_month_id = fields.Many2one(
        "crm.service.kpi.month",
        string="KPI Month",
        compute="_compute_kpi_month_id",
        store=True,
        index="btree_not_null",
        copy=False,
        groups="base.group_system",
        help="The month of its technician's KPIs a done service is summed in.",
    )
    color = fields.Integer()

    def _auto_init(self):
        # Added to a database that has services already: the column is made
        # here, so that the ORM does not compute it service by service; the
        # KPI months' init() then sorts the done services in SQL.
        cr = self.env.cr
        if table_exists(cr, self._table) and not column_exists(
            cr, self._table, "kpi_month_id"
        ):
            create_column(cr, self._table, "kpi_month_id", "int4")
        return super()._auto_init()

    @api.depends("name", "service_type", "partner_id")
    def _compute_display_name(self):
        types = dict(self._fields["service_type"]._description_selection(self.env))
        for record in self:
            record.display_name = record.name or " - ".join(
                filter(
                    None,
                    [types.get(record.service_type), record.partner_id.display_name],
                )
            )

    @api.depends("equipment_id")
    def _compute_from_equipment(self):
        for record in self:
            if record.equipment_id:
                record.product_id = record.equipment_id.product_id
                record.serial = record.equipment_id.serial or record.equipment_id.name
            else:
                record.product_id = record.product_id
                record.serial = record.serial

    @api.depends("date", "equipment_id.warranty_end")
    def _compute_under_warranty(self):
        for record in self:
            end = record.equipment_id.warranty_end
            record.under_warranty = bool(end and record.date and record.date <= end)

    @api.depends("date", "equipment_id", "state", "service_type", "campaign_id")
    def _compute_is_revisit(self):
        """One query for the batch. A revisit is a repair the customer
        called for (not a campaign's visit) on a unit serviced in the
        window before it; a record is revisited when such a repair follows
        it within the window. Planned maintenance after a repair does not
        make the repair a failure."""
        candidates = self.filtered(
            lambda r: (
                isinstance(r.id, int)
                and r.equipment_id
                and r.date
                and r.state != "cancelled"
            )
        )
        flags = {}
        if candidates.ids:
            self.flush_model(
                ["equipment_id", "date", "state", "service_type", "campaign_id"]
            )
            rows = self.env.execute_query(
                SQL(
                    """
                SELECT r.id,
                       r.service_type = 'repair' AND r.campaign_id IS NULL
                       AND EXISTS (
                           SELECT 1 FROM crm_service_record o
                            WHERE o.equipment_id = r.equipment_id
                              AND o.id != r.id
                              AND o.state != 'cancelled'
                              AND o.date <= r.date
                              AND o.date >= r.date - %(days)s
                              AND (o.date < r.date OR o.id < r.id)),
                       EXISTS (
                           SELECT 1 FROM crm_service_record n
                            WHERE n.equipment_id = r.equipment_id
                              AND n.id != r.id
                              AND n.state != 'cancelled'
                              AND n.service_type = 'repair'
                              AND n.campaign_id IS NULL
                              AND n.date >= r.date
                              AND n.date <= r.date + %(days)s
                              AND (n.date > r.date OR n.id > r.id))
                  FROM crm_service_record r
                 WHERE r.id = ANY(%(ids)s)
                    """,
                    ids=candidates.ids,
                    days=REVISIT_DAYS,
                )
            )
            flags = {row[0]: row[1:] for row in rows}
        for record in self:
            record.is_revisit, record.is_revisited = flags.get(
                record.id, (False, False)
            )

    @api.depends(
        "state",
        "company_id",
        "user_id",
        "commercial_partner_id.sales_region_id",
        "service_type",
        "date",
    )
    def _compute_kpi_month_id(self):
        keys = {
            record: (
                record.company_id.id,
                record.user_id.id or None,
                record.commercial_partner_id.sales_region_id.id or None,
                record.service_type,
                record.date.replace(day=1),
            )
            for record in self
            # An unsaved record (a form's onchange) makes no month.
            if isinstance(record.id, int)
            and record.state == "done"
            and record.company_id
            and record.date
        }
        Month = self.env["crm.service.kpi.month"]
        month_ids = Month._get_month_ids(keys.values())
        for record in self:
            key = keys.get(record)
            record.kpi_month_id = Month.browse(month_ids[key]) if key else False

    def _get_revisit_neighbours(self):
        """The active records of the same units within the window before or
        after these: their revisit flags depend on these."""
        units = self.equipment_id
        if not units:
            return self.browse()
        dates = [d for d in self.mapped("date") if d]
        if not dates:
            return self.browse()
        # sudo: the flags of records the user may not read depend on his too.
        return self.sudo().search(
            [
                ("equipment_id", "in", units.ids),
                ("date", ">=", min(dates) - timedelta(days=REVISIT_DAYS)),
                ("date", "<=", max(dates) + timedelta(days=REVISIT_DAYS)),
                ("id", "not in", self.ids),
            ]
        )

    def _recompute_revisit_neighbours(self, neighbours):
        neighbours = neighbours.exists()
        if neighbours:
            for name in ("is_revisit", "is_revisited"):
                self.env.add_to_compute(self._fields[name], neighbours)
            # and what is summed from their flags: their KPI months.
            neighbours.modified(["is_revisit", "is_revisited"])

    def _check_satisfaction_values(self, vals_list):
        """Refused before the ORM's own conversion, which would only say
        the value is wrong for the field."""
        allowed = {key for key, _label in self._fields["satisfaction"].selection}
        for vals in vals_list:
            value = vals.get("satisfaction")
            if value and str(value) not in allowed:
                raise ValidationError(
                    self.env._(
                        "Customer satisfaction is rated from 1 to 5, not %(value)s.",
                        value=value,
                    )
                )
            if value:
                vals["satisfaction"] = str(value)

    @api.constrains("duration")
    def _check_duration(self):
        for record in self:
            if record.duration < 0:
                raise ValidationError(
                    self.env._(
                        "The duration of %(record)s cannot be negative.",
                        record=record.display_name,
                    )
                )

    @api.constrains("arrival_at", "closed_at")
    def _check_closed_after_arrival(self):
        for record in self:
            if (
                record.arrival_at
                and record.closed_at
                and record.closed_at < record.arrival_at
            ):
                raise ValidationError(
                    self.env._(
                        "%(record)s is closed before the technician arrived: "
                        "correct the arrival or the closing time.",
                        record=record.display_name,
                    )
                )

    @api.constrains("requested_at", "first_response_at", "closed_at")
    def _check_times_after_request(self):
        for record in self.filtered("requested_at"):
            if any(
                moment and moment < record.requested_at
                for moment in (record.first_response_at, record.closed_at)
            ):
                raise ValidationError(
                    self.env._(
                        "%(record)s is answered or closed before it was "
                        "requested: correct the request time.",
                        record=record.display_name,
                    )
                )

    @api.constrains("equipment_id", "partner_id")
    def _check_equipment_partner(self):
        for record in self:
            if (
                record.equipment_id
                and record.equipment_id.commercial_partner_id
                != record.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "The equipment %(equipment)s is installed at "
                        "%(owner)s, not at %(customer)s.",
                        equipment=record.equipment_id.display_name,
                        owner=record.equipment_id.partner_id.display_name,
                        customer=record.partner_id.display_name,
                    )
                )

    def _check_equipment_in_service(self, equipments):
        retired = equipments.filtered(lambda e: e.state == "retired")
        if retired:
            raise UserError(
                self.env._(
                    "The equipment %(equipment)s is retired: no new service can "
                    "be recorded on it. Put it back in service first, or record "
                    "the service without it.",
                    equipment=", ".join(retired.mapped("display_name")),
                )
            )

    def _may_correct_kpis(self):
        """Whether the current user enters and corrects the figures the
        technicians' KPIs are made of: service managers (and the system)."""
        return self.env.su or self.env.user.has_group("turbo_crm.group_service_manager")

    def _check_kpi_inputs(self, vals, creating=False):
        """The figures a technician's KPIs are made of are not his to
        write: the customer's satisfaction is entered by a service manager,
        the first response and the closing time are set by the Start and
        Close buttons, and the time of the request is given when the record
        is made, never later and never in the future."""
        if self._may_correct_kpis():
            return
        if vals.get("satisfaction") or (not creating and "satisfaction" in vals):
            raise AccessError(
                self.env._(
                    "Only service managers enter the customer's satisfaction: "
                    "the technician who did the service does not rate it."
                )
            )
        stamped = {"first_response_at", "closed_at"} & set(vals)
        if not creating and "requested_at" in vals:
            stamped.add("requested_at")
        if creating:
            stamped = {name for name in stamped if vals[name]}
        elif vals.get("service_type") == "repair" and self.filtered(
            lambda r: not r.requested_at and r.service_type != "repair"
        ):
            # A visit with no request made a repair would count in the
            # repairs without its response time.
            raise AccessError(
                self.env._(
                    "A repair is a customer's call and is measured from its "
                    "request time, which this service does not have: log the "
                    "call as a new repair, or ask a service manager to change "
                    "the service's type."
                )
            )
        if stamped:
            raise AccessError(
                self.env._(
                    "%(fields)s are kept by the Start and Close buttons and the "
                    "request itself: only service managers correct them.",
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in sorted(stamped)
                    ),
                )
            )

    def _add_missing_default_values(self, values):
        # Checked with the defaults in: a `default_*` key of the context or a
        # user's own saved default would otherwise write what the caller
        # may not.
        values = super()._add_missing_default_values(values)
        check_service_write(self, values, "user_id", creating=True)
        self._check_kpi_inputs(values, creating=True)
        if (
            values.get("service_type") == "repair"
            and not values.get("requested_at")
            and not self._may_correct_kpis()
        ):
            # A repair is the customer's call, and the technician's response
            # time runs from it: logged by him without its time, the call
            # came when he logged it.
            values["requested_at"] = fields.Datetime.now()
        return values

    @api.model_create_multi
    def create(self, vals_list):
        self._check_satisfaction_values(vals_list)
        self._check_equipment_in_service(
            self.env["crm.service.equipment"].browse(
                {vals["equipment_id"] for vals in vals_list if vals.get("equipment_id")}
            )
        )
        records = super().create(vals_list)
        records._recompute_revisit_neighbours(records._get_revisit_neighbours())
        if not self._may_correct_kpis():
            # A technician logging a service started or done gets its times
            # as of now; managers and imports give the history's own.
            records._stamp_times()
        return records

    # What makes a done service's figures: a technician changes none of it.
    _DONE_FIELDS = {
        "user_id",
        "partner_id",
        "equipment_id",
        "service_type",
        "date",
        "state",
        "duration",
        "campaign_id",
    }

    def _check_done_unchanged(self, vals):
        if self._may_correct_kpis():
            return
        done = self.filtered(lambda r: r.state == "done")
        changed = set()
        for name in self._DONE_FIELDS & set(vals):
            # The written value as the record holds it (ids as records,
            # strings as dates), converted once for all the records.
            field = self._fields[name]
            value = field.convert_to_record(
                field.convert_to_cache(vals[name], self), self
            )
            if any(record[name] != value for record in done):
                changed.add(name)
        if changed:
            raise AccessError(
                self.env._(
                    "%(records)s is done: only service managers change its %(fields)s.",
                    records=", ".join(done.mapped("display_name")),
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in sorted(changed)
                    ),
                )
            )

    def write(self, vals):
        check_service_write(self, vals, "user_id")
        self._check_kpi_inputs(vals)
        self._check_done_unchanged(vals)
        self._check_satisfaction_values([vals])
        if vals.get("equipment_id"):
            self._check_equipment_in_service(
                self.env["crm.service.equipment"].browse(vals["equipment_id"])
            )
        tracked = {"equipment_id", "date", "state", "service_type", "campaign_id"}
        tracked &= set(vals)
        before = self._get_revisit_neighbours() if tracked else self.browse()
        res = super().write(vals)
        if tracked:
            self._recompute_revisit_neighbours(before | self._get_revisit_neighbours())
        if {"partner_id", "company_id", "user_id"} & set(vals):
            # Rules are checked before a write only: a technician does not
            # move a record out of what he may write (another customer's,
            # another company's).
            self.check_access("write")
        if vals.get("state") in ("in_progress", "done"):
            self._stamp_times()
        return res

    def unlink(self):
        neighbours = self._get_revisit_neighbours()
        res = super().unlink()
        self._recompute_revisit_neighbours(neighbours)
        return res

    def _stamp_times(self):
        """The times a service's state gives, whichever way it got there
        (the buttons, the kanban, an import): started, it has its first
        response and arrival; done, its closing time too. Written as
        sudo: they are not the technician's to write (the caller's write
        checked that he may write the records). One write per set of
        values."""
        now = fields.Datetime.now()
        stamps = defaultdict(lambda: self.browse())
        for record in self.filtered(lambda r: r.state in ("in_progress", "done")):
            values = {}
            # Never before the request (a service may be requested ahead).
            moment = max(now, record.requested_at or now)
            if not record.first_response_at:
                values["first_response_at"] = moment
            if not record.arrival_at:
                values["arrival_at"] = moment
            if record.state == "done" and not record.closed_at:
                values["closed_at"] = max(
                    moment, values.get("arrival_at") or record.arrival_at or moment
                )
            if values:
                stamps[tuple(sorted(values.items()))] |= record
        for values, records in stamps.items():
            records.sudo().write(dict(values))

    # -- The technician's steps ----------------------------------------------
    def action_start(self):
        self.write({"state": "in_progress"})
        return True

    def action_done(self):
        self.write({"state": "done"})
        return True

    def action_cancel(self):
        self.write({"state": "cancelled"})
        return True

    def action_reset_to_planned(self):
        self.write({"state": "planned"})
        self.sudo().write({"closed_at": False})
        return True

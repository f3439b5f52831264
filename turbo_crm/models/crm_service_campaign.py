# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

_logger = logging.getLogger(__name__)


class CrmServiceCampaign(models.Model):
    """A service campaign (for instance the after-SARS air-conditioning
    maintenance): one planned visit or one activity for every customer, or
    every unit, of its target, over a period."""

    _name = "crm.service.campaign"
    _description = "Service Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    # How many targets one generation step creates before it flushes.
    _generate_batch_size = 500

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    description = fields.Html()
    target_model = fields.Selection(
        [("customer", "Customers"), ("equipment", "Installed Equipment")],
        string="Target",
        required=True,
        default="customer",
        tracking=True,
        help="Customers: one visit per customer. Installed Equipment: one "
        "visit per unit of the installed base.",
    )
    partner_domain = fields.Char(
        string="Customers",
        default="[('is_company', '=', True)]",
        help="The customers of the campaign: by segment, tier, sales region...",
    )
    equipment_domain = fields.Char(
        string="Equipment",
        default="[('state', '=', 'in_service')]",
        help="The units of the campaign: by product category, installation "
        "date, sales region...",
    )
    date_start = fields.Date(
        string="Start", required=True, default=fields.Date.context_today
    )
    date_end = fields.Date(string="End", required=True, tracking=True)
    action_type = fields.Selection(
        [("record", "Planned Service Record"), ("activity", "Activity")],
        string="Creates",
        required=True,
        default="record",
        help="What the campaign creates for each target, for its responsible "
        "technician: a planned service record, or an activity to do.",
    )
    service_type = fields.Selection(
        selection=lambda self: (
            self.env["crm.service.record"]
            ._fields["service_type"]
            ._description_selection(self.env)
        ),
        required=True,
        default="maintenance",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        default=lambda self: self.env.ref(
            "mail.mail_activity_data_todo", raise_if_not_found=False
        ),
    )
    user_id = fields.Many2one(
        "res.users",
        string="Default Technician",
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("turbo_crm.group_service_user").ids)
        ],
        help="Who gets the visits of customers and units without a "
        "responsible technician. Without one, the campaign's author gets "
        "them, whoever generates them.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("closed", "Closed")],
        required=True,
        default="draft",
        tracking=True,
    )
    last_run_at = fields.Datetime(string="Last Generated", readonly=True)
    line_ids = fields.One2many("crm.service.campaign.line", "campaign_id")
    record_ids = fields.One2many("crm.service.record", "campaign_id")
    target_count = fields.Integer(string="Targets", compute="_compute_target_count")
    generated_count = fields.Integer(string="Scheduled", compute="_compute_progress")
    done_count = fields.Integer(string="Done", compute="_compute_progress")
    overdue_count = fields.Integer(string="Overdue", compute="_compute_progress")
    progress = fields.Float(
        string="Progress (%)",
        compute="_compute_progress",
        help="Done as a percentage of the target.",
    )

    _sql_constraints = [
        (
            "date_check",
            "CHECK (date_end >= date_start)",
            "A campaign cannot end before it starts.",
        ),
    ]

    # -- Target ---------------------------------------------------------------
    def _get_target_model(self):
        self.ensure_one()
        if self.target_model == "equipment":
            return self.env["crm.service.equipment"]
        return self.env["res.partner"]

    def _get_target_domain(self):
        """The campaign's domain, inside the campaign's company."""
        self.ensure_one()
        # AND-ed, not appended: a filter of its own that opens with "|"
        # would otherwise swallow the company and the other limits.
        if self.target_model == "equipment":
            return expression.AND(
                [
                    safe_eval(self.equipment_domain or "[]"),
                    [
                        ("company_id", "=", self.company_id.id),
                        ("state", "=", "in_service"),
                    ],
                ]
            )
        return expression.AND(
            [
                safe_eval(self.partner_domain or "[]"),
                [
                    ("company_id", "in", [self.company_id.id, False]),
                    ("is_company", "=", True),
                ],
            ]
        )

    @api.depends("target_model", "partner_domain", "equipment_domain", "company_id")
    def _compute_target_count(self):
        for campaign in self:
            # sudo: the target counts whoever reads the campaign.
            campaign.target_count = (
                campaign._get_target_model()
                .sudo()
                .search_count(campaign._get_target_domain())
            )

    @api.depends("line_ids.state", "line_ids.date_deadline")
    def _compute_progress(self):
        today = fields.Date.context_today(self)
        Line = self.env["crm.service.campaign.line"].sudo()
        domain = [("campaign_id", "in", self.ids)]
        generated = dict(Line._read_group(domain, ["campaign_id"], ["__count"]))
        done = dict(
            Line._read_group(
                domain + [("state", "=", "done")], ["campaign_id"], ["__count"]
            )
        )
        overdue = dict(
            Line._read_group(
                domain + [("state", "=", "open"), ("date_deadline", "<", today)],
                ["campaign_id"],
                ["__count"],
            )
        )
        for campaign in self:
            campaign.generated_count = generated.get(campaign, 0)
            campaign.done_count = done.get(campaign, 0)
            campaign.overdue_count = overdue.get(campaign, 0)
            total = max(campaign.target_count, campaign.generated_count)
            campaign.progress = 100.0 * campaign.done_count / total if total else 0.0

    @api.constrains("target_model", "partner_domain", "equipment_domain")
    def _check_domain(self):
        for campaign in self:
            try:
                domain = campaign._get_target_domain()
                Target = campaign._get_target_model()
                everyone = Target.sudo().search_count(domain)
                readable = Target.search_count(domain)
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The target of the campaign %(campaign)s is not a valid "
                        "filter: %(error)s",
                        campaign=campaign.display_name,
                        error=error,
                    )
                ) from error
            if readable != everyone and not self.env.su:
                # The target is counted for every reader: it does not reach
                # what its author may not read himself.
                raise ValidationError(
                    self.env._(
                        "The target of the campaign %(campaign)s reaches "
                        "records you may not read: narrow its filter.",
                        campaign=campaign.display_name,
                    )
                )

    @api.constrains("company_id")
    def _check_company_allowed(self):
        if self.env.su:
            return
        outside = self.filtered(lambda c: c.company_id not in self.env.user.company_ids)
        if outside:
            raise AccessError(
                self.env._(
                    "You may not run a campaign in a company of which you are "
                    "not a member."
                )
            )

    @api.constrains("user_id", "company_id")
    def _check_default_technician(self):
        technicians = self.env.ref("turbo_crm.group_service_user")
        for campaign in self.filtered("user_id"):
            user = campaign.user_id
            if technicians not in user.groups_id or (
                campaign.company_id and campaign.company_id not in user.company_ids
            ):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot be the default technician of "
                        "%(campaign)s: he is not a service user of %(company)s.",
                        user=user.display_name,
                        campaign=campaign.display_name,
                        company=campaign.company_id.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done_visits(self):
        # sudo: the services done count whoever may read them.
        done = self.sudo().record_ids.filtered(lambda r: r.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "%(campaigns)s already has services done: archive it "
                    "instead, so that their history keeps its campaign.",
                    campaigns=", ".join(done.campaign_id.mapped("display_name")),
                )
            )

    def unlink(self):
        # The database empties its visits' campaign: a repair visit becomes
        # a repair the customer called for, and its revisit flags, and its
        # neighbours', follow.
        records = self.sudo().record_ids
        neighbours = records._get_revisit_neighbours()
        res = super().unlink()
        records.invalidate_recordset(["campaign_id"])
        records._recompute_revisit_neighbours(records | neighbours)
        return res

    # -- Generation -----------------------------------------------------------
    def action_start(self):
        self._check_target_not_empty()
        self.write({"state": "running"})
        return self.action_generate()

    def action_close(self):
        self.write({"state": "closed"})
        return True

    def action_reset_to_draft(self):
        self.write({"state": "draft"})
        return True

    def action_generate(self):
        not_running = self.filtered(lambda c: c.state != "running")
        if not_running:
            raise UserError(
                self.env._(
                    "Only a running campaign schedules visits: start %s first.",
                    ", ".join(not_running.mapped("display_name")),
                )
            )
        created = self._generate()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s visits scheduled.", count=len(created)
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _check_target_not_empty(self):
        for campaign in self:
            if (
                not campaign._get_target_model()
                .sudo()
                .search_count(campaign._get_target_domain(), limit=1)
            ):
                raise UserError(
                    self.env._(
                        "The target of the campaign %(campaign)s is empty: no "
                        "customer or unit matches it. Widen the filter of its "
                        "target.",
                        campaign=campaign.display_name,
                    )
                )

    def _lock_for_generation(self):
        """Lock the campaigns being generated, skipping those another
        transaction is generating right now: that one schedules them."""
        if not self.ids:
            return self
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM crm_service_campaign WHERE id = ANY(%s) "
                "FOR UPDATE SKIP LOCKED",
                self.ids,
            )
        )
        return self.browse([row[0] for row in rows])

    def _generate(self):
        """Create what is missing for the campaigns' targets, in batches:
        the targets that already have theirs get nothing new. Returns the
        campaign lines created."""
        self.check_access("write")
        self._check_target_not_empty()
        lines = self.env["crm.service.campaign.line"]
        for campaign in self._lock_for_generation():
            campaign.last_run_at = fields.Datetime.now()
            # sudo: the campaign schedules visits for customers the manager
            # running it may not see (another rep's customers).
            targets = (
                campaign._get_target_model()
                .sudo()
                .search(campaign._get_target_domain(), order="id")
            )
            for start in range(0, len(targets), self._generate_batch_size):
                batch = targets[start : start + self._generate_batch_size]
                new_lines = campaign._insert_lines(batch)
                new_lines._create_actions()
                lines |= new_lines
        return lines

    def _insert_lines(self, targets):
        """Claim one line per target, in one statement that skips the
        targets claimed already, whoever claimed them (the unique index
        decides). Returns the lines this call created."""
        self.ensure_one()
        if not targets:
            return self.env["crm.service.campaign.line"]
        Line = self.env["crm.service.campaign.line"]
        Line.flush_model()
        is_equipment = targets._name == "crm.service.equipment"
        if is_equipment:
            targets.flush_recordset(["commercial_partner_id"])
        rows = self.env.execute_query(
            SQL(
                """
            INSERT INTO crm_service_campaign_line
                   (campaign_id, company_id, partner_id, equipment_id, state,
                    date_deadline, create_uid, create_date, write_uid, write_date)
            SELECT %(campaign)s, %(company)s, t.partner_id, t.equipment_id, 'open',
                   %(deadline)s, %(uid)s, NOW() AT TIME ZONE 'UTC',
                   %(uid)s, NOW() AT TIME ZONE 'UTC'
              FROM (%(targets)s) t
                ON CONFLICT DO NOTHING
            RETURNING id
                """,
                campaign=self.id,
                company=self.company_id.id,
                deadline=self.date_end,
                uid=self.env.uid,
                targets=SQL(
                    "SELECT e.commercial_partner_id AS partner_id, e.id AS "
                    "equipment_id FROM crm_service_equipment e WHERE e.id = ANY(%s)",
                    targets.ids,
                )
                if is_equipment
                else SQL(
                    "SELECT p.id AS partner_id, NULL::int AS equipment_id "
                    "FROM res_partner p WHERE p.id = ANY(%s)",
                    targets.ids,
                ),
            )
        )
        return Line.browse([row[0] for row in rows])

    @api.model
    def _cron_generate(self):
        """Give the customers and units that joined the running campaigns'
        targets since the last run their visits."""
        campaigns = self.search(
            [
                ("state", "=", "running"),
                ("date_end", ">=", fields.Date.context_today(self)),
            ]
        )
        for campaign in campaigns:
            try:
                with self.env.cr.savepoint():
                    campaign._generate()
            except UserError as error:
                _logger.info("Service campaign %s: %s", campaign.id, error)
        return True

    def action_view_records(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "turbo_crm.crm_service_record_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "turbo_crm.crm_service_campaign_line_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action

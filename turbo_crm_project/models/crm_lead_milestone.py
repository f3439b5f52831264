# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.turbo_crm.tools import boolean_search_domain

from .crm_lead_cost_line import check_lead_access
from .crm_milestone_template_line import MILESTONE_TYPES

LATE_ACTIVITY = "turbo_crm_project.mail_activity_type_milestone_late"
# In the context while a deal milestone and its project milestone mirror each
# other: an object, so that no RPC caller can send it and skip the document
# check of either side.
MILESTONE_SYNC = object()


class CrmLeadMilestone(models.Model):
    """A milestone of a project deal (项目里程碑). Sales-phase milestones
    (survey, proposal, bid, contract) drive the opportunity; delivery
    milestones become milestones of the order's project on confirmation and
    bill their share of the order when reached."""

    _name = "crm.lead.milestone"
    _description = "Deal Milestone"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "lead_id, sequence, deadline, id"
    _check_company_auto = True

    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="lead_id.partner_id", string="Customer")
    name = fields.Char(required=True, tracking=True, translate=True)
    sequence = fields.Integer(default=10)
    milestone_type = fields.Selection(
        MILESTONE_TYPES, string="Type", required=True, default="sales"
    )
    template_line_id = fields.Many2one(
        "crm.milestone.template.line",
        string="Plan Line",
        ondelete="set null",
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        check_company=True,
    )
    deadline = fields.Date(tracking=True, index=True)
    reached_date = fields.Date(
        compute="_compute_reached_date",
        store=True,
        readonly=False,
        tracking=True,
        copy=False,
        help="The day the milestone was done: today unless given; cleared "
        "when it is reopened or cancelled.",
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    delay_days = fields.Integer(
        compute="_compute_delay_days",
        string="Delay (days)",
        help="Days past the deadline while the milestone is open, or by which "
        "it was reached late.",
    )
    is_late = fields.Boolean(
        compute="_compute_delay_days",
        search="_search_is_late",
        string="Late",
    )
    late_flagged = fields.Boolean(
        compute="_compute_late_flagged",
        store=True,
        readonly=False,
        copy=False,
        help="The late-milestone job has asked the responsible to act; it asks "
        "again only after the deadline is moved.",
    )
    required_category_ids = fields.Many2many(
        "crm.document.category",
        string="Required Documents",
        tracking=True,
    )
    document_ids = fields.One2many(
        "ir.attachment",
        "crm_lead_milestone_id",
        string="Documents",
        domain=[("crm_document_current", "=", True)],
    )
    missing_category_ids = fields.Many2many(
        "crm.document.category",
        "crm_lead_milestone_missing_category_rel",
        "milestone_id",
        "category_id",
        string="Missing Documents",
        compute="_compute_missing_category_ids",
        store=True,
    )
    documents_complete = fields.Boolean(
        compute="_compute_missing_category_ids", store=True
    )
    missing_count = fields.Integer(
        compute="_compute_missing_category_ids",
        store=True,
        string="Missing Document Count",
    )
    invoice_share = fields.Float(
        string="Invoice Share (%)",
        digits=(5, 2),
        help="Share of the order billed when this delivery milestone is reached.",
    )
    project_milestone_id = fields.Many2one(
        "project.milestone",
        readonly=True,
        copy=False,
        check_company=True,
        ondelete="set null",
        index="btree_not_null",
    )
    project_id = fields.Many2one(related="project_milestone_id.project_id")
    note = fields.Html()

    _sql_constraints = [
        (
            "invoice_share_range",
            "CHECK (invoice_share >= 0 AND invoice_share <= 100)",
            "An invoice share is a percentage between 0 and 100.",
        ),
    ]

    @api.depends("state")
    def _compute_reached_date(self):
        today = fields.Date.context_today(self)
        for milestone in self:
            if milestone.state != "done":
                milestone.reached_date = False
            elif not milestone.reached_date:
                milestone.reached_date = today

    @api.depends("deadline")
    def _compute_late_flagged(self):
        # A moved deadline is a new promise: the job asks again once it is
        # missed.
        self.late_flagged = False

    @api.depends("state", "deadline", "reached_date")
    @api.depends_context("tz")
    def _compute_delay_days(self):
        today = fields.Date.context_today(self)
        for milestone in self:
            delay = 0
            if milestone.deadline and milestone.state in ("planned", "in_progress"):
                delay = (today - milestone.deadline).days
            elif milestone.deadline and milestone.state == "done":
                delay = ((milestone.reached_date or today) - milestone.deadline).days
            milestone.delay_days = max(delay, 0)
            milestone.is_late = milestone.state in ("planned", "in_progress") and (
                delay > 0
            )

    def _search_is_late(self, operator, value):
        late = [
            ("state", "in", ("planned", "in_progress")),
            ("deadline", "<", fields.Date.context_today(self)),
        ]
        return boolean_search_domain(self, "is_late", operator, value, late)

    @api.depends(
        "required_category_ids",
        "lead_id.company_id",
        # The deal's projects (_get_projects), where documents count too.
        "lead_id.order_ids.state",
        "lead_id.order_ids.project_id",
        "lead_id.order_ids.order_line.project_id",
        "lead_id.order_ids.order_line.task_id.project_id",
        "project_milestone_id",
        "project_milestone_id.project_id",
        "document_ids.crm_document_category_id",
        "document_ids.crm_document_current",
        "document_ids.res_model",
        "document_ids.res_id",
        "document_ids.company_id",
    )
    def _compute_missing_category_ids(self):
        for milestone in self:
            # Documents the reader may not open still count for the milestone.
            present = milestone._get_present_categories(milestone.sudo().document_ids)
            missing = milestone.required_category_ids - present
            milestone.missing_category_ids = missing
            milestone.documents_complete = not missing
            milestone.missing_count = len(missing)

    def _get_present_categories(self, documents):
        """The categories of those documents that count for the milestone:
        attached to its deal or to the deal's projects, in its company."""
        self.ensure_one()
        lead = self.lead_id._origin
        documents = documents.filtered(
            lambda doc: not doc.company_id or doc.company_id == self.company_id
        )
        on_projects = documents.filtered(lambda doc: doc.res_model == "project.project")
        project_ids = set()
        if on_projects:
            project_ids = set(lead._get_projects().ids) | set(
                self.sudo().project_id.ids
            )
        return documents.filtered(
            lambda doc: (
                (doc.res_model == "crm.lead" and doc.res_id == lead.id)
                or (doc.res_model == "project.project" and doc.res_id in project_ids)
            )
        ).crm_document_category_id

    @api.constrains("state", "required_category_ids")
    def _check_required_documents(self):
        for milestone in self.filtered(lambda m: m.state == "done"):
            if milestone.missing_category_ids:
                raise ValidationError(
                    self.env._(
                        "Milestone “%(milestone)s” of “%(deal)s” cannot be done: "
                        "attach its %(documents)s first.",
                        milestone=milestone.name,
                        deal=milestone.lead_id.name,
                        documents=", ".join(
                            milestone.missing_category_ids.mapped("name")
                        ),
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._check_project_milestone_link(vals_list)
        milestones = super().create(vals_list)
        # Checked once created, so that a default_lead_id counts too.
        milestones._check_lead_access([])
        return milestones

    def _check_lead_access(self, vals_list):
        """Creating a milestone, or moving it to another deal, needs write
        access to the deal (and to the deal it leaves)."""
        check_lead_access(self, vals_list)

    def _check_project_milestone_link(self, vals_list):
        """Only the order's confirmation links a deal milestone to the
        project milestone it bills: no caller points his at another one."""
        if not self.env.su and any(
            vals.get("project_milestone_id") for vals in vals_list
        ):
            raise UserError(
                self.env._(
                    "A deal milestone gets its project milestone when the order "
                    "is confirmed: it cannot be linked by hand."
                )
            )

    def write(self, vals):
        if "project_milestone_id" in vals:
            self._check_project_milestone_link([vals])
        if "lead_id" in vals:
            self._check_lead_access([vals])
        required_before = {}
        if "required_category_ids" in vals:
            required_before = {
                milestone: milestone.required_category_ids
                for milestone in self.filtered(lambda m: m.state == "done")
            }
        moved_late = self.browse()
        if "deadline" in vals:
            moved_late = self.filtered("late_flagged")
        result = super().write(vals)
        for milestone, required in required_before.items():
            if milestone.state == "done" and required - milestone.required_category_ids:
                # Else its documents could then go, which it was done with.
                raise UserError(
                    self.env._(
                        "Milestone “%(milestone)s” is done with its %(documents)s: "
                        "reset the milestone before removing a required document.",
                        milestone=milestone.name,
                        documents=", ".join(
                            (required - milestone.required_category_ids).mapped("name")
                        ),
                    )
                )
        if "state" in vals:
            self._sync_project_milestones()
            if vals["state"] in ("done", "cancelled"):
                self.activity_feedback([LATE_ACTIVITY])
        if moved_late:
            # The late activity asked for the old deadline: one for the new
            # deadline replaces it, if the milestone is still late.
            moved_late.activity_unlink([LATE_ACTIVITY])
            moved_late._flag_late_milestones()
        return result

    def _sync_project_milestones(self):
        """Reflect the state on the project's milestone, where Odoo's
        milestone invoicing reads it."""
        if self.env.context.get("turbo_milestone_sync") is MILESTONE_SYNC:
            return
        for milestone in self.filtered("project_milestone_id"):
            reached = milestone.state == "done"
            project_milestone = milestone.project_milestone_id.sudo()
            if not milestone._is_on_deal_project(project_milestone):
                continue
            if project_milestone.is_reached != reached:
                project_milestone.with_context(
                    turbo_milestone_sync=MILESTONE_SYNC
                ).write({"is_reached": reached})

    def _is_on_deal_project(self, project_milestone):
        """Whether the project milestone is on one of the deal's projects:
        only those mirror the deal milestone."""
        self.ensure_one()
        return project_milestone.project_id in self.lead_id.sudo()._get_projects()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_start(self):
        self.filtered(lambda m: m.state == "planned").state = "in_progress"
        return True

    def action_done(self):
        self.filtered(lambda m: m.state != "done").state = "done"
        return True

    def action_cancel(self):
        if self.filtered(lambda m: m.state == "done" and m.project_milestone_id):
            raise UserError(
                self.env._(
                    "A reached delivery milestone may already be invoiced: reset "
                    "it on the project first."
                )
            )
        self.state = "cancelled"
        return True

    def action_reset(self):
        self.state = "planned"
        return True

    def action_upload_document(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Upload a Document"),
            "res_model": "crm.document.upload",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_lead_id": self.lead_id.id,
                "default_milestone_id": self.id,
                "default_category_id": self.missing_category_ids[:1].id,
            },
        }

    # ------------------------------------------------------------------
    # Delivery: project milestones
    # ------------------------------------------------------------------
    def _prepare_project_milestone_vals(self, project, sale_line):
        self.ensure_one()
        return {
            "name": self.name,
            "project_id": project.id,
            "deadline": self.deadline,
            "sale_line_id": sale_line.id,
            "quantity_percentage": self.invoice_share / 100,
            "is_reached": self.state == "done",
        }

    def _copy_template_line_names(self):
        """Give the milestones still named after their plan line the line's
        name in every language, so that each member of the deal team reads
        the plan in his own, whoever applied it."""
        if not self:
            return
        self.flush_recordset(["name", "template_line_id"])
        self.env["crm.milestone.template.line"].flush_model(["name"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_lead_milestone milestone
                   SET name = line.name
                  FROM crm_milestone_template_line line
                 WHERE line.id = milestone.template_line_id
                   AND milestone.id = ANY(%(ids)s)
                   AND milestone.name ->> %(lang)s
                       = COALESCE(line.name ->> %(lang)s, line.name ->> 'en_US')
                """,
                ids=self.ids,
                lang=self.env.lang or "en_US",
            )
        )
        self.invalidate_recordset(["name"])

    def _create_project_milestones(self, project, sale_line):
        """Give the project one milestone per delivery milestone, billing
        its share of the milestone-invoiced order line."""
        ProjectMilestone = self.env["project.milestone"].sudo()
        project_milestones = ProjectMilestone.with_context(
            turbo_milestone_sync=MILESTONE_SYNC
        ).create(
            [
                milestone._prepare_project_milestone_vals(project, sale_line)
                for milestone in self
            ]
        )
        for milestone, project_milestone in zip(self, project_milestones, strict=True):
            milestone.project_milestone_id = project_milestone
        return project_milestones

    # ------------------------------------------------------------------
    # Late milestones
    # ------------------------------------------------------------------
    @api.model
    def _cron_flag_late_milestones(self):
        return self.browse()._flag_late_milestones()

    def _flag_late_milestones(self):
        """Give the responsible of each late milestone in self (all when
        empty) one activity.

        Milestones are claimed with FOR NO KEY UPDATE SKIP LOCKED and flagged
        in the same transaction: a second run, the same day or from another
        worker at the same moment, finds nothing left to flag.
        """
        late = self.search(
            [("is_late", "=", True), ("late_flagged", "=", False)]
            + ([("id", "in", self.ids)] if self else [])
        )
        if not late:
            return self.browse()
        self.flush_model(["late_flagged"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM crm_lead_milestone WHERE id = ANY(%s) "
                "AND late_flagged IS NOT TRUE ORDER BY id "
                "FOR NO KEY UPDATE SKIP LOCKED",
                late.ids,
            )
        )
        claimed = self.browse(row[0] for row in self.env.cr.fetchall())
        activity_type = self.env.ref(LATE_ACTIVITY)
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        values = []
        for milestone in claimed:
            user = milestone.user_id or milestone.lead_id.user_id or self.env.user
            # In the language of the responsible who reads it: a summary is
            # stored once, not translated.
            milestone_in_lang = milestone.with_context(lang=user.lang)
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": milestone.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "user_id": user.id,
                    "date_deadline": today,
                    "summary": milestone_in_lang.env._(
                        "%(milestone)s is %(days)s days late",
                        milestone=milestone_in_lang.name,
                        days=milestone.delay_days,
                    ),
                }
            )
        self.env["mail.activity"].sudo().create(values)
        claimed.late_flagged = True
        return claimed

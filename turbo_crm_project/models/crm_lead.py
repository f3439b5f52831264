# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command

PRESALES_SECTION = "presales"


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # Milestones
    milestone_template_id = fields.Many2one(
        "crm.milestone.template",
        string="Milestone Plan",
        compute="_compute_milestone_template_id",
        store=True,
        readonly=False,
        check_company=True,
        help="The plan applied by “Plan Milestones”; chosen from the "
        "opportunity's team and type (tags).",
    )
    milestone_ids = fields.One2many(
        "crm.lead.milestone", "lead_id", string="Milestones", copy=False
    )
    milestone_count = fields.Integer(compute="_compute_milestone_stats")
    milestone_done_count = fields.Integer(compute="_compute_milestone_stats")
    milestone_late_count = fields.Integer(compute="_compute_milestone_stats")
    milestone_progress = fields.Float(
        compute="_compute_milestone_stats",
        help="Share of the deal's milestones (cancelled ones aside) that are done.",
    )
    # Documents
    document_count = fields.Integer(compute="_compute_document_stats")
    missing_document_count = fields.Integer(
        compute="_compute_document_stats",
        help="Documents the open milestones require and nobody has attached yet.",
    )
    # Profit
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Pre-sales Analytic Account",
        copy=False,
        check_company=True,
        help="Pre-sales expenses and bills of this deal are booked on this "
        "account; they are the deal's pre-sales cost.",
    )
    cost_line_ids = fields.One2many(
        "crm.lead.cost.line", "lead_id", string="Estimated Costs", copy=True
    )
    estimated_cost = fields.Monetary(
        compute="_compute_estimated_cost",
        store=True,
        currency_field="company_currency",
    )
    estimated_margin = fields.Monetary(
        compute="_compute_estimated_cost",
        store=True,
        currency_field="company_currency",
        help="Expected revenue less the estimated costs.",
    )
    presales_cost = fields.Monetary(
        compute="_compute_profit",
        currency_field="company_currency",
        string="Pre-sales Cost",
        help="Costs booked on the deal's pre-sales analytic account: posted "
        "expenses and vendor bills, less refunds.",
    )
    actual_revenue = fields.Monetary(
        compute="_compute_profit",
        currency_field="company_currency",
        help="Posted customer invoices of the deal's orders less credit notes, "
        "untaxed.",
    )
    actual_cost = fields.Monetary(
        compute="_compute_profit",
        currency_field="company_currency",
        help="Costs of the deal's projects, as their profitability panel shows "
        "them: timesheets, expenses, vendor bills.",
    )
    actual_margin = fields.Monetary(
        compute="_compute_profit",
        currency_field="company_currency",
        string="Margin",
        help="Actual revenue less actual and pre-sales costs.",
    )
    actual_margin_percent = fields.Float(compute="_compute_profit", string="Margin (%)")
    presales_return = fields.Float(
        compute="_compute_profit",
        string="Return on Pre-sales Cost",
        help="Margin earned per unit of pre-sales cost.",
    )
    profit_scope = fields.Selection(
        [
            ("deal", "Deal figures"),
            ("project", "Project figures"),
            ("hidden", "Hidden figures"),
        ],
        string="Figures Shown",
        compute="_compute_profit_scope",
        help="Which actual figures of the deal you may see: all of them when "
        "you may read its orders; those of its projects, as their "
        "profitability panel shows them, when you work on its projects; "
        "none otherwise.",
    )
    # Closed loop
    project_ids = fields.Many2many(
        "project.project", compute="_compute_closed_loop", string="Projects"
    )
    project_count = fields.Integer(compute="_compute_closed_loop")
    amount_invoiced = fields.Monetary(
        compute="_compute_closed_loop",
        currency_field="company_currency",
        string="Invoiced",
    )
    amount_paid = fields.Monetary(
        compute="_compute_closed_loop",
        currency_field="company_currency",
        string="Paid",
    )
    amount_overdue = fields.Monetary(
        compute="_compute_closed_loop",
        currency_field="company_currency",
        string="Overdue",
    )

    @api.depends("type", "team_id", "tag_ids", "company_id")
    def _compute_milestone_template_id(self):
        leads = self.filtered(lambda lead: lead.type == "opportunity")
        (self - leads).milestone_template_id = False
        if not leads:
            return  # plain leads have no plan: no search for them
        found = self.env["crm.milestone.template"]._find_for_leads(leads)
        for lead in leads:
            lead.milestone_template_id = found.get(lead.id, False)

    @api.depends("milestone_ids.state", "milestone_ids.deadline")
    @api.depends_context("tz")
    def _compute_milestone_stats(self):
        Milestone = self.env["crm.lead.milestone"]
        domain = [("lead_id", "in", self._origin.ids)]
        by_state = {
            (lead.id, state): count
            for lead, state, count in Milestone._read_group(
                domain, ["lead_id", "state"], ["__count"]
            )
        }
        late = dict(
            Milestone._read_group(
                domain + [("is_late", "=", True)], ["lead_id"], ["__count"]
            )
        )
        for lead in self:
            lead_id = lead._origin.id
            done = by_state.get((lead_id, "done"), 0)
            total = done + sum(
                by_state.get((lead_id, state), 0)
                for state in ("planned", "in_progress")
            )
            lead.milestone_count = total
            lead.milestone_done_count = done
            lead.milestone_late_count = late.get(lead._origin, 0)
            lead.milestone_progress = total and 100.0 * done / total

    def _compute_document_stats(self):
        Attachment = self.env["ir.attachment"]
        counts = dict(
            Attachment._read_group(
                [
                    ("res_model", "=", "crm.lead"),
                    ("res_id", "in", self._origin.ids),
                    ("crm_document_category_id", "!=", False),
                    ("crm_document_current", "=", True),
                ],
                ["res_id"],
                ["__count"],
            )
        )
        missing = dict(
            self.env["crm.lead.milestone"]._read_group(
                [
                    ("lead_id", "in", self._origin.ids),
                    ("state", "in", ("planned", "in_progress")),
                ],
                ["lead_id"],
                ["missing_count:sum"],
            )
        )
        for lead in self:
            lead.document_count = counts.get(lead._origin.id, 0)
            lead.missing_document_count = missing.get(lead._origin, 0)

    @api.depends("cost_line_ids.amount", "expected_revenue")
    def _compute_estimated_cost(self):
        for lead in self:
            lead.estimated_cost = sum(lead.cost_line_ids.mapped("amount"))
            lead.estimated_margin = lead.expected_revenue - lead.estimated_cost

    def _get_won_orders(self):
        """The deal's confirmed orders that the reader may read."""
        return self._get_won_orders_sudo().with_env(self.env)._filtered_access("read")

    def _get_won_orders_sudo(self):
        # Every confirmed order of the deal, also those the reader may not
        # read: only to tell which of its figures he may see. The stored
        # orders, also when an onchange links them to a new deal.
        return self.sudo().order_ids._origin.filtered(
            lambda order: order.state == "sale"
        )

    def _get_customer_invoices(self):
        """The posted customer invoices and credit notes of the deal's orders
        that the reader may read."""
        # Whoever reads an order reads what it invoiced, even without access
        # to the invoices themselves.
        return (
            self._get_won_orders()
            .sudo()
            .invoice_ids.filtered(
                lambda move: (
                    move.state == "posted"
                    and move.move_type in ("out_invoice", "out_refund")
                )
            )
        )

    def _get_projects(self, orders_sudo=None):
        """The projects of the deal's confirmed orders (of orders_sudo when
        given), whoever reads."""
        if orders_sudo is None:
            orders_sudo = self._get_won_orders_sudo()
        return (
            orders_sudo.project_id
            | orders_sudo.order_line.project_id
            | orders_sudo.order_line.task_id.project_id
        )

    @api.depends("order_ids.state", "analytic_account_id")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_profit_scope(self):
        """Which actual figures of the deal the reader may see: all of them
        when he may read every confirmed order of the deal (its salesperson,
        sales managers); those of the deal's projects, as Odoo's profitability
        panel shows them to him, when he is a project user who may read every
        project of the deal (its project manager in the deal team); none
        otherwise, nor when the deal's pre-sales cost is not his to read."""
        presales_visible = self._get_visible_presales_accounts()
        is_project_user = self.env.user.has_group("project.group_project_user")
        orders_sudo = self._get_won_orders_sudo()
        readable_orders = orders_sudo.with_env(self.env)._filtered_access("read")
        projects_sudo = self._get_projects()
        readable_projects = projects_sudo.with_env(self.env)._filtered_access("read")
        for lead in self:
            lead_orders = lead._get_won_orders_sudo()
            lead_projects = lead._get_projects()
            if lead.analytic_account_id - presales_visible:
                lead.profit_scope = "hidden"
            elif not (lead_orders - readable_orders):
                lead.profit_scope = "deal"
            elif (
                is_project_user
                and lead_projects
                and not (lead_projects - readable_projects)
            ):
                lead.profit_scope = "project"
            else:
                lead.profit_scope = "hidden"

    @api.depends(
        "order_ids.state",
        "order_ids.invoice_ids.amount_residual",
        "analytic_account_id",
    )
    @api.depends_context("tz", "uid", "allowed_company_ids")
    def _compute_closed_loop(self):
        today = fields.Date.context_today(self)
        readable_projects = (
            self._get_projects().with_env(self.env)._filtered_access("read")
        )
        for lead in self:
            # The projects of the orders he reads, and those he reads himself.
            projects = lead._get_projects(lead._get_won_orders().sudo()) | (
                lead._get_projects() & readable_projects
            )
            lead.project_ids = projects.with_env(self.env)
            lead.project_count = len(projects)
            invoices = (
                lead._get_customer_invoices()
                if lead.profit_scope == "deal"
                else self.env["account.move"]
            )
            lead.amount_invoiced = sum(invoices.mapped("amount_total_signed"))
            lead.amount_paid = lead.amount_invoiced - sum(
                invoices.mapped("amount_residual_signed")
            )
            lead.amount_overdue = sum(
                invoices.filtered(
                    lambda move: move.invoice_date_due and move.invoice_date_due < today
                ).mapped("amount_residual_signed")
            )

    @api.depends("analytic_account_id", "order_ids.state")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_profit(self):
        presales = self._get_presales_costs()
        for lead in self:
            revenue = cost = 0.0
            if lead.profit_scope == "deal":
                revenue = sum(
                    lead._get_customer_invoices().mapped("amount_untaxed_signed")
                )
                for project in lead._get_projects():
                    cost -= project._get_profitability_costs_without_presales()
            elif lead.profit_scope == "project":
                # What the projects' profitability panel shows the reader:
                # nothing for a project that shows no panel.
                for project in lead._get_projects().with_env(self.env):
                    if not project._show_profitability():
                        continue
                    invoiced, billed = project._get_profitability_totals()
                    revenue += invoiced
                    cost -= billed
            lead.presales_cost = (
                presales.get(lead.analytic_account_id.id, 0.0)
                if lead.profit_scope != "hidden"
                else 0.0
            )
            lead.actual_revenue = revenue
            lead.actual_cost = cost
            lead.actual_margin = revenue - cost - lead.presales_cost
            lead.actual_margin_percent = (
                revenue and 100.0 * lead.actual_margin / revenue
            )
            lead.presales_return = (
                lead.presales_cost and lead.actual_margin / lead.presales_cost
            )

    def _get_visible_presales_accounts(self):
        """The pre-sales accounts of self whose costs the reader may read:
        those booked only for deals he may read. A new deal pointed at the
        account of a deal he may not read does not show its cost."""
        accounts = self.analytic_account_id
        if not accounts or self.env.su:
            return accounts
        # Every deal on the accounts, also those the reader may not read.
        leads_sudo = (
            self.sudo()
            .with_context(active_test=False)
            .search([("analytic_account_id", "in", accounts.ids)])
        )
        hidden = leads_sudo - leads_sudo.with_env(self.env)._filtered_access("read")
        return accounts - hidden.analytic_account_id

    def _get_presales_costs(self):
        """{analytic account id: cost booked on it}, in company currency, for
        the pre-sales accounts the reader may see."""
        accounts = self._get_visible_presales_accounts()
        if not accounts:
            return {}
        # The deal's pre-sales cost is shown to those who may read the deal,
        # not only to analytic accountants.
        groups = (
            self.env["account.analytic.line"]
            .sudo()
            ._read_group(
                [("account_id", "in", accounts.ids)], ["account_id"], ["amount:sum"]
            )
        )
        return {account.id: -amount for account, amount in groups}

    @api.constrains("analytic_account_id")
    def _check_analytic_account_id(self):
        accounts = self.analytic_account_id
        if not accounts:
            return
        counts = (
            self.sudo()
            .with_context(active_test=False)
            ._read_group(
                [("analytic_account_id", "in", accounts.ids)],
                ["analytic_account_id"],
                ["__count"],
            )
        )
        shared = [account for account, count in counts if count > 1]
        if shared:
            raise ValidationError(
                self.env._(
                    "The analytic account “%(account)s” already holds the pre-sales "
                    "costs of another opportunity: give this one its own account.",
                    account=shared[0].display_name,
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_apply_milestone_template(self):
        for lead in self:
            if not lead.milestone_template_id:
                raise UserError(
                    self.env._(
                        "Choose a milestone plan for “%(deal)s” first.", deal=lead.name
                    )
                )
        self._apply_milestone_template()
        return True

    def _apply_milestone_template(self, start_date=None):
        """Add the plan's milestones that the deal does not have yet, due
        their offset after start_date (today by default)."""
        start_date = start_date or fields.Date.context_today(self)
        vals_list = []
        for lead in self:
            applied = lead.milestone_ids.template_line_id
            for line in lead.milestone_template_id.line_ids - applied:
                vals_list.append(lead._prepare_milestone_vals(line, start_date))
        milestones = self.env["crm.lead.milestone"].create(vals_list)
        milestones._copy_template_line_names()
        return milestones

    def _prepare_milestone_vals(self, line, start_date):
        self.ensure_one()
        return {
            "lead_id": self.id,
            "template_line_id": line.id,
            "name": line.name,
            "sequence": line.sequence,
            "milestone_type": line.milestone_type,
            "deadline": start_date + timedelta(days=line.offset_days),
            "user_id": self._get_milestone_responsible(line.responsible_role).id,
            "required_category_ids": [Command.set(line.required_category_ids.ids)],
            "invoice_share": line.invoice_share,
        }

    def _get_milestone_responsible(self, role):
        self.ensure_one()
        if role != "salesperson":
            members = self.team_member_ids.filtered(lambda m: m.role == role)
            if members:
                return members[0].user_id
        return self.user_id or self.env.user

    def action_create_analytic_account(self):
        project_plan, _other_plans = self.env["account.analytic.plan"]._get_all_plans()
        for lead in self.filtered(lambda lead: not lead.analytic_account_id):
            lead.analytic_account_id = self.env["account.analytic.account"].create(
                {
                    "name": self.env._("Pre-sales: %(deal)s", deal=lead.name),
                    "plan_id": project_plan.id,
                    "company_id": lead.company_id.id,
                    "partner_id": lead.partner_id.commercial_partner_id.id,
                }
            )
        return True

    def _action_window(self, name, model, records, **extra):
        action = {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "domain": [("id", "in", records.ids)],
            "view_mode": "list,form",
            **extra,
        }
        if len(records) == 1:
            action.update(view_mode="form", res_id=records.id)
        return action

    def action_view_milestones(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Milestones"),
            "res_model": "crm.lead.milestone",
            "domain": [("lead_id", "=", self.id)],
            "view_mode": "list,kanban,calendar,form",
            "context": {"default_lead_id": self.id},
        }

    def action_view_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "turbo_crm_project.crm_document_action"
        )
        action["domain"] = [("res_model", "=", "crm.lead"), ("res_id", "=", self.id)]
        action["context"] = {
            "default_res_model": "crm.lead",
            "default_res_id": self.id,
            "search_default_current": 1,
        }
        return action

    def action_view_projects(self):
        self.ensure_one()
        return self._action_window(
            self.env._("Projects"), "project.project", self.project_ids
        )

    def action_view_invoices(self):
        self.ensure_one()
        return self._get_won_orders().action_view_invoice(
            self._get_customer_invoices().with_env(self.env)
        )

    def action_view_overdue_invoices(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        overdue = self._get_customer_invoices().filtered(
            lambda move: (
                move.amount_residual
                and move.invoice_date_due
                and move.invoice_date_due < today
            )
        )
        return self._get_won_orders().action_view_invoice(overdue.with_env(self.env))

    def action_view_presales_expenses(self):
        self.ensure_one()
        if not self.analytic_account_id:
            self.action_create_analytic_account()
        account = self.analytic_account_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Pre-sales Expenses"),
            "res_model": "hr.expense",
            "view_mode": "list,form",
            "domain": [("analytic_distribution", "in", account.ids)],
            "context": {"default_analytic_distribution": {str(account.id): 100}},
        }

    def action_view_presales_costs(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Pre-sales Costs"),
            "res_model": "account.analytic.line",
            "view_mode": "list,form",
            "domain": [("account_id", "=", self.analytic_account_id.id)],
        }

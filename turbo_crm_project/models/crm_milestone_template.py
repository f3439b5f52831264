# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools.float_utils import float_compare, float_is_zero

# Set in the context while a plan writes its own lines, which are then checked
# once on the plan: an object, so that no RPC caller can send it.
_PLAN_CHECKS_SHARES = object()


class CrmMilestoneTemplate(models.Model):
    """A milestone plan for a kind of project deal: the sales-phase steps
    (survey, proposal, bid, contract) and the delivery steps that are billed,
    with the documents each one needs."""

    _name = "crm.milestone.template"
    _description = "Deal Milestone Plan"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    team_ids = fields.Many2many(
        "crm.team",
        string="Sales Teams",
        check_company=True,
        help="Opportunities of these teams get this plan; leave empty for all teams.",
    )
    tag_ids = fields.Many2many(
        "crm.tag",
        string="Opportunity Types",
        help="Opportunities carrying one of these tags get this plan; leave "
        "empty for every type.",
    )
    line_ids = fields.One2many(
        "crm.milestone.template.line", "template_id", string="Milestones", copy=True
    )
    description = fields.Text(translate=True)

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # _get_plans
        # Lines written with their plan are checked once, on the plan, and on
        # every other plan whose lines the commands took or edited.
        others = self._get_commanded_line_templates(vals_list)
        templates = (
            super(
                CrmMilestoneTemplate,
                self.with_context(turbo_plan_checks_shares=_PLAN_CHECKS_SHARES),
            )
            .create(vals_list)
            .with_env(self.env)
        )
        others.exists()._check_invoice_shares()
        return templates

    def write(self, vals):
        if vals.keys() & {"active", "sequence", "company_id", "team_ids", "tag_ids"}:
            self.env.registry.clear_cache()  # _get_plans
        if "line_ids" not in vals:
            return super().write(vals)
        others = self._get_commanded_line_templates([vals]) - self.sudo()
        result = super(
            CrmMilestoneTemplate,
            self.with_context(turbo_plan_checks_shares=_PLAN_CHECKS_SHARES),
        ).write(vals)
        others.exists()._check_invoice_shares()
        return result

    @api.model
    def _get_commanded_line_templates(self, vals_list):
        """The plans (as superuser) of the existing lines that the line_ids
        commands of vals_list update, delete, link or set: a plan's lines
        may be lines of another plan, whose shares must stay at 100% too."""
        line_ids = set()
        for vals in vals_list:
            for command in vals.get("line_ids") or ():
                if not isinstance(command, list | tuple) or not command:
                    continue
                if command[0] in (
                    Command.UPDATE,
                    Command.DELETE,
                    Command.UNLINK,
                    Command.LINK,
                ):
                    line_ids.add(command[1])
                elif command[0] == Command.SET:
                    line_ids.update(command[2] or ())
        lines = self.env["crm.milestone.template.line"].sudo().browse(line_ids)
        return lines.exists().template_id

    def _check_invoice_shares_of_lines(self):
        """Check the plans after their lines were edited on their own; data
        files, which load a plan line by line, are left to their authors.
        The marker is an object no RPC caller can send, and data files load as
        the superuser, so no user skips the check with a context key."""
        context = self.env.context
        if not (
            context.get("turbo_plan_checks_shares") is _PLAN_CHECKS_SHARES
            or (self.env.su and context.get("install_filename"))
        ):
            self._check_invoice_shares()

    @api.constrains("line_ids")
    def _check_invoice_shares(self):
        for template in self:
            total = sum(
                template.line_ids.filtered(
                    lambda line: line.milestone_type == "delivery"
                ).mapped("invoice_share")
            )
            if not float_is_zero(total, precision_digits=2) and float_compare(
                total, 100, precision_digits=2
            ):
                raise ValidationError(
                    self.env._(
                        "The invoice shares of the delivery milestones of "
                        "“%(plan)s” add up to %(total)s%%: they must make 100%% "
                        "(or all be zero when the order is not billed by "
                        "milestone).",
                        plan=template.name,
                        total=round(total, 2),
                    )
                )

    def unlink(self):
        self.env.registry.clear_cache()  # _get_plans
        return super().unlink()

    @api.model
    @tools.ormcache("company_ids")
    def _get_plans(self, company_ids):
        """((id, company id, team ids, tag ids), ...) of the plans of these
        companies and the shared ones, in sequence. Lead assignment converts
        opportunities one by one: cached, cleared when plans change."""
        # sudo: the company is filtered here and by the caller.
        plans = self.sudo().search_fetch(
            [("company_id", "in", [*company_ids, False])],
            ["company_id", "team_ids", "tag_ids"],
        )
        return tuple(
            (
                plan.id,
                plan.company_id.id,
                frozenset(plan.team_ids.ids),
                frozenset(plan.tag_ids.ids),
            )
            for plan in plans
        )

    @api.model
    def _find_for_leads(self, leads):
        """Return {lead id: template}: the first plan, in sequence, whose teams
        and opportunity types match each lead."""
        plans = self._get_plans(tuple(sorted(leads.company_id.ids)))
        result = {}
        for lead in leads:
            for plan_id, company_id, team_ids, tag_ids in plans:
                if company_id and company_id != lead.company_id.id:
                    continue
                if team_ids and lead.team_id.id not in team_ids:
                    continue
                if tag_ids and not tag_ids.intersection(lead.tag_ids.ids):
                    continue
                result[lead.id] = self.browse(plan_id)
                break
        return result

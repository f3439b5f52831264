# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .crm_lead_stakeholder import KEY_INFLUENCE

STALE_CONTACT_DAYS = 30


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # -- Project qualification (立项评估) ---------------------------------
    qualification_template_id = fields.Many2one(
        "crm.qualification.template",
        string="Scorecard",
        compute="_compute_qualification_template_id",
        store=True,
        readonly=False,
        tracking=True,
        check_company=True,
        help="Go/no-go scorecard of this opportunity; by default its team's.",
    )
    qualification_ids = fields.One2many(
        "crm.lead.qualification",
        "lead_id",
        string="Qualification Scores",
        compute="_compute_qualification_ids",
        store=True,
        readonly=False,
        copy=True,
    )
    qualification_score = fields.Float(
        compute="_compute_qualification_score",
        store=True,
        aggregator="avg",
        help="Sum over the criteria of score / 5 x weight, divided by the "
        "sum of the weights, times 100.",
    )
    qualification_knockout = fields.Boolean(
        compute="_compute_qualification_score",
        store=True,
        help="A knockout criterion scored 0.",
    )
    qualification_pass_score = fields.Float(
        related="qualification_template_id.pass_score", string="Pass Score"
    )
    qualification_state = fields.Selection(
        [("draft", "To Assess"), ("qualified", "Qualified"), ("rejected", "Rejected")],
        string="Qualification",
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        index=True,
    )
    qualification_user_id = fields.Many2one(
        "res.users", string="Decided By", copy=False, readonly=True, tracking=True
    )
    qualification_date = fields.Datetime(
        string="Decided On", copy=False, readonly=True, tracking=True
    )

    # -- Stage playbook ----------------------------------------------------
    stage_requirements = fields.Text(related="stage_id.requirements")
    stage_checklist_ids = fields.One2many(
        related="stage_id.exit_criterion_ids", string="Stage Exit Criteria"
    )
    checklist_done_ids = fields.Many2many(
        "crm.stage.exit.criterion",
        "crm_lead_exit_criterion_done_rel",
        "lead_id",
        "criterion_id",
        copy=False,
        tracking=True,
    )

    # -- Buying committee (决策树) ----------------------------------------
    stakeholder_ids = fields.One2many(
        "crm.lead.stakeholder", "lead_id", string="Buying Committee"
    )
    stakeholder_count = fields.Integer(compute="_compute_stakeholder_count")
    stakeholder_coverage = fields.Float(
        string="Coverage",
        compute="_compute_stakeholder_stats",
        store=True,
        aggregator="avg",
        help="Influence of champions and supporters divided by the influence "
        "of the whole buying committee, times 100.",
    )
    risk_no_decision_maker = fields.Boolean(
        string="No Decision Maker",
        compute="_compute_stakeholder_stats",
        store=True,
        help="No decision maker or economic buyer identified.",
    )
    risk_no_coach = fields.Boolean(
        string="No Coach",
        compute="_compute_stakeholder_stats",
        store=True,
        help="Nobody guides us through the customer's decision.",
    )
    risk_opponent = fields.Boolean(
        string="Influential Opponent",
        compute="_compute_stakeholder_stats",
        store=True,
        help="An opponent with an influence of 4 or 5.",
    )
    risk_stale_contact = fields.Boolean(
        string="Key Contact Gone Cold",
        compute="_compute_risk_stale_contact",
        search="_search_risk_stale_contact",
        help="A stakeholder with an influence of 4 or 5 not contacted for 30 days.",
    )
    risk_adjusted_probability = fields.Float(
        compute="_compute_risk_adjusted_probability",
        help="The probability lowered by the buying committee's risks, as "
        "configured in the CRM settings. Odoo's probability is unchanged.",
    )
    risk_adjustment_enabled = fields.Boolean(related="company_id.turbo_risk_adjustment")

    # -- Channel and forecast ----------------------------------------------
    channel_partner_id = fields.Many2one(
        "res.partner",
        string="Channel",
        index="btree_not_null",
        tracking=True,
        domain="[('is_channel', '=', True)]",
        help="The distributor, agent or integrator through which the deal is made.",
    )
    forecast_category = fields.Selection(
        [
            ("pipeline", "Pipeline"),
            ("best_case", "Best Case"),
            ("commit", "Commit"),
            ("closed", "Closed"),
            ("omitted", "Omitted"),
        ],
        compute="_compute_forecast_category",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        help="Set from the stage or the probability when they change; the rep "
        "may override it. Won deals are Closed, lost ones Omitted.",
    )

    # -- Deal team and competitors ----------------------------------------
    team_member_ids = fields.One2many(
        "crm.lead.team.member", "lead_id", string="Deal Team"
    )
    competitor_ids = fields.One2many(
        "crm.lead.competitor", "lead_id", string="Competitors"
    )

    # -----------------------------------------------------------------------
    @api.depends("stage_id", "probability", "active")
    def _compute_forecast_category(self):
        for lead in self:
            lead.forecast_category = lead._get_default_forecast_category()

    def _get_default_forecast_category(self):
        """Forecast category that the stage and probability call for."""
        self.ensure_one()
        if self.stage_id.is_won:
            return "closed"
        if not self.active and not self.probability:
            return "omitted"
        if self.stage_id.forecast_category:
            return self.stage_id.forecast_category
        if self.probability >= 70:
            return "commit"
        if self.probability >= 40:
            return "best_case"
        return "pipeline"

    def _prepare_opportunity_quotation_context(self):
        context = super()._prepare_opportunity_quotation_context()
        if self.channel_partner_id:
            context["default_channel_partner_id"] = self.channel_partner_id.id
        return context

    @api.depends("team_id", "type")
    def _compute_qualification_template_id(self):
        Template = self.env["crm.qualification.template"]
        defaults = {}  # one search per team, not per opportunity
        for lead in self:
            if lead.type != "opportunity":
                continue
            if lead.qualification_template_id and (
                lead.qualification_state != "draft"
                or any(lead.qualification_ids.mapped("score"))
            ):
                continue  # never drop a decision or scores already given
            if lead.team_id not in defaults:
                defaults[lead.team_id] = Template._get_default_for_team(lead.team_id)
            lead.qualification_template_id = defaults[lead.team_id]

    @api.depends("qualification_template_id")
    def _compute_qualification_ids(self):
        for lead in self:
            criteria = lead.qualification_template_id.criterion_ids
            lines = lead.qualification_ids
            keep = lines.filtered(
                lambda line, criteria=criteria: line.criterion_id in criteria
            )
            commands = [Command.unlink(line.id) for line in lines - keep]
            commands += [
                Command.create({"criterion_id": criterion.id})
                for criterion in criteria - keep.criterion_id
            ]
            if commands:
                lead.qualification_ids = commands

    @api.depends(
        "qualification_ids.score",
        "qualification_ids.criterion_id.weight",
        "qualification_ids.criterion_id.knockout",
    )
    def _compute_qualification_score(self):
        for lead in self:
            lines = lead.qualification_ids
            total_weight = sum(lines.criterion_id.mapped("weight"))
            earned = sum(
                int(line.score or 0) / 5 * line.criterion_id.weight for line in lines
            )
            lead.qualification_score = (
                100 * earned / total_weight if total_weight else 0
            )
            lead.qualification_knockout = any(line._is_knocked_out() for line in lines)

    def _get_qualification_problems(self):
        """What stops this opportunity from being qualified."""
        self.ensure_one()
        problems = []
        if not self.qualification_template_id:
            problems.append(self.env._("Choose a scorecard."))
        unscored = self.qualification_ids.filtered(lambda line: not line.score)
        if unscored:
            problems.append(
                self.env._(
                    "Score every criterion: %(criteria)s.",
                    criteria=", ".join(unscored.mapped("name")),
                )
            )
        knocked = self.qualification_ids.filtered(lambda line: line._is_knocked_out())
        if knocked:
            problems.append(
                self.env._(
                    "Knockout criteria scored 0: %(criteria)s.",
                    criteria=", ".join(knocked.mapped("name")),
                )
            )
        if self.qualification_score < self.qualification_pass_score:
            problems.append(
                self.env._(
                    "The score %(score)s is under the pass score %(threshold)s.",
                    score=round(self.qualification_score),
                    threshold=round(self.qualification_pass_score),
                )
            )
        return problems

    def action_qualify(self):
        # The write checks the scorecard; from the button, no need to say
        # which button to use.
        self.with_context(turbo_qualify_button=True)._set_qualification_state(
            "qualified"
        )

    def action_reject(self):
        self._set_qualification_state("rejected")

    def action_reset_qualification(self):
        self._set_qualification_state("draft")

    def _set_qualification_state(self, state):
        self.write({"qualification_state": state})

    def _prepare_qualification_decision_vals(self, vals):
        """Who decided and when follow the decision itself (data imports may
        give them)."""
        if "qualification_state" not in vals:
            return vals
        decided = vals["qualification_state"] != "draft"
        vals = dict(vals)
        vals.setdefault("qualification_user_id", decided and self.env.uid)
        vals.setdefault("qualification_date", decided and fields.Datetime.now())
        return vals

    def _check_qualification_decision(self):
        """A qualified opportunity passes its scorecard, however it got
        there: the Qualify button, an import or the API."""
        messages = []
        for lead in self.filtered(lambda lead: lead.qualification_state == "qualified"):
            problems = lead._get_qualification_problems()
            if problems:
                messages.append(
                    self.env._(
                        "%(lead)s cannot be qualified:\n%(problems)s",
                        lead=lead.name,
                        problems="\n".join(f"- {p}" for p in problems),
                    )
                )
        if messages and not self.env.context.get("turbo_qualify_button"):
            messages.insert(
                0,
                self.env._(
                    "Record the go/no-go decision with the Qualify or No-Go "
                    "button: it checks the scorecard first."
                ),
            )
        if messages:
            raise UserError("\n\n".join(messages))

    # -- Stage gate --------------------------------------------------------
    def _get_stage_gate_problems(self, old_stage, new_stage):
        """What stops this opportunity from moving from `old_stage` to
        `new_stage`, judged on its current values."""
        self.ensure_one()
        problems = []
        # crm orders stages by sequence, then id
        moving_on = old_stage and (
            new_stage.is_won
            or (new_stage.sequence, new_stage.id) > (old_stage.sequence, old_stage.id)
        )
        if moving_on:
            problems += [
                criterion.name
                for criterion in old_stage.exit_criterion_ids
                if not criterion._is_met(self)
            ]
        if new_stage.requires_qualification and self.qualification_state != "qualified":
            problems.append(self.env._("the go/no-go assessment must be qualified"))
        return problems

    def _check_stage_gate(self, old_stages):
        """Refuse the stage changes whose gate is closed, listing what is
        missing. Called after the write, so that what the same write fills
        in counts; raising undoes the whole write."""
        messages = []
        for lead in self:
            old_stage = old_stages[lead.id]
            if lead.stage_id == old_stage:
                continue
            problems = lead._get_stage_gate_problems(old_stage, lead.stage_id)
            if problems:
                messages.append(
                    self.env._(
                        "%(lead)s cannot move to %(stage)s yet:\n%(problems)s",
                        lead=lead.name,
                        stage=lead.stage_id.name,
                        problems="\n".join(f"- {p}" for p in problems),
                    )
                )
        if messages:
            raise UserError("\n\n".join(messages))

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._prepare_qualification_decision_vals(v) for v in vals_list]
        gates = any(v.get("qualification_state") == "qualified" for v in vals_list)
        gates = gates or self.env["crm.stage"].search_count(
            [("requires_qualification", "=", True)], limit=1
        )
        if not gates:
            return super().create(vals_list)
        # A refusal leaves nothing created.
        with self.env.cr.savepoint():
            leads = super().create(vals_list)
            leads._check_qualification_decision()
            for lead in leads:
                if (
                    lead.stage_id.requires_qualification
                    and lead.type == "opportunity"
                    and lead.qualification_state != "qualified"
                ):
                    raise UserError(
                        self.env._(
                            "%(lead)s cannot be created in %(stage)s: that stage "
                            "needs a qualified go/no-go assessment.",
                            lead=lead.name,
                            stage=lead.stage_id.name,
                        )
                    )
        return leads

    def write(self, vals):
        vals = self._prepare_qualification_decision_vals(vals)
        qualifying = vals.get("qualification_state") == "qualified"
        if not (vals.get("stage_id") or qualifying):
            return super().write(vals)
        old_stages = {lead.id: lead.stage_id for lead in self}
        # The gates read the values after the write (what the same write
        # fills in counts); a refusal rolls the whole write back.
        with self.env.cr.savepoint():
            result = super().write(vals)
            if qualifying:
                self._check_qualification_decision()
            if vals.get("stage_id"):
                self._check_stage_gate(old_stages)
        return result

    # -- Buying committee --------------------------------------------------
    @api.depends(
        "stakeholder_ids.influence",
        "stakeholder_ids.attitude",
        "stakeholder_ids.buying_role",
    )
    def _compute_stakeholder_stats(self):
        for lead in self:
            stakeholders = lead.stakeholder_ids
            total = sum(stakeholders.mapped("influence"))
            positive = sum(
                s.influence
                for s in stakeholders
                if s.attitude in ("champion", "supporter")
            )
            roles = set(stakeholders.mapped("buying_role"))
            lead.stakeholder_coverage = 100 * positive / total if total else 0
            lead.risk_no_decision_maker = not roles & {
                "decision_maker",
                "economic_buyer",
            }
            lead.risk_no_coach = "coach" not in roles
            lead.risk_opponent = any(
                s.attitude == "opponent" and s.influence >= KEY_INFLUENCE
                for s in stakeholders
            )

    def _get_committees_sudo(self):
        """{lead id: its whole committee, as superuser}, in one search.

        Read through a search rather than the stakeholder_ids field, so that
        the field's cache, shared by every user of the transaction, never
        holds members the reader may not see."""
        Stakeholder = self.env["crm.lead.stakeholder"].sudo()
        committees = defaultdict(Stakeholder.browse)
        for stakeholder in Stakeholder.search([("lead_id", "in", self.ids)]):
            committees[stakeholder.lead_id.id] |= stakeholder
        return committees

    @api.depends("stakeholder_ids")
    def _compute_stakeholder_count(self):
        counts = dict(
            self.env["crm.lead.stakeholder"]
            .sudo()
            ._read_group([("lead_id", "in", self.ids)], ["lead_id"], ["__count"])
        )
        for lead in self:
            lead.stakeholder_count = counts.get(lead._origin, 0)

    def _stale_contact_limit(self):
        return fields.Datetime.now() - timedelta(days=STALE_CONTACT_DAYS)

    @api.depends("stakeholder_ids.influence", "stakeholder_ids.last_contact_date")
    def _compute_risk_stale_contact(self):
        limit = self._stale_contact_limit()
        # A flag on the opportunity, whoever reads it: judge the whole
        # committee, not the part the reader may see.
        committees = self._get_committees_sudo()
        for lead in self:
            lead.risk_stale_contact = any(
                s.influence >= KEY_INFLUENCE
                and (not s.last_contact_date or s.last_contact_date < limit)
                for s in committees[lead._origin.id]
            )

    def _search_risk_stale_contact(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        # The same answer for every reader: search the whole committee.
        stale_members = (
            self.env["crm.lead.stakeholder"]
            .sudo()
            ._search(
                [
                    ("influence", ">=", KEY_INFLUENCE),
                    "|",
                    ("last_contact_date", "=", False),
                    ("last_contact_date", "<", self._stale_contact_limit()),
                ]
            )
        )
        stale = [("id", "in", stale_members.subselect("lead_id"))]
        if (operator == "=") == bool(value):
            return stale
        return ["!", *stale]

    @api.depends(
        "probability",
        "stakeholder_coverage",
        "risk_no_decision_maker",
        "risk_no_coach",
        "risk_opponent",
        "risk_stale_contact",
        "company_id",
    )
    def _compute_risk_adjusted_probability(self):
        # An empty committee has no decision maker, no coach and no
        # coverage: the same penalties apply, with no special case.
        for lead in self:
            company = lead.company_id or self.env.company
            penalty = (
                lead.risk_no_decision_maker
                * company.turbo_risk_penalty_no_decision_maker
                + lead.risk_no_coach * company.turbo_risk_penalty_no_coach
                + lead.risk_opponent * company.turbo_risk_penalty_opponent
                + lead.risk_stale_contact * company.turbo_risk_penalty_stale_contact
            )
            if lead.stakeholder_coverage < company.turbo_risk_low_coverage:
                penalty += company.turbo_risk_penalty_low_coverage
            lead.risk_adjusted_probability = max(0.0, lead.probability - penalty)

    def _message_post_after_hook(self, message, msg_vals):
        """An email or comment by or to a stakeholder is a contact."""
        if message.message_type in ("email", "comment", "email_outgoing"):
            partners = message.author_id | message.partner_ids
            if partners:
                # The poster may not see the committee; the contact counts.
                committee = self._get_committees_sudo()[self.id]
                committee._register_contact(partners, message.date)
        return super()._message_post_after_hook(message, msg_vals)

    def _merge_dependences(self, opportunities):
        """Merging opportunities keeps their committees, deal teams and
        competitors on the surviving one, each person or competitor once."""
        result = super()._merge_dependences(opportunities)
        self._merge_dependences_turbo(opportunities)
        return result

    def _merge_dependences_turbo(self, opportunities):
        self.ensure_one()
        # sudo: the merged opportunities are deleted as superuser by crm too.
        for model, key in (
            ("crm.lead.stakeholder", "partner_id"),
            ("crm.lead.team.member", "user_id"),
            ("crm.lead.competitor", "competitor_id"),
        ):
            Line = self.env[model].sudo()
            seen = set(Line.search([("lead_id", "=", self.id)]).mapped(f"{key}.id"))
            moving = Line.browse()
            for line in Line.search([("lead_id", "in", (opportunities - self).ids)]):
                if line[key].id not in seen:
                    seen.add(line[key].id)
                    moving |= line
            moving.write({"lead_id": self.id})

    def action_open_org_chart(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "turbo_crm.crm_lead_stakeholder_action"
        )
        action.update(
            {
                "name": self.env._("Buying Committee of %(lead)s", lead=self.name),
                "domain": [("lead_id", "=", self.id)],
                "context": {"default_lead_id": self.id},
                "view_mode": "hierarchy,list,kanban,form",
                "views": [
                    (False, "hierarchy"),
                    (False, "list"),
                    (False, "kanban"),
                    (False, "form"),
                ],
            }
        )
        return action

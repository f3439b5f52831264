# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import boolean_search_domain
from .crm_lead_stakeholder import GONE_COLD_DAYS, KEY_INFLUENCE

STALE_CONTACT_DAYS = GONE_COLD_DAYS
# Computed fields that a person may also set: tracked only when written.
TRACKED_WHEN_WRITTEN = frozenset({"forecast_category"})
WRITTEN_KEY = "turbo_crm.lead.tracked_writes"  # in the transaction's precommit


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
    # Not on the stage's own forecast category or won flag: a stage's
    # settings apply to the deals that move into it, and editing them does
    # not overwrite the categories reps chose for the deals already there.
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
        if self.env.context.get("turbo_defer_scorecard"):
            return  # lead assignment gives them at the end, in one batch
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

    def _assign_default_scorecard(self):
        """Give the opportunities without a scorecard their team's default,
        one write per scorecard."""
        Template = self.env["crm.qualification.template"]
        without = self.filtered(
            lambda lead: (
                lead.type == "opportunity" and not lead.qualification_template_id
            )
        )
        for template, leads in without.grouped(
            lambda lead: Template._get_default_for_team(lead.team_id)
        ).items():
            if template:
                leads.qualification_template_id = template

    # Not on the scorecard's criteria: a criterion added to a scorecard in
    # use counts as unscored on the deals already assessed
    # (_compute_qualification_score) rather than rewriting their assessment.
    @api.depends("qualification_template_id")
    def _compute_qualification_ids(self):
        to_create = []  # the lines of saved opportunities, in one batch
        for lead in self:
            criteria = lead.qualification_template_id.criterion_ids
            lines = lead.qualification_ids
            keep = lines.filtered(
                lambda line, criteria=criteria: line.criterion_id in criteria
            )
            missing = criteria - keep.criterion_id
            commands = [Command.unlink(line.id) for line in lines - keep]
            if lead._origin.id and lead.id == lead._origin.id:
                # The related stored fields given, saved with the lines.
                to_create += [
                    {
                        "lead_id": lead.id,
                        "criterion_id": criterion.id,
                        "sequence": criterion.sequence,
                        "company_id": lead.company_id.id,
                    }
                    for criterion in missing
                ]
            else:  # a form's new record: its lines are saved with it
                commands += [
                    Command.create({"criterion_id": criterion.id})
                    for criterion in missing
                ]
            if commands:
                lead.qualification_ids = commands
        if to_create:
            self.env["crm.lead.qualification"].create(to_create)

    @api.depends(
        "qualification_template_id.criterion_ids.weight",
        "qualification_template_id.criterion_ids.knockout",
        "qualification_ids.score",
        "qualification_ids.criterion_id",
    )
    def _compute_qualification_score(self):
        # Judged on the scorecard's criteria, not on the lines there happen
        # to be: a criterion without its line counts as unscored.
        for lead in self:
            criteria = lead.qualification_template_id.criterion_ids
            lines = lead.qualification_ids.filtered(
                lambda line, criteria=criteria: line.criterion_id in criteria
            )
            scores = {line.criterion_id: int(line.score or 0) for line in lines}
            total_weight = sum(criteria.mapped("weight"))
            earned = sum(scores.get(c, 0) / 5 * c.weight for c in criteria)
            lead.qualification_score = (
                100 * earned / total_weight if total_weight else 0
            )
            lead.qualification_knockout = any(line._is_knocked_out() for line in lines)

    def _get_qualification_problems(self):
        """What stops this opportunity from being qualified."""
        self.ensure_one()
        problems = []
        criteria = self.qualification_template_id.criterion_ids
        if not self.qualification_template_id:
            problems.append(self.env._("Choose a scorecard."))
        lines = self.qualification_ids.filtered(
            lambda line: line.criterion_id in criteria
        )
        unscored = criteria - lines.filtered("score").criterion_id
        if unscored:
            problems.append(
                self.env._(
                    "Score every criterion: %(criteria)s.",
                    criteria=", ".join(unscored.mapped("name")),
                )
            )
        knocked = lines.filtered(lambda line: line._is_knocked_out())
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
        return True

    def action_reject(self):
        self._set_qualification_state("rejected")
        return True

    def action_reset_qualification(self):
        self._set_qualification_state("draft")
        return True

    def _set_qualification_state(self, state):
        self.write({"qualification_state": state})

    def _reopen_qualification(self):
        """Back to assessment: the evidence of the decision changed."""
        self.filtered(lambda lead: lead.qualification_state != "draft").write(
            {"qualification_state": "draft"}
        )

    def _prepare_qualification_decision_vals(self, vals):
        """Who decided and when are written by the decision itself, never
        given (module data, loaded as superuser, may tell its story)."""
        given = vals.keys() & {"qualification_user_id", "qualification_date"}
        if given and not self.env.su:
            raise UserError(
                self.env._(
                    "Decided By and Decided On are recorded by the go/no-go "
                    "decision: use the Qualify or No-Go button."
                )
            )
        if "qualification_state" not in vals:
            return vals
        decided = vals["qualification_state"] != "draft"
        vals = dict(vals)
        if not given:
            vals["qualification_user_id"] = decided and self.env.uid
            vals["qualification_date"] = decided and fields.Datetime.now()
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
    def _get_stage_gates_passed(self, old_stage, new_stage):
        """The stages whose gates the move from `old_stage` to `new_stage`
        passes, as (stages left, stages entered). No `old_stage`: the
        opportunity enters its pipeline at `new_stage` (created there, its
        stage cleared, or converted from a lead), passing every stage before.
        Moving back is free; Won is moving on from any stage."""
        self.ensure_one()
        Stage = self.env["crm.stage"]
        gates = Stage._get_gate_stages()  # {id: (sequence, team id)}, cached
        new_key = (new_stage.sequence, new_stage.id)
        old_key = old_stage and (old_stage.sequence, old_stage.id)
        if old_stage and new_key < old_key:
            left = old_stage if new_stage.is_won else Stage
            return left.filtered(lambda stage: stage.id in gates), new_stage
        passed = Stage.browse(
            stage_id
            for stage_id, (sequence, team_id) in gates.items()
            if team_id in (False, self.team_id.id)
            and (not old_stage or (sequence, stage_id) > old_key)
            and (sequence, stage_id) < new_key
        )
        left = old_stage.filtered(lambda stage: stage.id in gates) | passed
        return left, passed | new_stage

    def _get_stage_gate_problems(self, old_stage, new_stage):
        """What stops this opportunity from moving from `old_stage` (may be
        empty) to `new_stage`, judged on its current values."""
        self.ensure_one()
        left, entered = self._get_stage_gates_passed(old_stage, new_stage)
        problems = []
        for stage in left.sorted(lambda stage: (stage.sequence, stage.id)):
            for criterion in stage.exit_criterion_ids:
                if criterion._is_met(self):
                    continue
                problems.append(
                    criterion.name
                    if stage == old_stage
                    else self.env._(
                        "%(criterion)s (%(stage)s)",
                        criterion=criterion.name,
                        stage=stage.name,
                    )
                )
        if (
            any(entered.mapped("requires_qualification"))
            and self.qualification_state != "qualified"
        ):
            problems.append(self.env._("the go/no-go assessment must be qualified"))
        return problems

    def _check_deal_ownership_change(self):
        """A deal-team member edits the deal, but does not take it over or
        hand it to another team: its salesperson, team leader and sales
        managers staff its team, and who owns the deal is who staffs it."""
        user = self.env.user
        if self.env.su or user.has_group("sales_team.group_sale_salesman_all_leads"):
            return
        owned_by_others = self.filtered(
            lambda lead: (
                lead.user_id and lead.user_id != user and lead.team_id.user_id != user
            )
        )
        if owned_by_others:
            raise AccessError(
                self.env._(
                    "Only the salesperson, the sales team leader or a sales "
                    "manager may change the salesperson or sales team of "
                    "%(deals)s.",
                    deals=", ".join(owned_by_others.mapped("name")),
                )
            )

    def _check_stage_gate(self, moves):
        """Refuse the stage changes whose gate is closed, listing what is
        missing. `moves`: {lead: the stage it left, or an empty one when it
        enters its pipeline}. Called after the write, so that what the same
        write fills in counts; raising undoes the whole write."""
        messages = []
        for lead, old_stage in moves.items():
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
        leads = super().create(vals_list)
        # No savepoint (it would flush, and so compute Odoo's fields earlier
        # than without us): a refusal fails the whole transaction.
        if any(vals.get("qualification_state") == "qualified" for vals in vals_list):
            leads._check_qualification_decision()
        if self.env["crm.stage"]._get_gate_stages():
            Stage = self.env["crm.stage"]
            leads._check_stage_gate(
                {
                    lead: Stage
                    for lead in leads
                    if lead.type == "opportunity" and lead.stage_id
                }
            )
        return leads

    def write(self, vals):
        if vals.keys() & {"user_id", "team_id"}:
            self._check_deal_ownership_change()
        written = vals.keys() & TRACKED_WHEN_WRITTEN
        if written:
            self.env.cr.precommit.data.setdefault(WRITTEN_KEY, set()).update(
                (lead_id, fname) for lead_id in self.ids for fname in written
            )
        vals = self._prepare_qualification_decision_vals(vals)
        qualifying = vals.get("qualification_state") == "qualified"
        moving = bool(vals.get("stage_id")) or vals.get("type") == "opportunity"
        rescoring = (
            "qualification_template_id" in vals and "qualification_state" not in vals
        )
        if not (moving or qualifying or rescoring):
            return super().write(vals)
        # Read before the write what the gates compare; no savepoint (it
        # would flush, and so compute Odoo's fields earlier than without
        # us): a refusal fails the whole transaction, the write with it.
        before = {lead.id: (lead.stage_id, lead.type) for lead in self}
        decided, scorecards = self.browse(), {}
        if rescoring:
            decided = self.filtered(lambda lead: lead.qualification_state != "draft")
            scorecards = {lead.id: lead.qualification_template_id for lead in decided}
        result = super().write(vals)
        if qualifying:
            self._check_qualification_decision()
        if moving and self.env["crm.stage"]._get_gate_stages():
            moves = {}
            Stage = self.env["crm.stage"]
            for lead in self:
                old_stage, old_type = before[lead.id]
                if lead.type != "opportunity" or not lead.stage_id:
                    continue
                if old_type != "opportunity" or not old_stage:
                    moves[lead] = Stage  # enters its pipeline
                elif lead.stage_id != old_stage:
                    moves[lead] = old_stage
            self._check_stage_gate(moves)
        # Another scorecard is another assessment.
        decided.filtered(
            lambda lead: lead.qualification_template_id != scorecards[lead.id]
        )._reopen_qualification()
        return result

    def _mail_track(self, tracked_fields, initial_values):
        """Track what a person changes, not what a compute derives: the
        forecast category is tracked when written, not when it follows the
        stage or the probability (their change is tracked)."""
        written = self.env.cr.precommit.data.get(WRITTEN_KEY, ())
        derived = {
            fname for fname in TRACKED_WHEN_WRITTEN if (self.id, fname) not in written
        }
        if derived & tracked_fields.keys():
            tracked_fields = {
                fname: info
                for fname, info in tracked_fields.items()
                if fname not in derived
            }
        return super()._mail_track(tracked_fields, initial_values)

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
        return defaultdict(
            Stakeholder.browse,
            Stakeholder.search([("lead_id", "in", self.ids)]).grouped(
                lambda stakeholder: stakeholder.lead_id.id
            ),
        )

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
        return boolean_search_domain(self, "risk_stale_contact", operator, value, stale)

    @api.depends(
        "probability",
        "stakeholder_coverage",
        "risk_no_decision_maker",
        "risk_no_coach",
        "risk_opponent",
        "risk_stale_contact",
        "company_id.turbo_risk_penalty_no_decision_maker",
        "company_id.turbo_risk_penalty_no_coach",
        "company_id.turbo_risk_penalty_opponent",
        "company_id.turbo_risk_penalty_stale_contact",
        "company_id.turbo_risk_penalty_low_coverage",
        "company_id.turbo_risk_low_coverage",
    )
    @api.depends_context("company")  # the penalties of a deal with no company
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

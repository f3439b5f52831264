# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import boolean_search_domain

BUYING_ROLES = [
    ("decision_maker", "Decision Maker"),
    ("economic_buyer", "Economic Buyer"),
    ("technical_buyer", "Technical Buyer"),
    ("user_buyer", "User Buyer"),
    ("influencer", "Influencer"),
    ("gatekeeper", "Gatekeeper"),
    ("coach", "Coach"),
]
ATTITUDES = [
    ("champion", "Champion"),
    ("supporter", "Supporter"),
    ("neutral", "Neutral"),
    ("skeptic", "Skeptic"),
    ("opponent", "Opponent"),
]
KEY_INFLUENCE = 4  # influence from which a stakeholder is "key"
GONE_COLD_DAYS = 30  # as the opportunity's "key contact gone cold" risk


class CrmLeadStakeholder(models.Model):
    """A member of the customer's buying committee on one opportunity
    (决策树): who they are in the decision, and where we stand with them."""

    _name = "crm.lead.stakeholder"
    _description = "Buying Committee Member"
    _inherit = ["mail.thread"]
    _order = "lead_id, influence desc, id"
    _check_company_auto = True

    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    # Not stored: a stored copy would make every change of the opportunity's
    # company rewrite (and read, as superuser) its whole committee.
    company_id = fields.Many2one(related="lead_id.company_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    name = fields.Char(
        related="partner_id.name", string="Name", help="The person's own name."
    )
    parent_id = fields.Many2one(
        "crm.lead.stakeholder",
        string="Reports To",
        domain="[('lead_id', '=', lead_id), ('id', '!=', id)]",
        ondelete="set null",
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )
    child_ids = fields.One2many(
        "crm.lead.stakeholder", "parent_id", string="Direct Reports"
    )
    department = fields.Char(tracking=True)
    job_title = fields.Char(
        compute="_compute_job_title", store=True, readonly=False, tracking=True
    )
    buying_role = fields.Selection(
        BUYING_ROLES,
        required=True,
        default="influencer",
        tracking=True,
        help="Decision maker: signs. Economic buyer: owns the budget. "
        "Technical buyer: judges the solution against specifications. User "
        "buyer: will live with it. Influencer: shapes the opinion of others. "
        "Gatekeeper: controls access. Coach: guides us through the decision.",
    )
    influence = fields.Integer(
        required=True,
        default=3,
        tracking=True,
        aggregator="avg",
        help="Weight of this person in the decision, 1 (little) to 5 (decisive).",
    )
    attitude = fields.Selection(
        ATTITUDES, required=True, default="neutral", tracking=True
    )
    relationship_strength = fields.Integer(
        default=0,
        tracking=True,
        aggregator="avg",
        help="How well we know this person, 0 (never met) to 5 (trusted).",
    )
    response_mode = fields.Selection(
        [
            ("growth", "Growth"),
            ("trouble", "Trouble"),
            ("even_keel", "Even Keel"),
            ("overconfident", "Overconfident"),
        ],
        tracking=True,
        help="Miller Heiman: Growth and Trouble see a gap between reality "
        "and their goals and are ready to buy; Even Keel sees none; "
        "Overconfident believes things are better than they are.",
    )
    personal_win = fields.Text(
        help="What this person wins personally if the project goes ahead.",
    )
    owner_id = fields.Many2one(
        "res.users",
        string="Relationship Owner",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
        check_company=True,
        help="Who on our side owns the relationship with this person.",
    )
    last_contact_date = fields.Datetime(
        readonly=True,
        help="Last email exchanged with this person on the opportunity, or "
        "last done activity that involved them.",
    )
    contact_gone_cold = fields.Boolean(
        string="Gone cold",
        compute="_compute_contact_gone_cold",
        help="Not contacted in the last 30 days (or never).",
    )
    notes = fields.Text()
    color = fields.Integer()
    is_key = fields.Boolean(
        compute="_compute_is_key",
        search="_search_is_key",
        help="Influence of 4 or 5.",
    )
    user_id = fields.Many2one(related="lead_id.user_id", string="Salesperson")
    team_id = fields.Many2one(related="lead_id.team_id", string="Sales Team")

    _sql_constraints = [
        (
            "partner_uniq",
            "unique (lead_id, partner_id)",
            "This contact is already on the buying committee of the opportunity.",
        ),
        (
            "influence_range",
            "CHECK (influence BETWEEN 1 AND 5)",
            "Influence goes from 1 (little) to 5 (decisive).",
        ),
        (
            "relationship_range",
            "CHECK (relationship_strength BETWEEN 0 AND 5)",
            "Relationship strength goes from 0 (never met) to 5 (trusted).",
        ),
    ]

    # Not on the contact's function: a title typed on the committee would be
    # overwritten by any later edit of the contact. res.partner.write()
    # carries a contact's new title to the rows that show none or the old one.
    @api.depends("partner_id")
    def _compute_job_title(self):
        """The title is the contact's: a new contact brings their own (or
        none), never the previous person's. A title typed by hand stays
        until the contact changes, and one typed with the new contact wins
        (the ORM keeps values given in the same create or write)."""
        for stakeholder in self:
            stakeholder.job_title = stakeholder.partner_id.function

    @api.depends("influence")
    def _compute_is_key(self):
        for stakeholder in self:
            stakeholder.is_key = stakeholder.influence >= KEY_INFLUENCE

    def _search_is_key(self, operator, value):
        key = [("influence", ">=", KEY_INFLUENCE)]
        return boolean_search_domain(self, "is_key", operator, value, key)

    @api.constrains("parent_id", "lead_id")
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(
                self.env._("A stakeholder cannot report to themselves.")
            )
        for stakeholder in self.filtered("parent_id"):
            if stakeholder.parent_id.lead_id != stakeholder.lead_id:
                raise ValidationError(
                    self.env._(
                        "%(person)s can only report to someone on the buying "
                        "committee of the same opportunity.",
                        person=stakeholder.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        stakeholders = super().create(vals_list)
        # The committee is part of the opportunity: adding to it is editing
        # the opportunity (checked once created, defaults included).
        stakeholders.lead_id.check_access("write")
        stakeholders._update_last_contact_from_history()
        return stakeholders

    def write(self, vals):
        if "lead_id" in vals:
            # Moving a member is adding them to another committee: both
            # opportunities must be the writer's to edit.
            leads = self.lead_id | self.env["crm.lead"].browse(vals["lead_id"])
            leads.check_access("write")
        return super().write(vals)

    def _update_last_contact_from_history(self):
        """Last email or comment on the opportunity written by or sent to
        each stakeholder, in one query."""
        if not self:
            return
        self.env["mail.message"].flush_model()
        self.flush_recordset(["lead_id", "partner_id"])
        self.env.cr.execute(
            SQL(
                """
            SELECT s.id, max(m.date)
              FROM crm_lead_stakeholder s
              JOIN mail_message m
                ON m.model = 'crm.lead' AND m.res_id = s.lead_id
               AND m.message_type IN ('email', 'comment', 'email_outgoing')
         LEFT JOIN mail_message_res_partner_rel r
                ON r.mail_message_id = m.id AND r.res_partner_id = s.partner_id
             WHERE s.id IN %(ids)s
               AND (m.author_id = s.partner_id OR r.res_partner_id IS NOT NULL)
          GROUP BY s.id
                """,
                ids=tuple(self.ids),
            )
        )
        for stakeholder_id, date in self.env.cr.fetchall():
            stakeholder = self.browse(stakeholder_id)
            if (
                not stakeholder.last_contact_date
                or stakeholder.last_contact_date < date
            ):
                stakeholder.last_contact_date = date

    @api.depends("last_contact_date")
    def _compute_contact_gone_cold(self):
        limit = fields.Datetime.now() - timedelta(days=GONE_COLD_DAYS)
        for stakeholder in self:
            stakeholder.contact_gone_cold = (
                not stakeholder.last_contact_date
                or stakeholder.last_contact_date < limit
            )

    def _register_contact(self, partners, date):
        """Record a contact with these partners at `date`."""
        for stakeholder in self.filtered(lambda s: s.partner_id in partners):
            if (
                not stakeholder.last_contact_date
                or stakeholder.last_contact_date < date
            ):
                stakeholder.last_contact_date = date

    def action_open_lead(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": self.lead_id.id,
            "view_mode": "form",
        }

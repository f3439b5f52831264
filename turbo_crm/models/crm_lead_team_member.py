# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError


class CrmLeadTeamMember(models.Model):
    """Our people on one opportunity (deal team): they follow it and may
    read and work on it, so whoever joins late sees the whole history."""

    _name = "crm.lead.team.member"
    _description = "Deal Team Member"
    _order = "lead_id, sequence, id"
    _rec_name = "user_id"
    _check_company_auto = True

    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    user_id = fields.Many2one(
        "res.users",
        string="Member",
        required=True,
        index=True,
        domain="[('share', '=', False)]",
        ondelete="cascade",
        check_company=True,
    )
    role = fields.Selection(
        [
            ("account_lead", "Account Lead"),
            ("presales", "Pre-sales Engineer"),
            ("architect", "Solution Architect"),
            ("project_manager", "Project Manager"),
            ("finance", "Finance"),
            ("service", "Service"),
        ],
        required=True,
        default="presales",
    )
    date_joined = fields.Date(default=fields.Date.context_today)
    responsibilities = fields.Text()

    _sql_constraints = [
        (
            "user_uniq",
            "unique (lead_id, user_id)",
            "This person is already on the deal team.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        # Checked once created, so that defaults (default_lead_id) count.
        self._check_staffing(members.lead_id)
        members._subscribe_to_lead()
        return members

    def write(self, vals):
        # Who is on the team, on which deal and in which role is the
        # staffing's; a member may still note her responsibilities.
        if {"lead_id", "user_id", "role"} & vals.keys():
            leads = self.lead_id | self.env["crm.lead"].browse(vals.get("lead_id"))
            self._check_staffing(leads)
        res = super().write(vals)
        if "user_id" in vals or "lead_id" in vals:
            self._subscribe_to_lead()
        return res

    @api.model
    def _check_staffing(self, leads):
        """The deal team opens the opportunity and its buying committee to
        its members: only the opportunity's salesperson, the leader of its
        sales team and sales administrators staff it, so that nobody joins a
        deal team to read what they could not read before."""
        leads.check_access("write")
        if self.env.su or self.env.user.has_group("sales_team.group_sale_manager"):
            return
        user = self.env.user
        for lead in leads:
            if user not in lead.user_id | lead.team_id.user_id:
                raise AccessError(
                    self.env._(
                        "Only the salesperson of %(lead)s, the leader of its "
                        "sales team or a sales administrator can change its "
                        "deal team.",
                        lead=lead.display_name,
                    )
                )

    def unlink(self):
        # Removing colleagues is staffing too; leaving the team oneself is
        # not (it opens nothing).
        others = self.filtered(lambda m: m.user_id != self.env.user)
        self._check_staffing(others.lead_id)
        # Leaving the deal team stops the notifications it started, unless
        # the person is the opportunity's salesperson.
        # sudo: who leaves may no longer read the opportunity.
        leaving = [(member.lead_id.sudo(), member.user_id) for member in self]
        result = super().unlink()
        for lead, user in leaving:
            if lead.exists() and user != lead.user_id:
                lead.message_unsubscribe(partner_ids=user.partner_id.ids)
        return result

    def _subscribe_to_lead(self):
        for lead, members in self.grouped("lead_id").items():
            # Following needs no right on the partner of a colleague.
            lead.sudo().message_subscribe(partner_ids=members.user_id.partner_id.ids)

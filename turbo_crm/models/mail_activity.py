# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError


class MailActivity(models.Model):
    _inherit = "mail.activity"

    stakeholder_partner_ids = fields.Many2many(
        "res.partner",
        "mail_activity_stakeholder_partner_rel",
        "activity_id",
        "partner_id",
        string="Contacts Involved",
        help="People of the customer this call, meeting or visit is with. "
        "Marking it done records the contact on the opportunity's buying "
        "committee.",
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approval_todo(self):
        """An approver's to-do of an order approval is the approver's: the
        salesperson, who may write the order, may not delete it (nor mark it
        done for her). The approval methods remove them in sudo."""
        if self.env.su:
            return
        on_orders = self.filtered(
            lambda a: a.res_model == "sale.order" and a.user_id != self.env.user
        )
        if on_orders and self.env["sale.order.approval"].sudo().search_count(
            [("activity_ids", "in", on_orders.ids)], limit=1
        ):
            raise AccessError(
                self.env._(
                    "This to-do asks its approver to decide an order: only "
                    "the approver's decision closes it."
                )
            )

    def _action_done(self, feedback=False, attachment_ids=None):
        contacts = {}
        on_leads = self.filtered(lambda a: a.res_model == "crm.lead")
        for lead_id, activities in on_leads.grouped("res_id").items():
            partners = activities.stakeholder_partner_ids
            partners |= activities.calendar_event_id.partner_ids
            if partners:
                contacts[lead_id] = partners
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if contacts:
            # Whoever may mark the activity done records the contact, as Odoo
            # lets them post the done message on a record they may not edit.
            leads = self.env["crm.lead"].browse(list(contacts))
            committees = leads._get_committees_sudo()
            now = fields.Datetime.now()
            for lead_id, partners in contacts.items():
                committees[lead_id]._register_contact(partners, now)
        return result

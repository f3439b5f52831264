# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.fields import Command


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _action_confirm(self):
        result = super()._action_confirm()
        self.filtered(
            lambda order: not order.payment_plan_line_ids
        )._plan_by_milestones()
        return result

    def _plan_by_milestones(self):
        """Give each order an instalment per billed delivery milestone of its
        deal, for the milestone's invoice share."""
        for order in self:
            milestones = order._get_plan_milestones()
            if milestones:
                order.payment_plan_line_ids = [
                    Command.create(vals)
                    for vals in milestones._prepare_payment_plan_line_vals()
                ]
        self.payment_plan_line_ids._copy_milestone_names()

    def _get_plan_milestones(self):
        self.ensure_one()
        return self.opportunity_id.sudo().milestone_ids.filtered(
            lambda m: (
                m.milestone_type == "delivery"
                and m.state != "cancelled"
                and m.invoice_share
            )
        )

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _handle_milestones(self, project):
        """The deal's delivery milestones become the project's milestones,
        each billing its share of this milestone-invoiced line; without them
        Odoo makes its single 100% milestone."""
        if self.product_id.service_policy == "delivered_milestones":
            lead_milestones = self._get_deal_delivery_milestones()
            if lead_milestones:
                return lead_milestones._create_project_milestones(project, self)
        return super()._handle_milestones(project)

    def _get_deal_delivery_milestones(self):
        self.ensure_one()
        return self.order_id.opportunity_id.sudo().milestone_ids.filtered(
            lambda m: (
                m.milestone_type == "delivery"
                and m.state != "cancelled"
                and not m.project_milestone_id
            )
        )

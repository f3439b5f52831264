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

    def _timesheet_create_project(self):
        """Odoo names the project after the product (or its project
        template) in the language of whoever confirms the order: give it
        that name in every language, so that each of its team reads it in
        his own."""
        project = super()._timesheet_create_project()
        source = self.product_id.project_template_id or self.product_id
        name = source.name
        if name and name in project.name:
            project.update_field_translations(
                "name",
                {
                    lang: project.name.replace(
                        name, source.with_context(lang=lang).name
                    )
                    for lang, _label in self.env["res.lang"].get_installed()
                },
            )
        return project

    def _get_deal_delivery_milestones(self):
        self.ensure_one()
        return self.order_id.opportunity_id.sudo().milestone_ids.filtered(
            lambda m: (
                m.milestone_type == "delivery"
                and m.state != "cancelled"
                and not m.project_milestone_id
            )
        )

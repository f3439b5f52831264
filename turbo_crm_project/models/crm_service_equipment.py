# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class CrmServiceEquipment(models.Model):
    _inherit = "crm.service.equipment"

    project_id = fields.Many2one(
        "project.project",
        compute="_compute_project_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        check_company=True,
        help="The project that delivered the unit: its order line's, else its order's.",
    )

    @api.depends("sale_line_id.project_id", "sale_line_id.order_id.project_id")
    def _compute_project_id(self):
        for equipment in self:
            line = equipment.sale_line_id
            if line:
                equipment.project_id = line.project_id or line.order_id.project_id
            else:
                equipment.project_id = equipment.project_id

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestServiceEquipmentProject(TransactionCase):
    """A unit delivered by a project's order keeps the project it came
    from."""

    def test_delivered_unit_keeps_its_project(self):
        customer = self.env["res.partner"].create(
            {"name": "Test Metro Depot", "is_company": True}
        )
        project = self.env["project.project"].create(
            {"name": "Test depot HVAC", "allow_billable": True}
        )
        chiller = self.env["product.product"].create(
            {"name": "Test Depot Chiller", "type": "consu", "is_serviceable": True}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "project_id": project.id,
                "order_line": [
                    (0, 0, {"product_id": chiller.id, "product_uom_qty": 1})
                ],
            }
        )
        order.action_confirm()
        order.order_line.qty_delivered = 1
        unit = self.env["crm.service.equipment"].search(
            [("sale_line_id", "=", order.order_line.id)]
        )
        self.assertEqual(len(unit), 1)
        self.assertEqual(unit.project_id, project)
        other = self.env["project.project"].create({"name": "Test other project"})
        unit.project_id = other
        self.assertEqual(unit.project_id, other, "set by hand, it stays")

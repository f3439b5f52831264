# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ProjectDealCommon


class WonProjectCommon(ProjectDealCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.milestone_product = cls.env["product.product"].create(
            {
                "name": "Turnkey clean room (by milestone)",
                "type": "service",
                "invoice_policy": "delivery",
                "service_type": "milestones",
                "service_tracking": "project_only",
                "list_price": 1_000_000,
                "taxes_id": [Command.clear()],
            }
        )
        cls.milestones = cls.lead._apply_milestone_template(cls.START)
        cls.design, cls.acceptance = cls.milestones[2:]
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "opportunity_id": cls.lead.id,
                "user_id": cls.rep.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.milestone_product.id,
                            "product_uom_qty": 1,
                            "price_unit": 1_000_000,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )

    def confirm(self):
        self.order.action_confirm()
        return self.order.order_line


@tagged("post_install", "-at_install")
class TestOrderConfirmation(WonProjectCommon):
    def test_delivery_milestones_become_project_milestones(self):
        line = self.confirm()
        project = line.project_id
        self.assertTrue(project)
        self.assertEqual(project.milestone_ids.mapped("name"), ["Design", "Acceptance"])
        self.assertEqual(self.design.project_milestone_id.project_id, project)
        self.assertEqual(self.design.project_milestone_id.sale_line_id, line)
        self.assertEqual(self.design.project_milestone_id.quantity_percentage, 0.3)
        self.assertEqual(self.acceptance.project_milestone_id.quantity_percentage, 0.7)
        self.assertEqual(
            self.design.project_milestone_id.deadline, self.design.deadline
        )
        # The sales-phase milestones stay on the deal.
        self.assertFalse(self.milestones[:2].project_milestone_id)
        self.assertEqual(self.lead.project_ids, project)
        self.assertEqual(self.lead.project_count, 1)

    def test_reached_milestone_invoices_its_share(self):
        line = self.confirm()
        self.assertEqual(line.qty_to_invoice, 0)
        self.upload(self.design, self.cat_drawings)
        self.design.with_user(self.pm).action_done()
        self.assertTrue(self.design.project_milestone_id.is_reached)
        self.assertAlmostEqual(line.qty_delivered, 0.3)
        invoice = self.order._create_invoices()
        self.assertEqual(invoice.amount_untaxed, 300_000)
        invoice.action_post()
        self.assertEqual(self.lead.amount_invoiced, 300_000)
        self.assertEqual(self.lead.amount_paid, 0)

    def test_reaching_on_the_project_needs_the_documents(self):
        self.confirm()
        project_milestone = self.design.project_milestone_id
        with self.assertRaisesMessage(ValidationError, "attach its Test Drawings"):
            project_milestone.with_user(self.pm).toggle_is_reached(True)
        # The context key of the mirroring, sent by a caller, skips nothing.
        with self.assertRaisesMessage(ValidationError, "attach its Test Drawings"):
            project_milestone.with_user(self.pm).with_context(
                turbo_milestone_sync=True
            ).write({"is_reached": True})
        self.upload(self.design, self.cat_drawings)
        project_milestone.with_user(self.pm).toggle_is_reached(True)
        self.assertEqual(self.design.state, "done")
        # Reached without documents to require: the deal follows.
        self.acceptance.project_milestone_id.is_reached = True
        self.assertEqual(self.acceptance.state, "done")
        self.assertEqual(self.lead.milestone_done_count, 2)

    def test_document_on_the_project_counts(self):
        project = self.confirm().project_id
        self.env["ir.attachment"].create(
            {
                "name": "drawings.pdf",
                "raw": b"drawings",
                "res_model": "project.project",
                "res_id": project.id,
                "crm_document_category_id": self.cat_drawings.id,
                "crm_lead_milestone_id": self.design.id,
            }
        )
        self.assertFalse(self.design.missing_category_ids)
        self.design.with_user(self.pm).action_done()
        self.assertEqual(self.design.state, "done")

    def test_reached_delivery_milestone_cannot_be_cancelled(self):
        self.confirm()
        self.upload(self.design, self.cat_drawings)
        self.design.action_done()
        with self.assertRaisesMessage(UserError, "reset it on the project first"):
            self.design.action_cancel()
        self.assertEqual(self.design.state, "done")
        # Reset on the project: the deal's milestone is open again.
        self.design.project_milestone_id.toggle_is_reached(False)
        self.assertEqual(self.design.state, "in_progress")
        self.assertFalse(self.design.reached_date)
        self.design.action_cancel()
        self.assertEqual(self.design.state, "cancelled")

    def test_order_without_deal_milestones_keeps_odoo_behaviour(self):
        self.milestones.unlink()
        line = self.confirm()
        self.assertEqual(len(line.project_id.milestone_ids), 1)
        self.assertEqual(line.project_id.milestone_ids.quantity_percentage, 1)

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_project_milestone import WonProjectCommon
from .test_security import HostileCommon


@tagged("post_install", "-at_install")
class TestProjectMilestoneLink(HostileCommon):
    """Only the order's confirmation links a deal milestone to a project
    milestone, and only those of the deal's projects mirror it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.project_b = cls.env["project.project"].create(
            {"name": "Company B project", "company_id": cls.company_b.id}
        )
        cls.milestone_b = cls.env["project.milestone"].create(
            {"name": "B acceptance", "project_id": cls.project_b.id}
        )
        cls.stray_project = cls.env["project.project"].create(
            {"name": "Another deal's project"}
        )
        cls.stray_milestone = cls.env["project.milestone"].create(
            {"name": "Stray acceptance", "project_id": cls.stray_project.id}
        )

    def test_no_caller_links_a_project_milestone(self):
        Milestone = self.env["crm.lead.milestone"].with_user(self.rep)
        for project_milestone in (self.milestone_b, self.stray_milestone):
            with self.assertRaises(UserError):
                Milestone.create(
                    {
                        "name": "Hijack",
                        "lead_id": self.lead.id,
                        "milestone_type": "delivery",
                        "project_milestone_id": project_milestone.id,
                    }
                )
            with self.assertRaises(UserError):
                self.milestones[3].with_user(self.rep).write(
                    {"project_milestone_id": project_milestone.id}
                )
        self.assertFalse(self.milestones[3].project_milestone_id)
        # Not even as superuser across companies.
        with self.assertRaises(UserError):
            self.milestones[3].project_milestone_id = self.milestone_b

    def test_only_a_deal_project_milestone_mirrors(self):
        milestone = self.env["crm.lead.milestone"].create(
            {
                "name": "Linked elsewhere",
                "lead_id": self.lead.id,
                "milestone_type": "delivery",
                "project_milestone_id": self.stray_milestone.id,
            }
        )
        milestone.with_user(self.rep).action_done()
        self.assertEqual(milestone.state, "done")
        self.assertFalse(self.stray_milestone.is_reached)
        milestone.action_reset()
        self.stray_milestone.toggle_is_reached(True)
        self.assertEqual(milestone.state, "planned")


@tagged("post_install", "-at_install")
class TestDefaultDealIsChecked(HostileCommon):
    def test_default_lead_id_is_checked_on_create(self):
        """A default deal is the deal the line is planted on: it needs write
        access to it as much as an explicit one."""
        # A deal he reads but may not edit (say, one frozen for him).
        self.env["ir.rule"].create(
            {
                "name": "Frozen deal",
                "model_id": self.env["ir.model"]._get_id("crm.lead"),
                "domain_force": f"[('id', '!=', {self.lead.id})]",
                "perm_read": False,
            }
        )
        self.assertTrue(self.lead.with_user(self.rep).read(["name"]))
        frozen = self.lead.id
        Milestone = self.env["crm.lead.milestone"].with_user(self.rep)
        with self.assertRaises(AccessError):
            Milestone.create({"name": "Plant", "lead_id": frozen})
        with self.assertRaises(AccessError):
            Milestone.with_context(default_lead_id=frozen).create({"name": "Plant"})
        Cost = self.env["crm.lead.cost.line"].with_user(self.rep)
        with self.assertRaises(AccessError):
            Cost.with_context(default_lead_id=frozen).create(
                {"name": "Plant", "unit_cost": 1}
            )
        self.assertEqual(self.lead.milestone_ids, self.milestones)
        self.assertFalse(self.lead.cost_line_ids)
        # On a deal he edits, the default is fine.
        own = self.env["crm.lead"].create(
            {"name": "Own deal", "type": "opportunity", "user_id": self.rep.id}
        )
        milestone = Milestone.with_context(default_lead_id=own.id).create(
            {"name": "Site visit"}
        )
        self.assertEqual(milestone.lead_id, own)


@tagged("post_install", "-at_install")
class TestOtherPlansShares(HostileCommon):
    """A plan's line commands may reach the lines of another plan: that plan
    keeps its 100% too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan_b = cls.env["crm.milestone.template"].create(
            {
                "name": "Plan B",
                "line_ids": [
                    Command.create(
                        {
                            "name": "B design",
                            "milestone_type": "delivery",
                            "invoice_share": 60,
                        }
                    ),
                    Command.create(
                        {
                            "name": "B acceptance",
                            "milestone_type": "delivery",
                            "invoice_share": 40,
                        }
                    ),
                ],
            }
        )
        cls.b1, cls.b2 = cls.plan_b.line_ids

    def test_commands_on_another_plans_lines(self):
        plan_a = self.template.with_user(self.manager)
        design, acceptance = plan_a.line_ids[2:]
        with self.assertRaisesMessage(ValidationError, "add up to 139"):
            plan_a.write(
                {"line_ids": [Command.update(self.b2.id, {"invoice_share": 79})]}
            )
        # Plan A at 100% with B's line, B left at 40%.
        with self.assertRaisesMessage(ValidationError, "add up to 40"):
            plan_a.write(
                {
                    "line_ids": [
                        Command.link(self.b1.id),
                        Command.update(design.id, {"invoice_share": 0}),
                        Command.update(acceptance.id, {"invoice_share": 40}),
                    ]
                }
            )
        with self.assertRaisesMessage(ValidationError, "add up to 60"):
            plan_a.write({"line_ids": [Command.delete(self.b2.id)]})
        with self.assertRaisesMessage(ValidationError, "add up to 40"):
            self.env["crm.milestone.template"].with_user(self.manager).create(
                {
                    "name": "Plan C",
                    "line_ids": [
                        Command.link(self.b1.id),
                        Command.create(
                            {
                                "name": "C acceptance",
                                "milestone_type": "delivery",
                                "invoice_share": 40,
                            }
                        ),
                    ],
                }
            )
        self.assertEqual(self.plan_b.line_ids, self.b1 | self.b2)
        self.assertEqual(self.b1.invoice_share + self.b2.invoice_share, 100)
        # Its own lines rebalanced in one write: accepted.
        plan_a.write(
            {
                "line_ids": [
                    Command.update(design.id, {"invoice_share": 50}),
                    Command.update(acceptance.id, {"invoice_share": 50}),
                ]
            }
        )
        self.assertEqual(design.invoice_share, 50)


@tagged("post_install", "-at_install")
class TestDoneMilestoneKeepsItsDocuments(HostileCommon):
    def test_no_context_key_deletes_the_document(self):
        proposal = self.milestones[0]
        document = self.upload(proposal, self.cat_proposal, user=self.rep)
        proposal.with_user(self.rep).action_done()
        with self.assertRaisesMessage(UserError, "reset the milestone"):
            document.with_user(self.rep).with_context(_force_unlink=True).unlink()
        self.assertTrue(document.exists())
        # Uninstalling the addon, as the superuser, deletes it.
        document.sudo().with_context(_force_unlink=True).unlink()
        self.assertFalse(document.exists())

    def test_required_documents_stay_on_a_done_milestone(self):
        proposal = self.milestones[0]
        document = self.upload(proposal, self.cat_proposal, user=self.rep)
        proposal.with_user(self.rep).action_done()
        with self.assertRaisesMessage(UserError, "reset the milestone"):
            proposal.with_user(self.rep).write(
                {"required_category_ids": [Command.clear()]}
            )
        self.assertEqual(proposal.required_category_ids, self.cat_proposal)
        with self.assertRaisesMessage(UserError, "reset the milestone"):
            document.with_user(self.rep).unlink()
        # Adding one is not removing: it is refused for the missing document.
        with self.assertRaises(ValidationError):
            proposal.with_user(self.rep).write(
                {"required_category_ids": [Command.link(self.cat_contract.id)]}
            )
        # Reset, its requirements may change.
        proposal.with_user(self.rep).action_reset()
        proposal.with_user(self.rep).write({"required_category_ids": [Command.clear()]})
        self.assertFalse(proposal.required_category_ids)


@tagged("post_install", "-at_install")
class TestProjectDocumentsFollowTheOrders(WonProjectCommon):
    def test_project_document_counts_while_the_order_is_confirmed(self):
        project = self.confirm().project_id
        proposal = self.milestones[0]
        self.env["ir.attachment"].create(
            {
                "name": "proposal.pdf",
                "raw": b"proposal",
                "res_model": "project.project",
                "res_id": project.id,
                "crm_document_category_id": self.cat_proposal.id,
                "crm_lead_milestone_id": proposal.id,
            }
        )
        self.assertTrue(proposal.documents_complete)
        # Cancelled, the order's project is no longer the deal's.
        self.order._action_cancel()
        self.assertEqual(proposal.missing_category_ids, self.cat_proposal)
        self.assertFalse(proposal.documents_complete)
        with self.assertRaises(ValidationError):
            proposal.with_user(self.rep).action_done()

    def test_deal_shared_by_every_company_is_sold_into_a_project(self):
        self.lead.company_id = False
        line = self.confirm()
        self.assertEqual(self.design.project_milestone_id.project_id, line.project_id)
        self.assertFalse(self.design.company_id)

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import ProjectDealCommon


class HostileCommon(ProjectDealCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.milestones = cls.lead._apply_milestone_template(cls.START)
        cls.other_lead = cls.env["crm.lead"].create(
            {
                "name": "Other rep's chiller plant",
                "type": "opportunity",
                "user_id": cls.other_rep.id,
            }
        )
        cls.company_b = cls.env["res.company"].create({"name": "Other HVAC Co."})
        cls.rep_b = new_test_user(
            cls.env,
            login="prj_rep_b",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )


@tagged("post_install", "-at_install")
class TestCompanyScope(HostileCommon):
    def test_lines_of_a_company_plan_stay_in_the_company(self):
        self.template.company_id = self.env.company
        Line = self.env["crm.milestone.template.line"].with_user(self.rep_b)
        self.assertFalse(Line.search([("template_id", "=", self.template.id)]))
        with self.assertRaises(AccessError):
            self.template.line_ids[0].with_user(self.rep_b).read(["name"])
        # Shared plans stay shared.
        self.template.company_id = False
        self.assertEqual(
            Line.search([("template_id", "=", self.template.id)]),
            self.template.line_ids,
        )

    def test_milestone_links_stay_in_the_company(self):
        plan_b = self.env["crm.milestone.template"].create(
            {
                "name": "Company B plan",
                "company_id": self.company_b.id,
                "line_ids": [Command.create({"name": "B survey"})],
            }
        )
        milestone = self.milestones[0].with_user(self.rep)
        with self.assertRaises(UserError):
            milestone.write({"template_line_id": plan_b.line_ids.id})
        with self.assertRaises(UserError):
            milestone.write({"user_id": self.rep_b.id})


@tagged("post_install", "-at_install")
class TestChildLinesBelongToTheirDeal(HostileCommon):
    def test_milestone_not_moved_to_a_deal_one_may_not_edit(self):
        milestone = self.milestones[0].with_user(self.rep)
        milestone.write({"name": "Proposal, revised"})
        with self.assertRaises(AccessError):
            milestone.write({"lead_id": self.other_lead.id})
        self.assertEqual(self.milestones[0].lead_id, self.lead)
        self.assertFalse(self.other_lead.milestone_ids)

    def test_cost_line_not_created_or_moved_on_another_deal(self):
        Cost = self.env["crm.lead.cost.line"].with_user(self.rep)
        cost = Cost.create({"lead_id": self.lead.id, "name": "AHUs", "unit_cost": 1})
        with self.assertRaises(AccessError):
            cost.write({"lead_id": self.other_lead.id})
        self.assertEqual(cost.lead_id, self.lead)
        # A project user edits milestones, but plants none on a deal he may
        # not edit.
        project_user = new_test_user(
            self.env, login="prj_user", groups="project.group_project_user"
        )
        with self.assertRaises(AccessError):
            self.milestones[1].with_user(project_user).write(
                {"lead_id": self.other_lead.id}
            )


@tagged("post_install", "-at_install")
class TestDocumentsCountOnTheirDeal(HostileCommon):
    def attach(self, milestone, category, **vals):
        return self.env["ir.attachment"].create(
            {
                "name": "scan.pdf",
                "datas": base64.b64encode(b"scan"),
                "res_model": "crm.lead",
                "res_id": milestone.lead_id.id,
                "crm_document_category_id": category.id,
                "crm_lead_milestone_id": milestone.id,
                **vals,
            }
        )

    def test_document_of_another_deal_or_company_does_not_count(self):
        proposal = self.milestones[0]
        self.attach(proposal, self.cat_proposal, res_id=self.other_lead.id)
        self.attach(proposal, self.cat_proposal, company_id=self.company_b.id)
        self.assertEqual(proposal.missing_category_ids, self.cat_proposal)
        with self.assertRaises(ValidationError):
            proposal.with_user(self.rep).action_done()
        self.attach(proposal, self.cat_proposal)
        self.assertFalse(proposal.missing_category_ids)
        proposal.with_user(self.rep).action_done()
        self.assertEqual(proposal.state, "done")

    def test_document_of_a_done_milestone_stays(self):
        proposal = self.milestones[0]
        first = self.upload(proposal, self.cat_proposal, user=self.rep)
        proposal.with_user(self.rep).action_done()
        with self.assertRaisesMessage(UserError, "reset the milestone"):
            first.with_user(self.rep).unlink()
        with self.assertRaises(ValidationError):
            first.with_user(self.rep).write({"res_id": self.other_lead.id})
        self.assertEqual(proposal.state, "done")
        self.assertEqual(proposal.document_ids, first)
        # A new version replaces it; the old one may then go.
        second = self.upload(proposal, self.cat_proposal, b"rev B", user=self.rep)
        first.with_user(self.rep).unlink()
        self.assertEqual(proposal.document_ids, second)
        # Reset, the milestone lets its document go.
        proposal.with_user(self.rep).action_reset()
        second.with_user(self.rep).unlink()
        self.assertEqual(proposal.missing_category_ids, self.cat_proposal)

    def test_deal_with_a_done_milestone_is_deleted_whole(self):
        proposal = self.milestones[0]
        document = self.upload(proposal, self.cat_proposal)
        proposal.action_done()
        self.lead.unlink()
        self.assertFalse(proposal.exists())
        self.assertFalse(document.exists())


@tagged("post_install", "-at_install")
class TestPlanShares(HostileCommon):
    def test_shares_stay_at_100_line_by_line(self):
        design, acceptance = self.template.line_ids[2:]
        with self.assertRaisesMessage(ValidationError, "add up to 60"):
            acceptance.write({"invoice_share": 30})
        with self.assertRaisesMessage(ValidationError, "add up to 30"):
            acceptance.unlink()
        with self.assertRaisesMessage(ValidationError, "add up to 110"):
            self.env["crm.milestone.template.line"].create(
                {
                    "template_id": self.template.id,
                    "name": "Warranty",
                    "milestone_type": "delivery",
                    "invoice_share": 10,
                }
            )
        with self.assertRaisesMessage(ValidationError, "add up to 30"):
            acceptance.milestone_type = "sales"
        # Rebalanced on the plan, in one save: accepted.
        with Form(self.template) as form:
            with form.line_ids.edit(2) as line:
                line.invoice_share = 40
            with form.line_ids.edit(3) as line:
                line.invoice_share = 60
        self.assertEqual(design.invoice_share + acceptance.invoice_share, 100)

    def test_no_context_key_skips_the_shares(self):
        """The keys a caller can send over RPC do not skip the check."""
        # A sales manager, over RPC: not the superuser loading a data file.
        acceptance = self.template.line_ids[3].with_user(self.manager)
        for context in (
            {"turbo_plan_checks_shares": True},
            {"install_filename": "turbo_crm_project/data/plans.xml"},
        ):
            with self.assertRaisesMessage(ValidationError, "add up to 60"):
                acceptance.with_context(**context).write({"invoice_share": 30})


@tagged("post_install", "-at_install")
class TestButtonsOverXmlRpc(HttpCase, HostileCommon):
    def call(self, method, record_id):
        self.rep.password = "prj_rep"
        return self.xmlrpc_object.execute(
            self.env.cr.dbname,
            self.rep.id,
            "prj_rep",
            "crm.lead.milestone",
            method,
            [record_id],
        )

    def test_milestone_buttons_return_a_value(self):
        proposal = self.milestones[0]
        self.assertIs(self.call("action_start", proposal.id), True)
        self.assertIs(self.call("action_cancel", proposal.id), True)
        self.assertIs(self.call("action_reset", proposal.id), True)
        contract = self.milestones[1]
        contract.required_category_ids = [Command.clear()]
        self.assertIs(self.call("action_done", contract.id), True)
        self.assertEqual(contract.state, "done")

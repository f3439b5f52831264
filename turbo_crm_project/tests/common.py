# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class ProjectDealCommon(TransactionCase):
    """A plan with two sales and two billed delivery milestones, a rep, a
    project manager in the deal team, and a deal."""

    START = date(2026, 3, 2)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.rep = new_test_user(
            cls.env,
            login="prj_rep",
            name="Project Rep",
            groups="sales_team.group_sale_salesman",
            # What the job writes for him is in his language: English here,
            # whatever the database's default.
            lang="en_US",
        )
        cls.other_rep = new_test_user(
            cls.env,
            login="prj_rep2",
            name="Other Rep",
            groups="sales_team.group_sale_salesman",
        )
        cls.pm = new_test_user(
            cls.env,
            login="prj_pm",
            name="Project Manager",
            groups="sales_team.group_sale_salesman,project.group_project_manager",
        )
        cls.manager = new_test_user(
            cls.env,
            login="prj_manager",
            groups="sales_team.group_sale_manager",
        )
        Category = cls.env["crm.document.category"]
        cls.cat_proposal = Category.create({"name": "Test Proposal"})
        cls.cat_contract = Category.create({"name": "Test Contract"})
        cls.cat_drawings = Category.create({"name": "Test Drawings"})
        cls.team = cls.env["crm.team"].create({"name": "Project Team"})
        cls.tag = cls.env["crm.tag"].create({"name": "Turnkey"})
        cls.template = cls.env["crm.milestone.template"].create(
            {
                "name": "Turnkey plan",
                "sequence": 1,
                "team_ids": [Command.set(cls.team.ids)],
                "tag_ids": [Command.set(cls.tag.ids)],
                "line_ids": [
                    Command.create(
                        {
                            "name": "Proposal",
                            "sequence": 1,
                            "offset_days": 10,
                            "responsible_role": "salesperson",
                            "required_category_ids": [
                                Command.set(cls.cat_proposal.ids)
                            ],
                        }
                    ),
                    Command.create(
                        {
                            "name": "Contract",
                            "sequence": 2,
                            "offset_days": 31,
                            "required_category_ids": [
                                Command.set(cls.cat_contract.ids)
                            ],
                        }
                    ),
                    Command.create(
                        {
                            "name": "Design",
                            "sequence": 3,
                            "milestone_type": "delivery",
                            "offset_days": 60,
                            "responsible_role": "project_manager",
                            "invoice_share": 30,
                            "required_category_ids": [
                                Command.set(cls.cat_drawings.ids)
                            ],
                        }
                    ),
                    Command.create(
                        {
                            "name": "Acceptance",
                            "sequence": 4,
                            "milestone_type": "delivery",
                            "offset_days": 120,
                            "responsible_role": "project_manager",
                            "invoice_share": 70,
                        }
                    ),
                ],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Project Customer", "is_company": True}
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Turnkey clean room",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.rep.id,
                "team_id": cls.team.id,
                "tag_ids": [Command.set(cls.tag.ids)],
                "expected_revenue": 1_000_000,
                "team_member_ids": [
                    Command.create({"user_id": cls.pm.id, "role": "project_manager"})
                ],
            }
        )

    def assertRaisesMessage(self, exception, text):
        """assertRaises (which rolls back to a savepoint) that also checks
        the message."""
        return _RaisesMessage(self, exception, text)

    @classmethod
    def upload(cls, milestone, category, content=b"scan", user=None):
        wizard = (
            cls.env["crm.document.upload"]
            .with_user(user or cls.env.user)
            .create(
                {
                    "lead_id": milestone.lead_id.id,
                    "milestone_id": milestone.id,
                    "category_id": category.id,
                    "datas": base64.b64encode(content),
                    "filename": f"{category.name}.pdf",
                }
            )
        )
        wizard.action_upload()
        return milestone.document_ids.filtered(
            lambda a: a.crm_document_category_id == category
        )


class _RaisesMessage:
    def __init__(self, case, exception, text):
        self.case, self.text = case, text
        self.cm = case.assertRaises(exception)

    def __enter__(self):
        self.context = self.cm.__enter__()
        return self.context

    def __exit__(self, *exc_info):
        result = self.cm.__exit__(*exc_info)
        self.case.assertIn(self.text, str(self.context.exception))
        return result

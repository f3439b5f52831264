# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged

PLAYBOOK_NEW = (
    "Find the project: who the customer is, what they build and a first "
    "estimate of its size."
)
PROJECT = "HVAC engineering project, billed by milestone"


@tagged("post_install", "-at_install")
class TestLanguages(TransactionCase):
    """Huatong's people read the demo, and what they generate, in Chinese
    or in English, as each of them chooses in his preferences."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reader = cls.env.ref("base.user_admin")
        cls.hospital_order = cls.env.ref("turbo_crm_project.sale_order_hospital_or")

    def read_as(self, lang, records, field="name"):
        """What the reader sees once he has chosen lang in his preferences:
        the web client reads in his language."""
        self.reader.lang = lang
        reader_records = records.with_user(self.reader).with_context(
            lang=self.reader.lang
        )
        return reader_records.mapped(field)

    def assertReads(self, records, english, chinese, field="name"):
        self.assertEqual(self.read_as("en_US", records, field), english)
        self.assertEqual(self.read_as("zh_CN", records, field), chinese)

    def test_demo_has_both_languages(self):
        installed = dict(self.env["res.lang"].get_installed())
        self.assertIn("en_US", installed)
        self.assertIn("zh_CN", installed)

    def test_demo_records_read_in_the_readers_language(self):
        ref = self.env.ref
        self.assertReads(ref("turbo_crm.sales_region_north"), ["North China"], ["华北"])
        self.assertReads(
            ref("turbo_crm.team_north"), ["North China Projects"], ["华北项目部"]
        )
        self.assertReads(
            ref("crm.stage_lead1"),
            [PLAYBOOK_NEW],
            ["找到项目：客户是谁、建设什么，并初步估算项目规模。"],
            field="requirements",
        )
        # Milestones written in the demo, and those applied from the plan.
        self.assertReads(
            ref("turbo_crm_project.milestone_hospital_survey"),
            ["Site survey"],
            ["现场勘察"],
        )
        line9 = ref("turbo_crm.lead_huaxia_line9").milestone_ids.sorted("sequence")
        self.assertReads(
            line9[:2], ["Site survey", "Technical proposal"], ["现场勘察", "技术方案"]
        )
        # Instalments written in the demo, and those made from milestones.
        cold_chain = ref("turbo_crm.sale_order_north_port").payment_plan_line_ids
        self.assertReads(cold_chain.sorted("sequence")[:1], ["Advance"], ["预付款"])
        design = self.hospital_order.payment_plan_line_ids.filtered(
            lambda line: (
                line.milestone_id == ref("turbo_crm_project.milestone_hospital_design")
            )
        )
        self.assertReads(design, ["Design approved"], ["设计已批准"])
        project = self.hospital_order.project_ids
        self.assertReads(
            project,
            [f"{self.hospital_order.name} - {PROJECT}"],
            [f"{self.hospital_order.name} - 暖通工程项目（按里程碑开票）"],
        )

    def test_demo_company_is_chinese(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.country_id, self.env.ref("base.cn"))
        self.assertEqual(company.city, "Beijing")
        self.assertTrue(company.logo)
        self.assertEqual(company.account_sale_tax_id.amount, 13)
        chiller = self.env.ref("turbo_crm.product_chiller")
        self.assertEqual(chiller.taxes_id, company.account_sale_tax_id)

    def test_generated_names_read_in_every_language(self):
        """A seller working in English applies the plan and confirms the
        order: his Chinese colleagues read the milestones, the instalments
        and the project in Chinese."""
        rep = new_test_user(
            self.env,
            login="lang_rep",
            groups="sales_team.group_sale_salesman",
            lang="en_US",
        )
        customer = self.env["res.partner"].create({"name": "Shenzhen Metro"})
        lead = (
            self.env["crm.lead"]
            .with_user(rep)
            .create(
                {
                    "name": "Line 20 ventilation",
                    "type": "opportunity",
                    "partner_id": customer.id,
                    "user_id": rep.id,
                }
            )
        )
        lead.milestone_template_id = self.env.ref(
            "turbo_crm_project.milestone_template_engineering"
        )
        lead.with_user(rep).action_apply_milestone_template()
        milestones = lead.milestone_ids.sorted("sequence")
        self.assertReads(milestones[:1], ["Site survey"], ["现场勘察"])
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "opportunity_id": lead.id,
                "user_id": rep.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.env.ref(
                                "turbo_crm_project.product_hvac_project_milestones"
                            ).id,
                            "price_unit": 1_000_000,
                        }
                    )
                ],
            }
        )
        order.with_context(lang="en_US").action_confirm()
        design = order.payment_plan_line_ids.filtered(
            lambda line: (
                line.milestone_id.template_line_id
                == self.env.ref(
                    "turbo_crm_project.milestone_template_engineering_design"
                )
            )
        )
        self.assertReads(design, ["Design approved"], ["设计已批准"])
        self.assertReads(
            order.project_ids,
            [f"{order.name} - {PROJECT}"],
            [f"{order.name} - 暖通工程项目（按里程碑开票）"],
        )

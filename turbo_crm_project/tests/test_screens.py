# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import etree

from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestProjectScreens(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env, login="prj_screens_rep", groups="sales_team.group_sale_salesman"
        )

    def arch(self, model, view_type, view_id=False):
        views = self.env[model].with_user(self.rep).get_views([(view_id, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_closed_loop_buttons_first_and_hidden_when_empty(self):
        buttons = self.arch("crm.lead", "form").xpath(
            "//div[@name='button_box']/button"
        )
        names = [button.get("name") for button in buttons]
        ours = [
            "action_view_milestones",
            "action_view_projects",
            "action_view_invoices",
            "action_view_overdue_invoices",
            "action_view_documents",
            "action_open_org_chart",
        ]
        self.assertEqual(names[: len(ours)], ours, "the closed loop comes first")
        invisible = {button.get("name"): button.get("invisible") for button in buttons}
        for name, count in (
            ("action_view_milestones", "milestone_count"),
            ("action_view_projects", "project_count"),
            ("action_view_invoices", "amount_invoiced"),
            ("action_view_overdue_invoices", "amount_overdue"),
            ("action_view_documents", "document_count"),
        ):
            self.assertIn(f"not {count}", invisible[name])

    def test_documents_show_the_file_not_its_base64(self):
        list_view = self.env.ref("turbo_crm_project.crm_document_view_list")
        form_view = self.env.ref("turbo_crm_project.crm_document_view_form")
        for view_type, view in (("list", list_view), ("form", form_view)):
            [datas] = self.arch("ir.attachment", view_type, view.id).xpath(
                "//field[@name='datas']"
            )
            self.assertEqual(datas.get("string"), "File")
            self.assertEqual(datas.get("filename"), "name")

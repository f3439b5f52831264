# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import TurboCrmCommon


@tagged("post_install", "-at_install")
class TestSalesRegion(TurboCrmCommon):
    def test_complete_name_follows_the_tree(self):
        self.assertEqual(
            self.region_shanghai.complete_name,
            "Test China / Test East / Test Shanghai",
        )
        self.region_east.name = "Test East China"
        self.assertEqual(
            self.region_shanghai.complete_name,
            "Test China / Test East China / Test Shanghai",
        )
        self.region_shanghai.parent_id = self.region_north
        self.assertEqual(
            self.region_shanghai.complete_name,
            "Test China / Test North / Test Shanghai",
        )

    def test_display_name_in_the_reader_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.region_cn.with_context(lang="zh_CN").name = "测试中国"
        self.region_east.with_context(lang="zh_CN").name = "测试华东"
        shanghai = self.region_shanghai
        self.assertEqual(
            shanghai.with_context(lang="zh_CN").display_name,
            "测试中国 / 测试华东 / Test Shanghai",
        )
        self.assertEqual(
            shanghai.with_context(lang="en_US").display_name,
            "Test China / Test East / Test Shanghai",
        )
        # The stored path stays in the source language, whoever edits.
        self.assertEqual(
            shanghai.complete_name, "Test China / Test East / Test Shanghai"
        )
        # A Chinese reader finds the region by its Chinese name.
        found = (
            self.env["crm.sales.region"]
            .with_context(lang="zh_CN")
            .name_search("测试华东")
        )
        self.assertEqual([r[0] for r in found], [self.region_east.id])

    def test_no_cycle(self):
        # Odoo's parent store refuses the cycle with a clear error.
        with self.assertRaisesRegex(UserError, "Recursion"):
            self.region_cn.parent_id = self.region_shanghai
            self.env.flush_all()

    @mute_logger("odoo.sql_db")
    def test_code_unique(self):
        with self.assertRaises(IntegrityError):
            self.env["crm.sales.region"].create({"name": "Dup", "code": "T-E"})

    def test_partner_count_covers_the_subtree(self):
        Partner = self.env["res.partner"]
        Partner.create(
            [
                {
                    "name": "SH Co 1",
                    "is_company": True,
                    "sales_region_id": self.region_shanghai.id,
                },
                {
                    "name": "SH Co 2",
                    "is_company": True,
                    "sales_region_id": self.region_shanghai.id,
                },
                {
                    "name": "East Co",
                    "is_company": True,
                    "sales_region_id": self.region_east.id,
                },
                {
                    "name": "North Co",
                    "is_company": True,
                    "sales_region_id": self.region_north.id,
                },
                # A person is not counted as a customer of the region.
                {"name": "Lone Person", "sales_region_id": self.region_north.id},
            ]
        )
        regions = self.region_cn | self.region_east | self.region_shanghai
        regions |= self.region_north
        regions.invalidate_recordset(["partner_count"])
        # One query resolves the subtrees, one counts: however many regions.
        with self.assertQueryCount(2):
            counts = [r.partner_count for r in regions]
        self.assertEqual(counts, [4, 3, 2, 1])
        action = self.region_east.action_view_partners()
        self.assertEqual(
            set(Partner.search(action["domain"]).mapped("name")),
            {"SH Co 1", "SH Co 2", "East Co"},
        )

    def test_contacts_share_the_company_classification(self):
        company = self.env["res.partner"].create(
            {
                "name": "Group HQ",
                "is_company": True,
                "customer_segment": "group",
                "customer_tier": "vip",
                "sales_region_id": self.region_east.id,
            }
        )
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": company.id}
        )
        self.assertEqual(contact.customer_segment, "group")
        self.assertEqual(contact.customer_tier, "vip")
        self.assertEqual(contact.sales_region_id, self.region_east)
        company.write({"customer_tier": "a", "sales_region_id": self.region_north.id})
        self.assertEqual(contact.customer_tier, "a")
        self.assertEqual(contact.sales_region_id, self.region_north)

    def test_classification_is_tracked(self):
        company = self.env["res.partner"].create(
            {"name": "Tracked Co", "is_company": True, "customer_tier": "b"}
        )
        # Tracking values are written when the transaction commits, and a
        # record's creation is not tracked field by field.
        self.env.flush_all()
        self.env.cr.precommit.run()
        company.customer_tier = "vip"
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = company.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "customer_tier"
        )
        self.assertEqual(tracked.old_value_char, "B")
        self.assertEqual(tracked.new_value_char, "VIP")

    def test_partner_form_sets_classification(self):
        form = Form(self.env["res.partner"].with_user(self.user_sales_manager))
        form.company_type = "company"
        form.name = "Form Co"
        form.customer_segment = "government"
        form.customer_tier = "a"
        form.sales_region_id = self.region_shanghai
        partner = form.save()
        self.assertEqual(partner.customer_segment, "government")
        self.assertEqual(
            self.env["res.partner"].search(
                [("sales_region_id", "child_of", self.region_cn.id)]
            ),
            partner,
        )

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import TurboCrmCommon


@tagged("post_install", "-at_install")
class TestTurboCrmGroups(TurboCrmCommon):
    def test_salesperson(self):
        user = self.user_salesman
        self.assertTrue(user.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(user.has_group("sales_team.group_sale_salesman_all_leads"))
        self.assertFalse(user.has_group("turbo_crm.group_channel_manager"))
        self.assertFalse(user.has_group("turbo_crm.group_service_user"))

    def test_sales_manager_manages_channels(self):
        user = self.user_sales_manager
        self.assertTrue(user.has_group("turbo_crm.group_channel_manager"))
        self.assertTrue(user.has_group("sales_team.group_sale_salesman_all_leads"))

    def test_channel_manager_sees_all_leads_but_is_no_manager(self):
        user = self.user_channel_manager
        self.assertTrue(user.has_group("sales_team.group_sale_salesman_all_leads"))
        self.assertFalse(user.has_group("sales_team.group_sale_manager"))

    def test_service_roles(self):
        self.assertTrue(
            self.user_service_manager.has_group("turbo_crm.group_service_user")
        )
        self.assertFalse(
            self.user_technician.has_group("turbo_crm.group_service_manager")
        )
        self.assertFalse(
            self.user_technician.has_group("sales_team.group_sale_salesman")
        )

    def test_regions_are_configured_by_sales_managers(self):
        Region = self.env["crm.sales.region"]
        # Every employee reads the regions, to classify and filter.
        self.assertEqual(
            Region.with_user(self.user_technician).search(
                [("id", "=", self.region_east.id)]
            ),
            self.region_east,
        )
        for user in (self.user_salesman, self.user_channel_manager):
            with self.assertRaises(AccessError):
                Region.with_user(user).create({"name": "Rogue"})
            with self.assertRaises(AccessError):
                self.region_east.with_user(user).name = "Renamed"
        region = Region.with_user(self.user_sales_manager).create({"name": "West"})
        self.assertEqual(region.complete_name, "West")

    def test_portal_user_cannot_read_regions(self):
        portal = self.env["res.users"].create(
            {
                "name": "Portal Customer",
                "login": "turbo_portal",
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        with self.assertRaises(AccessError):
            self.env["crm.sales.region"].with_user(portal).search([])

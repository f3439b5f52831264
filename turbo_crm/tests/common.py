# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import TransactionCaseWithUserDemo


class TurboCrmCommon(TransactionCaseWithUserDemo):
    """Users in each Turbo CRM role and a small region tree."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_salesman = new_test_user(
            cls.env,
            login="turbo_rep",
            name="Turbo Rep",
            groups="sales_team.group_sale_salesman",
        )
        cls.user_sales_manager = new_test_user(
            cls.env,
            login="turbo_manager",
            name="Turbo Manager",
            groups="sales_team.group_sale_manager",
        )
        cls.user_channel_manager = new_test_user(
            cls.env,
            login="turbo_channel",
            name="Turbo Channel Manager",
            groups="turbo_crm.group_channel_manager",
        )
        cls.user_technician = new_test_user(
            cls.env,
            login="turbo_tech",
            name="Turbo Technician",
            groups="turbo_crm.group_service_user",
        )
        cls.user_service_manager = new_test_user(
            cls.env,
            login="turbo_service_manager",
            name="Turbo Service Manager",
            groups="turbo_crm.group_service_manager",
        )
        Region = cls.env["crm.sales.region"]
        cls.region_cn = Region.create({"name": "Test China", "code": "T-CN"})
        cls.region_east = Region.create(
            {"name": "Test East", "code": "T-E", "parent_id": cls.region_cn.id}
        )
        cls.region_shanghai = Region.create(
            {"name": "Test Shanghai", "code": "T-SH", "parent_id": cls.region_east.id}
        )
        cls.region_north = Region.create(
            {"name": "Test North", "code": "T-N", "parent_id": cls.region_cn.id}
        )

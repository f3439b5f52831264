# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestDocumentCategory(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Category = cls.env["crm.document.category"]
        cls.rep = new_test_user(
            cls.env, login="doc_rep", groups="sales_team.group_sale_salesman"
        )
        cls.manager = new_test_user(
            cls.env, login="doc_manager", groups="sales_team.group_sale_manager"
        )

    def test_default_categories_in_project_order(self):
        names = self.Category.search([]).mapped("name")
        self.assertLess(
            names.index("Site Survey Report"), names.index("Signed Contract")
        )
        self.assertLess(
            names.index("Signed Contract"), names.index("Acceptance Certificate")
        )

    def test_reps_read_managers_configure(self):
        self.assertTrue(self.Category.with_user(self.rep).search_count([]))
        with self.assertRaises(AccessError):
            self.Category.with_user(self.rep).create({"name": "Rogue"})
        category = self.Category.with_user(self.manager).create(
            {"name": "Commissioning Report"}
        )
        category.with_user(self.manager).active = False
        self.assertFalse(self.Category.search([("name", "=", "Commissioning Report")]))

    @mute_logger("odoo.sql_db")
    def test_name_unique(self):
        with self.assertRaises(IntegrityError):
            self.Category.create({"name": "Signed Contract"})

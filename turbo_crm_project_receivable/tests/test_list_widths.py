# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import etree

from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

OUR_ADDONS = (
    "turbo_crm",
    "turbo_crm_project",
    "turbo_crm_receivable",
    "turbo_crm_project_receivable",
)
# Odoo gives a date column 80 px and a date-time one 145 px: too few for
# 2026年12月02日 14时30分, which Chinese readers see.
MIN_WIDTHS = {"date": 120, "datetime": 200}


@tagged("post_install", "-at_install")
class TestListWidths(TransactionCase):
    def test_dates_in_full_in_our_lists(self):
        views = self.env["ir.model.data"].search(
            [("module", "in", OUR_ADDONS), ("model", "=", "ir.ui.view")]
        )
        checked = 0
        for view in self.env["ir.ui.view"].browse(views.mapped("res_id")):
            if view.type != "list" or view.mode != "primary":
                continue
            Model = self.env[view.model]
            arch = Model.get_views([(view.id, "list")])["views"]["list"]["arch"]
            for column in etree.fromstring(arch).xpath("/list/field"):
                field = Model._fields.get(column.get("name"))
                if not field or field.type not in MIN_WIDTHS:
                    continue
                if column.get("column_invisible") in ("1", "True"):
                    continue
                checked += 1
                width = int((column.get("width") or "0").removesuffix("px"))
                options = safe_eval(column.get("options") or "{}")
                shown = (
                    "date"
                    if field.type == "datetime" and options.get("show_time") is False
                    else field.type
                )
                self.assertGreaterEqual(
                    width,
                    MIN_WIDTHS[shown],
                    f"{view.xml_id}: {field.name} is cut short",
                )
        self.assertGreater(checked, 10)

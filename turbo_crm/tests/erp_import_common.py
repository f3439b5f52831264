# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import io

import xlsxwriter

from odoo import Command

from .common import TurboCrmCommon


class ErpImportCommon(TurboCrmCommon):
    """Profiles, products and builders of the files an ERP exports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_importer = cls.env["res.users"].create(
            {
                "name": "Turbo Importer",
                "login": "turbo_importer",
                "email": "importer@example.com",
                "groups_id": [
                    Command.set([cls.env.ref("turbo_crm.group_erp_import").id])
                ],
            }
        )
        Profile = cls.env["crm.erp.import.profile"]
        cls.profile_kingdee = Profile.create(
            {
                "name": "Kingdee customers",
                "erp_system": "kingdee",
                "target": "customer",
                "value_map_ids": [
                    Command.create(
                        {
                            "kind": "region",
                            "source_value": "华东",
                            "region_id": cls.region_east.id,
                        }
                    ),
                    Command.create(
                        {
                            "kind": "tier",
                            "source_value": "VIP客户",
                            "customer_tier": "vip",
                        }
                    ),
                    Command.create(
                        {
                            "kind": "salesperson",
                            "source_value": "YW001",
                            "user_id": cls.user_salesman.id,
                        }
                    ),
                ],
            }
        )
        cls.profile_yonyou = Profile.create(
            {"name": "Yonyou customers", "erp_system": "yonyou", "target": "customer"}
        )
        cls.profile_contact = Profile.create(
            {"name": "Kingdee contacts", "erp_system": "kingdee", "target": "contact"}
        )
        cls.profile_order = Profile.create(
            {"name": "Kingdee orders", "erp_system": "kingdee", "target": "order"}
        )
        cls.product_ahu = cls.env["product.product"].create(
            {
                "name": "Air handling unit",
                "default_code": "AHU-01",
                "list_price": 1000.0,
            }
        )
        cls.product_fcu = cls.env["product.product"].create(
            {"name": "Fan coil unit", "default_code": "FCU-02", "list_price": 200.0}
        )
        cls.customer_header = [
            "客户编码",
            "客户名称",
            "电话",
            "城市",
            "区域",
            "客户等级",
            "业务员",
        ]
        cls.customer_rows = [
            [
                "000123",
                "华东暖通工程有限公司",
                "021-55550101",
                "上海",
                "华东",
                "VIP客户",
                "YW001",
            ],
            ["C2001", "Northwind HVAC", "010-66660202", "北京", "", "", ""],
        ]

    # -- Files ---------------------------------------------------------------
    @staticmethod
    def make_xlsx(rows, date_1904=False, sheet_name=None, writer=None):
        output = io.BytesIO()
        book = xlsxwriter.Workbook(
            output,
            {"in_memory": True, "date_1904": date_1904, "strings_to_numbers": False},
        )
        sheet = book.add_worksheet(sheet_name)
        if writer:
            writer(book, sheet)
        else:
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value is not None:
                        sheet.write(r, c, value)
        book.close()
        return output.getvalue()

    @staticmethod
    def make_csv(rows, encoding="utf-8", separator=",", bom=False):
        text = "\r\n".join(separator.join(row) for row in rows) + "\r\n"
        data = text.encode(encoding)
        return (b"\xef\xbb\xbf" + data) if bom else data

    def make_job(self, content, filename, profile=None, user=None):
        env = self.env(user=user) if user else self.env
        return env["crm.erp.import"].create(
            {
                "file": base64.b64encode(content),
                "filename": filename,
                "profile_id": (profile or self.profile_kingdee).id,
            }
        )

    def statuses(self, job):
        return [(line.row_number, line.status) for line in job.line_ids]

    def partner_by_ref(self, ref):
        return self.env["res.partner"].search([("ref", "=", ref)])

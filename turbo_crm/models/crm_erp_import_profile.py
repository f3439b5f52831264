# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import csv
import io

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

ERP_SYSTEMS = [
    ("kingdee", "Kingdee"),
    ("yonyou", "Yonyou"),
    ("sap_b1", "SAP Business One"),
    ("other", "Other ERP"),
]
TARGETS = [
    ("customer", "Customers"),
    ("contact", "Contacts"),
    ("order", "Sales orders"),
    ("service", "Service records"),
]
# What a column can hold, per target, with the column names ERPs usually
# give it (compared without case and surrounding spaces).
TARGET_COLUMNS = {
    "customer": {
        "code": [
            "编码",
            "客户编码",
            "客户代码",
            "代码",
            "code",
            "customer code",
            "cardcode",
        ],
        "name": ["名称", "客户名称", "客户", "name", "customer name", "cardname"],
        "phone": ["电话", "联系电话", "phone", "telephone", "phone1"],
        "mobile": ["手机", "mobile", "cellular"],
        "email": ["邮箱", "电子邮件", "email", "e-mail"],
        "street": ["地址", "详细地址", "street", "address"],
        "city": ["城市", "city"],
        "zip": ["邮编", "邮政编码", "zip", "zip code", "postal code"],
        "vat": [
            "税号",
            "纳税人识别号",
            "统一社会信用代码",
            "vat",
            "tax id",
            "lictradnum",
        ],
        "website": ["网址", "website"],
        "salesperson": [
            "业务员",
            "销售员",
            "业务员编码",
            "salesperson",
            "sales rep",
            "slpcode",
        ],
        "region": ["区域", "地区", "销售区域", "region", "sales region", "territory"],
        "tier": ["客户等级", "等级", "级别", "tier", "grade"],
        "segment": ["客户类型", "类型", "segment", "customer type"],
    },
    "contact": {
        "code": ["联系人编码", "编码", "code", "contact code"],
        "customer_code": ["客户编码", "客户代码", "customer code", "cardcode"],
        "name": ["姓名", "联系人", "名称", "name", "contact name"],
        "function": ["职务", "职位", "function", "job title", "position"],
        "phone": ["电话", "phone", "telephone"],
        "mobile": ["手机", "mobile"],
        "email": ["邮箱", "电子邮件", "email", "e-mail"],
    },
    "order": {
        "order_ref": [
            "订单编号",
            "订单号",
            "单据编号",
            "合同编号",
            "order",
            "order number",
            "docnum",
        ],
        "customer_code": ["客户编码", "客户代码", "customer code", "cardcode"],
        "date_order": ["订单日期", "日期", "单据日期", "date", "order date", "docdate"],
        "product_code": [
            "物料编码",
            "产品编码",
            "存货编码",
            "product code",
            "itemcode",
        ],
        "quantity": ["数量", "quantity", "qty"],
        "price_unit": ["单价", "含税单价", "price", "unit price"],
        "discount": ["折扣", "折扣率", "discount"],
        "salesperson": ["业务员", "销售员", "salesperson", "slpcode"],
        "description": ["说明", "备注", "description"],
    },
    "service": {
        "service_code": [
            "服务单号",
            "服务编码",
            "服务单编号",
            "工单号",
            "service code",
            "service number",
            "service no",
            "callid",
        ],
        "customer_code": ["客户编码", "客户代码", "customer code", "cardcode"],
        "serial": ["序列号", "设备序列号", "出厂编号", "serial", "serial number"],
        "service_type": ["服务类型", "类型", "service type", "type"],
        "service_date": ["服务日期", "日期", "service date", "date"],
        "requested_at": ["报修时间", "申请时间", "requested at", "request time"],
        "arrival_at": ["到达时间", "到场时间", "arrived at", "arrival time"],
        "closed_at": ["完成时间", "关闭时间", "closed at", "close time"],
        "technician": [
            "服务人员",
            "工程师",
            "技术员",
            "服务人员编码",
            "technician",
            "engineer",
        ],
        "name": ["主题", "服务主题", "subject"],
        "description": ["故障描述", "问题描述", "服务内容", "description"],
        "outcome": ["处理结果", "处理情况", "result", "outcome", "resolution"],
        "duration": ["工时", "服务工时", "时长", "duration", "hours"],
        "satisfaction": ["满意度", "客户满意度", "satisfaction"],
        "state": ["状态", "服务状态", "state", "status"],
    },
}
COLUMN_KEYS = [
    ("code", "Code"),
    ("name", "Name"),
    ("phone", "Phone"),
    ("mobile", "Mobile"),
    ("email", "Email"),
    ("street", "Street"),
    ("city", "City"),
    ("zip", "Zip"),
    ("vat", "Tax ID"),
    ("website", "Website"),
    ("salesperson", "Salesperson"),
    ("region", "Sales region"),
    ("tier", "Tier"),
    ("segment", "Segment"),
    ("function", "Job position"),
    ("customer_code", "Customer code"),
    ("order_ref", "Order reference"),
    ("date_order", "Order date"),
    ("product_code", "Product code"),
    ("quantity", "Quantity"),
    ("price_unit", "Unit price"),
    ("discount", "Discount (%)"),
    ("description", "Description"),
    ("service_code", "Service code"),
    ("serial", "Serial number"),
    ("service_type", "Service type"),
    ("service_date", "Service date"),
    ("requested_at", "Requested at"),
    ("arrival_at", "Arrived at"),
    ("closed_at", "Closed at"),
    ("technician", "Technician"),
    ("outcome", "Result"),
    ("duration", "Duration (hours)"),
    ("satisfaction", "Satisfaction"),
    ("state", "Status"),
]
REQUIRED_KEYS = {
    "customer": ("code", "name"),
    "contact": ("customer_code", "name"),
    "order": ("order_ref", "customer_code", "product_code", "quantity"),
    "service": ("service_code", "customer_code"),
}
# The targets that export back to the ERP.
EXPORT_TARGETS = ("customer", "contact", "order")


class CrmErpImportProfile(models.Model):
    _name = "crm.erp.import.profile"
    _description = "ERP import profile"
    _order = "target, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share it.")
    erp_system = fields.Selection(
        ERP_SYSTEMS,
        string="ERP",
        required=True,
        default="other",
        help="The ERP the files come from. Codes are kept per ERP, so that two "
        "ERPs' customer codes never collide.",
    )
    target = fields.Selection(TARGETS, required=True, default="customer")
    can_export = fields.Boolean(compute="_compute_can_export")
    sheet_name = fields.Char(help="The worksheet to read; the first one if empty.")
    header_row = fields.Integer(
        default=1, help="The row of the file that holds the column names."
    )
    encoding = fields.Selection(
        [("utf-8", "UTF-8"), ("gb18030", "GBK / GB18030 / GB2312")],
        help="Of .csv files; detected if empty.",
    )
    date_format = fields.Char(
        default="%Y-%m-%d",
        help="How the dates written as text look, in Python's strftime codes "
        "(%Y-%m-%d, %d/%m/%Y, %Y年%m月%d日...). ISO dates and Excel dates are "
        "always understood.",
    )
    decimal_separator = fields.Selection(
        [(".", "Point (1,234.50)"), (",", "Comma (1.234,50)")],
        default=".",
        required=True,
    )
    use_usual_columns = fields.Boolean(
        string="Recognise usual column names",
        default=True,
        help="Recognise the column names ERPs usually give (编码, 客户名称, code, "
        "name...) besides the mapping below.",
    )
    mapping_ids = fields.One2many(
        "crm.erp.import.profile.mapping", "profile_id", string="Column mapping"
    )
    value_map_ids = fields.One2many(
        "crm.erp.import.value.map", "profile_id", string="Value maps"
    )
    export_format = fields.Selection(
        [("xlsx", "Excel (.xlsx)"), ("csv", "CSV (UTF-8)")],
        default="xlsx",
        required=True,
    )
    last_export_date = fields.Datetime(
        copy=False,
        help="Records created or changed after it go into the next export.",
    )

    @api.constrains("header_row")
    def _check_header_row(self):
        for profile in self:
            if profile.header_row < 1:
                raise ValidationError(
                    self.env._("The header row of %s starts at 1.", profile.name)
                )

    @api.depends("target")
    def _compute_can_export(self):
        targets = self._get_export_targets()
        for profile in self:
            profile.can_export = profile.target in targets

    # -- Targets (other addons add theirs by overriding these) ---------------
    @api.model
    def _get_target_columns(self):
        """{target: {column key: [usual column names, lower case]}}."""
        return {target: dict(columns) for target, columns in TARGET_COLUMNS.items()}

    @api.model
    def _get_required_keys(self):
        """{target: (column keys a file must have)}."""
        return dict(REQUIRED_KEYS)

    @api.model
    def _get_export_targets(self):
        return EXPORT_TARGETS

    # -- Columns -------------------------------------------------------------
    def _get_column_synonyms(self):
        """{column key: [lower-cased column names]} of this profile."""
        self.ensure_one()
        columns = self._get_target_columns()[self.target]
        synonyms = {key: [] for key in columns}
        for mapping in self.mapping_ids:
            synonyms.setdefault(mapping.column_key, []).append(
                mapping.column_name.strip().lower()
            )
        if self.use_usual_columns:
            for key, names in columns.items():
                synonyms[key] += names
        return synonyms

    def _map_header(self, header):
        """{column key: index in the header} and the keys that are missing."""
        self.ensure_one()
        positions = {name.strip().lower(): i for i, name in enumerate(header)}
        mapped = {}
        for key, names in self._get_column_synonyms().items():
            for name in names:
                if name in positions:
                    mapped[key] = positions[name]
                    break
        required = self._get_required_keys()[self.target]
        missing = [key for key in required if key not in mapped]
        return mapped, missing

    def _get_erp_module(self):
        """The ir.model.data module of this ERP's codes."""
        self.ensure_one()
        return f"__erp_{self.erp_system}__"

    def _map_value(self, kind, value):
        """The record or key a value map gives for a source value, or None."""
        self.ensure_one()
        for value_map in self.value_map_ids:
            if value_map.kind == kind and value_map.source_value.strip() == value:
                return value_map._get_target()
        return None

    # -- Export back to the ERP ----------------------------------------------
    def _get_export_columns(self):
        """[(column key, column name)] in the profile's layout: its mapping
        first, then the usual (first) name of the other columns."""
        self.ensure_one()
        columns, seen = [], set()
        for mapping in self.mapping_ids:
            if mapping.column_key not in seen:
                columns.append((mapping.column_key, mapping.column_name))
                seen.add(mapping.column_key)
        for key, names in self._get_target_columns()[self.target].items():
            if key not in seen:
                columns.append((key, names[0]))
        return columns

    def _get_export_records(self):
        self.ensure_one()
        if self.target not in self._get_export_targets():
            raise UserError(
                self.env._(
                    "The profile %s imports only: its records are not exported "
                    "to the ERP.",
                    self.name,
                )
            )
        since = (
            [("write_date", ">", self.last_export_date)]
            if self.last_export_date
            else []
        )
        company = self.company_id or self.env.company
        if self.target == "order":
            return self.env["sale.order"].search(
                [("state", "=", "sale"), ("company_id", "=", company.id), *since],
                order="id",
            )
        parent = [("parent_id", "=", False), ("is_company", "=", True)]
        if self.target == "contact":
            parent = [("parent_id.is_company", "=", True), ("type", "=", "contact")]
        return self.env["res.partner"].search(
            [*parent, ("company_id", "in", [company.id, False]), *since], order="id"
        )

    def _export_value(self, kind, value):
        """The ERP's own word for a region, tier, segment or salesperson."""
        if not value:
            return ""
        for value_map in self.value_map_ids:
            if value_map.kind == kind and value_map._get_target() == value:
                return value_map.source_value
        if kind in ("salesperson", "technician"):
            return value.login
        if kind == "region":
            return value.code or value.name
        return value

    def _get_export_rows(self, records):
        """{column key: text} per exported row (an order gives one per line)."""
        self.ensure_one()
        rows = []
        if self.target == "order":
            for order in records:
                for line in order.order_line.filtered(lambda ln: not ln.display_type):
                    rows.append(
                        {
                            "order_ref": order.client_order_ref or order.name,
                            "customer_code": order.partner_id.commercial_partner_id.ref
                            or "",
                            "date_order": order.date_order.date().isoformat(),
                            "product_code": line.product_id.default_code or "",
                            "quantity": line.product_uom_qty,
                            "price_unit": line.price_unit,
                            "discount": line.discount,
                            "salesperson": self._export_value(
                                "salesperson", order.user_id
                            ),
                            "description": line.name,
                        }
                    )
            return rows
        for partner in records:
            row = {
                key: partner[fname] or ""
                for key, fname in (
                    ("code", "ref"),
                    ("name", "name"),
                    ("phone", "phone"),
                    ("mobile", "mobile"),
                    ("email", "email"),
                    ("street", "street"),
                    ("city", "city"),
                    ("zip", "zip"),
                    ("vat", "vat"),
                    ("website", "website"),
                    ("function", "function"),
                )
            }
            row.update(
                customer_code=partner.parent_id.ref or "",
                salesperson=self._export_value("salesperson", partner.user_id),
                region=self._export_value("region", partner.sales_region_id),
                tier=self._export_value("tier", partner.customer_tier),
                segment=self._export_value("segment", partner.customer_segment),
            )
            rows.append(row)
        return rows

    def _export_file(self):
        """(content, file name, number of rows) of the records to send to
        the ERP, in this profile's layout; moves the export date on."""
        self.ensure_one()
        # The transaction's time, as write_date is: what this transaction
        # writes after the export waits for the next one.
        now = self.env.cr.now()
        columns = self._get_export_columns()
        rows = self._get_export_rows(self._get_export_records())
        names = [name for _key, name in columns]
        output = io.BytesIO()
        if self.export_format == "csv":
            text = io.StringIO(newline="")
            writer = csv.writer(text)
            writer.writerow(names)
            for row in rows:
                writer.writerow([row.get(key, "") for key, _name in columns])
            output.write(text.getvalue().encode("utf-8-sig"))
        else:
            book = xlsxwriter.Workbook(output, {"in_memory": True})
            sheet = book.add_worksheet()
            for col, name in enumerate(names):
                sheet.write_string(0, col, name)
            for row_index, row in enumerate(rows, 1):
                for col, (key, _name) in enumerate(columns):
                    value = row.get(key, "")
                    if isinstance(value, float):
                        sheet.write_number(row_index, col, value)
                    else:
                        sheet.write_string(row_index, col, str(value))
            book.close()
        self.last_export_date = now
        stamp = now.strftime("%Y%m%d-%H%M%S")
        return output.getvalue(), f"{self.name}-{stamp}.{self.export_format}", len(rows)

    def action_export(self):
        """Download what changed since the last export, for the ERP."""
        self.ensure_one()
        if not self.env.user.has_group("turbo_crm.group_erp_import"):
            raise AccessError(self.env._("You are not allowed to export ERP data."))
        content, filename, _count = self._export_file()
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename,
                "raw": content,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

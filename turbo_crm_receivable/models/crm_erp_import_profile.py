# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

# The columns of an ERP's list of open receivables, with the names ERPs
# usually give them.
RECEIVABLE_COLUMNS = {
    "invoice_ref": [
        "发票号",
        "发票号码",
        "应收单号",
        "单据编号",
        "invoice",
        "invoice number",
        "invoice no",
        "docnum",
    ],
    "customer_code": ["客户编码", "客户代码", "customer code", "cardcode"],
    "invoice_date": [
        "开票日期",
        "发票日期",
        "单据日期",
        "日期",
        "invoice date",
        "docdate",
        "date",
    ],
    "date_due": ["到期日", "到期日期", "收款到期日", "due date", "docduedate"],
    "amount_open": [
        "未收金额",
        "应收余额",
        "余额",
        "open amount",
        "amount open",
        "balance",
        "amount",
    ],
    "currency": ["币别", "币种", "currency", "doccur"],
    "description": ["摘要", "说明", "备注", "description"],
}
RECEIVABLE_KEYS = [
    ("invoice_ref", "Invoice number"),
    ("invoice_date", "Invoice date"),
    ("date_due", "Due date"),
    ("amount_open", "Amount open"),
    ("currency", "Currency"),
]


def _unlink_receivable_profiles(profiles):
    """Uninstalled: the receivable profiles go with their import jobs (the
    invoices they made stay)."""
    profiles.env["crm.erp.import"].with_context(active_test=False).search(
        [("profile_id", "in", profiles.ids)]
    ).unlink()
    profiles.unlink()


class CrmErpImportProfile(models.Model):
    _inherit = "crm.erp.import.profile"

    target = fields.Selection(
        selection_add=[("receivable", "Open receivables")],
        ondelete={"receivable": _unlink_receivable_profiles},
    )
    opening_account_id = fields.Many2one(
        "account.account",
        domain="[('deprecated', '=', False), "
        "('account_type', 'in', ('income', 'income_other', 'equity', "
        "'equity_unaffected'))]",
        help="The account of the line of each opening invoice; the income "
        "account of the sales journal when empty.",
    )

    @api.model
    def _get_target_columns(self):
        columns = super()._get_target_columns()
        columns["receivable"] = dict(RECEIVABLE_COLUMNS)
        return columns

    @api.model
    def _get_required_keys(self):
        keys = super()._get_required_keys()
        keys["receivable"] = (
            "invoice_ref",
            "customer_code",
            "invoice_date",
            "date_due",
            "amount_open",
        )
        return keys


class CrmErpImportProfileMapping(models.Model):
    _inherit = "crm.erp.import.profile.mapping"

    column_key = fields.Selection(
        selection_add=RECEIVABLE_KEYS,
        ondelete={key: "cascade" for key, _label in RECEIVABLE_KEYS},
    )

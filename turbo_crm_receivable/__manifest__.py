# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Turbo CRM Receivables",
    "summary": "Receivables of complex B2B sales: collectors, aging, "
    "collection levels, promises to pay",
    "version": "18.0.1.3.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/turbo-crm/turbo-crm",
    "author": "Turbo CRM",
    "license": "LGPL-3",
    "depends": ["turbo_crm", "account", "sale"],
    "data": [
        "security/turbo_crm_receivable_groups.xml",
        "security/ir.model.access.csv",
        "security/turbo_crm_receivable_security.xml",
        "data/receivable_followup_data.xml",
        "data/ir_cron_data.xml",
        "data/spreadsheet_dashboard_data.xml",
        "data/crm_erp_import_data.xml",
        "report/receivable_followup_letter.xml",
        "report/receivable_aging_report_views.xml",
        "views/receivable_followup_policy_views.xml",
        "views/receivable_followup_log_views.xml",
        "views/receivable_payment_promise_views.xml",
        "views/receivable_aging_customer_views.xml",
        "views/receivable_payment_plan_line_views.xml",
        "report/receivable_cash_in_forecast_views.xml",
        "report/receivable_collector_report_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/crm_erp_import_views.xml",
        "views/turbo_crm_receivable_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/account_move_demo.xml",
        "demo/crm_erp_import_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "turbo_crm_receivable/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}

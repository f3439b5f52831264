# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Turbo CRM Projects and Receivables",
    "summary": "Payment plans that follow the deal's billed milestones",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/turbo-crm/turbo-crm",
    "author": "Turbo CRM",
    "license": "LGPL-3",
    "depends": ["turbo_crm_project", "turbo_crm_receivable"],
    "data": [
        "security/ir.model.access.csv",
        "views/sale_order_views.xml",
        "views/receivable_payment_plan_line_views.xml",
        "views/crm_lead_milestone_views.xml",
    ],
    "demo": [
        "demo/sale_order_demo.xml",
    ],
    "auto_install": True,
    "installable": True,
}

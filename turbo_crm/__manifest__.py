# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Turbo CRM",
    "summary": "CRM for complex, project-type B2B sales: customer classification, "
    "sales regions and the roles of a consultative sales organisation",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/turbo-crm/turbo-crm",
    "author": "Turbo CRM",
    "license": "LGPL-3",
    "application": True,
    "depends": [
        "crm",
        "sale_management",
        "sale_crm",
        "contacts",
        "mail",
        "base_import",
        "web_hierarchy",
        "spreadsheet_dashboard",
    ],
    "data": [
        "security/turbo_crm_groups.xml",
        "security/ir.model.access.csv",
        "views/crm_sales_region_views.xml",
        "views/res_partner_views.xml",
        "views/turbo_crm_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/crm_sales_region_demo.xml",
        "demo/crm_team_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/crm_lead_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "turbo_crm/static/src/js/tours/*.js",
        ],
    },
    "installable": True,
}

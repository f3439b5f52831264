# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Turbo CRM",
    "summary": "CRM for complex, project-type B2B sales: go/no-go qualification, "
    "stage playbooks, buying committees, deal teams, competitors, customer "
    "classification and sales regions",
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
        "security/turbo_crm_security.xml",
        "data/crm_qualification_template_data.xml",
        "views/crm_sales_region_views.xml",
        "views/res_partner_views.xml",
        "views/crm_qualification_template_views.xml",
        "views/crm_stage_views.xml",
        "views/crm_lead_stakeholder_views.xml",
        "views/crm_competitor_views.xml",
        "views/crm_lead_views.xml",
        "views/mail_activity_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/turbo_crm_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/crm_sales_region_demo.xml",
        "demo/crm_team_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/crm_stage_demo.xml",
        "demo/crm_competitor_demo.xml",
        "demo/crm_lead_demo.xml",
        "demo/crm_lead_stakeholder_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "turbo_crm/static/src/js/tours/*.js",
        ],
    },
    "installable": True,
}

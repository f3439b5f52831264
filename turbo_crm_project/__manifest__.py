# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Turbo CRM Projects",
    "summary": "Project-type deals: milestones, project documents, "
    "project profitability and the hand-over to delivery",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/turbo-crm/turbo-crm",
    "author": "Turbo CRM",
    "license": "LGPL-3",
    "depends": ["turbo_crm", "sale_project", "project_hr_expense"],
    "data": [
        "security/ir.model.access.csv",
        "security/turbo_crm_project_security.xml",
        "data/crm_document_category_data.xml",
        "data/crm_milestone_template_data.xml",
        "data/crm_milestone_data.xml",
        "data/ir_cron_data.xml",
        "views/crm_document_category_views.xml",
        "views/crm_milestone_template_views.xml",
        "views/crm_lead_milestone_views.xml",
        "views/ir_attachment_views.xml",
        "views/crm_service_equipment_views.xml",
        "views/crm_lead_views.xml",
        "wizard/crm_document_upload_views.xml",
        "views/turbo_crm_project_menus.xml",
    ],
    "demo": [
        "demo/crm_lead_milestone_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "turbo_crm_project/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}

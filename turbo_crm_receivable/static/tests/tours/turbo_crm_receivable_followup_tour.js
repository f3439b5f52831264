/** @odoo-module **/
/* Copyright 2026 Turbo CRM
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("turbo_crm_receivable_followup_tour", {
    steps: () => [
        {
            trigger: ".o_breadcrumb:contains('Tour Overdue Customer')",
            content: "The credit controller opens the overdue customer",
        },
        {
            trigger: "a.nav-link[name=turbo_collections]",
            content: "Its collections",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=followup_days_overdue]:contains('40')",
            content: "Its oldest invoice is 40 days late",
        },
        {
            trigger: "button[name=action_run_followup]",
            content: "Run the follow-up now",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=followup_level_id]:contains('Call the customer')",
            content: "The customer is at the call level",
        },
        {
            trigger: ".o_field_widget[name=followup_log_ids] .o_data_row",
            content: "The action is in the collection history",
        },
        {
            trigger: "button:contains('Print Letter')",
            content: "Print the reminder letter",
            run: "click",
        },
        {
            trigger: ".o_action_manager iframe.o_report_iframe, .o_content iframe",
            content: "The letter is shown",
        },
    ],
});

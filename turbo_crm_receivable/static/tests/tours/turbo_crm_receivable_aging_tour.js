/** @odoo-module **/
/* Copyright 2026 Turbo CRM
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("turbo_crm_receivable_aging_tour", {
    steps: () => [
        {
            trigger: ".o_breadcrumb:contains('Aging by Customer')",
            content: "The credit controller opens the aging by customer",
        },
        {
            trigger: ".o_searchview_input",
            content: "Look for the overdue customer",
            run: "edit Tour Overdue",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            trigger:
                ".o_data_row:contains('Tour Overdue Customer') .o_data_cell[name=days_overdue]:contains('40')",
            content: "Its oldest invoice is 40 days late",
        },
        {
            trigger:
                ".o_data_row:contains('Tour Overdue Customer') .o_data_cell[name=amount_31_60]:contains('8,000.00')",
            content: "and owed in the 31-60 days column",
        },
        {
            trigger:
                ".o_data_row:contains('Tour Overdue Customer') .o_data_cell[name=partner_id]",
            content: "A click on the customer's row opens its open items",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains('Aging: Tour Overdue Customer')",
            content: "The customer's open items",
        },
        {
            trigger: ".o_data_row .o_data_cell[name=days_overdue]:contains('40')",
            content: "The invoice, 40 days late",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains('Tour Overdue Customer'), .o_form_view .o_field_widget[name=partner_id] input:value('Tour Overdue Customer')",
            content: "A click on the item opens the invoice",
        },
    ],
});

/** @odoo-module **/
/* Copyright 2026 Turbo CRM
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const climberRow = ".o_data_row:has(td:contains('Tour Value Climber'))";

registry.category("web_tour.tours").add("turbo_crm_value_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='crm.crm_menu_root']",
            content: "Open the CRM app",
            run: "click",
        },
        {
            trigger: "button[data-menu-xmlid='crm.crm_menu_report']",
            content: "Open the reports",
            run: "click",
        },
        {
            trigger: "a[data-menu-xmlid='turbo_crm.crm_customer_value_ranking_menu']",
            content: "The customer ranking",
            run: "click",
        },
        {
            trigger: `${climberRow} td[name='movement']:contains('Up')`,
            content: "The climber moved up since last month",
        },
        {
            trigger: ".o_data_row:has(td:contains('Tour Value Leader')) td[name='movement']:contains('Down')",
            content: "The leader moved down",
        },
        {
            trigger: `${climberRow} td[name='partner_id']`,
            content: "Open the climber's snapshot",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='partner_id'] a",
            content: "Open the customer",
            run: "click",
        },
        {
            trigger: ".o_notebook a:contains('Value')",
            content: "Why the customer ranks where it does",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='value_line_ids'] td:contains('Revenue, 12 months')",
            content: "One line per indicator",
        },
        {
            trigger: ".o_field_widget[name='value_line_ids'] td[name='points']:contains('100.0')",
            content: "All the points of the revenue",
        },
        {
            trigger: ".o_field_widget[name='value_rank'] :contains('1')",
            content: "First in the ranking",
        },
    ],
});

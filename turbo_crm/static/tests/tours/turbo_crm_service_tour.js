/** @odoo-module **/
/* Copyright 2026 Turbo CRM
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const currentState = (label) =>
    `.o_statusbar_status button[aria-checked='true']:contains('${label}')`;

registry.category("web_tour.tours").add("turbo_crm_service_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='crm.crm_menu_root']",
            content: "Open the CRM app",
            run: "click",
        },
        {
            trigger: "button[data-menu-xmlid='turbo_crm.crm_service_menu']",
            content: "Open the Service menu",
            run: "click",
        },
        {
            trigger: "a[data-menu-xmlid='turbo_crm.crm_service_record_menu']",
            content: "The technician's service records",
            run: "click",
        },
        {
            trigger: ".o_data_row td:contains('Tour Hospital')",
            content: "Open the planned visit of the maintenance campaign",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb .active:contains('Tour After-SARS Maintenance')",
            content: "It is the campaign's visit",
        },
        {
            trigger: currentState("Planned"),
            content: "Still planned",
        },
        {
            trigger: "button[name='action_start']",
            content: "On site: start the visit",
            run: "click",
        },
        {
            trigger: currentState("In Progress"),
            content: "The visit is in progress",
        },
        {
            trigger: ".o_notebook a:contains('Timing and Outcome')",
            content: "Record the outcome",
            run: "click",
        },
        {
            trigger: "div[name='outcome'] textarea",
            content: "What was done",
            run: "edit Filters replaced, coils disinfected",
        },
        {
            trigger: "button[name='action_done']",
            content: "Close the visit",
            run: "click",
        },
        {
            trigger: currentState("Done"),
            content: "The visit is done",
        },
    ],
});

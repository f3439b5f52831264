/** @odoo-module **/
/* Copyright 2026 Turbo CRM
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("turbo_crm_pipeline_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='crm.crm_menu_root']",
            content: "Open the CRM app",
            run: "click",
        },
        {
            trigger:
                ".o_opportunity_kanban .o_kanban_record:contains('Tour Clean Room Project')",
            content: "The rep finds their opportunity in the pipeline",
            run: "click",
        },
        {
            trigger:
                ".o_form_view .o_field_widget[name=partner_id] input:value('Tour Group Customer')",
            content: "The form shows the customer",
        },
        {
            trigger: ".o_statusbar_status button[data-value]:contains('Qualified')",
            content: "Move the opportunity to the next stage",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Qualified')",
            content: "The stage is saved",
        },
        {
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb .breadcrumb-item a",
            content: "Back to the pipeline",
            run: "click",
        },
        {
            trigger:
                ".o_kanban_group:contains('Qualified') .o_kanban_record:contains('Tour Clean Room Project')",
            content: "The card now stands in the Qualified column",
        },
    ],
});

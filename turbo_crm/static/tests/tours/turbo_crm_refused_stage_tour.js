/** @odoo-module **/
/* Copyright 2026 Turbo CRM
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const DEAL = "Gate Tour Tender Deal";

registry.category("web_tour.tours").add("turbo_crm_refused_stage_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='crm.crm_menu_root']",
            content: "Open the CRM app",
            run: "click",
        },
        {
            trigger: `.o_opportunity_kanban .o_kanban_group:contains('Gate Survey') .o_kanban_record:contains('${DEAL}')`,
            content: "The deal stands in Gate Survey",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button[data-value]:contains('Gate Tender')",
            content: "Try to move the unqualified deal into Gate Tender",
            run: "click",
        },
        {
            trigger: ".modal:contains('cannot move to Gate Tender')",
            content: "The server refuses the move",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            content: "Close the message",
            run: "click",
        },
        {
            trigger:
                "body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current:contains('Gate Survey')",
            content: "The form shows the stage the deal is really in",
        },
        {
            trigger: ".o_form_status_indicator_buttons.invisible:not(:visible)",
            content: "Nothing is left to save or discard",
        },
        {
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb .breadcrumb-item a",
            content: "Back to the pipeline",
            run: "click",
        },
        {
            trigger: `.o_opportunity_kanban .o_kanban_group:contains('Gate Survey') .o_kanban_record:contains('${DEAL}')`,
            content: "Drag the deal into Gate Tender",
            run: "drag_and_drop(.o_opportunity_kanban .o_kanban_group:contains('Gate Tender'))",
        },
        {
            trigger: ".modal:contains('cannot move to Gate Tender')",
            content: "The server refuses the move again",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            content: "Close the message",
            run: "click",
        },
        {
            trigger: `body:not(:has(.modal)) .o_opportunity_kanban .o_kanban_group:contains('Gate Survey') .o_kanban_record:contains('${DEAL}')`,
            content: "The card is back in the column of its real stage",
        },
        {
            trigger: `.o_opportunity_kanban .o_kanban_group:contains('Gate Survey') .o_kanban_record:contains('${DEAL}')`,
            content: "Open the deal again",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Gate Survey')",
            content: "Its form shows the real stage too",
        },
    ],
});

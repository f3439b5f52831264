/** @odoo-module **/
/* Copyright 2026 Turbo CRM
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const committee = ".o_field_widget[name=stakeholder_ids]";
const scores = ".o_field_widget[name=qualification_ids]";

function scoreRow(index, score) {
    return [
        {
            trigger: `${scores} .o_data_row:eq(${index}) td[name=score]`,
            content: "Edit the score of the criterion",
            run: "click",
        },
        {
            trigger: `${scores} .o_data_row:eq(${index}) .o_field_widget[name=score] select`,
            content: "Score it",
            run: `select "${score}"`,
        },
    ];
}

function addStakeholder(name, role, reportsTo) {
    const steps = [
        {
            trigger: `${committee} .o_field_x2many_list_row_add a`,
            content: "Add a member of the buying committee",
            run: "click",
        },
        {
            trigger: `${committee} .o_data_row:last .o_field_widget[name=partner_id] input`,
            content: "Choose the contact",
            run: `edit ${name}`,
        },
        {
            trigger: `.ui-menu-item a:contains("${name}")`,
            run: "click",
        },
        {
            trigger: `${committee} .o_data_row:last .o_field_widget[name=buying_role] select`,
            content: "Their role in the decision",
            run: `select "${role}"`,
        },
    ];
    if (reportsTo) {
        steps.push(
            {
                trigger: `${committee} .o_data_row:last .o_field_widget[name=parent_id] input`,
                content: "Who they report to",
                run: `edit ${reportsTo}`,
            },
            {
                trigger: `.ui-menu-item a:contains("${reportsTo}")`,
                run: "click",
            }
        );
    }
    steps.push(
        {
            trigger: ".o_form_button_save",
            content: "Save",
            run: "click",
        },
        {
            trigger: `.o_form_saved ${committee} .o_data_row:contains("${name}")`,
        }
    );
    return steps;
}

registry.category("web_tour.tours").add("turbo_crm_committee_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='crm.crm_menu_root']",
            content: "Open the CRM app",
            run: "click",
        },
        {
            trigger: ".o_kanban_record:contains('Tour Committee Project')",
            content: "Open the opportunity",
            run: "click",
        },
        {
            trigger: "a.nav-link:contains('Qualification')",
            content: "Assess the project: go or no-go?",
            run: "click",
        },
        ...scoreRow(0, "4"),
        ...scoreRow(1, "3"),
        {
            trigger: "button[name=action_qualify]",
            content: "Record the go decision",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=qualification_state]:contains('Qualified')",
            content: "The opportunity is qualified",
        },
        {
            trigger: ".o_form_view .o_risk_no_coach",
            content: "Nobody guides us yet: a risk",
        },
        {
            trigger: "a.nav-link:contains('Buying Committee')",
            content: "Map the buying committee",
            run: "click",
        },
        ...addStakeholder("Tour Boss", "decision_maker"),
        {
            trigger: ".o_form_view:not(:has(.o_risk_no_decision_maker))",
            content: "The decision maker is known",
        },
        ...addStakeholder("Tour Engineer", "technical_buyer", "Tour Boss"),
        ...addStakeholder("Tour Insider", "coach", "Tour Engineer"),
        {
            trigger: ".o_form_view:not(:has(.o_risk_no_coach))",
            content: "With a coach, the risk flag is gone",
        },
    ],
});

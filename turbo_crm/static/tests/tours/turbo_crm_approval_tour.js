/** @odoo-module **/
/* Copyright 2026 Turbo CRM
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const CUSTOMER = "Tour Approval Metro";

registry.category("web_tour.tours").add("turbo_crm_approval_request_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='sale.sale_menu_root']",
            content: "Open the Sales app",
            run: "click",
        },
        {
            trigger: `.o_data_row:contains('${CUSTOMER}') td[name='partner_id']`,
            content: "Open the large quotation",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_confirm']:visible",
            content: "Confirm it",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('need an approval')",
            content: "The order waits for its approvers instead",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='approval_state']:contains('To Approve')",
            content: "Its badge says so",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Quotation')",
            content: "It is still a quotation",
        },
        {
            trigger: ".o_notebook .nav-link:contains('Approvals')",
            content: "Open the approvals",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='approval_current_ids'] .o_data_row:contains('Tour large orders'):contains('Pending')",
            content: "The rule that matched waits for its approver",
        },
    ],
});

registry.category("web_tour.tours").add("turbo_crm_approval_decision_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='sale.sale_menu_root']",
            content: "Open the Sales app",
            run: "click",
        },
        {
            trigger: ".o_main_navbar button:contains('Orders')",
            content: "Open the Orders menu",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='turbo_crm.sale_order_to_approve_menu']",
            content: "Open the orders to approve",
            run: "click",
        },
        {
            trigger: ".o_facet_value:contains('Waiting for My Approval')",
            content: "Only those waiting for me",
        },
        {
            trigger: `.o_data_row:contains('${CUSTOMER}') td[name='partner_id']`,
            content: "Open the quotation",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_approve']",
            content: "Approve it",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='approval_state']:contains('Approved')",
            content: "It is approved",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name='action_approve']:visible))",
            content: "Nothing is left to approve",
        },
    ],
});

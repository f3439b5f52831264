/** @odoo-module **/
/* Copyright 2026 Turbo CRM
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {
    openDashboardSteps,
    openSampleSteps,
} from "@turbo_crm/../tests/tours/turbo_crm_dashboard_tour";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("turbo_crm_receivable_dashboard_tour", {
    url: "/odoo/dashboards",
    steps: () => [
        ...openDashboardSteps("Receivables", "Receivables", 4),
        {
            trigger: ".o_spreadsheet_dashboard_action:not(:has(li[data-name='Customers']))",
            content: "A credit controller does not see the sales dashboards",
        },
    ],
});

registry.category("web_tour.tours").add("turbo_crm_receivable_dashboard_sample_tour", {
    url: "/odoo/dashboards",
    steps: () => openSampleSteps("Receivables", "Receivables"),
});

/** @odoo-module **/
/* Copyright 2026 Turbo CRM
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";

// The section of the Turbo CRM group: the one with its Customers dashboard
// for a sales manager, its Receivables dashboard for a credit controller.
const group = (anchor) => `.o_search_panel_section:has(li[data-name='${anchor}'])`;

/**
 * Steps that open one dashboard of the Turbo CRM group and wait until it is
 * drawn with its global filters and its charts, without an error.
 */
export function openDashboardSteps(anchor, name, filterCount) {
    return [
        {
            trigger: `${group(anchor)} li[data-name='${name}'] .o_dashboard_name`,
            content: `Open the ${name} dashboard`,
            // the first time, the spreadsheet's assets (10 MB) are built
            timeout: 60000,
            run: "click",
        },
        {
            trigger: `${group(anchor)} li.active[data-name='${name}']`,
            content: `${name} is the active dashboard`,
        },
        {
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-grid",
            content: "The dashboard is drawn",
            timeout: 30000,
        },
        {
            trigger: `.o_control_panel .o-filter-value:eq(${filterCount - 1})`,
            content: "Its global filters are offered",
        },
        {
            trigger: ".o_renderer .o-figure canvas",
            content: "Its charts are drawn",
        },
        {
            trigger: `.o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status))`,
            content: "No loading error",
        },
    ];
}

/**
 * Steps that open one dashboard of the Turbo CRM group on a database without
 * its data and wait until its sample is drawn.
 */
export function openSampleSteps(anchor, name) {
    return [
        {
            trigger: `${group(anchor)} li[data-name='${name}'] .o_dashboard_name`,
            content: `Open the ${name} dashboard`,
            timeout: 60000,
            run: "click",
        },
        {
            trigger: `${group(anchor)} li.active[data-name='${name}']`,
            content: `${name} is the active dashboard`,
        },
        {
            trigger: ".o_renderer.o-sample-dashboard .o-figure canvas",
            content: "Its sample is drawn",
            timeout: 30000,
        },
    ];
}

registry.category("web_tour.tours").add("turbo_crm_dashboard_sample_tour", {
    url: "/odoo/dashboards",
    steps: () => [
        ...openSampleSteps("Customers", "Customers"),
        ...openSampleSteps("Customers", "Sales"),
    ],
});

registry.category("web_tour.tours").add("turbo_crm_dashboard_tour", {
    url: "/odoo/dashboards",
    steps: () => [
        ...openDashboardSteps("Customers", "Customers", 4),
        ...openDashboardSteps("Customers", "Sales", 4),
    ],
});

// A service manager (no sales rights): the Service dashboard alone.
registry.category("web_tour.tours").add("turbo_crm_service_dashboard_tour", {
    url: "/odoo/dashboards",
    steps: () => [
        ...openDashboardSteps("Service", "Service", 3),
        {
            trigger: ".o_renderer .o-figure canvas:eq(1)",
            content: "Both its charts are drawn",
        },
    ],
});

registry.category("web_tour.tours").add("turbo_crm_service_dashboard_sample_tour", {
    url: "/odoo/dashboards",
    steps: () => [...openSampleSteps("Service", "Service")],
});

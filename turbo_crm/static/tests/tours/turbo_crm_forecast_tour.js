/** @odoo-module **/
/* Copyright 2026 Turbo CRM
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";

const teamRow = ".o_pivot tr:has(th:contains('Figures Tour Team'))";

registry.category("web_tour.tours").add("turbo_crm_forecast_category_tour", {
    steps: () => [
        {
            trigger: ".o_searchview_facet:contains('Open and Won This Quarter')",
            content: "The forecast opens on the open pipeline and this quarter's won",
        },
        {
            trigger: `${teamRow} td:contains('777,000')`,
            content: "A deal expected to close next year is on the forecast",
        },
    ],
});

registry.category("web_tour.tours").add("turbo_crm_forecast_accuracy_tour", {
    steps: () => [
        {
            trigger: ".o_searchview_facet:contains('Closed Periods'):not(:contains('First'))",
            content: "Closed periods...",
        },
        {
            trigger:
                ".o_searchview_facet:contains('First Snapshot of the Period'):not(:contains('Closed'))",
            content: "...and, besides, the first snapshot of each",
        },
        {
            trigger: `${teamRow} td:contains('100,000')`,
            content: "The forecast at the start against what was won",
        },
        {
            trigger: `${teamRow}:not(:has(td:contains('200,000')))`,
            content: "Not the sum of every weekly snapshot",
        },
    ],
});

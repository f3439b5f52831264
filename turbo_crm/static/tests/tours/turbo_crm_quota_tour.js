/** @odoo-module **/
/* Copyright 2026 Turbo CRM
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const channelRow = ".o_pivot tr:has(th:contains('Tour Gold Distributor'))";

registry.category("web_tour.tours").add("turbo_crm_quota_tour", {
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
            trigger: "a[data-menu-xmlid='turbo_crm.crm_sales_quota_report_menu']",
            content: "Quota attainment of the channels",
            run: "click",
        },
        {
            trigger: ".o_pivot th:contains('Attainment (%)')",
            content: "The pivot shows target, achieved and attainment",
        },
        {
            trigger: `${channelRow} td:contains('50.0')`,
            content: "The gold distributor reached half of its target",
        },
        {
            trigger: ".o_pivot tr:has(th:contains('Tour Silver Agent')) td:contains('25.0')",
            content: "The silver agent a quarter of its",
        },
        {
            trigger: ".o_pivot thead th:contains('Total')",
            content: "Regroup the columns",
            run: "click",
        },
        {
            trigger: ".o_pivot thead th:contains('Total')",
            content: "Group by channel level",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Channel Level')",
            run: "click",
        },
        {
            trigger: ".o_pivot thead th:contains('Gold')",
            content: "Each level in its column",
        },
        {
            trigger: ".o_switch_view.o_graph",
            content: "See it as a chart",
            run: "click",
        },
        {
            trigger: ".o_graph_renderer canvas",
            content: "Target and achieved by channel",
        },
    ],
});

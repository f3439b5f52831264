/** @odoo-module **/
/* Copyright 2026 Turbo CRM
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {inputFiles} from "@web/../tests/utils";
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// Two customers and a row without its code, as a Kingdee export saves them.
const CSV = "客户编码,客户名称,城市\r\nTOUR-ERP-1,巡检暖通一,上海\r\nTOUR-ERP-2,巡检暖通二,北京\r\n,无编码客户,天津\r\n";

registry.category("web_tour.tours").add("turbo_crm_erp_import_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='crm.crm_menu_root']",
            content: "Open CRM",
            run: "click",
        },
        {
            trigger: ".o_menu_sections button[data-menu-xmlid='crm.crm_menu_config']",
            content: "Open its configuration",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='turbo_crm.crm_erp_import_menu']",
            content: "Open the ERP imports",
            run: "click",
        },
        {
            trigger: ".o_list_button_add",
            content: "Start a new import",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='file'] .o_select_file_button",
            content: "Upload the ERP's file",
            async run() {
                const file = new File([CSV], "kingdee_customers.csv", {type: "text/csv"});
                await inputFiles(".o_field_widget[name='file'] input.o_input_file", [file]);
            },
        },
        {
            trigger: ".o_field_widget[name='file'] .o_clear_file_button",
            content: "The file is there",
        },
        {
            trigger: ".o_field_widget[name='profile_id'] input",
            content: "Choose the profile of the usual columns",
            run: "edit Customers (usual",
        },
        {
            trigger: ".o_field_widget[name='profile_id'] .dropdown-item:contains('Customers (usual columns)')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_check']",
            content: "Check the file first: nothing is written",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Checked')",
            content: "The job is checked",
        },
        {
            trigger: ".o_field_widget[name='created_count']:contains('2')",
            content: "Two customers to create",
        },
        {
            trigger: ".o_field_widget[name='refused_count']:contains('1')",
            content: "One row refused",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_run']",
            content: "Import the good rows",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Done')",
            content: "The job is done",
        },
        {
            trigger: ".o_form_view .oe_stat_button[name='action_view_lines']",
            content: "Open its rows",
            run: "click",
        },
        {
            trigger: ".o_group_header:contains('Refused')",
            content: "They come grouped by status: open the refused ones",
            run: "click",
        },
        {
            trigger: ".o_data_row:contains('The code and the name are required')",
            content: "The refused row says why, with its row number in the file",
        },
    ],
});

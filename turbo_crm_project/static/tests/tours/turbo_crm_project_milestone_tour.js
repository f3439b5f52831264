/** @odoo-module **/
/* Copyright 2026 Turbo CRM
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {inputFiles} from "@web/../tests/utils";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("turbo_crm_project_milestone_tour", {
    steps: () => [
        {
            trigger: ".o_field_widget[name=missing_category_ids]:contains('Tour Design Drawings')",
            content: "The milestone still misses its design drawings",
        },
        {
            trigger: ".o_form_statusbar button[name=action_upload_document].btn-primary",
            content: "Upload the drawings",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=category_id] input",
            content: "The missing category is proposed",
            run() {
                if (this.anchor.value !== "Tour Design Drawings") {
                    throw new Error(`Unexpected category ${this.anchor.value}`);
                }
            },
        },
        {
            trigger: ".modal .o_field_widget[name=datas] .o_select_file_button",
            content: "Choose the file",
            async run() {
                const file = new File(["drawings"], "design-drawings.pdf", {
                    type: "application/pdf",
                });
                await inputFiles(".modal .o_field_widget[name=datas] input[type=file]", [
                    file,
                ]);
            },
        },
        {
            trigger: ".modal .o_field_widget[name=datas] .o_clear_file_button",
            content: "The file is loaded",
        },
        {
            trigger: ".modal button[name=action_upload]",
            content: "Upload it",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=document_ids] .o_data_row:contains('design-drawings.pdf')",
            content: "The document is on the milestone",
        },
        {
            trigger: ".o_form_statusbar button[name=action_done].btn-primary",
            content: "Mark the milestone done",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Done')",
            content: "The milestone is done",
        },
    ],
});

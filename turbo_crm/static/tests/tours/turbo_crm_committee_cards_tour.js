/** @odoo-module **/
/* Copyright 2026 Turbo CRM
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("turbo_crm_committee_cards_tour", {
    url: "/odoo/action-turbo_crm.crm_lead_stakeholder_action?view_type=kanban",
    steps: () => [
        {
            trigger: ".o_kanban_record:contains('Card Warm Contact') .text-muted:has(.o_field_widget[name=last_contact_date])",
            content: "A person met this week: the last contact is in grey",
        },
        {
            trigger: ".o_kanban_record:contains('Card Cold Contact') .text-danger:has(.o_field_widget[name=last_contact_date])",
            content: "Not met for two months: in red",
        },
        {
            trigger: ".o_kanban_record:contains('Card New Contact') .text-danger:contains('No contact yet')",
            content: "Never met: says so, in red",
        },
    ],
});

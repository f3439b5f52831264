/** @odoo-module **/
/* Copyright 2026 Turbo CRM
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {StatusBarField} from "@web/views/fields/statusbar/statusbar_field";
import {patch} from "@web/core/utils/patch";

/**
 * A click on the status bar writes the new stage at once. When the server
 * refuses it (a stage gate, an access rule), Odoo shows the error but leaves
 * the form on the refused stage, unsaved, until the user discards. Go back to
 * the stage the record really is in, as the kanban view does when a drag is
 * refused; other unsaved changes of the form are kept.
 */
patch(StatusBarField.prototype, {
    async selectItem() {
        const {name, record} = this.props;
        const hadChanges = await record.isDirty();
        const previous = record.data[name];
        try {
            return await super.selectItem(...arguments);
        } catch (error) {
            if (hadChanges) {
                await record.update({[name]: previous});
            } else {
                await record.discard();
            }
            // The bar skips refreshing its items while it adjusts their
            // widths, which a refused click can fall into: refresh them now.
            Object.assign(this.items, this.getSortedItems());
            this.render();
            throw error;
        }
    },
});

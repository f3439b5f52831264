# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        self._merge_stakeholders(src_partners, dst_partner)
        return super()._update_foreign_keys(src_partners, dst_partner)

    def _merge_stakeholders(self, src_partners, dst_partner):
        """Give the merged contacts' buying roles to the kept contact.

        Odoo moves them in one SQL update and, when a single opportunity has
        both contacts on its committee, deletes every role of the merged
        ones. Here only the duplicates go, those on an opportunity where the
        kept contact already sits (their reports then report to him); every
        other role moves to the kept contact.
        """
        # sudo: merging contacts moves their roles on every committee,
        # including those the merging user may not read.
        Stakeholder = self.env["crm.lead.stakeholder"].sudo()
        roles = Stakeholder.search(
            [("partner_id", "in", (src_partners | dst_partner).ids)],
            order="lead_id, id",
        )
        kept = {}  # lead: the role that stays on it
        for role in roles.filtered(lambda r: r.partner_id == dst_partner):
            kept[role.lead_id] = role
        duplicates = Stakeholder.browse()
        moving = Stakeholder.browse()
        for role in roles - Stakeholder.browse([r.id for r in kept.values()]):
            if role.lead_id in kept:
                duplicates |= role
                (role.child_ids - kept[role.lead_id]).parent_id = kept[role.lead_id]
            else:
                kept[role.lead_id] = role
                moving |= role
        duplicates.unlink()
        moving.partner_id = dst_partner

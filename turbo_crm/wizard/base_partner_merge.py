# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        self._merge_stakeholders(src_partners, dst_partner)
        # sudo: the merge moves every service of the merged contacts.
        services = (
            self.env["crm.service.record"]
            .sudo()
            .search([("partner_id", "in", src_partners.ids)])
        )
        # Odoo then moves every other role to the kept contact in SQL, as it
        # moves everything else: the merge goes through whatever the
        # companies of the contacts and of the opportunities.
        res = super()._update_foreign_keys(src_partners, dst_partner)
        self.env["crm.lead.stakeholder"].invalidate_model(["partner_id"])
        self._refresh_moved_services(services)
        return res

    def _refresh_moved_services(self, services):
        """Odoo's SQL gave the merged contacts' services to the kept one,
        behind the ORM's back: their customer, and so the month and region
        their technician's KPIs sum them under, are computed again."""
        services.invalidate_recordset(["partner_id", "commercial_partner_id"])
        # As a write does: before, what depends on the months they are in
        # now; after, on the months they go to.
        services.modified(["partner_id"], before=True)
        services.modified(["partner_id"])
        services.flush_recordset()

    def _merge_stakeholders(self, src_partners, dst_partner):
        """Remove the merged contacts' duplicate buying roles.

        When a single opportunity has both contacts on its committee, Odoo's
        update would fail on the unique key and delete every role of the
        merged contacts. Here only the duplicates go, those on an opportunity
        where the kept contact (or another merged one) already sits; their
        reports then report to the role that stays. Every other role is left
        to Odoo's update, which gives it to the kept contact.
        """
        # sudo: merging contacts moves their roles on every committee,
        # including those the merging user may not read.
        Stakeholder = self.env["crm.lead.stakeholder"].sudo()
        roles = Stakeholder.search(
            [("partner_id", "in", (src_partners | dst_partner).ids)],
            order="lead_id, id",
        )
        duplicates = Stakeholder.browse()
        for lead_roles in roles.grouped("lead_id").values():
            # The kept contact's role stays, else the first merged one's.
            stays = (
                lead_roles.filtered(lambda r: r.partner_id == dst_partner) or lead_roles
            )[:1]
            for role in lead_roles - stays:
                duplicates |= role
                # The role that stays takes the duplicate's place in the
                # hierarchy without reporting to itself: if it reported to the
                # duplicate, it reports to the duplicate's manager, and so do
                # the duplicate's reports it reports to (through others).
                if stays.parent_id == role:
                    stays.parent_id = role.parent_id
                above = Stakeholder.browse()
                manager = stays.parent_id
                while manager and manager not in above:
                    above |= manager
                    manager = manager.parent_id
                reports = role.child_ids - stays
                (reports & above).parent_id = role.parent_id
                (reports - above).parent_id = stays
        duplicates.unlink()

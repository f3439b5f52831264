# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from ..models.res_partner import COLLECTION_SYNC


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        # Odoo moves the journal items to the kept contact in SQL.
        result = super()._update_foreign_keys(src_partners, dst_partner)
        self.env["receivable.aging.customer"]._touch((src_partners | dst_partner).ids)
        return result

    def _update_values(self, src_partners, dst_partner):
        # The kept contact carries the collection level and hold of the
        # merged ones, whoever merges them.
        return super()._update_values(
            src_partners,
            dst_partner.with_context(turbo_collection_sync=COLLECTION_SYNC),
        )

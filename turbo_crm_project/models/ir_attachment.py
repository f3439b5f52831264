# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class IrAttachment(models.Model):
    """Project documents (项目文档) are attachments of the opportunity or its
    project, with a category, a version and the milestone they serve. A new
    version of a document supersedes the previous one, which is kept."""

    _inherit = "ir.attachment"

    crm_document_category_id = fields.Many2one(
        "crm.document.category",
        string="Document Category",
        index="btree_not_null",
        ondelete="restrict",
    )
    crm_lead_milestone_id = fields.Many2one(
        "crm.lead.milestone",
        string="Deal Milestone",
        index="btree_not_null",
        ondelete="set null",
    )
    crm_document_version = fields.Integer(string="Version", default=1)
    crm_document_current = fields.Boolean(
        string="Current Version",
        default=True,
        help="Cleared when a newer version of the document is uploaded; the "
        "older versions stay attached.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("crm_document_category_id"):
                previous = self._crm_document_previous_versions(vals)
                if previous:
                    vals.setdefault(
                        "crm_document_version",
                        max(previous.mapped("crm_document_version")) + 1,
                    )
                    previous.crm_document_current = False
        return super().create(vals_list)

    @api.model
    def _crm_document_previous_versions(self, vals):
        """The documents a new one of the same category, milestone and record
        supersedes."""
        return self.search(
            [
                ("res_model", "=", vals.get("res_model")),
                ("res_id", "=", vals.get("res_id")),
                ("crm_document_category_id", "=", vals["crm_document_category_id"]),
                ("crm_lead_milestone_id", "=", vals.get("crm_lead_milestone_id")),
                ("crm_document_current", "=", True),
            ]
        )

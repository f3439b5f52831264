# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG


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
        superseded = self.browse()
        for vals in vals_list:
            if vals.get("crm_document_category_id"):
                previous = self._crm_document_previous_versions(vals)
                if previous:
                    vals.setdefault(
                        "crm_document_version",
                        max(previous.mapped("crm_document_version")) + 1,
                    )
                    superseded |= previous
        attachments = super().create(vals_list)
        # Once the new versions are there, which a done milestone may need.
        superseded.crm_document_current = False
        return attachments

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

    # Fields that make a document count for its milestone.
    _CRM_DOCUMENT_FIELDS = (
        "crm_document_category_id",
        "crm_lead_milestone_id",
        "crm_document_current",
        "res_model",
        "res_id",
        "company_id",
    )

    def write(self, vals):
        if not set(self._CRM_DOCUMENT_FIELDS) & set(vals):
            return super().write(vals)
        milestones = self.sudo().crm_lead_milestone_id
        result = super().write(vals)
        # A done milestone keeps the documents that made it done.
        (milestones | self.sudo().crm_lead_milestone_id)._check_required_documents()
        return result

    def unlink(self):
        # Not an ondelete method: Odoo skips those for whoever sends the
        # uninstall flag in the context; here only a real uninstall does.
        if not (self.env.su and self.env.context.get(MODULE_UNINSTALL_FLAG)):
            self._check_done_milestone_documents()
        return super().unlink()

    def _check_done_milestone_documents(self):
        """A done milestone keeps the documents that made it done."""
        for milestone in self.sudo().crm_lead_milestone_id.filtered(
            lambda m: m.state == "done"
        ):
            present = milestone._get_present_categories(milestone.document_ids - self)
            missing = milestone.required_category_ids - present
            if missing:
                raise UserError(
                    self.env._(
                        "Milestone “%(milestone)s” is done with this %(documents)s: "
                        "reset the milestone before deleting its document, or "
                        "upload a new version instead.",
                        milestone=milestone.name,
                        documents=", ".join(missing.mapped("name")),
                    )
                )

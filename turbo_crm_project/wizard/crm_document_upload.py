# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmDocumentUpload(models.TransientModel):
    """Attach a project document to a deal, for a milestone; uploading one of
    a category the milestone already has makes a new version."""

    _name = "crm.document.upload"
    _description = "Upload a Project Document"

    lead_id = fields.Many2one("crm.lead", string="Opportunity", required=True)
    milestone_id = fields.Many2one(
        "crm.lead.milestone",
        domain="[('lead_id', '=', lead_id)]",
    )
    category_id = fields.Many2one("crm.document.category", required=True)
    datas = fields.Binary(string="File", required=True)
    filename = fields.Char()
    description = fields.Text()
    current_version = fields.Integer(compute="_compute_current_version")

    @api.depends("lead_id", "milestone_id", "category_id")
    def _compute_current_version(self):
        for wizard in self:
            previous = self.env["ir.attachment"]._crm_document_previous_versions(
                wizard._prepare_attachment_vals(with_file=False)
            )
            wizard.current_version = max(
                previous.mapped("crm_document_version"), default=0
            )

    def _prepare_attachment_vals(self, with_file=True):
        self.ensure_one()
        vals = {
            "res_model": "crm.lead",
            "res_id": self.lead_id.id,
            "crm_document_category_id": self.category_id.id,
            "crm_lead_milestone_id": self.milestone_id.id,
            "company_id": self.lead_id.company_id.id,
        }
        if with_file:
            vals.update(
                name=self.filename or self.category_id.name,
                datas=self.datas,
                description=self.description,
            )
        return vals

    def action_upload(self):
        self.ensure_one()
        if self.milestone_id and self.milestone_id.lead_id != self.lead_id:
            raise UserError(self.env._("The milestone belongs to another opportunity."))
        self.lead_id.check_access("write")
        attachment = self.env["ir.attachment"].create(self._prepare_attachment_vals())
        self.lead_id.message_post(
            body=self.env._(
                "%(category)s uploaded (version %(version)s).",
                category=self.category_id.name,
                version=attachment.crm_document_version,
            ),
            attachment_ids=[],
        )
        return {"type": "ir.actions.act_window_close"}

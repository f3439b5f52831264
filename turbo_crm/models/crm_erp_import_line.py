# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

LINE_STATUSES = [
    ("create", "To create"),
    ("update", "To update"),
    ("unchanged", "Unchanged"),
    ("refused", "Refused"),
    ("done", "Done"),
]


class CrmErpImportLine(models.Model):
    _name = "crm.erp.import.line"
    _description = "ERP import row"
    _order = "import_id, row_number"
    _rec_name = "row_number"

    import_id = fields.Many2one(
        "crm.erp.import", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="import_id.company_id", store=True)
    row_number = fields.Integer(
        string="Row", required=True, help="The row's number in the file."
    )
    raw_values = fields.Json(string="Values", help="The row as read from the file.")
    raw_text = fields.Text(string="Row values", compute="_compute_raw_text")
    key = fields.Char(
        string="Code",
        help="The ERP code of the row (customer, contact, order, service or invoice).",
    )
    status = fields.Selection(
        LINE_STATUSES, required=True, default="create", index=True
    )
    operation = fields.Selection(
        [("create", "Create"), ("update", "Update")],
        help="What the row does or did to its record.",
    )
    message = fields.Char()
    res_model = fields.Char(string="Model")
    res_id = fields.Many2oneReference(string="Record", model_field="res_model")

    def _compute_raw_text(self):
        for line in self:
            line.raw_text = "\n".join(
                f"{column}: {value}"
                for column, value in (line.raw_values or {}).items()
                if value
            )

    def action_open_record(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

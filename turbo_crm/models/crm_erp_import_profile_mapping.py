# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_erp_import_profile import COLUMN_KEYS


class CrmErpImportProfileMapping(models.Model):
    _name = "crm.erp.import.profile.mapping"
    _description = "ERP import column mapping"
    _order = "profile_id, sequence, id"

    profile_id = fields.Many2one(
        "crm.erp.import.profile", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    column_name = fields.Char(
        string="Column", required=True, help="The column's name in the file."
    )
    column_key = fields.Selection(COLUMN_KEYS, string="Field", required=True)

    @api.constrains("column_key", "profile_id")
    def _check_column_key(self):
        columns = self.env["crm.erp.import.profile"]._get_target_columns()
        for mapping in self:
            if mapping.column_key not in columns[mapping.profile_id.target]:
                raise ValidationError(
                    self.env._(
                        "%(field)s cannot be imported with the profile %(profile)s.",
                        field=dict(
                            self._fields["column_key"]._description_selection(self.env)
                        )[mapping.column_key],
                        profile=mapping.profile_id.name,
                    )
                )

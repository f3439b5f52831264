# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmDocumentCategory(models.Model):
    """A kind of project document (项目文档): survey report, technical
    proposal, bid, contract, acceptance certificate... Milestones require
    documents by category."""

    _name = "crm.document.category"
    _description = "Project Document Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(
        translate=True,
        help="What a document of this category must contain, for the rep "
        "who prepares it.",
    )
    active = fields.Boolean(default=True)

    # The name is translated: a jsonb of every language, that a UNIQUE on
    # the column compares whole. The source name is what must be unique.
    _sql_constraints = [
        (
            "name_uniq",
            "EXCLUDE USING btree ((name ->> 'en_US') WITH =)",
            "A project document category with this name already exists.",
        ),
    ]

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    is_serviceable = fields.Boolean(
        string="Serviceable",
        help="Each unit delivered to a customer joins the installed base as a "
        "piece of equipment, which service records and campaigns follow.",
    )

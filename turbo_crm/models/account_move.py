# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    channel_partner_id = fields.Many2one(
        "res.partner",
        string="Channel",
        compute="_compute_channel_partner_id",
        recursive=True,
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        domain="[('is_channel', '=', True)]",
        help="The channel of the sales order invoiced; a credit note keeps "
        "the channel of the invoice it reverses.",
    )

    @api.depends(
        "move_type",  # is_sale_document
        "line_ids.sale_line_ids.order_id.channel_partner_id",
        "reversed_entry_id.channel_partner_id",
    )
    def _compute_channel_partner_id(self):
        for move in self:
            channel = move.channel_partner_id
            if move.is_sale_document(include_receipts=True):
                channel = (
                    move.line_ids.sale_line_ids.order_id.channel_partner_id[:1]
                    or move.reversed_entry_id.channel_partner_id
                    or channel
                )
            move.channel_partner_id = channel

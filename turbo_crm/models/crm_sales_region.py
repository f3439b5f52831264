# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class CrmSalesRegion(models.Model):
    """A sales region (华北, 华东, ...): a tree that customers, channels,
    sales teams and reports are grouped by."""

    _name = "crm.sales.region"
    _description = "Sales Region"
    _parent_name = "parent_id"
    _parent_store = True
    _rec_name = "complete_name"
    _rec_names_search = ["complete_name", "name", "code"]
    _order = "complete_name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code of the region, as used in the ERP.")
    complete_name = fields.Char(
        compute="_compute_complete_name",
        store=True,
        recursive=True,
    )
    parent_id = fields.Many2one(
        "crm.sales.region",
        string="Parent Region",
        index=True,
        ondelete="restrict",
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("crm.sales.region", "parent_id", string="Sub-regions")
    user_id = fields.Many2one(
        "res.users",
        string="Regional Manager",
        domain="[('share', '=', False)]",
    )
    team_ids = fields.Many2many(
        "crm.team",
        string="Sales Teams",
        help="Sales teams that cover this region.",
    )
    active = fields.Boolean(default=True)
    color = fields.Integer()
    partner_count = fields.Integer(
        string="Customers",
        compute="_compute_partner_count",
        help="Companies in this region and its sub-regions.",
    )

    _sql_constraints = [
        (
            "code_uniq",
            "unique (code)",
            "The code of a sales region must be unique.",
        ),
    ]

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        # Stored once, so in the source language whoever edits; readers get
        # their own language through display_name.
        for region in self.with_context(lang="en_US"):
            if region.parent_id:
                region.complete_name = (
                    f"{region.parent_id.complete_name} / {region.name}"
                )
            else:
                region.complete_name = region.name

    @api.depends_context("lang")
    @api.depends("complete_name")
    def _compute_display_name(self):
        # complete_name is stored in one language; show the path in the
        # reader's, reading every ancestor's name at once.
        paths = {
            region: [int(i) for i in (region.parent_path or "").split("/") if i]
            for region in self
        }
        ancestors = self.browse({i for path in paths.values() for i in path})
        names = {ancestor.id: ancestor.name for ancestor in ancestors}
        for region, path in paths.items():
            if path and all(i in names for i in path):
                region.display_name = " / ".join(names[i] for i in path)
            else:  # not saved yet
                region.display_name = region.complete_name or region.name

    def _compute_partner_count(self):
        # One grouped query over the whole subtree of every region shown.
        counts = dict(
            self.env["res.partner"]._read_group(
                [
                    ("sales_region_id", "child_of", self.ids),
                    ("is_company", "=", True),
                ],
                ["sales_region_id"],
                ["__count"],
            )
        )
        for region in self:
            region.partner_count = sum(
                count
                for sub_region, count in counts.items()
                if sub_region.parent_path.startswith(region.parent_path)
            )

    def action_view_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "contacts.action_contacts"
        )
        action["domain"] = [("sales_region_id", "child_of", self.id)]
        action["context"] = {"default_sales_region_id": self.id}
        return action

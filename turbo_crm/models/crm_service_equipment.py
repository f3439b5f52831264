# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from ..tools import check_service_write


class CrmServiceEquipment(models.Model):
    """A unit of the installed base: what the customer has on site, that the
    service records follow over its life."""

    _name = "crm.service.equipment"
    _description = "Installed Equipment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "partner_id, name, id"
    _check_company_auto = True
    _rec_names_search = ["name", "serial"]

    name = fields.Char(
        string="Reference",
        required=True,
        tracking=True,
        help="The unit's equipment reference (tag on site), for instance "
        "CH-01 for the first chiller of a plant room.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Site Contact",
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
    )
    site_address = fields.Text(
        help="Where the unit is installed, when not at the customer's address."
    )
    sales_region_id = fields.Many2one(
        related="partner_id.commercial_partner_id.sales_region_id",
        string="Sales Region",
        store=True,
        index=True,
    )
    product_id = fields.Many2one(
        "product.product",
        index=True,
        tracking=True,
        check_company=True,
    )
    product_categ_id = fields.Many2one(
        related="product_id.categ_id",
        string="Product Category",
        store=True,
        index=True,
    )
    model = fields.Char()
    serial = fields.Char(string="Serial Number", index="btree_not_null", tracking=True)
    installed_on = fields.Date(tracking=True)
    warranty_end = fields.Date(string="Warranty Until", tracking=True)
    warranty_state = fields.Selection(
        [("under_warranty", "Under Warranty"), ("out_of_warranty", "Out of Warranty")],
        string="Warranty",
        compute="_compute_warranty_state",
        search="_search_warranty_state",
        help="Under warranty while today is on or before the warranty end.",
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Order Line",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        check_company=True,
        help="The order line the unit was sold on.",
    )
    sale_order_id = fields.Many2one(
        related="sale_line_id.order_id", string="Sales Order", store=True
    )
    technician_id = fields.Many2one(
        "res.users",
        string="Responsible Technician",
        index=True,
        tracking=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("turbo_crm.group_service_user").ids)
        ],
    )
    state = fields.Selection(
        [("in_service", "In Service"), ("retired", "Retired")],
        required=True,
        default="in_service",
        tracking=True,
    )
    record_ids = fields.One2many("crm.service.record", "equipment_id")
    record_count = fields.Integer(
        string="Service Records", compute="_compute_record_count"
    )

    _sql_constraints = [
        (
            "serial_product_uniq",
            "unique (company_id, product_id, serial)",
            "This serial number of this product is already in the installed base.",
        ),
    ]

    @api.depends("record_ids")
    def _compute_record_count(self):
        counts = dict(
            self.env["crm.service.record"]._read_group(
                [("equipment_id", "in", self.ids)], ["equipment_id"], ["__count"]
            )
        )
        for equipment in self:
            equipment.record_count = counts.get(equipment, 0)

    @api.depends("warranty_end")
    @api.depends_context("tz")
    def _compute_warranty_state(self):
        today = fields.Date.context_today(self)
        for equipment in self:
            equipment.warranty_state = (
                "under_warranty"
                if equipment.warranty_end and equipment.warranty_end >= today
                else "out_of_warranty"
            )

    def _search_warranty_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(
                self.env._(
                    "The warranty cannot be searched with %(operator)s.",
                    operator=operator,
                )
            )
        states = set(value) if operator in ("in", "not in") else {value}
        if operator in ("!=", "not in"):
            states = {"under_warranty", "out_of_warranty"} - states
        today = fields.Date.context_today(self)
        domains = []
        if "under_warranty" in states:
            domains.append([("warranty_end", ">=", today)])
        if "out_of_warranty" in states:
            domains.append(
                ["|", ("warranty_end", "=", False), ("warranty_end", "<", today)]
            )
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN

    def _read_group_groupby(self, groupby_spec, query):
        """Grouped by warranty as the field computes it, today, in SQL (as
        mail's activity state): the installed base's pivot by warranty."""
        if groupby_spec != "warranty_state":
            return super()._read_group_groupby(groupby_spec, query)
        self.check_field_access_rights("read", ["warranty_state"])
        return SQL(
            "CASE WHEN %s >= %s THEN 'under_warranty' ELSE 'out_of_warranty' END",
            self._field_to_sql(self._table, "warranty_end", query),
            fields.Date.context_today(self),
        )

    @api.depends("name", "serial")
    def _compute_display_name(self):
        for equipment in self:
            equipment.display_name = (
                f"{equipment.name} ({equipment.serial})"
                if equipment.serial
                else equipment.name
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_service_write(self, vals, "technician_id", creating=True)
        return super().create(vals_list)

    def write(self, vals):
        check_service_write(self, vals, "technician_id")
        res = super().write(vals)
        if {"partner_id", "company_id", "technician_id"} & set(vals):
            # As on service records: not out of what the technician may write.
            self.check_access("write")
        return res

    def unlink(self):
        # The database empties the records' unit: their revisit flags, and
        # their neighbours', follow.
        records = (
            self.env["crm.service.record"]
            .sudo()
            .search([("equipment_id", "in", self.ids)])
        )
        res = super().unlink()
        records = records.exists()
        records._recompute_revisit_neighbours(records)
        return res

    def action_retire(self):
        self.state = "retired"
        return True

    def action_put_in_service(self):
        self.state = "in_service"
        return True

    def action_view_records(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "turbo_crm.crm_service_record_action"
        )
        action["domain"] = [("equipment_id", "=", self.id)]
        action["context"] = {
            "default_equipment_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

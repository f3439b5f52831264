# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import models

from .crm_lead import PRESALES_SECTION


class ProjectProject(models.Model):
    """Odoo's project profitability panel, with the pre-sales cost of the
    deal the project was sold in."""

    _inherit = "project.project"

    def _get_presales_leads(self):
        """The deals sold into this project that book their pre-sales costs
        on an account other than the project's own."""
        self.ensure_one()
        orders = self.sudo().sale_order_id | self.sudo().reinvoiced_sale_order_id
        return orders.opportunity_id.filtered(
            lambda lead: (
                lead.analytic_account_id and lead.analytic_account_id != self.account_id
            )
        )

    def _get_presales_profitability_items(self, with_action=True):
        if self.env.context.get("turbo_without_presales"):
            return {}
        leads = self._get_presales_leads()
        amount = -sum(leads._get_presales_costs().values())
        if not amount:
            return {}
        accounts = leads.analytic_account_id
        section = {
            "id": PRESALES_SECTION,
            "sequence": self._get_profitability_sequence_per_invoice_type()[
                PRESALES_SECTION
            ],
            "billed": amount,
            "to_bill": 0.0,
        }
        if with_action and self.env.user.has_group(
            "analytic.group_analytic_accounting"
        ):
            args = [PRESALES_SECTION, [("account_id", "in", accounts.ids)]]
            section["action"] = {
                "name": "action_profitability_items",
                "type": "object",
                "args": json.dumps(args),
            }
        return section

    def _get_profitability_labels(self):
        labels = super()._get_profitability_labels()
        labels[PRESALES_SECTION] = self.env._("Pre-sales Costs")
        return labels

    def _get_profitability_sequence_per_invoice_type(self):
        sequences = super()._get_profitability_sequence_per_invoice_type()
        sequences[PRESALES_SECTION] = 14
        return sequences

    def _get_profitability_items(self, with_action=True):
        data = super()._get_profitability_items(with_action)
        section = self._get_presales_profitability_items(with_action)
        if section:
            costs = data["costs"]
            costs["data"].append(section)
            costs["total"] = {
                key: costs["total"][key] + section[key] for key in ("billed", "to_bill")
            }
        return data

    def _get_profitability_costs_without_presales(self):
        """The costs billed on the project, as the panel totals them, without
        the pre-sales section (the deal counts it on its own)."""
        self.ensure_one()
        # For whoever may read the deal's orders, project rights aside.
        return self.sudo()._get_profitability_totals()[1]

    def _get_profitability_totals(self):
        """(invoiced revenue, billed costs) of the project as its
        profitability panel shows them to the reader, without the pre-sales
        section."""
        self.ensure_one()
        items = self.with_context(turbo_without_presales=True)._get_profitability_items(
            with_action=False
        )
        return (
            items["revenues"]["total"]["invoiced"],
            items["costs"]["total"]["billed"],
        )

    def action_profitability_items(self, section_name, domain=None, res_id=False):
        if section_name == PRESALES_SECTION:
            return {
                "name": self.env._("Pre-sales Costs"),
                "type": "ir.actions.act_window",
                "res_model": "account.analytic.line",
                "views": [(False, "list"), (False, "form")],
                "domain": domain,
                "context": {"create": False},
            }
        return super().action_profitability_items(section_name, domain, res_id)

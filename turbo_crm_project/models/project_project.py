# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import models

from .crm_lead import PRESALES_SECTION


class ProjectProject(models.Model):
    """Odoo's project profitability panel, with the pre-sales cost of the
    deal the project was sold in."""

    _inherit = "project.project"

    def _get_presales_accounts(self):
        """The pre-sales analytic accounts of the deals sold into this
        project, other than the project's own account."""
        self.ensure_one()
        orders = self.sudo().sale_order_id | self.sudo().reinvoiced_sale_order_id
        leads = orders.opportunity_id
        return leads.analytic_account_id - self.account_id

    def _get_presales_profitability_items(self, with_action=True):
        accounts = self._get_presales_accounts()
        if not accounts:
            return {}
        # The panel shows amounts; who may open the lines is decided below.
        (amount,) = (
            self.env["account.analytic.line"]
            .sudo()
            ._read_group([("account_id", "in", accounts.ids)], [], ["amount:sum"])[0]
        )
        if not amount:
            return {}
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
        costs = self.sudo()._get_profitability_items(with_action=False)["costs"]
        presales = sum(
            item["billed"] for item in costs["data"] if item["id"] == PRESALES_SECTION
        )
        return costs["total"]["billed"] - presales

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

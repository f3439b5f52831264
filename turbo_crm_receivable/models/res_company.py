# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._create_credit_approval_rules()
        return companies

    def _get_credit_approval_rule_name(self, over_credit_limit=False):
        if over_credit_limit:
            return self.env._("Over the credit limit")
        return self.env._("Customer on credit hold")

    def _prepare_credit_approval_rule_values(self, over_credit_limit=False):
        self.ensure_one()
        return {
            "name": self._get_credit_approval_rule_name(over_credit_limit),
            "company_id": self.id,
            "sequence": 90,
            "on_credit_hold": not over_credit_limit,
            "over_credit_limit": over_credit_limit,
            "approver_group_id": self.env.ref(
                "turbo_crm_receivable.group_credit_controller"
            ).id,
        }

    def _create_credit_approval_rules(self, over_credit_limit=False):
        """The approval rule of each company that the credit controllers
        decide: customers on credit hold, or over their credit limit; named
        in every installed language."""
        companies = self.with_context(lang="en_US")
        rules = (
            self.env["sale.approval.rule"]
            .sudo()
            .with_context(lang="en_US")
            .create(
                [
                    company._prepare_credit_approval_rule_values(over_credit_limit)
                    for company in companies
                ]
            )
        )
        for lang, _name in self.env["res.lang"].get_installed():
            if lang != "en_US":
                name = self.with_context(lang=lang)._get_credit_approval_rule_name(
                    over_credit_limit
                )
                for rule in rules:
                    rule.update_field_translations("name", {lang: name})
        return rules

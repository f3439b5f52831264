# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, new_test_user, tagged

# One user per role, holding only that group (and what it implies).
GROUPS = {
    "portal": "base.group_portal",
    "employee": "base.group_user",
    "salesman": "sales_team.group_sale_salesman",
    "all_leads": "sales_team.group_sale_salesman_all_leads",
    "sale_manager": "sales_team.group_sale_manager",
    "channel_manager": "turbo_crm.group_channel_manager",
    "technician": "turbo_crm.group_service_user",
    "service_manager": "turbo_crm.group_service_manager",
    "project_user": "project.group_project_user",
    "project_manager": "project.group_project_manager",
    "billing": "account.group_account_invoice",
    "credit_controller": "turbo_crm_receivable.group_credit_controller",
    "account_manager": "account.group_account_manager",
    "settings": "base.group_system",
}
TURBO_ADDONS = {
    "turbo_crm",
    "turbo_crm_project",
    "turbo_crm_receivable",
    "turbo_crm_project_receivable",
}
OPERATIONS = {"r": "read", "c": "create", "w": "write", "d": "unlink"}

# What each role may do on each model of the four Turbo CRM addons: r(ead),
# c(reate), w(rite), d(elete); a role not named may do nothing. Which records
# is the record rules' business (and the tests of each addon); this table is
# who may at all.
MATRIX = {
    # The ERP interface: profiles are read by every employee (an import
    # names its profile), jobs only by importers, and their rows, which
    # the job alone writes, are read by them.
    "crm.erp.import": {
        "sale_manager": "rcwd",
    },
    "crm.erp.import.line": {
        "sale_manager": "r",
    },
    "crm.erp.import.profile": {
        "employee": "r",
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "rcwd",
        "channel_manager": "r",
        "technician": "r",
        "service_manager": "r",
        "project_user": "r",
        "project_manager": "r",
        "billing": "r",
        "credit_controller": "r",
        "account_manager": "r",
        "settings": "r",
    },
    "crm.erp.import.profile.mapping": {
        "employee": "r",
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "rcwd",
        "channel_manager": "r",
        "technician": "r",
        "service_manager": "r",
        "project_user": "r",
        "project_manager": "r",
        "billing": "r",
        "credit_controller": "r",
        "account_manager": "r",
        "settings": "r",
    },
    "crm.erp.import.value.map": {
        "employee": "r",
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "rcwd",
        "channel_manager": "r",
        "technician": "r",
        "service_manager": "r",
        "project_user": "r",
        "project_manager": "r",
        "billing": "r",
        "credit_controller": "r",
        "account_manager": "r",
        "settings": "r",
    },
    "crm.competitor": {
        "salesman": "rcw",
        "all_leads": "rcw",
        "sale_manager": "rcwd",
        "channel_manager": "rcw",
    },
    "crm.customer.value.indicator": {
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "rcwd",
        "channel_manager": "r",
    },
    "crm.customer.value.model": {
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "rcwd",
        "channel_manager": "r",
    },
    # Written by the job only; a manager may delete a wrong day's snapshot.
    "crm.customer.value.snapshot": {
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "rd",
        "channel_manager": "r",
    },
    "crm.customer.value.snapshot.line": {
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "rd",
        "channel_manager": "r",
    },
    "crm.document.category": {
        "employee": "r",
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "rcwd",
        "channel_manager": "r",
        "technician": "r",
        "service_manager": "r",
        "project_user": "r",
        "project_manager": "r",
        "billing": "r",
        "credit_controller": "r",
        "account_manager": "r",
        "settings": "r",
    },
    "crm.document.upload": {
        "salesman": "rcw",
        "all_leads": "rcw",
        "sale_manager": "rcw",
        "channel_manager": "rcw",
    },
    "crm.forecast.snapshot": {
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "rd",
        "channel_manager": "r",
    },
    "crm.lead.competitor": {
        "salesman": "rcwd",
        "all_leads": "rcwd",
        "sale_manager": "rcwd",
        "channel_manager": "rcwd",
    },
    "crm.lead.cost.line": {
        "salesman": "rcwd",
        "all_leads": "rcwd",
        "sale_manager": "rcwd",
        "channel_manager": "rcwd",
    },
    "crm.lead.milestone": {
        "salesman": "rcwd",
        "all_leads": "rcwd",
        "sale_manager": "rcwd",
        "channel_manager": "rcwd",
        "project_user": "rw",
        "project_manager": "rw",
    },
    "crm.lead.qualification": {
        "salesman": "rcwd",
        "all_leads": "rcwd",
        "sale_manager": "rcwd",
        "channel_manager": "rcwd",
    },
    "crm.lead.stakeholder": {
        "salesman": "rcwd",
        "all_leads": "rcwd",
        "sale_manager": "rcwd",
        "channel_manager": "rcwd",
    },
    "crm.lead.team.member": {
        "salesman": "rcwd",
        "all_leads": "rcwd",
        "sale_manager": "rcwd",
        "channel_manager": "rcwd",
    },
    "crm.milestone.template": {
        "employee": "r",
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "rcwd",
        "channel_manager": "r",
        "technician": "r",
        "service_manager": "r",
        "project_user": "r",
        "project_manager": "r",
        "billing": "r",
        "credit_controller": "r",
        "account_manager": "r",
        "settings": "r",
    },
    "crm.milestone.template.line": {
        "employee": "r",
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "rcwd",
        "channel_manager": "r",
        "technician": "r",
        "service_manager": "r",
        "project_user": "r",
        "project_manager": "r",
        "billing": "r",
        "credit_controller": "r",
        "account_manager": "r",
        "settings": "r",
    },
    "crm.qualification.criterion": {
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "rcwd",
        "channel_manager": "r",
    },
    "crm.qualification.template": {
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "rcwd",
        "channel_manager": "r",
    },
    "crm.sales.quota": {
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "rcwd",
        "channel_manager": "rcwd",
    },
    "crm.sales.quota.report": {
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "r",
        "channel_manager": "r",
    },
    "crm.sales.region": {
        "employee": "r",
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "rcwd",
        "channel_manager": "r",
        "technician": "r",
        "service_manager": "r",
        "project_user": "r",
        "project_manager": "r",
        "billing": "r",
        "credit_controller": "r",
        "account_manager": "r",
        "settings": "r",
    },
    # After-sales service: technicians work on records and units (which ones
    # is the record rules' business), service managers also delete them
    # and run the campaigns.
    "crm.service.campaign": {
        "technician": "r",
        "service_manager": "rcwd",
    },
    "crm.service.campaign.line": {
        "technician": "r",
        "service_manager": "rcwd",
    },
    "crm.service.equipment": {
        "technician": "rcw",
        "service_manager": "rcwd",
    },
    "crm.service.record": {
        "technician": "rcw",
        "service_manager": "rcwd",
    },
    "crm.service.report": {
        "technician": "r",
        "service_manager": "r",
    },
    "crm.service.kpi.month": {
        "service_manager": "r",
    },
    "crm.stage.exit.criterion": {
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "rcwd",
        "channel_manager": "r",
    },
    "receivable.aging.customer": {
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "r",
        "channel_manager": "r",
        "billing": "r",
        "credit_controller": "r",
        "account_manager": "r",
    },
    "receivable.aging.queue": {"settings": "r"},
    "receivable.aging.report": {
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "r",
        "channel_manager": "r",
        "billing": "r",
        "credit_controller": "r",
        "account_manager": "r",
    },
    "receivable.cash.in.forecast": {
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "r",
        "channel_manager": "r",
        "billing": "r",
        "credit_controller": "r",
        "account_manager": "r",
    },
    "receivable.collector.report": {
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "r",
        "channel_manager": "r",
        "billing": "r",  # the Receivables dashboard's DSO and collectors
        "credit_controller": "r",
        "account_manager": "r",
    },
    "receivable.followup.level": {
        "employee": "r",
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "r",
        "channel_manager": "r",
        "technician": "r",
        "service_manager": "r",
        "project_user": "r",
        "project_manager": "r",
        "billing": "r",
        "credit_controller": "rcwd",
        "account_manager": "rcwd",
        "settings": "r",
    },
    "receivable.followup.log": {
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "r",
        "channel_manager": "r",
        "credit_controller": "rd",
        "account_manager": "rd",
    },
    "receivable.followup.policy": {
        "employee": "r",
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "r",
        "channel_manager": "r",
        "technician": "r",
        "service_manager": "r",
        "project_user": "r",
        "project_manager": "r",
        "billing": "r",
        "credit_controller": "rcwd",
        "account_manager": "rcwd",
        "settings": "r",
    },
    "receivable.payment.plan.line": {
        "salesman": "rcwd",
        "all_leads": "rcwd",
        "sale_manager": "rcwd",
        "channel_manager": "rcwd",
        "billing": "rcwd",
        "credit_controller": "rcwd",
        "account_manager": "rcwd",
    },
    "receivable.payment.promise": {
        "salesman": "rcw",
        "all_leads": "rcw",
        "sale_manager": "rcw",
        "channel_manager": "rcw",
        "credit_controller": "rcwd",
        "account_manager": "rcwd",
    },
    "sale.approval.rule": {
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "rcwd",
        "channel_manager": "r",
    },
    # Written by the order's approval methods only, in sudo. Every internal
    # user may be an approver (a credit controller, an accountant): the
    # record rules show each the lines of the orders she approves.
    "sale.order.approval": {
        "employee": "r",
        "salesman": "r",
        "all_leads": "r",
        "sale_manager": "r",
        "channel_manager": "r",
        "technician": "r",
        "service_manager": "r",
        "project_user": "r",
        "project_manager": "r",
        "billing": "r",
        "credit_controller": "r",
        "account_manager": "r",
        "settings": "r",
    },
    # Deciding is checked by the order's approval methods.
    "sale.order.approval.reject.wizard": {
        "employee": "rcw",
        "salesman": "rcw",
        "all_leads": "rcw",
        "sale_manager": "rcw",
        "channel_manager": "rcw",
        "technician": "rcw",
        "service_manager": "rcw",
        "project_user": "rcw",
        "project_manager": "rcw",
        "billing": "rcw",
        "credit_controller": "rcw",
        "account_manager": "rcw",
        "settings": "rcw",
    },
    "sale.order.approval.report": {"sale_manager": "r"},
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(TransactionCase):
    """Every role x every Turbo CRM model x read, create, write, delete, as
    real users: the answer of the access rights, against the table."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            role: new_test_user(cls.env, login=f"turbo_matrix_{role}", groups=group)
            for role, group in GROUPS.items()
        }

    def test_every_turbo_model_is_in_the_table(self):
        turbo_models = {
            name
            for name, model in self.env.registry.items()
            if model._original_module in TURBO_ADDONS and not model._abstract
        }
        self.assertEqual(turbo_models, set(MATRIX))

    def test_access_matrix(self):
        wrong = []
        for model, rights in MATRIX.items():
            self.assertLessEqual(set(rights), set(GROUPS), model)
            for role, user in self.users.items():
                expected = rights.get(role, "")
                Model = self.env[model].with_user(user)
                for letter, operation in OPERATIONS.items():
                    allowed = Model.has_access(operation)
                    if allowed != (letter in expected):
                        wrong.append(
                            f"{role} {'may' if allowed else 'may not'} "
                            f"{operation} {model}"
                        )
        self.assertFalse(wrong, "\n".join(wrong))

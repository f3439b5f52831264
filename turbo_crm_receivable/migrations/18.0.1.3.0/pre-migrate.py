# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The views of the credit controller's confirmation button and of the
company option "Stop Orders over the Credit Limit" go before the views are
checked against the models that no longer have them."""

from odoo import SUPERUSER_ID, api

VIEWS = ("sale_order_view_form_credit", "res_config_settings_view_form")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for name in VIEWS:
        view = env.ref(f"turbo_crm_receivable.{name}", raise_if_not_found=False)
        if view:
            view.unlink()

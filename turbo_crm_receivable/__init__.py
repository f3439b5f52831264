from . import models
from odoo.addons.turbo_crm.hooks import remove_demo_accounting


def uninstall_hook(env):
    remove_demo_accounting(env, "turbo_crm_receivable")

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import SQL


def remove_demo_accounting(env, module):
    """Let the demo sales documents of `module` go on uninstall.

    Posted invoices cannot be deleted, and confirmed orders with invoices
    neither: without this, uninstalling leaves the demo invoices, orders,
    customers and users behind, and installing again trips over them.
    Only records created by the module's demo data are touched.
    """
    data = env["ir.model.data"].search(
        [("module", "=", module), ("model", "in", ("account.move", "sale.order"))]
    )
    orders = (
        env["sale.order"]
        .browse(data.filtered(lambda d: d.model == "sale.order").mapped("res_id"))
        .exists()
    )
    moves = (
        env["account.move"]
        .browse(data.filtered(lambda d: d.model == "account.move").mapped("res_id"))
        .exists()
        | orders.invoice_ids
    )
    moves |= moves.reversal_move_ids
    payment_moves = moves.line_ids.matched_credit_ids.credit_move_id.move_id
    payments = env["account.payment"].search([("move_id", "in", payment_moves.ids)])
    (moves | payment_moves).line_ids.remove_move_reconcile()
    payments.action_draft()
    payments.unlink()
    moves = (moves - payment_moves).exists()
    moves.filtered(lambda m: m.state == "posted").button_draft()
    moves.with_context(force_delete=True).unlink()
    orders._action_cancel()
    orders.unlink()


def uninstall_hook(env):
    remove_demo_accounting(env, "turbo_crm")
    # The partner search's trigram indexes (res.partner's init) are ours.
    for fname in env["res.partner"]._rec_names_search:
        env.cr.execute(
            SQL(
                "DROP INDEX IF EXISTS %s",
                SQL.identifier(f"res_partner_{fname}_trigram_index"),
            )
        )
    # and the Service KPIs' count of each rep's customers (res.partner's init).
    env.cr.execute(SQL("DROP INDEX IF EXISTS res_partner_service_customers_index"))

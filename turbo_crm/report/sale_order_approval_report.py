# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL


class SaleOrderApprovalReport(models.Model):
    """One row per decided approval line: who decided, how long after the
    approval was requested, and why they rejected."""

    _name = "sale.order.approval.report"
    _description = "Approval Times"
    _auto = False
    _order = "decided_on desc, id desc"
    _rec_name = "order_id"
    _depends = {
        "sale.order.approval": [
            "order_id",
            "rule_id",
            "step",
            "state",
            "decided_by_id",
            "decided_on",
            "reason",
            "company_id",
            "create_date",
        ],
        "sale.order": ["user_id", "team_id"],
    }

    order_id = fields.Many2one("sale.order", readonly=True)
    rule_id = fields.Many2one("sale.approval.rule", readonly=True)
    step = fields.Integer(readonly=True, aggregator=False)
    decided_by_id = fields.Many2one("res.users", string="Approver", readonly=True)
    requested_on = fields.Datetime(
        readonly=True,
        help="When the approvers were asked: the salesperson's confirmation, "
        "or the approval of the step before.",
    )
    decided_on = fields.Datetime(readonly=True)
    hours_to_decide = fields.Float(
        string="Hours to Decide",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="From the approval request (the salesperson's confirmation, or "
        "the approval of the step before) to the decision. Grouped, the "
        "average.",
    )
    state = fields.Selection(
        [("approved", "Approved"), ("rejected", "Rejected")],
        string="Decision",
        readonly=True,
    )
    reason = fields.Char(string="Rejection Reason", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)

    @property
    def _table_query(self):
        # A later step is asked when the step before it is approved: its
        # request is that decision (the lines of one request share their
        # creation date).
        return SQL(
            """
            SELECT a.id, a.order_id, a.rule_id, a.step, a.decided_by_id,
                   r.requested_on, a.decided_on,
                   ROUND(EXTRACT(EPOCH FROM a.decided_on - r.requested_on)
                         / 3600.0, 2) AS hours_to_decide,
                   a.state, a.reason, a.company_id, o.user_id, o.team_id
              FROM sale_order_approval a
              JOIN sale_order o ON o.id = a.order_id
             CROSS JOIN LATERAL (
                   SELECT GREATEST(a.create_date, MAX(p.decided_on))
                              AS requested_on
                     FROM sale_order_approval p
                    WHERE p.order_id = a.order_id
                      AND p.create_date = a.create_date
                      AND p.step < a.step
                      AND p.state = 'approved'
                   ) r
             WHERE a.state IN ('approved', 'rejected')
               AND a.decided_on IS NOT NULL
            """
        )

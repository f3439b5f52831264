# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.tools import SQL


class CrmCustomerValueModelResults(models.AbstractModel):
    """What a run leaves on the partners (score, rank, tier) and the
    activities for the salespeople of the VIPs that moved.

    Part of `crm.customer.value.model`, which inherits it.
    """

    _name = "crm.customer.value.results"
    _description = "Customer Value Results"

    def _write_partner_values(self, date):
        """Copy the day's snapshots onto the partners (and the tier onto
        their contacts, as Odoo's commercial fields are), and forget the
        scores of the partners this model no longer scores."""
        cr = self.env.cr
        cr.execute(
            SQL(
                """
            UPDATE res_partner p
               SET value_score = snap.score,
                   value_rank = snap.rank,
                   value_model_id = snap.model_id,
                   customer_tier = snap.tier
              FROM crm_customer_value_snapshot snap
             WHERE snap.model_id = %(model)s AND snap.date = %(date)s
               AND p.id = snap.partner_id
               -- A day that changes nothing rewrites no partner.
               AND (p.value_score, p.value_rank, p.value_model_id,
                    p.customer_tier)
                   IS DISTINCT FROM
                   (snap.score, snap.rank, snap.model_id, snap.tier)
                """,
                model=self.id,
                date=date,
            )
        )
        cr.execute(
            SQL(
                """
            UPDATE res_partner p
               SET customer_tier = snap.tier
              FROM crm_customer_value_snapshot snap
             WHERE snap.model_id = %(model)s AND snap.date = %(date)s
               AND p.commercial_partner_id = snap.partner_id
               AND p.id != snap.partner_id
               AND p.customer_tier IS DISTINCT FROM snap.tier
                """,
                model=self.id,
                date=date,
            )
        )
        cr.execute(
            SQL(
                """
            UPDATE res_partner p
               SET value_score = 0, value_rank = NULL, value_model_id = NULL
             WHERE p.value_model_id = %(model)s
               AND NOT EXISTS (
                   SELECT 1 FROM crm_customer_value_snapshot snap
                    WHERE snap.model_id = %(model)s AND snap.date = %(date)s
                      AND snap.partner_id = p.id)
                """,
                model=self.id,
                date=date,
            )
        )

    def _schedule_rank_alerts(self, date):
        """An activity for the salesperson of each VIP whose rank moved by
        at least the model's threshold."""
        Snapshot = self.env["crm.customer.value.snapshot"].sudo()
        activity_type = self.env.ref(
            "mail.mail_activity_data_todo", raise_if_not_found=False
        )
        partner_model = self.env["ir.model"]._get_id("res.partner")
        values = []
        for model in self.filtered("rank_alert_threshold"):
            movers = Snapshot.search(
                [
                    ("model_id", "=", model.id),
                    ("date", "=", date),
                    ("tier", "=", "vip"),
                    ("rank_previous", "!=", False),
                    ("user_id", "!=", False),
                    "|",
                    ("rank_change", ">=", model.rank_alert_threshold),
                    ("rank_change", "<=", -model.rank_alert_threshold),
                ]
            )
            for snapshot in movers:
                # In the language of the salesperson who reads it: a summary
                # is stored once, not translated.
                env = self.with_context(lang=snapshot.user_id.lang).env
                values.append(
                    {
                        "res_model_id": partner_model,
                        "res_id": snapshot.partner_id.id,
                        "activity_type_id": activity_type.id
                        if activity_type
                        else False,
                        "user_id": snapshot.user_id.id,
                        "date_deadline": date,
                        "summary": env._(
                            "VIP rank moved from %(previous)s to %(rank)s",
                            previous=snapshot.rank_previous,
                            rank=snapshot.rank,
                        ),
                        "note": env._(
                            "%(partner)s moved from rank %(previous)s to "
                            "%(rank)s in %(model)s: see its Value tab for "
                            "what moved it.",
                            partner=snapshot.partner_id.name,
                            previous=snapshot.rank_previous,
                            rank=snapshot.rank,
                            model=model.with_env(env).name,
                        ),
                    }
                )
        if values:
            self.env["mail.activity"].sudo().create(values)

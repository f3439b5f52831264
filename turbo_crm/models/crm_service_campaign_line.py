# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL


class CrmServiceCampaignLine(models.Model):
    """One target of a campaign (a customer or a unit) and what the campaign
    scheduled for it. At most one per campaign and target: the unique
    indexes make generating twice, or from two workers at once, schedule
    nothing twice."""

    _name = "crm.service.campaign.line"
    _description = "Service Campaign Target"
    _order = "campaign_id, id"
    _check_company_auto = True

    campaign_id = fields.Many2one(
        "crm.service.campaign",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, readonly=True
    )
    equipment_id = fields.Many2one(
        "crm.service.equipment",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
    )
    user_id = fields.Many2one("res.users", string="Technician", readonly=True)
    record_id = fields.Many2one(
        "crm.service.record",
        string="Service Record",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    activity_id = fields.Many2one(
        "mail.activity", index="btree_not_null", ondelete="set null", readonly=True
    )
    date_deadline = fields.Date(string="Due", readonly=True)
    state = fields.Selection(
        [("open", "To Do"), ("done", "Done"), ("cancelled", "Cancelled")],
        compute="_compute_state",
        store=True,
        index=True,
        default="open",
    )

    def init(self):
        res = super().init()
        cr = self.env.cr
        cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS "
                "crm_service_campaign_line_partner_uniq "
                "ON crm_service_campaign_line (campaign_id, partner_id) "
                "WHERE equipment_id IS NULL"
            )
        )
        cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS "
                "crm_service_campaign_line_equipment_uniq "
                "ON crm_service_campaign_line (campaign_id, equipment_id) "
                "WHERE equipment_id IS NOT NULL"
            )
        )
        return res

    @api.depends("record_id.state", "activity_id.active", "campaign_id.action_type")
    def _compute_state(self):
        for line in self:
            if line.campaign_id.action_type == "activity":
                # A done activity is archived (kept) or deleted.
                line.state = (
                    "open" if line.activity_id and line.activity_id.active else "done"
                )
            elif line.record_id.state in ("done", "cancelled"):
                line.state = line.record_id.state
            else:
                line.state = "open"

    def _get_technician(self, technicians):
        """The unit's technician, else the customer's service rep, else the
        campaign's default technician, else its author (not the generating
        user: the daily job runs as the superuser); the first of them who
        is an active service user of the line's company."""
        self.ensure_one()
        candidates = (
            self.equipment_id.technician_id,
            self.partner_id.commercial_partner_id.service_user_id,
            self.campaign_id.user_id,
        )
        for user in candidates:
            if (
                user
                and user.active
                and technicians in user.groups_id
                and self.company_id in user.company_ids
            ):
                return user
        return self.campaign_id.create_uid

    def _prepare_record_values(self):
        self.ensure_one()
        campaign = self.campaign_id
        return {
            "name": campaign.name,
            "campaign_id": campaign.id,
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "equipment_id": self.equipment_id.id,
            "service_type": campaign.service_type,
            "user_id": self.user_id.id,
            "date": max(campaign.date_start, fields.Date.context_today(self)),
            "state": "planned",
            "requested_at": False,
        }

    def _prepare_activity_values(self):
        self.ensure_one()
        campaign = self.campaign_id
        target = self.equipment_id or self.partner_id
        return {
            "res_model_id": self.env["ir.model"]._get_id(target._name),
            "res_id": target.id,
            "activity_type_id": campaign.activity_type_id.id,
            "summary": campaign.name,
            "note": campaign.description,
            "user_id": self.user_id.id,
            "date_deadline": campaign.date_end,
        }

    def _create_actions(self):
        """Create the visit or activity of each new line, in batch."""
        if not self:
            return
        technicians = self.env.ref("turbo_crm.group_service_user")
        for line in self:
            line.user_id = line._get_technician(technicians)
        # sudo: the campaign's manager schedules for every technician and
        # on customers whose record he may not write (activities need it).
        to_records = self.filtered(lambda l: l.campaign_id.action_type == "record")
        # Visits of the campaign recorded already (by hand, by import) are
        # the targets' own: linked, not made twice.
        existing = {}
        for record in (
            self.env["crm.service.record"]
            .sudo()
            .search(
                [
                    ("campaign_id", "in", to_records.campaign_id.ids),
                    ("commercial_partner_id", "in", to_records.partner_id.ids),
                ],
                order="id",
            )
        ):
            key = (record.campaign_id, record.commercial_partner_id)
            existing.setdefault(key, record)
            existing.setdefault(key + (record.equipment_id,), record)
        for line in to_records:
            key = (line.campaign_id, line.partner_id)
            if line.equipment_id:
                key += (line.equipment_id,)
            if key in existing:
                line.record_id = existing[key]
        to_create = to_records.filtered(lambda l: not l.record_id)
        # Without the chatter's per-record work (a follower subscription and
        # an assignment email each: 12 queries a visit, 10,000 emails for a
        # campaign of 10,000 customers); each technician follows his visits,
        # subscribed in one statement per technician.
        records = (
            self.env["crm.service.record"]
            .sudo()
            .with_context(tracking_disable=True)
            .create([line._prepare_record_values() for line in to_create])
        )
        for line, record in zip(to_create, records, strict=True):
            line.record_id = record
        for technician, visits in records.grouped("user_id").items():
            if technician.partner_id:
                self.env["mail.followers"]._insert_followers(
                    visits._name,
                    visits.ids,
                    technician.partner_id.ids,
                    check_existing=False,
                )
        to_activities = self - to_records
        activities = (
            self.env["mail.activity"]
            .sudo()
            .create([line._prepare_activity_values() for line in to_activities])
        )
        for line, activity in zip(to_activities, activities, strict=True):
            line.activity_id = activity

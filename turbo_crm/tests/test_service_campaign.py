# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import api, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import BaseCase, Form, tagged
from odoo.tests.common import get_db_name

from .common import TurboCrmServiceCommon


@tagged("post_install", "-at_install")
class TestServiceCampaign(TurboCrmServiceCommon):
    """Generation: one visit or activity per target, never twice, and the
    targets that join later get theirs on the next run."""

    def _campaign(self, **values):
        form = Form(
            self.env["crm.service.campaign"].with_user(self.user_service_manager)
        )
        form.name = values.pop("name", "Test after-SARS maintenance")
        form.date_start = date(2030, 5, 1)
        form.date_end = date(2030, 6, 30)
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def _test_customers_domain(self):
        return str([("name", "=like", "Test %"), ("customer_segment", "!=", False)])

    def test_target_filter_cannot_escape_its_limits(self):
        """A filter of its own that opens with "|" is AND-ed with the
        campaign's company and limits, not swallowing them; it reaches
        a campaign stays in its author's companies and schedules only while
        running."""
        campaign = self._campaign(
            partner_domain="['|', ('id', '!=', 0), ('id', '=', 0)]"
        )
        Partner = self.env["res.partner"]
        self.assertEqual(
            campaign.target_count,
            Partner.search_count(
                [
                    ("company_id", "in", [campaign.company_id.id, False]),
                    ("is_company", "=", True),
                ]
            ),
        )
        self.assertNotIn(
            self.contact_hospital, Partner.search(campaign._get_target_domain())
        )
        with self.assertRaises(UserError):
            campaign.with_user(self.user_service_manager).action_generate()
        other = self.env["res.company"].create({"name": "Test Other Service Co"})
        with self.assertRaises(AccessError):
            campaign.with_user(self.user_service_manager).write(
                {"company_id": other.id}
            )

    def test_generate_twice_creates_nothing_new(self):
        campaign = self._campaign(partner_domain=self._test_customers_domain())
        self.assertEqual(campaign.target_count, 3)
        campaign.action_start()
        self.assertEqual(campaign.state, "running")
        records = campaign.record_ids
        self.assertEqual(len(records), 3)
        self.assertEqual(
            records.partner_id,
            self.customer_hospital | self.customer_datacenter | self.customer_pharma,
        )
        self.assertEqual(set(records.mapped("state")), {"planned"})
        self.assertEqual(set(records.mapped("service_type")), {"maintenance"})
        self.assertEqual(
            records.filtered(lambda r: r.partner_id == self.customer_pharma).user_id,
            self.user_technician_2,
            "each customer's visit is for its service rep",
        )
        # Each technician follows his visits; none gets an email per visit.
        for record in records:
            self.assertEqual(
                record.message_partner_ids,
                record.user_id.partner_id,
            )
        self.assertFalse(
            self.env["mail.message"].search_count(
                [("model", "=", "crm.service.record"), ("res_id", "in", records.ids)]
            )
        )
        self.assertFalse(campaign._generate())
        campaign.action_generate()
        self.assertEqual(len(campaign.record_ids), 3)
        self.assertEqual(len(campaign.line_ids), 3)
        # A customer joining the target gets its visit on the next run only.
        newcomer = self.env["res.partner"].create(
            {"name": "Test Newcomer", "is_company": True, "customer_segment": "group"}
        )
        lines = campaign._generate()
        self.assertEqual(lines.partner_id, newcomer)
        self.assertEqual(len(campaign.record_ids), 4)
        self.assertEqual(
            lines.record_id.user_id,
            self.user_service_manager,
            "no service rep, no default technician: the campaign's author",
        )

    def test_generation_queries_do_not_grow_with_the_targets(self):
        def queries(prefix, count):
            self.env["res.partner"].create(
                [
                    {
                        "name": f"{prefix} {i}",
                        "is_company": True,
                        "customer_segment": "group",
                        "service_user_id": self.user_technician.id,
                    }
                    for i in range(count)
                ]
            )
            campaign = self._campaign(
                name=prefix,
                partner_domain=str([("name", "=like", f"{prefix} %")]),
            )
            campaign.state = "running"
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            lines = campaign._generate()
            self.env.flush_all()
            self.assertEqual(len(lines.record_id), count)
            return self.env.cr.sql_log_count - before

        queries("Warm-up", 1)  # the first run fills the caches
        self.assertEqual(queries("Few", 2), queries("Many", 12))

    def test_daily_job_schedules_the_newcomers_of_running_campaigns(self):
        running = self._campaign(partner_domain=self._test_customers_domain())
        running.action_start()
        draft = self._campaign(
            name="Test draft campaign", partner_domain=self._test_customers_domain()
        )
        newcomer = self.env["res.partner"].create(
            {"name": "Test Newcomer", "is_company": True, "customer_segment": "group"}
        )
        # The job runs as the superuser: a customer without a service rep
        # goes to the campaign's author, not to the job's user.
        self.env["crm.service.campaign"].with_user(
            self.env.ref("base.user_root")
        )._cron_generate()
        self.assertEqual(len(running.record_ids), 4)
        self.assertEqual(running.line_ids[-1:].partner_id, newcomer)
        self.assertEqual(
            running.line_ids[-1:].record_id.user_id, self.user_service_manager
        )
        self.assertFalse(draft.line_ids, "a draft campaign schedules nothing")
        self.env["crm.service.campaign"]._cron_generate()
        self.assertEqual(len(running.record_ids), 4)

    def test_default_technician_is_a_service_user_of_the_company(self):
        campaign = self._campaign(partner_domain=self._test_customers_domain())
        with self.assertRaises(ValidationError):
            campaign.user_id = self.user_salesman
        other = self.env["res.company"].create({"name": "Test Service Co 2"})
        self.user_service_manager.company_ids |= other
        campaign.user_id = self.user_technician_2
        with self.assertRaises(ValidationError):
            campaign.company_id = other

    def test_visits_go_to_technicians_of_the_company(self):
        """A rep who is no service user of the campaign's company gets no
        visit (he could not read it): the campaign's author does."""
        other = self.env["res.company"].create({"name": "Test Service Co 3"})
        self.user_service_manager.company_ids |= other
        self.user_service_manager.company_id = other
        campaign = self._campaign(partner_domain=self._test_customers_domain())
        self.assertEqual(campaign.company_id, other)
        campaign.action_start()
        self.assertEqual(len(campaign.record_ids), 3)
        self.assertEqual(campaign.record_ids.user_id, self.user_service_manager)

    def test_target_by_segment_tier_and_region(self):
        campaign = self._campaign(
            partner_domain=str(
                [
                    ("name", "=like", "Test %"),
                    ("customer_segment", "=", "enterprise"),
                    ("sales_region_id", "child_of", self.region_east.id),
                ]
            )
        )
        self.assertEqual(campaign.target_count, 2)
        campaign.action_start()
        self.assertEqual(
            campaign.record_ids.partner_id,
            self.customer_datacenter | self.customer_pharma,
        )

    def test_installed_base_target_one_visit_per_unit(self):
        self.unit_datacenter.installed_on = date(2029, 12, 1)
        campaign = self._campaign(
            target_model="equipment",
            equipment_domain=str(
                [
                    ("product_categ_id", "=", self.category_hvac.id),
                    ("installed_on", "<", "2029-07-01"),
                ]
            ),
        )
        campaign.action_start()
        self.assertEqual(
            campaign.record_ids.equipment_id, self.unit_hospital | self.unit_pharma
        )
        self.assertEqual(
            campaign.record_ids.filtered(
                lambda r: r.equipment_id == self.unit_pharma
            ).user_id,
            self.user_technician_2,
        )
        # A retired unit is out of the target; a second unit of the hospital
        # installed early enough gets its own visit.
        self.unit_pharma.action_retire()
        second = self.unit_hospital.copy({"name": "CH-02", "serial": "T-0004"})
        lines = campaign._generate()
        self.assertEqual(lines.equipment_id, second)

    def test_activities_for_the_responsible_technicians(self):
        campaign = self._campaign(
            partner_domain=self._test_customers_domain(), action_type="activity"
        )
        campaign.action_start()
        activities = campaign.line_ids.activity_id
        self.assertEqual(len(activities), 3)
        self.assertEqual(
            activities.filtered(lambda a: a.res_id == self.customer_pharma.id).user_id,
            self.user_technician_2,
        )
        self.assertEqual(set(activities.mapped("date_deadline")), {date(2030, 6, 30)})
        self.assertFalse(campaign._generate())
        self.assertEqual(campaign.done_count, 0)
        activities[0].action_feedback("Filters replaced")
        campaign.invalidate_recordset()
        self.assertEqual(campaign.done_count, 1)

    def test_progress_done_and_overdue(self):
        campaign = self._campaign(partner_domain=self._test_customers_domain())
        campaign.action_start()
        first, second, _third = campaign.record_ids.sorted("id")
        first.action_done()
        second.action_start()
        campaign.invalidate_recordset()
        self.assertEqual(campaign.generated_count, 3)
        self.assertEqual(campaign.done_count, 1)
        self.assertAlmostEqual(campaign.progress, 100 / 3)
        self.assertEqual(
            campaign.with_context(tz="UTC").overdue_count, 0, "not due yet"
        )
        campaign.write({"date_start": date(2000, 1, 1), "date_end": date(2000, 1, 1)})
        campaign.line_ids.date_deadline = date(2000, 1, 1)
        campaign.invalidate_recordset()
        self.assertEqual(campaign.overdue_count, 2, "the two not done are late")

    def test_same_pair_inserted_twice_is_skipped(self):
        campaign = self._campaign(partner_domain=self._test_customers_domain())
        first = campaign._insert_lines(self.customer_hospital)
        self.assertEqual(len(first), 1)
        self.assertFalse(campaign._insert_lines(self.customer_hospital))
        both = campaign._insert_lines(self.customer_hospital | self.customer_pharma)
        self.assertEqual(both.partner_id, self.customer_pharma)

    def test_empty_target_is_refused_and_nothing_written(self):
        campaign = self._campaign(
            partner_domain=str([("name", "=", "No such customer")])
        )
        self.assertEqual(campaign.target_count, 0)
        with self.assertRaisesRegex(UserError, "target of the campaign .* is empty"):
            campaign.action_start()
        campaign.invalidate_recordset()
        self.assertEqual(campaign.state, "draft")
        self.assertFalse(campaign.line_ids)

    def test_technician_cannot_run_a_campaign(self):
        campaign = self._campaign(partner_domain=self._test_customers_domain())
        with self.assertRaises(AccessError):
            campaign.with_user(self.user_technician)._generate()
        self.assertFalse(campaign.line_ids)


@tagged("post_install", "-at_install")
class TestServiceCampaignConcurrency(BaseCase):
    """Two workers generate the same campaign at the same moment, in real
    separate transactions: the second skips it, and every customer has its
    visit once."""

    def setUp(self):
        super().setUp()
        self.db = sql_db.db_connect(get_db_name())

    def test_second_worker_creates_nothing(self):
        with self.db.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            partners = env["res.partner"].create(
                [
                    {"name": f"Concurrent service customer {i}", "is_company": True}
                    for i in range(3)
                ]
            )
            campaign = env["crm.service.campaign"].create(
                {
                    "name": "Concurrent campaign",
                    "partner_domain": str([("id", "in", partners.ids)]),
                    "date_start": date(2031, 1, 1),
                    "date_end": date(2031, 2, 1),
                }
            )
            partner_ids, campaign_id = partners.ids, campaign.id
        cr1 = self.db.cursor()
        try:
            env1 = api.Environment(cr1, api.SUPERUSER_ID, {})
            first = env1["crm.service.campaign"].browse(campaign_id)._generate()
            self.assertEqual(len(first), 3)
            # The second runs while the first holds its transaction: it
            # neither waits nor schedules anything.
            with self.db.cursor() as cr2:
                cr2.execute("SET LOCAL lock_timeout = '5s'")
                env2 = api.Environment(cr2, api.SUPERUSER_ID, {})
                second = env2["crm.service.campaign"].browse(campaign_id)._generate()
                self.assertFalse(second)
            cr1.commit()
            cr1.close()
            with self.db.cursor() as cr3:
                env3 = api.Environment(cr3, api.SUPERUSER_ID, {})
                campaign3 = env3["crm.service.campaign"].browse(campaign_id)
                self.assertEqual(len(campaign3.line_ids), 3)
                self.assertEqual(len(campaign3.record_ids), 3)
                self.assertFalse(campaign3._generate())
        finally:
            if not cr1.closed:
                cr1.rollback()
                cr1.close()
            with self.db.cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                campaign = env["crm.service.campaign"].browse(campaign_id)
                campaign.record_ids.unlink()
                campaign.unlink()
                env["res.partner"].browse(partner_ids).unlink()

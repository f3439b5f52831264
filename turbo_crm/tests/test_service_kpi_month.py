# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

import psycopg2.errors

from odoo import api, sql_db
from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import SQL, mute_logger

from .common import TurboCrmServiceCommon

MEASURES = [
    "record_count:sum",
    "repair_count:sum",
    "first_time_fix_rate:avg",
    "revisit_count:sum",
    "response_hours:avg",
    "resolution_hours:avg",
    "satisfaction:avg",
]


@tagged("post_install", "-at_install")
class TestServiceKpiMonth(TurboCrmServiceCommon):
    """The KPI report reads monthly sums that the ORM keeps: whatever
    happens to a service, the report says what the services themselves
    say, read one by one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._done_services()
        cls.users = cls.user_technician | cls.user_technician_2

    # Every key of a month: a service summed under the wrong company,
    # region or type does not match the truth.
    maxDiff = None
    KEY = ("company_id", "user_id", "sales_region_id", "service_type", "date:month")

    def _report(self, groupby=KEY):
        return {
            tuple(key): [round(v, 6) if isinstance(v, float) else v for v in values]
            for *key, values in (
                (*row[: len(groupby)], list(row[len(groupby) :]))
                for row in self.env["crm.service.report"]._read_group(
                    [("user_id", "in", self.users.ids), ("record_count", ">", 0)],
                    list(groupby),
                    MEASURES,
                )
            )
        }

    def _truth(self):
        """The same figures, read from the done services one by one."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT r.company_id, r.user_id, p.sales_region_id,
                       r.service_type, date_trunc('month', r.date)::date,
                       count(*),
                       count(*) FILTER (WHERE r.service_type = 'repair'),
                       avg(CASE WHEN r.service_type != 'repair' THEN NULL
                                WHEN r.is_revisited THEN 0.0 ELSE 100.0 END),
                       count(*) FILTER (WHERE r.is_revisit),
                       avg(EXTRACT(EPOCH FROM r.first_response_at
                                   - r.requested_at) / 3600.0),
                       avg(EXTRACT(EPOCH FROM r.closed_at - r.requested_at)
                           / 3600.0),
                       avg(r.satisfaction::int)
                  FROM crm_service_record r
                  JOIN res_partner p ON p.id = r.commercial_partner_id
                 WHERE r.state = 'done' AND r.user_id IN %s
                 GROUP BY 1, 2, 3, 4, 5
                """,
                tuple(self.users.ids),
            )
        )
        env = self.env
        return {
            (
                env["res.company"].browse(company_id),
                env["res.users"].browse(user_id),
                env["crm.sales.region"].browse(region_id),
                service_type,
                month,
            ): [
                round(float(v), 6) if v is not None and i not in (0, 1, 3) else v
                for i, v in enumerate(values)
            ]
            for company_id, user_id, region_id, service_type, month, *values in rows
        }

    def assertReportTrue(self):
        report = {
            key: [False if v is None else v for v in values]
            for key, values in self._truth().items()
        }
        self.assertEqual(self._report(), report)

    def test_figures_follow_every_change(self):
        self.assertReportTrue()
        r1, r2 = self.env["crm.service.record"].search(
            [("equipment_id", "=", self.unit_hospital.id)], order="date"
        )
        # A repair 5 days after R2: R2 is revisited now (its January
        # figures change through the flag, not through a write on it).
        self._record(
            self.unit_hospital,
            date=date(2030, 2, 4),
            requested_at=datetime(2030, 2, 4, 8),
            first_response_at=datetime(2030, 2, 4, 9),
            closed_at=datetime(2030, 2, 4, 12),
            satisfaction="1",
            state="done",
        )
        self.assertTrue(r2.is_revisited)
        self.assertReportTrue()
        january = self._report(("user_id", "date:month"))[
            (self.user_technician, date(2030, 1, 1))
        ]
        self.assertEqual(january[2], 0.0, "no repair fixed first")
        # Moved to another month, to another technician, reopened, deleted.
        r1.date = date(2030, 3, 2)
        self.assertReportTrue()
        r1.user_id = self.user_technician_2
        self.assertReportTrue()
        r2.action_reset_to_planned()
        self.assertReportTrue()
        r2.unlink()
        self.assertReportTrue()
        self.assertEqual(
            self._report(("user_id", "date:month"))[
                (self.user_technician_2, date(2030, 3, 1))
            ][:2],
            [1, 1],
        )
        # A done service deleted (by a manager) leaves its month.
        r1.unlink()
        self.assertReportTrue()
        self.assertNotIn(
            (self.user_technician_2, date(2030, 3, 1)),
            self._report(("user_id", "date:month")),
        )

    def _ctid(self, month):
        self.env.flush_all()
        return self.env.execute_query(
            SQL("SELECT ctid FROM crm_service_kpi_month WHERE id = %s", month.id)
        )[0][0]

    def test_month_whose_figures_did_not_move_is_not_written(self):
        """An inspection next to R3 marks R3's month (a neighbour's flags
        may have moved) but leaves its figures: the row is not written
        again, so not locked against others closing services of that
        technician and month."""
        r3 = self.env["crm.service.record"].search(
            [("equipment_id", "=", self.unit_datacenter.id)]
        )
        february = r3.kpi_month_id
        before = self._ctid(february)
        self._record(
            self.unit_datacenter,
            service_type="inspection",
            date=date(2030, 2, 20),
            state="done",
        )
        self.assertFalse(r3.is_revisited)
        self.assertEqual(self._ctid(february), before)
        self.assertReportTrue()

    def test_services_without_technician_share_one_month(self):
        records = self.env["crm.service.record"].create(
            [
                {
                    "partner_id": self.customer_pharma.id,
                    "service_type": "training",
                    "user_id": False,
                    "date": date(2030, 5, day),
                    "state": "done",
                }
                for day in (3, 17)
            ]
        )
        self.assertEqual(len(records.kpi_month_id), 1)
        self.assertFalse(records.kpi_month_id.user_id)
        self.assertEqual(records.kpi_month_id.record_count, 2)

    def test_unsaved_service_makes_no_month(self):
        Month = self.env["crm.service.kpi.month"]
        months = Month.search([])
        draft = self.env["crm.service.record"].new(
            {
                "partner_id": self.customer_pharma.id,
                "service_type": "training",
                "date": date(2031, 7, 1),
                "state": "done",
            }
        )
        self.assertFalse(draft.kpi_month_id)
        self.assertEqual(Month.search([]), months)

    def test_region_of_the_customer(self):
        by_region = self._report(("user_id", "sales_region_id"))
        self.assertEqual(
            {region: values[0] for (__, region), values in by_region.items()},
            {self.region_north: 2, self.region_shanghai: 1},
        )
        self.customer_datacenter.sales_region_id = self.region_north
        by_region = self._report(("user_id", "sales_region_id"))
        self.assertEqual(
            {region: values[0] for (__, region), values in by_region.items()},
            {self.region_north: 3},
        )
        self.assertReportTrue()

    def test_merged_contacts_services_follow_the_kept_customer(self):
        """Odoo's merge moves services in SQL: their customer, region and
        month follow the kept contact all the same."""
        chief = self.env["res.partner"].create(
            {
                "name": "Test Data Centre Engineer",
                "parent_id": self.customer_datacenter.id,
            }
        )
        service = self._record(
            partner=chief,
            service_type="training",
            date=date(2030, 2, 12),
            state="done",
        )
        self.assertEqual(service.kpi_month_id.sales_region_id, self.region_shanghai)
        Merge = self.env["base.partner.merge.automatic.wizard"]
        Merge._merge((chief | self.contact_hospital).ids, self.contact_hospital, False)
        self.assertEqual(service.partner_id, self.contact_hospital)
        self.assertEqual(service.commercial_partner_id, self.customer_hospital)
        self.assertEqual(service.kpi_month_id.sales_region_id, self.region_north)
        self.assertReportTrue()
        # A whole customer merged into another: its services change region.
        Merge._merge(
            (self.customer_datacenter | self.customer_hospital).ids,
            self.customer_hospital,
            False,
        )
        by_region = self._report(("user_id", "sales_region_id"))
        self.assertEqual(
            {region: values[0] for (__, region), values in by_region.items()},
            {self.region_north: 4},
        )
        self.assertReportTrue()

    def test_deleted_campaign_leaves_no_stale_revisit(self):
        """A campaign's repair visit is not a revisit; once its campaign is
        deleted it is a repair like another, and the flags (and so the
        months) say so."""
        campaign = self.env["crm.service.campaign"].create(
            {
                "name": "Test Recall",
                "target_model": "equipment",
                "date_end": date(2030, 12, 31),
            }
        )
        r2 = self.env["crm.service.record"].search(
            [("equipment_id", "=", self.unit_hospital.id)], order="date desc", limit=1
        )
        visit = self._record(
            self.unit_hospital,
            date=date(2030, 2, 5),
            campaign_id=campaign.id,
        )
        self.assertFalse(visit.is_revisit)
        self.assertFalse(r2.is_revisited)
        campaign.unlink()
        self.assertFalse(visit.campaign_id)
        self.assertTrue(visit.is_revisit)
        self.assertTrue(r2.is_revisited)
        self.assertReportTrue()

    def test_campaign_with_done_visits_is_not_deleted(self):
        campaign = self.env["crm.service.campaign"].create(
            {
                "name": "Test Recall",
                "target_model": "equipment",
                "date_end": date(2030, 12, 31),
            }
        )
        self._record(
            self.unit_pharma,
            service_type="maintenance",
            date=date(2030, 3, 5),
            campaign_id=campaign.id,
            state="done",
        )
        with self.assertRaises(UserError):
            campaign.unlink()
        self.assertTrue(campaign.exists())

    def test_day_and_week_are_refused(self):
        """The report keeps months: a day or a week would put every
        service on the first of its month."""
        Report = self.env["crm.service.report"]
        for groupby in ("date:day", "date:week", "date:day_of_week"):
            with self.assertRaises(UserError):
                Report.read_group([], ["record_count:sum"], [groupby])
        for groupby in ("date:month", "date:quarter", "date:year", "date"):
            self.assertTrue(Report.read_group([], ["record_count:sum"], [groupby]))

    def test_empty_months_are_cleaned_up(self):
        r3 = self.env["crm.service.record"].search(
            [("equipment_id", "=", self.unit_datacenter.id)]
        )
        february = r3.kpi_month_id
        r3.date = date(2030, 6, 10)
        Month = self.env["crm.service.kpi.month"]
        self.assertTrue(february.exists(), "kept until the autovacuum")
        Month._gc_empty_months()
        self.assertFalse(february.exists())
        self.assertTrue(r3.kpi_month_id.exists())
        self.assertReportTrue()
        # A region then deleted takes its (empty) months with it.
        region = self.env["crm.sales.region"].create(
            {"name": "Test West", "code": "T-W"}
        )
        self.customer_datacenter.sales_region_id = region
        west = r3.kpi_month_id
        self.assertEqual(west.sales_region_id, region)
        self.customer_datacenter.sales_region_id = self.region_shanghai
        region.unlink()
        self.assertFalse(west.exists())
        self.assertReportTrue()
        # A technician's history is not deleted with him.
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.user_technician.unlink()

    def test_rebuild_gives_the_same_figures(self):
        before = self._report()
        months = self.env["crm.service.kpi.month"].search([])
        self.env.cr.execute(
            "UPDATE crm_service_record SET kpi_month_id = NULL;"
            "UPDATE crm_service_kpi_month SET record_count = 0, repair_count = 0"
        )
        self.env.invalidate_all()
        self.env["crm.service.kpi.month"].init()
        self.assertEqual(self._report(), before)
        self.assertEqual(self.env["crm.service.kpi.month"].search([]), months)

    def test_technician_cannot_move_his_services_between_months(self):
        record = self.env["crm.service.record"].search(
            [("user_id", "=", self.user_technician.id), ("state", "=", "done")],
            limit=1,
        )
        other = self.env["crm.service.kpi.month"].search(
            [("id", "!=", record.kpi_month_id.id)], limit=1
        )
        with self.assertRaises(AccessError):
            record.with_user(self.user_technician).write({"kpi_month_id": other.id})
        self.assertReportTrue()

    def test_pivot_reads_a_fixed_number_of_queries(self):
        Report = self.env["crm.service.report"]
        self.env.flush_all()
        with self.assertQueryCount(1):
            Report._read_group([], ["user_id", "date:month"], MEASURES)
        for day in range(1, 25):
            self._record(
                self.unit_datacenter,
                service_type="inspection",
                date=date(2030, 4, day),
                state="done",
            )
        self.env.flush_all()
        with self.assertQueryCount(1):
            Report._read_group([], ["user_id", "date:month"], MEASURES)


@tagged("post_install", "-at_install")
class TestServiceKpiMonthConcurrency(BaseCase):
    """Two transactions make the same month at once, in real, separate
    transactions: the second fails with a serialization error (which Odoo
    retries) instead of making a second row, and its retry finds the
    first's."""

    def test_two_transactions_make_the_same_month(self):
        db = sql_db.db_connect(get_db_name())
        with db.cursor() as cr:
            company_id = api.Environment(cr, api.SUPERUSER_ID, {}).company.id
        key = (company_id, None, None, "training", date(2099, 1, 1))
        month_id = None
        cr1, cr2 = db.cursor(), db.cursor()
        try:
            cr2.execute("SET LOCAL lock_timeout = '5s'")
            cr2.execute("SELECT 1")  # the second transaction's snapshot
            env1 = api.Environment(cr1, api.SUPERUSER_ID, {})
            month_id = env1["crm.service.kpi.month"]._get_month_ids([key])[key]
            cr1.commit()
            env2 = api.Environment(cr2, api.SUPERUSER_ID, {})
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.SerializationFailure),
            ):
                env2["crm.service.kpi.month"]._get_month_ids([key])
            cr2.rollback()
            retry = env2["crm.service.kpi.month"]._get_month_ids([key])
            self.assertEqual(retry, {key: month_id})
        finally:
            cr2.rollback()
            cr2.close()
            if month_id:
                cr1.execute(
                    "DELETE FROM crm_service_kpi_month WHERE id = %s", [month_id]
                )
                cr1.commit()
            cr1.close()

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import TurboCrmServiceCommon


@tagged("post_install", "-at_install")
class TestServiceAccess(TurboCrmServiceCommon):
    """A technician works on his own records and on those of the customers
    he is the service rep of; the cost is the manager's; the service manager
    sees all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Another technician's visit to the first technician's customer...
        cls.record_mine_by_other = cls._record(
            cls.unit_hospital, user_id=cls.user_technician_2.id, cost=500
        )
        # ...the first technician's own visit to a customer of the other...
        cls.record_own_elsewhere = cls._record(
            cls.unit_pharma, user_id=cls.user_technician.id, cost=700
        )
        # ...and the other technician's visit to his own customer.
        cls.record_other = cls._record(
            cls.unit_pharma,
            user_id=cls.user_technician_2.id,
            date=date(2030, 1, 5),
            cost=900,
        )

    def test_technician_sees_own_and_own_customers_records(self):
        Record = self.env["crm.service.record"].with_user(self.user_technician)
        visible = Record.search(
            [
                (
                    "id",
                    "in",
                    (
                        self.record_mine_by_other
                        | self.record_own_elsewhere
                        | self.record_other
                    ).ids,
                )
            ]
        )
        self.assertEqual(visible, self.record_mine_by_other | self.record_own_elsewhere)
        with self.assertRaises(AccessError):
            self.record_other.with_user(self.user_technician).read(["name"])
        with self.assertRaises(AccessError):
            self.record_other.with_user(self.user_technician).write({"outcome": "x"})
        self.record_mine_by_other.with_user(self.user_technician).write(
            {"outcome": "Checked"}
        )
        self.assertEqual(self.record_mine_by_other.outcome, "Checked")

    def test_revisit_flag_of_a_record_the_technician_cannot_see(self):
        # The pharma unit is in technician 1's care, its customer in 2's.
        self.unit_pharma.technician_id = self.user_technician
        self.assertFalse(self.record_other.is_revisit)
        with self.assertRaises(AccessError):
            self.record_other.with_user(self.user_technician).read(["name"])
        earlier = (
            self.env["crm.service.record"]
            .with_user(self.user_technician)
            .create(
                {
                    "partner_id": self.customer_pharma.id,
                    "equipment_id": self.unit_pharma.id,
                    "user_id": self.user_technician.id,
                    "date": date(2029, 12, 20),
                }
            )
        )
        self.assertTrue(self.record_other.is_revisit)
        earlier.with_user(self.user_technician).date = date(2029, 11, 1)
        self.assertFalse(self.record_other.is_revisit)

    def test_technician_cannot_read_cost(self):
        record = self.record_mine_by_other.with_user(self.user_technician)
        self.assertNotIn("cost", record.fields_get())
        with self.assertRaises(AccessError):
            record.read(["cost"])
        with self.assertRaises(AccessError):
            record.write({"cost": 1})

    def test_technician_cannot_delete_records(self):
        with self.assertRaises(AccessError):
            self.record_mine_by_other.with_user(self.user_technician).unlink()

    def test_technician_sees_own_customers_equipment(self):
        Equipment = self.env["crm.service.equipment"].with_user(self.user_technician)
        units = self.unit_hospital | self.unit_datacenter | self.unit_pharma
        self.assertEqual(
            Equipment.search([("id", "in", units.ids)]),
            self.unit_hospital | self.unit_datacenter,
        )
        with self.assertRaises(AccessError):
            self.unit_pharma.with_user(self.user_technician).read(["name"])

    def test_technician_kpis_are_his_own(self):
        self.record_mine_by_other.action_done()
        self.record_other.action_done()
        Report = self.env["crm.service.report"]
        users = (self.user_technician | self.user_technician_2).ids
        self.assertEqual(
            Report.with_user(self.user_technician)
            .search([("user_id", "in", users)])
            .user_id,
            self.user_technician,
        )
        self.assertEqual(
            Report.with_user(self.user_service_manager)
            .search([("user_id", "in", users)])
            .user_id,
            self.user_technician | self.user_technician_2,
        )

    def test_manager_sees_all_and_the_cost(self):
        records = (
            self.record_mine_by_other | self.record_own_elsewhere | self.record_other
        ).with_user(self.user_service_manager)
        self.assertEqual(records.search([("id", "in", records.ids)]), records)
        self.assertEqual(sorted(records.mapped("cost")), [500, 700, 900])
        records.write({"cost": 100})
        records.unlink()

    def test_sales_rep_has_no_service_records(self):
        with self.assertRaises(AccessError):
            self.record_other.with_user(self.user_salesman).read(["name"])

    def test_other_company_records_are_hidden(self):
        company_b = self.env["res.company"].create({"name": "Test Service Company B"})
        self.user_service_manager.write({"company_ids": [(4, company_b.id)]})
        customer_b = self.env["res.partner"].create(
            {"name": "Test Customer B", "is_company": True, "company_id": company_b.id}
        )
        record_b = self.env["crm.service.record"].create(
            {"partner_id": customer_b.id, "company_id": company_b.id}
        )
        Record = self.env["crm.service.record"].with_user(self.user_service_manager)
        self.assertFalse(
            Record.with_context(allowed_company_ids=self.env.company.ids).search(
                [("id", "=", record_b.id)]
            )
        )
        self.assertTrue(
            Record.with_context(allowed_company_ids=company_b.ids).search(
                [("id", "=", record_b.id)]
            )
        )

    def test_only_service_managers_choose_the_service_rep(self):
        """The service rep reads the customer's service history: a
        technician or a salesperson naming himself (over RPC as well) is
        refused; a new contact still takes its company's rep."""
        for user in (self.user_technician_2, self.user_salesman):
            hospital = self.customer_hospital.with_user(user)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                hospital.write({"service_user_id": user.id})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                hospital.write({"service_user_id": False})
        self.assertEqual(self.customer_hospital.service_user_id, self.user_technician)
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.user_salesman).create(
                {"name": "Self-served Co", "service_user_id": self.user_salesman.id}
            )
        contact = (
            self.env["res.partner"]
            .with_user(self.user_salesman)
            .create(
                {"name": "New Plant Engineer", "parent_id": self.customer_hospital.id}
            )
        )
        self.assertEqual(contact.service_user_id, self.user_technician)
        # The service manager reassigns the customer; its contacts follow.
        self.customer_hospital.with_user(self.user_service_manager).write(
            {"service_user_id": self.user_technician_2.id}
        )
        self.assertEqual(contact.service_user_id, self.user_technician_2)

    def test_technician_keeps_records_in_his_scope(self):
        """Rules are checked before a write only: a technician does not hand
        a record to a colleague, move it to a customer not his, put it in a
        campaign or forge its derived fields."""
        Record = self.env["crm.service.record"].with_user(self.user_technician)
        own = self.record_own_elsewhere.with_user(self.user_technician)
        mine = self.record_mine_by_other.with_user(self.user_technician)
        with self.assertRaises(AccessError):
            own.write({"user_id": self.user_technician_2.id})
        with self.assertRaises(AccessError):
            Record.create(
                {
                    "partner_id": self.customer_pharma.id,
                    "user_id": self.user_technician_2.id,
                    "service_type": "repair",
                }
            )
        # His customer's record, done by a colleague: not moved to the
        # colleague's customer, where he could no longer write it.
        with self.assertRaises(AccessError):
            mine.write({"partner_id": self.customer_pharma.id, "equipment_id": False})
        campaign = self.env["crm.service.campaign"].create(
            {
                "name": "Test campaign",
                "date_start": date(2030, 5, 1),
                "date_end": date(2030, 6, 30),
            }
        )
        for vals in (
            {"campaign_id": campaign.id},
            {"is_revisit": True},
            {"under_warranty": True},
            {"commercial_partner_id": self.customer_pharma.id},
        ):
            with self.subTest(vals=list(vals)), self.assertRaises(AccessError):
                own.write(vals)
        self.assertRecordValues(
            self.record_own_elsewhere,
            [{"user_id": self.user_technician.id, "campaign_id": False}],
        )
        self.assertEqual(
            self.record_mine_by_other.partner_id, self.unit_hospital.partner_id
        )
        # His own steps still work.
        own.action_start()
        own.action_done()
        self.assertEqual(own.state, "done")

    def test_technician_does_not_write_his_own_kpis(self):
        """Satisfaction, response and closing times make his KPIs: he rates
        none of his visits and stamps the times only with the buttons."""
        Record = self.env["crm.service.record"].with_user(self.user_technician)
        own = self.record_own_elsewhere.with_user(self.user_technician)
        requested = fields.Datetime.now() - timedelta(hours=2)
        for vals in (
            {"satisfaction": "5"},
            {"satisfaction": False},
            {"first_response_at": requested},
            {"closed_at": requested + timedelta(hours=1)},
            {"requested_at": requested},
        ):
            with self.subTest(vals=list(vals)), self.assertRaises(AccessError):
                own.write(vals)
        for vals in (
            {"satisfaction": "5"},
            {"first_response_at": requested},
            {"closed_at": requested},
        ):
            with self.subTest(create=list(vals)), self.assertRaises(AccessError):
                Record.create(
                    {"partner_id": self.customer_hospital.id, "service_type": "repair"}
                    | vals
                )
        # The request time is given when he logs the call.
        logged = Record.create(
            {"partner_id": self.customer_hospital.id, "requested_at": requested}
        )
        self.assertEqual(logged.requested_at, requested)
        # The buttons stamp the times, as the technician, in the chatter.
        logged.action_start()
        self.assertTrue(logged.first_response_at)
        logged.action_done()
        self.assertTrue(logged.closed_at)
        self.assertEqual(logged.write_uid, self.user_technician)
        logged.with_user(self.user_service_manager).action_reset_to_planned()
        self.assertFalse(logged.closed_at)
        self.assertFalse(self.record_own_elsewhere.satisfaction)
        # The manager enters the customer's rating and corrects the times.
        managed = self.record_own_elsewhere.with_user(self.user_service_manager)
        managed.write({"satisfaction": "4", "requested_at": requested})
        self.assertEqual(managed.satisfaction, "4")
        # Nobody answers or closes a service before it was requested.
        with self.assertRaises(ValidationError):
            managed.first_response_at = requested - timedelta(minutes=1)

    def test_technician_repair_is_measured_from_the_call(self):
        """A repair a technician logs without its request time was asked
        for when he logged it, so its response time counts in his KPIs;
        a visit with no request does not become a repair in his hands."""
        Record = self.env["crm.service.record"].with_user(self.user_technician)
        before = fields.Datetime.now()
        repair = Record.create(
            {
                "partner_id": self.customer_hospital.id,
                "service_type": "repair",
                "requested_at": False,
            }
        )
        self.assertTrue(repair.requested_at)
        self.assertGreaterEqual(repair.requested_at, before)
        # A planned maintenance needs no request...
        visit = Record.create(
            {
                "partner_id": self.customer_hospital.id,
                "service_type": "maintenance",
                "requested_at": False,
            }
        )
        self.assertFalse(visit.requested_at)
        # ...and he does not turn it into a repair without one.
        with self.assertRaises(AccessError):
            visit.write({"service_type": "repair"})
        self.assertEqual(visit.service_type, "maintenance")
        visit.write({"service_type": "inspection"})
        # A service manager enters a past repair as it was, request unknown,
        # and may change a visit's type.
        Managed = self.env["crm.service.record"].with_user(self.user_service_manager)
        past = Managed.create(
            {
                "partner_id": self.customer_hospital.id,
                "service_type": "repair",
                "requested_at": False,
            }
        )
        self.assertFalse(past.requested_at)
        visit.with_user(self.user_service_manager).service_type = "repair"
        self.assertEqual(visit.service_type, "repair")

    def test_defaults_do_not_carry_what_he_may_not_write(self):
        """Defaults from the context or saved by the user are checked as
        the values he sends."""
        Record = self.env["crm.service.record"].with_user(self.user_technician)
        base = {"partner_id": self.customer_hospital.id, "service_type": "repair"}
        for context in (
            {"default_satisfaction": "5"},
            {"default_closed_at": fields.Datetime.now()},
            {"default_user_id": self.user_technician_2.id},
        ):
            with self.subTest(context=list(context)), self.assertRaises(AccessError):
                Record.with_context(**context).create(dict(base))
        self.env["ir.default"].with_user(self.user_technician).set(
            "crm.service.record", "satisfaction", "5", user_id=True
        )
        with self.assertRaises(AccessError):
            Record.create(dict(base))

    def test_done_service_figures_are_the_managers(self):
        """However a service gets done (button, kanban, RPC) it has its
        times; done, its technician no longer changes what it counts for."""
        Record = self.env["crm.service.record"].with_user(self.user_technician)
        closed = Record.create({"partner_id": self.customer_hospital.id})
        closed.action_done()  # Close without Start
        self.assertTrue(closed.first_response_at and closed.arrival_at)
        self.assertTrue(closed.closed_at)
        dragged = Record.create({"partner_id": self.customer_hospital.id})
        dragged.write({"state": "done"})  # the kanban's drag and drop
        self.assertTrue(dragged.closed_at and dragged.first_response_at)
        logged = Record.create(
            {"partner_id": self.customer_hospital.id, "state": "done"}
        )
        self.assertTrue(logged.closed_at, "logged as done: closed now")
        for action in ("action_reset_to_planned", "action_cancel"):
            with self.subTest(action=action), self.assertRaises(AccessError):
                getattr(closed, action)()
        for vals in (
            {"service_type": "maintenance"},
            {"date": date(2030, 3, 1)},
            {"user_id": self.user_technician.id, "duration": 9},
        ):
            with self.subTest(vals=list(vals)), self.assertRaises(AccessError):
                closed.write(vals)
        self.assertEqual(closed.state, "done")
        # What does not count still may change, and the manager reopens.
        closed.outcome = "Filter replaced"
        closed.with_user(self.user_service_manager).action_reset_to_planned()
        self.assertEqual(closed.state, "planned")
        # Nor does he take himself off a service of his.
        with self.assertRaises(AccessError):
            self.record_own_elsewhere.with_user(self.user_technician).user_id = False

    def test_copy_leaves_the_figures_behind(self):
        manager = self.user_service_manager
        done = self.record_other.with_user(manager)
        done.write(
            {
                "state": "done",
                "satisfaction": "5",
                "requested_at": fields.Datetime.now() - timedelta(hours=3),
            }
        )
        copy = done.copy()
        self.assertRecordValues(
            copy,
            [
                {
                    "state": "planned",
                    "satisfaction": False,
                    "first_response_at": False,
                    "arrival_at": False,
                    "closed_at": False,
                }
            ],
        )

    def test_service_history_not_moved_by_a_salesperson(self):
        """Moving a customer under another company would give its history
        to that company's rep: refused to those who may not choose reps, and
        nothing is written through the customer's read-only lists."""
        pharma = self.customer_pharma.with_user(self.user_salesman)
        with self.assertRaises(AccessError):
            pharma.write({"parent_id": self.customer_hospital.id, "is_company": False})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.user_salesman).create(
                {
                    "name": "Test Own Company",
                    "is_company": True,
                    "parent_id": self.customer_hospital.id,
                    "service_user_id": self.user_technician.id,
                }
            )
        hospital = self.customer_hospital.with_user(self.user_service_manager)
        with self.assertRaises(AccessError):
            hospital.write({"service_record_ids": [(5, 0, 0)]})
        self.assertTrue(self.customer_hospital.service_record_ids)
        # A contact without history still moves freely.
        contact = self.env["res.partner"].create(
            {"name": "Test Roaming Engineer", "parent_id": self.customer_pharma.id}
        )
        contact.with_user(self.user_salesman).write(
            {"parent_id": self.customer_hospital.id}
        )
        self.assertEqual(contact.service_user_id, self.user_technician)

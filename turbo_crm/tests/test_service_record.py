# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TurboCrmServiceCommon


@tagged("post_install", "-at_install")
class TestServiceRecord(TurboCrmServiceCommon):
    """Revisit and warranty flags, the technician's steps, the installed
    base from delivered orders, and the input a user gets wrong."""

    def test_revisit_within_30_days_of_the_same_unit(self):
        first = self._record(self.unit_hospital, date=date(2030, 1, 10))
        second = self._record(self.unit_hospital, date=date(2030, 2, 9))
        late = self._record(self.unit_hospital, date=date(2030, 3, 20))
        other_unit = self._record(self.unit_datacenter, date=date(2030, 2, 1))
        self.assertFalse(first.is_revisit)
        self.assertTrue(second.is_revisit, "30 days after: a revisit")
        self.assertFalse(late.is_revisit, "39 days after the last one")
        self.assertFalse(other_unit.is_revisit)
        # Seen from the other side: the first was followed within 30 days.
        self.assertEqual(
            [first.is_revisited, second.is_revisited, late.is_revisited],
            [True, False, False],
        )
        self.assertEqual(
            self.env["crm.service.record"].search_count(
                [
                    ("is_revisit", "=", True),
                    ("equipment_id", "=", self.unit_hospital.id),
                ]
            ),
            1,
            "the flag is stored and searchable",
        )

    def test_revisit_follows_the_records_before_it(self):
        later = self._record(self.unit_hospital, date=date(2030, 2, 1))
        self.assertFalse(later.is_revisit)
        # A record entered afterwards but dated before makes it a revisit...
        earlier = self._record(self.unit_hospital, date=date(2030, 1, 20))
        self.assertTrue(later.is_revisit)
        self.assertFalse(earlier.is_revisit)
        self.assertTrue(earlier.is_revisited)
        self.assertFalse(later.is_revisited)
        # ...moved out of the window, or cancelled, it does not any more.
        earlier.date = date(2029, 12, 1)
        self.assertFalse(later.is_revisit)
        earlier.date = date(2030, 1, 20)
        self.assertTrue(later.is_revisit)
        earlier.action_cancel()
        self.assertFalse(later.is_revisit)
        self.assertFalse(earlier.is_revisited, "a cancelled visit fixed nothing")
        earlier.action_reset_to_planned()
        self.assertTrue(later.is_revisit)
        earlier.unlink()
        self.assertFalse(later.is_revisit)
        # A later record moved away leaves the earlier one fixed first time.
        again = self._record(self.unit_hospital, date=date(2030, 2, 20))
        self.assertTrue(later.is_revisited)
        again.date = date(2030, 6, 1)
        self.assertFalse(later.is_revisited)

    def test_only_a_repair_called_for_is_a_revisit(self):
        """Planned maintenance or a campaign's visit after a repair do not
        make the repair a failure, nor are they revisits."""
        repair = self._record(self.unit_hospital, date=date(2030, 1, 10))
        upkeep = self._record(
            self.unit_hospital, date=date(2030, 1, 20), service_type="maintenance"
        )
        self.assertFalse(upkeep.is_revisit)
        self.assertFalse(repair.is_revisited)
        campaign = self.env["crm.service.campaign"].create(
            {
                "name": "Test recall",
                "date_start": date(2030, 1, 1),
                "date_end": date(2030, 2, 28),
            }
        )
        recall = self._record(
            self.unit_hospital, date=date(2030, 1, 25), campaign_id=campaign.id
        )
        self.assertFalse(recall.is_revisit)
        self.assertFalse(repair.is_revisited)
        # The campaign's visit turned out to be a call-back: it counts.
        recall.campaign_id = False
        self.assertTrue(recall.is_revisit)
        self.assertTrue(repair.is_revisited)
        upkeep.service_type = "repair"
        self.assertTrue(upkeep.is_revisit)

    def test_deleting_a_unit_clears_its_flags(self):
        first = self._record(self.unit_hospital, date=date(2030, 1, 10))
        second = self._record(self.unit_hospital, date=date(2030, 1, 20))
        self.assertTrue(first.is_revisited and second.is_revisit)
        self.unit_hospital.unlink()
        self.assertFalse(first.is_revisited)
        self.assertFalse(second.is_revisit)

    def test_under_warranty_from_the_unit_warranty_end(self):
        within = self._record(self.unit_hospital, date=date(2030, 1, 15))
        after = self._record(self.unit_hospital, date=date(2030, 1, 16))
        no_warranty = self._record(self.unit_datacenter, date=date(2029, 7, 1))
        self.assertTrue(within.under_warranty)
        self.assertFalse(after.under_warranty)
        self.assertFalse(no_warranty.under_warranty)
        self.unit_hospital.warranty_end = date(2031, 1, 15)
        self.assertTrue(after.under_warranty, "an extended warranty covers it")

    def test_technician_records_a_repair_in_the_form(self):
        Record = self.env["crm.service.record"].with_user(self.user_technician)
        with Form(Record) as form:
            form.name = "Compressor trips"
            form.partner_id = self.contact_hospital
            form.equipment_id = self.unit_hospital.with_user(self.user_technician)
            self.assertEqual(form.product_id, self.product_chiller)
            self.assertEqual(form.serial, "T-0001")
            self.assertEqual(form.user_id, self.user_technician)
        # The common fixtures track nothing: this test follows the chatter.
        record = form.record.with_context(tracking_disable=False, mail_notrack=False)
        self.assertEqual(record.state, "planned")
        self.assertEqual(record.commercial_partner_id, self.customer_hospital)
        self.env.flush_all()
        self.env.cr.precommit.run()
        record.action_start()
        self.assertEqual(record.state, "in_progress")
        self.assertTrue(record.arrival_at)
        self.assertTrue(record.first_response_at)
        record.action_done()
        self.assertEqual(record.state, "done")
        self.assertGreaterEqual(record.closed_at, record.arrival_at)
        # The tracking is written when the transaction would commit.
        self.env.flush_all()
        self.env.cr.precommit.run()
        record.invalidate_recordset(["message_ids"])
        self.assertIn(
            "state",
            record.sudo().message_ids.tracking_value_ids.field_id.mapped("name"),
        )

    def test_contacts_share_the_service_rep(self):
        self.assertEqual(self.contact_hospital.service_user_id, self.user_technician)
        self.customer_hospital.service_user_id = self.user_technician_2
        self.assertEqual(self.contact_hospital.service_user_id, self.user_technician_2)

    def test_partner_service_figures(self):
        self._record(
            self.unit_hospital, date=date(2030, 1, 10), state="done", satisfaction="4"
        )
        self._record(
            partner=self.contact_hospital,
            service_type="maintenance",
            date=date(2030, 2, 10),
            state="done",
            satisfaction="2",
        )
        self._record(self.unit_hospital, date=date(2030, 3, 1), state="cancelled")
        for partner in (self.customer_hospital, self.contact_hospital):
            self.assertEqual(partner.service_record_count, 2)
            self.assertEqual(partner.service_repair_count, 1)
            self.assertEqual(partner.service_equipment_count, 1)
            self.assertAlmostEqual(partner.service_satisfaction, 3.0)
            self.assertEqual(partner.service_last_date, date(2030, 2, 10))
        action = self.contact_hospital.action_view_service_records()
        self.assertEqual(
            self.env["crm.service.record"].search_count(action["domain"]), 3
        )

    def test_delivered_serviceable_units_join_the_installed_base(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_datacenter.id,
                "order_line": [
                    (
                        0,
                        0,
                        {"product_id": self.product_chiller.id, "product_uom_qty": 3},
                    ),
                ],
            }
        )
        order.action_confirm()
        line = order.order_line
        Equipment = self.env["crm.service.equipment"]
        self.assertFalse(Equipment.search([("sale_line_id", "=", line.id)]))
        line.qty_delivered = 2
        units = Equipment.search([("sale_line_id", "=", line.id)])
        self.assertEqual(len(units), 2)
        self.assertEqual(units.partner_id, self.customer_datacenter)
        self.assertEqual(units.technician_id, self.user_technician)
        self.assertEqual(units.sale_order_id, order)
        line.qty_delivered = 3
        line.qty_delivered = 3
        self.assertEqual(Equipment.search_count([("sale_line_id", "=", line.id)]), 3)

    def test_closed_before_arrival_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "closed before the technician"):
            self._record(
                self.unit_hospital,
                arrival_at=datetime(2030, 1, 10, 10),
                closed_at=datetime(2030, 1, 10, 9),
            )

    def test_satisfaction_outside_1_to_5_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "from 1 to 5"):
            self._record(self.unit_hospital, satisfaction="6")
        record = self._record(self.unit_hospital, satisfaction="5")
        with self.assertRaisesRegex(ValidationError, "from 1 to 5"):
            record.satisfaction = "0"
        self.assertEqual(record.satisfaction, "5")

    def test_negative_duration_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._record(self.unit_hospital, duration=-1.5)

    def test_retired_equipment_gets_no_new_record(self):
        self.unit_hospital.action_retire()
        before = self.env["crm.service.record"].search_count([])
        with self.assertRaisesRegex(UserError, "is retired"):
            self.env["crm.service.record"].create(
                [
                    {
                        "partner_id": self.customer_datacenter.id,
                        "equipment_id": self.unit_datacenter.id,
                    },
                    {
                        "partner_id": self.customer_hospital.id,
                        "equipment_id": self.unit_hospital.id,
                    },
                ]
            )
        self.assertEqual(
            self.env["crm.service.record"].search_count([]),
            before,
            "nothing of the batch is written",
        )
        record = self._record(self.unit_datacenter)
        with self.assertRaisesRegex(UserError, "is retired"):
            record.write(
                {
                    "equipment_id": self.unit_hospital.id,
                    "partner_id": self.customer_hospital.id,
                }
            )
        self.unit_hospital.action_put_in_service()
        self.assertTrue(self._record(self.unit_hospital))

    def test_equipment_of_another_customer_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "is installed at"):
            self._record(self.unit_pharma, partner=self.customer_hospital)

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ReceivableCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestSalespersonGuard(ReceivableCommon):
    """Who reads a customer's money follows its salesperson and collector:
    a rep may not make herself either of another rep's customer, not by
    writing the salesperson, nor by moving the customer's contact under a
    company of hers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.theirs = cls.customer("Other Rep Hospital", user=cls.other_rep)
        cls.invoice(cls.theirs, 7_000, "2026-01-01", "2026-02-01")
        cls.manager = new_test_user(
            cls.env, login="rcv_guard_manager", groups="sales_team.group_sale_manager"
        )
        # A person customer of the other rep, with an invoice of her own.
        cls.person = cls.env["res.partner"].create(
            {"name": "Dr. Wang", "user_id": cls.other_rep.id}
        )
        cls.person_invoice = cls.invoice(cls.person, 3_000, "2026-01-01", "2026-02-01")
        cls.own = cls.customer("Rep Holding")

    def aging_rows(self, user, partner):
        return (
            self.env["receivable.aging.report"]
            .with_user(user)
            .search([("partner_id", "=", partner.id)])
        )

    def test_rep_cannot_make_herself_salesperson_of_another_reps_customer(self):
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.rep).write({"user_id": self.rep.id})
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.rep).write({"user_id": False})
        self.assertEqual(self.theirs.user_id, self.other_rep)
        self.assertFalse(self.aging_rows(self.rep, self.theirs))
        self.assertEqual(
            self.theirs.with_user(self.rep).followup_amount_due, 0, "need to know"
        )
        # The salesperson and the managers hand customers over.
        self.theirs.with_user(self.other_rep).write({"user_id": self.manager.id})
        self.assertEqual(self.theirs.user_id, self.manager)
        self.theirs.with_user(self.manager).write({"user_id": self.rep.id})
        self.assertEqual(self.theirs.user_id, self.rep)
        # The collector stays the first salesperson: collection is the
        # credit controllers' to hand over.
        self.assertEqual(self.theirs.collector_id, self.other_rep)
        # A customer without a salesperson is anyone's to take, as in Odoo.
        free = self.env["res.partner"].create(
            {"name": "Unassigned Clinic", "is_company": True}
        )
        free.with_user(self.rep).write({"user_id": self.rep.id})
        self.assertEqual(free.user_id, self.rep)
        self.assertEqual(free.collector_id, self.rep)

    def test_rep_cannot_take_a_contact_with_its_collection(self):
        with self.assertRaises(AccessError):
            self.person.with_user(self.rep).write({"parent_id": self.own.id})
        self.assertFalse(self.person.parent_id)
        self.assertEqual(self.person.collector_id, self.other_rep)
        self.assertFalse(self.aging_rows(self.rep, self.person))
        self.assertEqual(
            self.aging_rows(self.other_rep, self.person).amount_residual, 3_000
        )
        # Her own person customer under her own company.
        mine = self.env["res.partner"].create(
            {"name": "Eng. Li", "user_id": self.rep.id}
        )
        mine.with_user(self.rep).write({"parent_id": self.own.id})
        self.assertEqual(mine.commercial_partner_id, self.own)
        # A credit controller moves a customer with its collection.
        self.controller.groups_id = [(4, self.env.ref("base.group_partner_manager").id)]
        self.person.with_user(self.controller).write({"parent_id": self.own.id})
        self.assertEqual(self.person.collector_id, self.rep)

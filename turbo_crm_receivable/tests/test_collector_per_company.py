# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_multicompany import MultiCompanyReceivableCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestCollectorPerCompany(MultiCompanyReceivableCommon):
    """The shared hospital owes 9,000 to A (due 1 March) and 500 to B (due
    20 June). B's credit controller hands B's collection to another rep;
    A's collection stays with the salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_rep.company_ids = [Command.link(cls.company_b.id)]
        partner_manager = cls.env.ref("base.group_partner_manager")
        (cls.controller_a | cls.controller_b).groups_id = [
            Command.link(partner_manager.id)
        ]
        cls.invoice_b(cls.shared, 500, "2026-06-20")
        cls.shared.with_user(cls.controller_b).with_company(cls.company_b).write(
            {"collector_id": cls.other_rep.id}
        )

    def test_each_company_has_its_collector(self):
        self.assertEqual(self.in_company(self.company_b).collector_id, self.other_rep)
        self.assertEqual(self.in_company(self.company_a).collector_id, self.rep)
        # A's controller sets A's, which leaves B's.
        self.shared.with_user(self.controller_a).write(
            {"collector_id": self.controller_a.id}
        )
        self.assertEqual(
            self.in_company(self.company_a).collector_id, self.controller_a
        )
        self.assertEqual(self.in_company(self.company_b).collector_id, self.other_rep)
        # Searched in the current company, the salesperson where none is set.
        Partner = self.env["res.partner"]
        self.assertIn(
            self.shared,
            Partner.with_company(self.company_b).search(
                [("collector_id", "=", self.other_rep.id)]
            ),
        )
        self.assertNotIn(
            self.shared,
            Partner.with_company(self.company_a).search(
                [("collector_id", "=", self.other_rep.id)]
            ),
        )
        mine = self.customer("Never Handed Over")
        self.assertIn(mine, Partner.search([("collector_id", "=", self.rep.id)]))

    def test_aging_reports_read_the_collector_of_their_company(self):
        Aging = self.env["receivable.aging.report"].with_context(
            allowed_company_ids=[self.company_a.id, self.company_b.id]
        )
        rows = Aging.search([("partner_id", "=", self.shared.id)])
        self.assertEqual(
            {(row.company_id, row.collector_id) for row in rows},
            {(self.company_a, self.rep), (self.company_b, self.other_rep)},
        )
        Customer = self.env["receivable.aging.customer"].with_context(
            allowed_company_ids=[self.company_a.id, self.company_b.id]
        )
        rows = Customer.search([("partner_id", "=", self.shared.id)])
        self.assertEqual(
            {(row.company_id, row.collector_id) for row in rows},
            {(self.company_a, self.rep), (self.company_b, self.other_rep)},
        )
        books = (
            self.env["receivable.collector.report"]
            .with_context(allowed_company_ids=[self.company_a.id, self.company_b.id])
            .search([("collector_id", "in", (self.rep | self.other_rep).ids)])
        )
        self.assertEqual(
            {(book.collector_id, book.company_id, book.amount_due) for book in books},
            {(self.rep, self.company_a, 9_000), (self.other_rep, self.company_b, 500)},
        )

    def test_the_collector_of_company_b_reads_company_b_only(self):
        as_collector = self.env["receivable.aging.report"].with_user(self.other_rep)
        both = [self.company_a.id, self.company_b.id]
        rows = as_collector.with_context(allowed_company_ids=both).search(
            [("partner_id", "=", self.shared.id)]
        )
        self.assertEqual(rows.company_id, self.company_b)
        customer_rows = (
            self.env["receivable.aging.customer"]
            .with_user(self.other_rep)
            .with_context(allowed_company_ids=both)
            .search([("partner_id", "=", self.shared.id)])
        )
        self.assertEqual(customer_rows.company_id, self.company_b)
        # Need to know: B's figures, not A's.
        partner = self.shared.with_user(self.other_rep)
        in_b = partner.with_company(self.company_b)
        self.assertEqual(in_b.followup_amount_due, 500)
        in_a = partner.with_company(self.company_a)
        self.assertEqual(in_a.followup_amount_due, 0)
        self.assertFalse(in_a.followup_move_ids)

    def test_the_job_assigns_each_companys_collector(self):
        self.job()
        logs = self.shared.followup_log_ids
        self.assertEqual(
            {(log.company_id, log.user_id) for log in logs},
            {(self.company_a, self.rep), (self.company_b, self.other_rep)},
        )
        # The hold level of A plans its activity for A's collector.
        activities = self.shared.activity_ids
        self.assertTrue(activities)
        self.assertEqual(activities.user_id, self.rep)

    def test_controller_of_b_sets_the_collector_of_b_only(self):
        # Her write is B's, whatever company she names.
        self.shared.with_user(self.controller_b).with_context(
            allowed_company_ids=[self.company_b.id]
        ).write({"collector_id": self.controller_b.id})
        self.assertEqual(self.in_company(self.company_a).collector_id, self.rep)
        with self.assertRaises(AccessError):
            self.shared.with_user(self.controller_b).with_company(self.company_a).write(
                {"collector_id": self.controller_b.id}
            )
        self.assertEqual(self.in_company(self.company_a).collector_id, self.rep)

    def test_promises_follow_the_collector_of_their_company(self):
        Promise = self.env["receivable.payment.promise"]
        values = {"partner_id": self.shared.id, "amount": 1}
        promise_a = Promise.with_company(self.company_a).create(
            dict(values, promised_date="2026-07-31", user_id=self.controller_a.id)
        )
        promise_b = Promise.with_company(self.company_b).create(
            dict(values, promised_date="2026-08-31", user_id=self.controller_b.id)
        )
        both = [self.company_a.id, self.company_b.id]
        for user, expected in (
            (self.other_rep, promise_b),
            (self.rep, promise_a | promise_b),
        ):
            seen = (
                Promise.with_user(user)
                .with_context(allowed_company_ids=both)
                .search([("partner_id", "=", self.shared.id)])
            )
            self.assertEqual(seen, expected, user.login)
        self.assertEqual(promise_b.customer_collector_id, self.other_rep)
        self.assertEqual(promise_a.customer_collector_id, self.rep)

    def test_collector_stays_when_the_salesperson_hands_over(self):
        self.shared.with_user(self.rep).write({"user_id": self.controller_a.id})
        self.assertEqual(self.in_company(self.company_a).collector_id, self.rep)
        self.assertEqual(self.in_company(self.company_b).collector_id, self.other_rep)


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestChatterNamesTheCompany(MultiCompanyReceivableCommon):
    """The hold, level and collector of a shared customer are each company's:
    its chatter says whose changed, in the language of whoever reads it."""

    def tracking(self, partner, field):
        messages = partner.message_ids.filtered(
            lambda message: field in message.tracking_value_ids.field_id.mapped("name")
        )
        return messages[:1].tracking_value_ids.filtered(
            lambda value: value.field_id.name == field
        )

    def test_lifted_hold_names_the_company(self):
        self.shared.with_company(self.company_b).sudo().credit_hold = True
        self.shared.with_user(self.controller_b).action_lift_credit_hold()
        value = self.tracking(self.shared, "credit_hold")
        self.assertEqual(value.company_id, self.company_b)
        label = self.shared._fields["credit_hold"].string
        english = value.with_context(lang="en_US")._tracking_value_format()[0]
        self.assertEqual(english["changedField"], f"{label} for {self.company_b.name}")
        self.assertEqual(
            (english["oldValue"]["value"], english["newValue"]["value"]),
            (True, False),
        )
        Lang = self.env["res.lang"]
        if "zh_CN" not in dict(Lang.get_installed()):
            Lang._activate_lang("zh_CN")
            self.env["ir.module.module"].search(
                [("name", "in", ("base", "turbo_crm_receivable"))]
            )._update_translations(["zh_CN"])
        chinese_label = self.shared.with_context(lang="zh_CN").fields_get(
            ["credit_hold"], ["string"]
        )["credit_hold"]["string"]
        self.assertNotEqual(chinese_label, label)
        chinese = value.with_context(lang="zh_CN")._tracking_value_format()[0]
        self.assertEqual(
            chinese["changedField"], f"{self.company_b.name}的{chinese_label}"
        )

    def test_collector_change_names_the_company(self):
        self.controller_b.groups_id = [
            Command.link(self.env.ref("base.group_partner_manager").id)
        ]
        self.shared.with_user(self.controller_b).write(
            {"collector_id": self.controller_b.id}
        )
        value = self.tracking(self.shared, "collector_id")
        self.assertEqual(value.company_id, self.company_b)
        self.assertEqual(
            (value.old_value_char, value.new_value_char),
            (self.rep.name, self.controller_b.name),
        )

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import TurboCrmDealCommon


@tagged("post_install", "-at_install")
class TestSalesQuota(TurboCrmDealCommon):
    """Numbers used below, all in the company currency, Q1 2026:

    order A  distributor  chiller 10,000 + commissioning 1,000   confirmed
    order B  distributor  chiller 8,000 EUR at 2 EUR per unit = 4,000
    order C  distributor  5,000   cancelled
    order D  distributor  7,000   confirmed in April: outside the period
    order E  agent        3,000   confirmed: another channel
    A and B are invoiced in Q1; A gets a 2,500 credit note.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.eur = cls.env.ref("base.EUR")
        if cls.company.currency_id == cls.eur:
            cls.eur = cls.env.ref("base.USD")
        cls.eur.active = True
        cls.env["res.currency.rate"].create(
            {
                "currency_id": cls.eur.id,
                "name": "2025-12-01",
                "rate": 2.0,
                "company_id": cls.company.id,
            }
        )
        cls.eur_pricelist = cls.env["product.pricelist"].create(
            {"name": "Test Other Currency", "currency_id": cls.eur.id}
        )
        Category = cls.env["product.category"]
        cls.categ_hvac = Category.create({"name": "Test HVAC"})
        cls.categ_chillers = Category.create(
            {"name": "Test Chillers", "parent_id": cls.categ_hvac.id}
        )
        cls.categ_services = Category.create({"name": "Test Services"})
        Product = cls.env["product.product"]
        cls.chiller = Product.create(
            {
                "name": "Test Chiller",
                "type": "consu",
                "invoice_policy": "order",
                "categ_id": cls.categ_chillers.id,
                "taxes_id": [Command.clear()],
            }
        )
        cls.commissioning = Product.create(
            {
                "name": "Test Commissioning",
                "type": "service",
                "invoice_policy": "order",
                "categ_id": cls.categ_services.id,
                "taxes_id": [Command.clear()],
            }
        )
        cls.distributor, cls.agent = cls.env["res.partner"].create(
            [
                {
                    "name": "Test Quota Distributor",
                    "is_company": True,
                    "is_channel": True,
                    "channel_type": "distributor",
                    "channel_level": "gold",
                    "user_id": cls.user_salesman.id,
                },
                {
                    "name": "Test Quota Agent",
                    "is_company": True,
                    "is_channel": True,
                    "channel_type": "agent",
                    "channel_level": "bronze",
                },
            ]
        )
        cls.order_a = cls._order(
            cls.distributor,
            "2026-01-15",
            [(cls.chiller, 10_000), (cls.commissioning, 1_000)],
        )
        cls.order_b = cls._order(
            cls.distributor, "2026-02-10", [(cls.chiller, 8_000)], cls.eur_pricelist
        )
        cls.order_c = cls._order(cls.distributor, "2026-02-11", [(cls.chiller, 5_000)])
        cls.order_d = cls._order(cls.distributor, "2026-04-02", [(cls.chiller, 7_000)])
        cls.order_e = cls._order(cls.agent, "2026-03-01", [(cls.chiller, 3_000)])
        orders = cls.order_a | cls.order_b | cls.order_c | cls.order_d | cls.order_e
        dates = orders.mapped("date_order")
        orders.action_confirm()
        for order, day in zip(orders, dates, strict=True):
            order.date_order = day  # confirmation stamps today's date
        cls.order_c._action_cancel()
        invoices = (cls.order_a | cls.order_b)._create_invoices()
        invoices.invoice_date = "2026-03-05"
        invoices.action_post()
        cls.invoice_a = invoices.filtered(
            lambda m: m.currency_id == cls.company.currency_id
        )
        refund = cls.invoice_a._reverse_moves(
            [{"invoice_date": "2026-03-20", "ref": "Test discount"}]
        )
        refund.invoice_line_ids.filtered(
            lambda line: line.product_id == cls.chiller
        ).price_unit = 2_500
        refund.invoice_line_ids.filtered(
            lambda line: line.product_id == cls.commissioning
        ).unlink()
        refund.action_post()
        cls.refund = refund

    @classmethod
    def _order(cls, channel, day, lines, pricelist=None):
        values = {
            "partner_id": cls.customer.id,
            "user_id": cls.user_salesman.id,
            "team_id": cls.team.id,
            "channel_partner_id": channel.id,
            "date_order": day,
            "order_line": [
                Command.create({"product_id": product.id, "price_unit": price})
                for product, price in lines
            ],
        }
        if pricelist:
            values["pricelist_id"] = pricelist.id
        return cls.env["sale.order"].create(values)

    def _quota(self, **values):
        return self.env["crm.sales.quota"].create(
            {
                "target_type": "channel",
                "partner_id": self.distributor.id,
                "date_from": "2026-01-01",
                "date_to": "2026-03-31",
                "target_amount": 30_000,
                **values,
            }
        )

    def test_order_in_another_currency_is_converted(self):
        self.assertEqual(self.order_b.currency_id, self.eur)
        self.assertAlmostEqual(self.order_b.amount_untaxed, 8_000)
        self.assertAlmostEqual(self.order_b.currency_rate, 2.0)

    def test_attainment_on_confirmed_orders(self):
        quota = self._quota()
        # A 11,000 + B 4,000; not the cancelled C, the April D, the agent's E.
        self.assertAlmostEqual(quota.achieved_amount, 15_000)
        self.assertAlmostEqual(quota.attainment, 50.0)

    def test_attainment_on_invoices_net_of_refunds(self):
        self.assertEqual(self.refund.channel_partner_id, self.distributor)
        quota = self._quota(measure="invoiced")
        # A 11,000 - 2,500 refunded + B 4,000.
        self.assertAlmostEqual(quota.achieved_amount, 12_500)
        self.assertAlmostEqual(quota.attainment, 41.7)  # shown to one decimal

    def test_product_category_counts_its_subcategories(self):
        quota = self._quota(categ_id=self.categ_hvac.id)
        self.assertAlmostEqual(quota.achieved_amount, 14_000)
        services = self._quota(categ_id=self.categ_services.id, target_amount=1_000)
        self.assertAlmostEqual(services.achieved_amount, 1_000)
        self.assertAlmostEqual(services.attainment, 100.0)

    def test_salesperson_and_team_quotas(self):
        user_quota = self._quota(
            target_type="user", partner_id=False, user_id=self.user_salesman.id
        )
        team_quota = self._quota(
            target_type="team",
            partner_id=False,
            team_id=self.team.id,
            measure="invoiced",
        )
        agent_quota = self._quota(partner_id=self.agent.id, target_amount=3_000)
        self.assertAlmostEqual(user_quota.achieved_amount, 18_000)
        self.assertAlmostEqual(team_quota.achieved_amount, 12_500)
        self.assertAlmostEqual(agent_quota.attainment, 100.0)

    def _onchange_achieved(self, user, **values):
        """What the quota form shows `user` for a quota being typed in."""
        values = {
            "company_id": self.company.id,
            "target_type": "user",
            "user_id": self.user_salesman.id,
            "measure": "ordered",
            "date_from": "2026-01-01",
            "date_to": "2026-03-31",
            "target_amount": 30_000,
            # What the form shows before the salesperson is chosen.
            "achieved_amount": 0.0,
            "attainment": 0.0,
            **values,
        }
        Quota = self.env["crm.sales.quota"].with_user(user)
        result = Quota.onchange(values, ["user_id"], {key: {} for key in values})
        return result["value"].get("achieved_amount", 0.0)

    def test_quota_form_shows_no_sales_the_reader_may_not_read(self):
        """A rep types another rep's name in a new quota's form: the form
        does not tell her what he sold."""
        curious = new_test_user(
            self.env, login="turbo_curious_rep", groups="sales_team.group_sale_salesman"
        )
        self.assertEqual(self._onchange_achieved(curious), 0)
        self.assertEqual(
            self._onchange_achieved(
                curious, target_type="team", user_id=False, team_id=self.team.id
            ),
            0,
        )
        # Whoever may read the quota once saved sees its sales as she types.
        self.assertAlmostEqual(self._onchange_achieved(self.user_salesman), 18_000)
        self.assertAlmostEqual(
            self._onchange_achieved(self.user_channel_manager), 18_000
        )

    def test_another_period_and_an_empty_one(self):
        april = self._quota(date_from="2026-04-01", date_to="2026-04-30")
        self.assertAlmostEqual(april.achieved_amount, 7_000)
        may = self._quota(date_from="2026-05-01", date_to="2026-05-31")
        self.assertEqual(may.achieved_amount, 0)
        self.assertEqual(may.attainment, 0)

    def test_analysis_report_matches_the_quotas(self):
        quotas = self._quota() | self._quota(measure="invoiced")
        Report = self.env["crm.sales.quota.report"]
        rows = Report.search([("quota_id", "in", quotas.ids)])
        self.assertEqual(
            sorted(rows.mapped("achieved_amount")),
            sorted(quotas.mapped("achieved_amount")),
        )
        [(target, achieved, gap)] = Report._read_group(
            [("quota_id", "in", quotas.ids)],
            [],
            ["target_amount:sum", "achieved_amount:sum", "gap_amount:sum"],
        )
        self.assertAlmostEqual(target, 60_000)
        self.assertAlmostEqual(achieved, 27_500)
        self.assertAlmostEqual(gap, 32_500)

    def test_overlapping_quota_is_refused(self):
        self._quota()
        with self.assertRaisesRegex(ValidationError, "overlaps"):
            self._quota(date_from="2026-03-31", date_to="2026-06-30")

    def test_non_overlapping_quotas_are_allowed(self):
        self._quota()
        self._quota(date_from="2026-04-01", date_to="2026-06-30")  # the next one
        self._quota(measure="invoiced")  # another measure
        self._quota(categ_id=self.categ_hvac.id)  # one category
        self._quota(partner_id=self.agent.id)  # another channel

    def test_archived_quota_does_not_block_and_cannot_come_back(self):
        old = self._quota()
        old.active = False
        self._quota(date_from="2026-02-01", date_to="2026-02-28")
        with self.assertRaisesRegex(ValidationError, "overlaps"):
            old.active = True

    def test_a_quota_has_one_target_of_its_type(self):
        with self.assertRaises(ValidationError):
            self._quota(partner_id=False)
        with self.assertRaises(ValidationError):
            self._quota(user_id=self.user_salesman.id)
        with self.assertRaisesRegex(ValidationError, "not a channel"):
            self._quota(partner_id=self.customer.id)

    def test_form_switches_the_target(self):
        form = Form(self.env["crm.sales.quota"])
        form.partner_id = self.distributor
        form.target_type = "team"
        self.assertFalse(form.partner_id)
        form.team_id = self.team
        form.date_from = date(2026, 1, 1)
        form.date_to = date(2026, 3, 31)
        form.target_amount = 15_000
        quota = form.save()
        self.assertEqual(quota.name, "Test Projects Team 2026-01")
        self.assertAlmostEqual(quota.achieved_amount, 18_000)  # A, B and E
        self.assertAlmostEqual(quota.attainment, 120.0)

    def test_one_query_for_all_quotas_on_screen(self):
        Quota = self.env["crm.sales.quota"]
        channels = self.env["res.partner"].create(
            [
                {"name": f"Test Channel {i}", "is_company": True, "is_channel": True}
                for i in range(100)
            ]
        )
        quotas = Quota.create(
            [
                {
                    "target_type": "channel",
                    "partner_id": channel.id,
                    "date_from": "2026-01-01",
                    "date_to": "2026-03-31",
                    "target_amount": 1_000,
                }
                for channel in channels
            ]
        )
        self.env.flush_all()

        def queries(records):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            records.mapped("attainment")
            return self.cr.sql_log_count - before

        self.assertEqual(queries(quotas[:10]), queries(quotas))
        self.env.invalidate_all()
        # The quotas, their company, its currency, and one for what they achieved.
        with self.assertQueryCount(4):
            quotas.mapped("attainment")

    def test_invoice_channel_follows_the_order(self):
        self.assertEqual(self.invoice_a.channel_partner_id, self.distributor)
        moves = self.env["account.move"].search(
            [("channel_partner_id", "=", self.distributor.id)]
        )
        self.assertIn(self.refund, moves)

    def test_view_sales_lists_the_counted_orders(self):
        action = self._quota().action_view_sales()
        orders = self.env["sale.order"].search(action["domain"])
        self.assertEqual(orders, self.order_a | self.order_b)
        action = self._quota(measure="invoiced").action_view_sales()
        moves = self.env["account.move"].search(action["domain"])
        self.assertEqual(
            moves, self.invoice_a | self.refund | (self.order_b.invoice_ids)
        )


@tagged("post_install", "-at_install")
class TestSalesQuotaAccess(TurboCrmDealCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_rep = new_test_user(
            cls.env, login="turbo_other_rep", groups="sales_team.group_sale_salesman"
        )
        cls.my_channel, cls.other_channel = cls.env["res.partner"].create(
            [
                {
                    "name": "Test My Channel",
                    "is_company": True,
                    "is_channel": True,
                    "user_id": cls.user_salesman.id,
                },
                {"name": "Test Other Channel", "is_company": True, "is_channel": True},
            ]
        )
        cls.other_team = cls.env["crm.team"].create(
            {"name": "Test Other Team", "member_ids": [Command.set(cls.other_rep.ids)]}
        )
        values = {
            "date_from": "2026-01-01",
            "date_to": "2026-12-31",
            "target_amount": 1,
        }
        Quota = cls.env["crm.sales.quota"]
        cls.mine = Quota.create(
            {**values, "target_type": "user", "user_id": cls.user_salesman.id}
        )
        cls.my_team = Quota.create(
            {**values, "target_type": "team", "team_id": cls.team.id}
        )
        cls.my_channel_quota = Quota.create(
            {**values, "target_type": "channel", "partner_id": cls.my_channel.id}
        )
        cls.others = Quota.create(
            {**values, "target_type": "user", "user_id": cls.other_rep.id}
        )
        cls.other_team_quota = Quota.create(
            {**values, "target_type": "team", "team_id": cls.other_team.id}
        )
        cls.other_channel_quota = Quota.create(
            {**values, "target_type": "channel", "partner_id": cls.other_channel.id}
        )
        cls.all_quotas = (
            cls.mine
            | cls.my_team
            | cls.my_channel_quota
            | cls.others
            | cls.other_team_quota
            | cls.other_channel_quota
        )

    def test_salesperson_sees_own_team_and_channel_quotas(self):
        visible = (
            self.env["crm.sales.quota"]
            .with_user(self.user_salesman)
            .search([("id", "in", self.all_quotas.ids)])
        )
        self.assertEqual(visible, self.mine | self.my_team | self.my_channel_quota)
        self.assertEqual(self.mine.with_user(self.user_salesman).attainment, 0)
        report = self.env["crm.sales.quota.report"].with_user(self.user_salesman)
        self.assertEqual(
            report.search([("quota_id", "in", self.all_quotas.ids)]).quota_id, visible
        )
        with self.assertRaises(AccessError):
            self.others.with_user(self.user_salesman).read(["target_amount"])

    def test_salesperson_cannot_set_their_quota(self):
        with self.assertRaises(AccessError):
            self.mine.with_user(self.user_salesman).target_amount = 0.5
        with self.assertRaises(AccessError):
            self.env["crm.sales.quota"].with_user(self.user_salesman).create(
                {
                    "target_type": "user",
                    "user_id": self.user_salesman.id,
                    "date_from": "2027-01-01",
                    "date_to": "2027-12-31",
                    "target_amount": 1,
                }
            )

    def test_channel_and_sales_managers_see_and_set_all(self):
        for user in (self.user_channel_manager, self.user_sales_manager):
            Quota = self.env["crm.sales.quota"].with_user(user)
            self.assertEqual(
                Quota.search([("id", "in", self.all_quotas.ids)]), self.all_quotas
            )
            quota = Quota.create(
                {
                    "target_type": "channel",
                    "partner_id": self.other_channel.id,
                    "date_from": "2027-01-01",
                    "date_to": "2027-03-31",
                    "target_amount": 100,
                }
            )
            quota.target_amount = 200
            quota.unlink()

    def test_other_company_quotas_are_hidden(self):
        other_company = self.env["res.company"].create({"name": "Test Other Company"})
        their_rep = new_test_user(
            self.env,
            login="turbo_their_rep",
            groups="sales_team.group_sale_salesman",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        theirs = self.env["crm.sales.quota"].create(
            {
                "target_type": "user",
                "user_id": their_rep.id,
                "company_id": other_company.id,
                "date_from": "2026-01-01",
                "date_to": "2026-12-31",
                "target_amount": 1,
            }
        )
        Quota = self.env["crm.sales.quota"].with_user(self.user_channel_manager)
        self.assertNotIn(theirs, Quota.search([]))
        self.user_channel_manager.company_ids = [Command.link(other_company.id)]
        Quota = Quota.with_context(allowed_company_ids=[other_company.id])
        self.assertIn(theirs, Quota.search([]))

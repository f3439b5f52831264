# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.modules.migration import load_script
from odoo.tests import tagged
from odoo.tools import SQL, sql
from odoo.tools.misc import file_path

from .common import ReceivableCommon

MIGRATIONS = "turbo_crm_receivable/migrations/18.0.1.1.0"
OLD_COLUMNS = {
    "followup_level_id": "int4",
    "followup_date": "date",
    "credit_hold": "bool",
}


@tagged("post_install", "-at_install")
class TestUpgradeToCollectionPerCompany(ReceivableCommon):
    """A database of 18.0.1.0.0 kept one level, date and hold per customer;
    the upgrade moves each to the company it belongs to. (DDL is
    transactional in PostgreSQL: the test's rollback undoes it.)"""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create(
            {"name": "Receivable Upgrade Test Co"}
        )
        cls.level_b = (
            cls.env["receivable.followup.policy"]
            .create(
                {
                    "name": "B Collection",
                    "company_id": cls.company_b.id,
                    "level_ids": [Command.create({"name": "B hold", "delay": 5})],
                }
            )
            .level_ids
        )
        cls.main_company = cls.env["res.company"].search([], order="id", limit=1)
        Partner = cls.env["res.partner"]
        cls.leveled = Partner.create({"name": "Leveled in B", "is_company": True})
        cls.held_of_b = Partner.create(
            {"name": "Held of B", "is_company": True, "company_id": cls.company_b.id}
        )
        cls.held_shared = Partner.create({"name": "Held, shared", "is_company": True})
        cls.untouched = Partner.create({"name": "Never late", "is_company": True})

    def migrate(self, script):
        load_script(file_path(f"{MIGRATIONS}/{script}.py"), script).migrate(
            self.env.cr, "18.0.1.0.0"
        )

    def make_old_columns(self):
        """res_partner as 18.0.1.0.0 left it, with a few values."""
        self.env.flush_all()
        cr = self.env.cr
        for column, column_type in OLD_COLUMNS.items():
            cr.execute(
                SQL("ALTER TABLE res_partner DROP COLUMN %s", SQL.identifier(column))
            )
            sql.create_column(cr, "res_partner", column, column_type)
        cr.execute(
            SQL(
                "UPDATE res_partner SET followup_level_id = %s, "
                "followup_date = %s, credit_hold = TRUE WHERE id = %s",
                self.level_b.id,
                "2026-05-04",
                self.leveled.id,
            )
        )
        cr.execute(
            SQL(
                "UPDATE res_partner SET credit_hold = TRUE WHERE id IN %s",
                (self.held_of_b.id, self.held_shared.id),
            )
        )
        self.env.invalidate_all()

    def test_values_move_to_their_company(self):
        self.make_old_columns()
        self.migrate("pre-migrate")
        columns = sql.table_columns(self.env.cr, "res_partner")
        for column in OLD_COLUMNS:
            self.assertEqual(columns[column]["udt_name"], "jsonb", column)
            self.assertNotIn(f"{column}_pre_18_0_1_1_0", columns)
        self.env.cr.execute(
            SQL(
                "SELECT id, followup_level_id, followup_date, credit_hold "
                "FROM res_partner WHERE id IN %s",
                tuple(
                    (
                        self.leveled
                        | self.held_of_b
                        | self.held_shared
                        | self.untouched
                    ).ids
                ),
            )
        )
        rows = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        b, main = str(self.company_b.id), str(self.main_company.id)
        # Odoo's shape: company ids as strings, a many2one as an integer,
        # a date as its ISO string.
        self.assertEqual(
            rows[self.leveled.id],
            ({b: self.level_b.id}, {b: "2026-05-04"}, {b: True}),
        )
        self.assertEqual(rows[self.held_of_b.id], (None, None, {b: True}))
        self.assertEqual(rows[self.held_shared.id], (None, None, {main: True}))
        self.assertEqual(rows[self.untouched.id], (None, None, None))
        self.env.invalidate_all()
        in_b = self.leveled.with_company(self.company_b)
        self.assertEqual(in_b.followup_level_id, self.level_b)
        self.assertEqual(str(in_b.followup_date), "2026-05-04")
        self.assertTrue(in_b.credit_hold)
        in_main = self.leveled.with_company(self.main_company)
        self.assertFalse(in_main.followup_level_id or in_main.credit_hold)
        # Run again (an upgrade started twice): nothing to move any more.
        self.migrate("pre-migrate")
        self.assertTrue(self.leveled.with_company(self.company_b).credit_hold)

    def test_salesperson_rule_becomes_read_only(self):
        # As the noupdate rule stayed in a database of 18.0.1.0.0.
        rule = self.env.ref(
            "turbo_crm_receivable.receivable_payment_promise_rule_salesman"
        )
        rule.write({"perm_write": True, "perm_create": True, "perm_unlink": True})
        theirs = self.customer("Upgrade Theirs", user=self.other_rep)
        Promise = self.env["receivable.payment.promise"].with_user(self.rep)
        values = {
            "partner_id": theirs.id,
            "user_id": self.rep.id,
            "amount": 1,
            "promised_date": "2099-12-31",
        }
        Promise.create(values)  # the hole the upgrade closes
        self.migrate("post-migrate")
        self.assertFalse(rule.perm_write or rule.perm_create or rule.perm_unlink)
        self.assertTrue(rule.perm_read)
        with self.assertRaises(AccessError):
            Promise.create(values)


@tagged("post_install", "-at_install")
class TestUpgradeToCollectorPerCompany(ReceivableCommon):
    """A database of 18.0.1.1.0 kept one collector per customer for every
    company; the upgrade gives each company the collector it had."""

    def test_collectors_move_to_their_companies(self):
        company_b = self.env["res.company"].create({"name": "Collector Upgrade Co"})
        Partner = self.env["res.partner"]
        shared = Partner.create({"name": "Collected, shared", "is_company": True})
        of_b = Partner.create(
            {"name": "Collected in B", "is_company": True, "company_id": company_b.id}
        )
        unassigned = Partner.create({"name": "Nobody's", "is_company": True})
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("ALTER TABLE res_partner DROP COLUMN collector_id")
        sql.create_column(cr, "res_partner", "collector_id", "int4")
        cr.execute(
            SQL(
                "UPDATE res_partner SET collector_id = %s, user_id = %s WHERE id IN %s",
                self.controller.id,
                self.rep.id,
                (shared.id, of_b.id),
            )
        )
        self.env.invalidate_all()
        script = "turbo_crm_receivable/migrations/18.0.1.2.0/pre-migrate.py"
        load_script(file_path(script), "pre-migrate").migrate(cr, "18.0.1.1.0")
        columns = sql.table_columns(cr, "res_partner")
        self.assertEqual(columns["collector_id"]["udt_name"], "jsonb")
        self.assertNotIn("collector_id_pre_18_0_1_2_0", columns)
        cr.execute(
            SQL(
                "SELECT id, collector_id FROM res_partner WHERE id IN %s",
                (shared.id, of_b.id, unassigned.id),
            )
        )
        rows = dict(cr.fetchall())
        companies = self.env["res.company"].search([])
        self.assertEqual(
            rows[shared.id],
            {str(company.id): self.controller.id for company in companies},
        )
        self.assertEqual(rows[of_b.id], {str(company_b.id): self.controller.id})
        self.assertIsNone(rows[unassigned.id])
        self.env.invalidate_all()
        for company in companies:
            self.assertEqual(shared.with_company(company).collector_id, self.controller)
        # The collector stays when the salesperson changes, as it did.
        shared.user_id = self.other_rep
        self.assertEqual(shared.collector_id, self.controller)
        self.assertEqual(of_b.with_company(self.env.company).collector_id, self.rep)

    def test_promise_rules_read_the_collector_of_the_promises_company(self):
        names = (
            "receivable_payment_promise_rule_salesman",
            "receivable_payment_promise_rule_salesman_write",
        )
        rules = self.env["ir.rule"].browse(
            [self.env.ref(f"turbo_crm_receivable.{name}").id for name in names]
        )
        # As the noupdate rules stayed in a database of 18.0.1.1.0.
        for rule in rules:
            rule.domain_force = rule.domain_force.replace(
                "customer_collector_id", "partner_id.collector_id"
            )
        script = "turbo_crm_receivable/migrations/18.0.1.2.0/post-migrate.py"
        load_script(file_path(script), "post-migrate").migrate(
            self.env.cr, "18.0.1.1.0"
        )
        for rule in rules:
            self.assertIn("customer_collector_id", rule.domain_force)
            self.assertNotIn("partner_id.collector_id", rule.domain_force)


@tagged("post_install", "-at_install")
class TestUpgradeToCreditApprovalRules(ReceivableCommon):
    """A database of 18.0.1.2.0 stopped the orders of customers on credit
    hold, and over their credit limit in the companies with the option
    "Stop Orders over the Credit Limit": the upgrade makes the approval rules
    that do it now."""

    def test_rules_of_the_hold_and_of_the_option(self):
        stopping = self.env["res.company"].create({"name": "Stopping Co"})
        warning = self.env["res.company"].create({"name": "Warning Co"})
        Rule = self.env["sale.approval.rule"]
        Rule.search([("company_id", "in", (stopping | warning).ids)]).unlink()
        self.env.flush_all()
        cr = self.env.cr
        if not sql.column_exists(cr, "res_company", "turbo_credit_limit_blocks"):
            sql.create_column(cr, "res_company", "turbo_credit_limit_blocks", "bool")
        cr.execute(
            SQL(
                "UPDATE res_company SET turbo_credit_limit_blocks = (id = %s)",
                stopping.id,
            )
        )
        script = "post-migrate"
        load_script(
            file_path(f"turbo_crm_receivable/migrations/18.0.1.3.0/{script}.py"),
            script,
        ).migrate(cr, "18.0.1.2.0")
        controllers = self.env.ref("turbo_crm_receivable.group_credit_controller")
        hold = ("Customer on credit hold", True, False, 90, controllers)
        limit = ("Over the credit limit", False, True, 90, controllers)
        for company, expected in ((stopping, [hold, limit]), (warning, [hold])):
            rules = Rule.search([("company_id", "=", company.id)])
            self.assertEqual(
                [
                    (
                        rule.name,
                        rule.on_credit_hold,
                        rule.over_credit_limit,
                        rule.sequence,
                        rule.approver_group_id,
                    )
                    for rule in rules.sorted("over_credit_limit")
                ],
                expected,
            )

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.modules.db import has_trigram
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestPartnerSearchIndexes(TransactionCase):
    """Odoo's partner search (`ilike '%...%'` over `_rec_names_search`) is
    served by trigram indexes, one per field, so that PostgreSQL can read
    the few matching partners rather than all of them."""

    def test_trigram_index_per_searched_field(self):
        self.assertTrue(has_trigram(self.env.cr), "pg_trgm is created at install")
        self.env.cr.execute(
            SQL(
                "SELECT indexname, indexdef FROM pg_indexes "
                "WHERE tablename = 'res_partner' AND indexname LIKE %s",
                "%trigram_index",
            )
        )
        indexes = dict(self.env.cr.fetchall())
        Partner = self.env["res.partner"]
        for fname in Partner._rec_names_search:
            name = f"res_partner_{fname}_trigram_index"
            self.assertIn(name, indexes)
            self.assertIn("USING gin", indexes[name])
            self.assertIn("gin_trgm_ops", indexes[name])
            # Partial: empty values (most tax numbers) are not indexed.
            self.assertIn("IS NOT NULL", indexes[name])

    def test_name_search_can_use_them(self):
        """The query Odoo builds matches the indexes' expressions: with
        sequential and ordered index scans ruled out, the plan reads every
        searched field from its trigram index."""
        Partner = self.env["res.partner"]
        query = Partner._search([("display_name", "ilike", "Shanghai Metro")])
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute("SET LOCAL enable_indexscan = off")
        try:
            self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
            plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        finally:
            self.env.cr.execute("RESET enable_seqscan")
            self.env.cr.execute("RESET enable_indexscan")
        for fname in Partner._rec_names_search:
            self.assertIn(f"res_partner_{fname}_trigram_index", plan)

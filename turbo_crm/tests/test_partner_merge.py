# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import TurboCrmDealCommon


@tagged("post_install", "-at_install")
class TestPartnerMergeKeepsRoles(TurboCrmDealCommon):
    """Zhang Wei was entered twice: once on this deal, once (as a duplicate)
    on this deal and on another. Merging the two contacts keeps his role on
    the other deal and one role on this one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.merger = new_test_user(
            cls.env,
            login="turbo_merger",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        Partner = cls.env["res.partner"]
        cls.zhang = Partner.create({"name": "Zhang Wei", "email": "zhang@example.com"})
        cls.zhang_dup = Partner.create(
            {"name": "Zhang Wei (dup)", "email": "zhang@example.com"}
        )
        # Another rep's deal, whose committee the merging user cannot read.
        cls.other_rep = new_test_user(
            cls.env, login="turbo_merge_rep", groups="sales_team.group_sale_salesman"
        )
        cls.other_lead = cls.lead.copy(
            {"name": "Test Other Deal", "user_id": cls.other_rep.id}
        )
        cls.boss = cls.add_stakeholder(cls.lead, cls.contacts[0])
        cls.kept = cls.add_stakeholder(
            cls.lead, cls.zhang, buying_role="technical_buyer", influence=4
        )
        cls.duplicate = cls.add_stakeholder(
            cls.lead, cls.zhang_dup, buying_role="influencer"
        )
        cls.report = cls.add_stakeholder(
            cls.lead, cls.contacts[1], parent_id=cls.duplicate.id
        )
        cls.only_role = cls.add_stakeholder(
            cls.other_lead,
            cls.zhang_dup,
            buying_role="decision_maker",
            attitude="champion",
            influence=5,
        )

    def _merge(self):
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.merger)
            .create(
                {
                    "partner_ids": [(6, 0, (self.zhang | self.zhang_dup).ids)],
                    "dst_partner_id": self.zhang.id,
                }
            )
        )
        return wizard.action_merge()

    def test_merge_keeps_the_only_role_on_another_deal(self):
        self._merge()
        self.assertFalse(self.zhang_dup.exists())
        self.assertTrue(self.only_role.exists())
        self.assertEqual(self.only_role.partner_id, self.zhang)
        self.assertEqual(self.only_role.buying_role, "decision_maker")
        self.assertEqual(self.only_role.attitude, "champion")
        self.assertFalse(self.other_lead.risk_no_decision_maker)

    def test_merge_dedupes_roles_on_the_same_deal(self):
        self._merge()
        self.assertFalse(self.duplicate.exists())
        committee = self.lead.stakeholder_ids
        self.assertEqual(committee, self.boss | self.kept | self.report)
        self.assertEqual(self.kept.buying_role, "technical_buyer")
        # Who reported to the duplicate reports to the kept role.
        self.assertEqual(self.report.parent_id, self.kept)
        self.assertEqual(self.zhang.sudo().stakeholder_ids, self.kept | self.only_role)

    def test_merge_into_a_company_contact_keeps_a_role_in_another_company(self):
        """The duplicate, shared by every company, sits on a committee of
        company B; the kept contact belongs to company A. Odoo merges them
        whatever the companies of their records: the role on company B's
        deal moves to the kept contact and the merge goes through."""
        company_b = self.env["res.company"].create({"name": "Test Merge Company B"})
        rep_b = new_test_user(
            self.env,
            login="turbo_merge_rep_b",
            groups="sales_team.group_sale_salesman",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        lead_b = self.env["crm.lead"].create(
            {
                "name": "Test Merge Deal B",
                "type": "opportunity",
                "company_id": company_b.id,
                "user_id": rep_b.id,
            }
        )
        role_b = self.add_stakeholder(
            lead_b, self.zhang_dup, buying_role="economic_buyer"
        )
        self.zhang.company_id = self.env.company
        self._merge()
        self.assertFalse(self.zhang_dup.exists())
        self.assertEqual(role_b.partner_id, self.zhang)
        self.assertEqual(role_b.buying_role, "economic_buyer")
        self.assertEqual(self.only_role.partner_id, self.zhang)

    def test_merge_keeps_the_reporting_line_without_a_cycle(self):
        """The kept role reports to someone who reports to the duplicate:
        that person then reports to the duplicate's own manager, not to the
        kept role (who reports to him), and the merge goes through."""
        self.duplicate.parent_id = self.boss
        self.kept.parent_id = self.report  # kept -> report -> duplicate -> boss
        self._merge()
        self.assertFalse(self.duplicate.exists())
        self.assertEqual(self.kept.parent_id, self.report)
        self.assertEqual(self.report.parent_id, self.boss)
        self.assertEqual(self.lead.stakeholder_ids, self.boss | self.kept | self.report)

    def test_merge_gives_the_duplicates_manager_to_the_kept_role(self):
        """The kept role reported to the duplicate: it now reports to the
        duplicate's manager, and the duplicate's reports to the kept role."""
        self.duplicate.parent_id = self.boss
        self.kept.parent_id = self.duplicate
        self._merge()
        self.assertEqual(self.kept.parent_id, self.boss)
        self.assertEqual(self.report.parent_id, self.kept)

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
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

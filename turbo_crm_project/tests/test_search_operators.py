# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.turbo_crm.tests.boolean_search import assert_boolean_search

from .common import ProjectDealCommon


@tagged("post_install", "-at_install")
class TestSearchOperators(ProjectDealCommon):
    @freeze_time("2026-04-10")
    def test_milestone_is_late(self):
        """On 10 April the proposal (due 12 March) is late, the contract
        (due 2 April) was reached late but is done, the others are due."""
        milestones = self.lead._apply_milestone_template(self.START)
        contract = milestones[1]
        self.upload(contract, self.cat_contract)
        contract.state = "done"
        assert_boolean_search(self, milestones.with_user(self.rep), "is_late")
        self.assertEqual(milestones.filtered("is_late").mapped("name"), ["Proposal"])

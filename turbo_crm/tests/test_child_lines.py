# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from xmlrpc.client import Fault

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import TurboCrmDealCommon


@tagged("post_install", "-at_install")
class TestChildLinesBelongToTheirDeal(TurboCrmDealCommon):
    """The rep edits the committee and competitors of her own deal; she
    moves none of them onto the deal of another rep, and staffs no deal
    team she does not lead."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_rep = new_test_user(
            cls.env, login="turbo_other_rep", groups="sales_team.group_sale_salesman"
        )
        cls.team.member_ids = [Command.link(cls.other_rep.id)]
        cls.theirs = cls.env["crm.lead"].create(
            {
                "name": "Test Their Deal",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.other_rep.id,
                "team_id": cls.team.id,
            }
        )
        cls.rival = cls.env["crm.competitor"].create({"name": "Test Child Rival"})

    def test_own_stakeholder_cannot_be_moved_onto_another_reps_deal(self):
        Stakeholder = self.env["crm.lead.stakeholder"].with_user(self.user_salesman)
        champion = Stakeholder.create(
            {
                "lead_id": self.lead.id,
                "partner_id": self.contacts[0].id,
                "attitude": "champion",
            }
        )
        with self.assertRaises(AccessError):
            champion.write({"lead_id": self.theirs.id})
        self.assertEqual(champion.lead_id, self.lead)
        self.assertFalse(self.theirs.stakeholder_ids)
        # Within her own deals she moves them freely.
        own = self.lead.copy({"name": "Test Own Second Deal"})
        champion.write({"lead_id": own.id})
        self.assertEqual(champion.lead_id, own)

    def test_own_competitor_line_cannot_be_moved_onto_another_reps_deal(self):
        Line = self.env["crm.lead.competitor"].with_user(self.user_salesman)
        line = Line.create(
            {"lead_id": self.lead.id, "competitor_id": self.rival.id, "threat": 5}
        )
        with self.assertRaises(AccessError):
            line.write({"lead_id": self.theirs.id})
        self.assertFalse(self.theirs.competitor_ids)

    def test_deal_team_member_does_not_staff_the_deal_team(self):
        presales = new_test_user(
            self.env,
            login="turbo_child_presales",
            groups="sales_team.group_sale_salesman",
        )
        intruder = new_test_user(
            self.env,
            login="turbo_child_intruder",
            groups="sales_team.group_sale_salesman",
        )
        self.env["crm.lead.team.member"].create(
            {"lead_id": self.lead.id, "user_id": presales.id}
        )
        self.add_stakeholder(self.lead, self.contacts[0], attitude="champion")
        # The pre-sales engineer works on the deal...
        self.lead.with_user(presales).expected_revenue = 1_100_000
        # ...but does not open it, and its committee, to someone else.
        Member = self.env["crm.lead.team.member"].with_user(presales)
        with self.assertRaises(AccessError):
            Member.create({"lead_id": self.lead.id, "user_id": intruder.id})
        with self.assertRaises(AccessError):
            self.lead.with_user(presales).write(
                {"team_member_ids": [Command.create({"user_id": intruder.id})]}
            )
        own_membership = self.lead.team_member_ids
        with self.assertRaises(AccessError):
            own_membership.with_user(presales).user_id = intruder
        self.assertEqual(self.lead.team_member_ids.user_id, presales)

    def test_deal_team_member_removes_nobody_but_herself(self):
        """A pre-sales engineer on the team neither removes her colleagues
        (by any command of the opportunity's form, or directly) nor changes
        their roles; she may leave the team herself, and the salesperson
        removes whom she staffed."""
        presales, architect = (
            new_test_user(
                self.env, login=login, groups="sales_team.group_sale_salesman"
            )
            for login in ("turbo_child_presales2", "turbo_child_architect")
        )
        Member = self.env["crm.lead.team.member"]
        own, colleague = Member.create(
            [
                {"lead_id": self.lead.id, "user_id": presales.id},
                {"lead_id": self.lead.id, "user_id": architect.id, "role": "architect"},
            ]
        )
        lead = self.lead.with_user(presales)
        for command in (
            Command.delete(colleague.id),
            Command.unlink(colleague.id),
            Command.set(own.ids),
            Command.clear(),
        ):
            with self.subTest(command=command), self.assertRaises(AccessError):
                lead.write({"team_member_ids": [command]})
        with self.assertRaises(AccessError):
            colleague.with_user(presales).unlink()
        with self.assertRaises(AccessError):
            colleague.with_user(presales).role = "finance"
        with self.assertRaises(AccessError):
            own.with_user(presales).role = "account_lead"
        self.assertEqual(self.lead.team_member_ids, own | colleague)
        self.assertEqual(colleague.role, "architect")
        # She notes what she does, and leaves the team by herself.
        own.with_user(presales).responsibilities = "Line layout"
        lead.write({"team_member_ids": [Command.delete(own.id)]})
        self.assertEqual(self.lead.team_member_ids, colleague)
        # The salesperson staffs the team: she changes roles and removes.
        colleague.with_user(self.user_salesman).role = "project_manager"
        self.lead.with_user(self.user_salesman).team_member_ids = [Command.clear()]
        self.assertFalse(self.lead.team_member_ids)

    def test_deal_team_member_does_not_take_the_deal_over(self):
        """Made salesperson, a team member would staff the team herself."""
        presales = new_test_user(
            self.env,
            login="turbo_child_presales3",
            groups="sales_team.group_sale_salesman",
        )
        self.env["crm.lead.team.member"].create(
            {"lead_id": self.lead.id, "user_id": presales.id}
        )
        lead = self.lead.with_user(presales)
        lead.description = "Site survey notes"  # she edits the deal
        for vals in ({"user_id": presales.id}, {"team_id": False}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                lead.write(vals)
        self.assertEqual(self.lead.user_id, self.user_salesman)
        # A sales manager hands the deal over.
        self.lead.with_user(self.user_sales_manager).user_id = presales
        self.assertEqual(self.lead.user_id, presales)

    def test_nobody_joins_an_unassigned_deal_to_read_its_committee(self):
        """Every rep may edit an unassigned deal, not read its committee:
        joining its deal team is no way round."""
        self.lead.user_id = False
        self.add_stakeholder(self.lead, self.contacts[0], attitude="champion")
        outsider = new_test_user(
            self.env,
            login="turbo_child_outsider",
            groups="sales_team.group_sale_salesman",
        )
        Stakeholder = self.env["crm.lead.stakeholder"].with_user(outsider)
        self.assertFalse(Stakeholder.search([("lead_id", "=", self.lead.id)]))
        self.lead.with_user(outsider).description = "Seen at the trade fair"
        with self.assertRaises(AccessError):
            self.env["crm.lead.team.member"].with_user(outsider).create(
                {"lead_id": self.lead.id, "user_id": outsider.id}
            )
        self.assertFalse(Stakeholder.search([("lead_id", "=", self.lead.id)]))

    def test_salesperson_leader_and_manager_staff_the_deal_team(self):
        leader = new_test_user(
            self.env,
            login="turbo_child_leader",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        self.team.user_id = leader
        Member = self.env["crm.lead.team.member"]
        for user, colleague in (
            (self.user_salesman, self.other_rep),
            (leader, self.user_channel_manager),
            (self.user_sales_manager, leader),
        ):
            member = Member.with_user(user).create(
                {"lead_id": self.lead.id, "user_id": colleague.id}
            )
            self.assertEqual(member.user_id, colleague)
        self.assertEqual(
            self.lead.team_member_ids.user_id,
            self.other_rep | self.user_channel_manager | leader,
        )
        # A rep who may edit every deal is no leader of this one.
        with self.assertRaises(AccessError):
            Member.with_user(self.user_channel_manager).create(
                {"lead_id": self.lead.id, "user_id": self.user_technician.id}
            )


@tagged("post_install", "-at_install")
class TestChildLinesOverXmlRpc(HttpCase):
    """The same attack as an API client: a rep's XML-RPC write moving her
    champion onto another rep's deal is refused, and the committee's
    buttons answer what XML-RPC carries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env, login="turbo_rpc_rep", groups="sales_team.group_sale_salesman"
        )
        other = new_test_user(
            cls.env, login="turbo_rpc_other", groups="sales_team.group_sale_salesman"
        )
        Lead = cls.env["crm.lead"]
        cls.lead = Lead.create(
            {"name": "Test RPC Deal", "type": "opportunity", "user_id": cls.rep.id}
        )
        cls.theirs = Lead.create(
            {"name": "Test RPC Their Deal", "type": "opportunity", "user_id": other.id}
        )
        cls.champion = cls.env["crm.lead.stakeholder"].create(
            {
                "lead_id": cls.lead.id,
                "partner_id": cls.env["res.partner"].create({"name": "Test RPC"}).id,
                "attitude": "champion",
            }
        )

    def _call(self, method, *args):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            self.rep.id,
            "turbo_rpc_rep",
            "crm.lead.stakeholder",
            method,
            *args,
        )

    def test_rpc_write_cannot_move_the_champion(self):
        with self.assertRaisesRegex(Fault, "doesn't have 'write' access"):
            self._call("write", [self.champion.ids, {"lead_id": self.theirs.id}])
        self.assertEqual(self.champion.lead_id, self.lead)
        action = self._call("action_open_lead", [self.champion.ids])
        self.assertEqual(action["res_id"], self.lead.id)

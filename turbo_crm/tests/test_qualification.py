# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import TurboCrmDealCommon


@tagged("post_install", "-at_install")
class TestQualification(TurboCrmDealCommon):
    def test_team_scorecard_is_the_default(self):
        self.assertEqual(self.lead.qualification_template_id, self.template)
        self.assertEqual(
            self.lead.qualification_ids.mapped("name"), ["Budget", "Need", "Timing"]
        )
        self.assertEqual(self.lead.qualification_state, "draft")

    def test_weighted_score(self):
        # Budget (weight 2) 5/5, Need (1) 0... no: 3/5, Timing (1) 0/5
        self.score(self.lead, ["5", "3", "0"])
        # (5/5*2 + 3/5*1 + 0/5*1) / 4 * 100 = (2 + 0.6) / 4 * 100 = 65
        self.assertAlmostEqual(self.lead.qualification_score, 65.0)
        self.assertFalse(self.lead.qualification_knockout)
        self.score(self.lead, ["5", "5", "5"])
        self.assertAlmostEqual(self.lead.qualification_score, 100.0)
        # Unscored criteria count as 0 in the score.
        self.lead.qualification_ids[0].score = False
        self.assertAlmostEqual(self.lead.qualification_score, 50.0)

    def test_weight_change_rescores(self):
        self.score(self.lead, ["5", "0", "0"])
        self.assertAlmostEqual(self.lead.qualification_score, 50.0)
        self.template.criterion_ids.filtered(lambda c: c.name == "Budget").weight = 6
        self.assertAlmostEqual(self.lead.qualification_score, 75.0)

    def test_knockout_fails_whatever_the_score(self):
        self.score(self.lead, ["5", "0", "5"])
        # (2 + 0 + 1) / 4 = 75, above the pass score, but Need is a knockout.
        self.assertAlmostEqual(self.lead.qualification_score, 75.0)
        self.assertTrue(self.lead.qualification_knockout)
        with self.assertRaises(UserError) as caught:
            self.lead.action_qualify()
        self.assertIn("Knockout criteria scored 0: Need", str(caught.exception))
        self.assertEqual(self.lead.qualification_state, "draft")

    def test_qualify_needs_every_score_and_the_pass_score(self):
        self.score(self.lead, ["5", "3"])
        with self.assertRaisesRegex(UserError, "Score every criterion: Timing"):
            self.lead.action_qualify()
        self.score(self.lead, ["1", "3", "1"])  # (0.4 + 0.6 + 0.2) / 4 = 30
        with self.assertRaisesRegex(UserError, "30 is under the pass score 60"):
            self.lead.action_qualify()
        self.score(self.lead, ["4", "3", "3"])  # (1.6 + 0.6 + 0.6) / 4 = 70
        self.lead.with_user(self.user_salesman).action_qualify()
        self.assertEqual(self.lead.qualification_state, "qualified")
        self.assertEqual(self.lead.qualification_user_id, self.user_salesman)
        self.assertTrue(self.lead.qualification_date)

    def test_decision_is_tracked(self):
        self.score(self.lead, ["4", "3", "3"])
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.lead.action_qualify()
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = self.lead.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "qualification_state"
        )
        self.assertEqual(tracked.old_value_char, "To Assess")
        self.assertEqual(tracked.new_value_char, "Qualified")

    def test_reject_and_reassess(self):
        self.lead.with_user(self.user_salesman).action_reject()
        self.assertEqual(self.lead.qualification_state, "rejected")
        self.assertEqual(self.lead.qualification_user_id, self.user_salesman)
        self.lead.action_reset_qualification()
        self.assertEqual(self.lead.qualification_state, "draft")
        self.assertFalse(self.lead.qualification_user_id)

    def test_changing_scorecard_replaces_the_lines(self):
        budget = self.lead.qualification_ids.filtered(lambda q: q.name == "Budget")
        budget.write({"score": "4", "evidence": "Approved"})
        other = self.template.copy({"name": "Other", "team_ids": False})
        other.criterion_ids.filtered(lambda c: c.name == "Timing").unlink()
        form = Form(self.lead)
        form.qualification_template_id = other
        lead = form.save()
        self.assertEqual(lead.qualification_ids.criterion_id, other.criterion_ids)
        self.assertEqual(len(lead.qualification_ids), 2)
        self.assertFalse(budget.exists(), "lines of the old scorecard are removed")

    def test_team_change_keeps_a_scorecard_already_scored(self):
        self.score(self.lead, ["4"])
        other_team = self.env["crm.team"].create({"name": "Other"})
        self.env["crm.qualification.template"].create(
            {"name": "Other scorecard", "team_ids": [(6, 0, other_team.ids)]}
        )
        self.lead.team_id = other_team
        self.assertEqual(self.lead.qualification_template_id, self.template)
        self.assertEqual(self.lead.qualification_ids[0].score, "4")

    def test_plain_leads_get_no_scorecard(self):
        lead = self.env["crm.lead"].create(
            {"name": "A business card", "type": "lead", "team_id": self.team.id}
        )
        self.assertFalse(lead.qualification_ids)
        lead.convert_opportunity(self.customer)
        template = lead.qualification_template_id
        self.assertTrue(template)
        self.assertEqual(lead.qualification_ids.criterion_id, template.criterion_ids)

    def test_form_scores_and_qualifies(self):
        with Form(self.lead.with_user(self.user_salesman)) as form:
            for index, score in enumerate(["4", "3", "3"]):
                with form.qualification_ids.edit(index) as line:
                    line.score = score
                    line.evidence = "Met them"
            self.assertAlmostEqual(form.qualification_score, 70.0)
        self.lead.with_user(self.user_salesman).action_qualify()
        self.assertEqual(self.lead.qualification_state, "qualified")

    def test_score_bounds(self):
        with self.assertRaises(ValueError):
            self.lead.qualification_ids[0].score = "6"


@tagged("post_install", "-at_install")
class TestQualificationGate(TurboCrmDealCommon):
    """The go/no-go holds on every path a rep may take."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep_lead = cls.lead.with_user(cls.user_salesman)
        cls.other_rep = new_test_user(
            cls.env,
            login="turbo_rep_2",
            groups="sales_team.group_sale_salesman",
        )
        cls.other_lead = cls.lead.copy(
            {"name": "Another rep's deal", "user_id": cls.other_rep.id}
        )

    def test_removing_criteria_does_not_qualify(self):
        budget, need, timing = self.rep_lead.qualification_ids.sorted("sequence")
        budget.score = "5"
        with self.assertRaisesRegex(UserError, "cannot be removed"):
            (need | timing).unlink()
        with self.assertRaisesRegex(UserError, "cannot be removed"):
            self.rep_lead.write(
                {
                    "qualification_ids": [
                        Command.delete(need.id),
                        Command.delete(timing.id),
                    ]
                }
            )
        self.assertEqual(len(self.lead.qualification_ids), 3)
        with self.assertRaisesRegex(UserError, "Score every criterion: Need, Timing"):
            self.rep_lead.action_qualify()

    def test_score_counts_missing_criteria_as_unscored(self):
        """Lines lost whatever the way (here, as superuser) do not pass."""
        self.score(self.lead, ["5", "5", "5"])
        self.env.cr.execute(
            "DELETE FROM crm_lead_qualification WHERE id IN %s",
            [tuple(self.lead.qualification_ids[1:].ids)],
        )
        self.lead.invalidate_recordset(["qualification_ids"])
        self.lead._compute_qualification_score()
        self.assertAlmostEqual(self.lead.qualification_score, 50.0)
        with self.assertRaisesRegex(UserError, "Score every criterion: Need, Timing"):
            self.rep_lead.action_qualify()

    def test_decided_by_and_on_are_the_decisions(self):
        with self.assertRaisesRegex(UserError, "recorded by the go/no-go decision"):
            self.rep_lead.write({"qualification_user_id": self.other_rep.id})
        with self.assertRaisesRegex(UserError, "recorded by the go/no-go decision"):
            self.rep_lead.write(
                {
                    "qualification_state": "rejected",
                    "qualification_date": "2020-01-01 00:00:00",
                }
            )
        self.rep_lead.action_reject()
        self.assertEqual(self.lead.qualification_user_id, self.user_salesman)
        self.assertNotEqual(str(self.lead.qualification_date)[:4], "2020")

    def test_lowering_a_score_reopens_the_decision(self):
        self.score(self.lead, ["4", "3", "3"])
        self.rep_lead.action_qualify()
        self.rep_lead.qualification_ids[0].score = "5"  # raising keeps it
        self.assertEqual(self.lead.qualification_state, "qualified")
        # The form shows the scores read-only once decided; the API writes.
        need = self.lead.qualification_ids.sorted("sequence")[1]
        self.rep_lead.write(
            {"qualification_ids": [Command.update(need.id, {"score": "1"})]}
        )
        self.assertEqual(self.lead.qualification_state, "draft")
        self.assertFalse(self.lead.qualification_user_id)
        self.assertFalse(self.lead.qualification_date)

    def test_another_scorecard_reopens_the_decision(self):
        self.score(self.lead, ["4", "3", "3"])
        self.rep_lead.action_qualify()
        other = self.template.copy({"name": "Other", "team_ids": False})
        self.rep_lead.qualification_template_id = other
        self.assertEqual(self.lead.qualification_state, "draft")

    def test_a_score_line_cannot_move_to_another_reps_deal(self):
        line = self.rep_lead.qualification_ids[0]
        with self.assertRaises(AccessError):
            line.write({"lead_id": self.other_lead.id})
        self.assertEqual(line.lead_id, self.lead)
        Line = self.env["crm.lead.qualification"].with_user(self.user_salesman)
        with self.assertRaises(AccessError):
            Line.create(
                {
                    "lead_id": self.other_lead.id,
                    "criterion_id": self.template.criterion_ids[0].id,
                    "score": "5",
                }
            )

    def test_buttons_return_a_value_xmlrpc_can_carry(self):
        self.score(self.lead, ["4", "3", "3"])
        self.assertIs(self.rep_lead.action_qualify(), True)
        self.assertIs(self.rep_lead.action_reset_qualification(), True)
        self.assertIs(self.rep_lead.action_reject(), True)

    def test_assigned_leads_get_their_scorecard(self):
        """Lead assignment converts one by one; scorecards come in one batch."""
        self.team.crm_team_member_ids.write({"assignment_max": 90})  # 3 a day
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"Card {i}",
                    "type": "lead",
                    "team_id": self.team.id,
                    "user_id": False,
                }
                for i in range(3)
            ]
        )
        self.team._action_assign_leads(force_quota=True)
        self.assertEqual(set(leads.mapped("type")), {"opportunity"})
        self.assertEqual(leads.qualification_template_id, self.template)
        self.assertEqual(len(leads.qualification_ids), 9)

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import TurboCrmDealCommon


@tagged("post_install", "-at_install")
class TestStageGate(TurboCrmDealCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Criterion = cls.env["crm.stage.exit.criterion"]
        cls.exit_deadline = Criterion.create(
            {
                "stage_id": cls.stage_new.id,
                "name": "Set the expected closing",
                "criterion_type": "field",
                "field_id": cls.env.ref("crm.field_crm_lead__date_deadline").id,
            }
        )
        cls.exit_survey = Criterion.create(
            {"stage_id": cls.stage_new.id, "name": "Site survey done"}
        )

    def test_leaving_with_unmet_criteria_lists_them(self):
        with self.assertRaises(UserError) as caught:
            self.lead.with_user(self.user_salesman).stage_id = self.stage_qualified
        message = str(caught.exception)
        self.assertIn("cannot move to T Qualified", message)
        self.assertIn("Set the expected closing", message)
        self.assertIn("Site survey done", message)
        self.assertEqual(self.lead.stage_id, self.stage_new)

    def test_criteria_met_lets_the_opportunity_go(self):
        self.lead.write(
            {
                "date_deadline": "2027-06-30",
                "checklist_done_ids": [(4, self.exit_survey.id)],
            }
        )
        self.lead.with_user(self.user_salesman).stage_id = self.stage_qualified
        self.assertEqual(self.lead.stage_id, self.stage_qualified)

    def test_one_unmet_criterion_is_named(self):
        self.lead.date_deadline = "2027-06-30"
        with self.assertRaisesRegex(UserError, "Site survey done") as caught:
            self.lead.stage_id = self.stage_qualified
        self.assertNotIn("expected closing", str(caught.exception))

    def test_stages_of_equal_sequence_follow_their_order(self):
        """Stages made in the UI share a sequence; crm orders them by id."""
        self.stage_qualified.sequence = self.stage_new.sequence
        with self.assertRaisesRegex(UserError, "Site survey done"):
            self.lead.stage_id = self.stage_qualified

    def test_moving_back_is_free(self):
        self.lead.write(
            {
                "date_deadline": "2027-06-30",
                "checklist_done_ids": [(4, self.exit_survey.id)],
                "stage_id": self.stage_qualified.id,
            }
        )
        self.lead.checklist_done_ids = False
        self.lead.stage_id = self.stage_new
        self.assertEqual(self.lead.stage_id, self.stage_new)

    def test_stage_requiring_qualification(self):
        self.exit_deadline.unlink()
        self.exit_survey.unlink()
        self.lead.stage_id = self.stage_qualified
        with self.assertRaisesRegex(UserError, "go/no-go assessment must be qualified"):
            self.lead.stage_id = self.stage_proposal
        self.score(self.lead, ["4", "3", "3"])
        self.lead.action_qualify()
        self.lead.stage_id = self.stage_proposal
        self.assertEqual(self.lead.stage_id, self.stage_proposal)

    def test_kanban_drag_and_drop_gets_the_same_refusal(self):
        """The kanban moves a card with web_save on the stage only."""
        self.exit_deadline.unlink()
        self.exit_survey.unlink()
        lead = self.lead.with_user(self.user_salesman)
        with self.assertRaisesRegex(UserError, "go/no-go assessment must be qualified"):
            lead.web_save({"stage_id": self.stage_proposal.id}, {})
        self.assertEqual(self.lead.stage_id, self.stage_new)

    def test_form_statusbar_click_is_refused(self):
        form = Form(self.lead.with_user(self.user_salesman))
        form.stage_id = self.stage_qualified
        with self.assertRaisesRegex(UserError, "Site survey done"):
            form.save()

    def test_marking_won_is_gated_too(self):
        with self.assertRaisesRegex(UserError, "Site survey done"):
            self.lead.action_set_won()
        self.assertFalse(self.lead.stage_id.is_won)

    def test_creating_in_a_gated_stage_is_refused(self):
        with self.assertRaisesRegex(UserError, "cannot be created in T Proposal"):
            self.env["crm.lead"].create(
                {
                    "name": "Shortcut",
                    "type": "opportunity",
                    "team_id": self.team.id,
                    "stage_id": self.stage_proposal.id,
                }
            )

    def test_refusal_writes_nothing(self):
        other = self.lead.copy(
            {
                "name": "Other",
                "date_deadline": "2027-01-01",
                "stage_id": self.stage_new.id,
            }
        )
        leads = self.lead | other
        leads[1].checklist_done_ids = self.exit_survey
        with self.assertRaises(UserError):
            leads.write({"stage_id": self.stage_qualified.id})
        self.assertEqual(leads.stage_id, self.stage_new)

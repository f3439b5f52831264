# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import contextmanager

from odoo import Command
from odoo.exceptions import UserError, ValidationError
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
        with self.assertRaises(UserError) as caught:
            self.lead.stage_id = self.stage_proposal
        self.assertIn("go/no-go assessment must be qualified", str(caught.exception))
        self.assertEqual(self.lead.stage_id, self.stage_qualified)
        self.score(self.lead, ["4", "3", "3"])
        self.lead.action_qualify()
        self.lead.stage_id = self.stage_proposal
        self.assertEqual(self.lead.stage_id, self.stage_proposal)

    def test_kanban_drag_and_drop_gets_the_same_refusal(self):
        """The kanban moves a card with web_save on the stage only."""
        self.exit_deadline.unlink()
        self.exit_survey.unlink()
        lead = self.lead.with_user(self.user_salesman)
        with self.assertRaises(UserError) as caught:
            lead.web_save({"stage_id": self.stage_proposal.id}, {})
        self.assertIn("go/no-go assessment must be qualified", str(caught.exception))
        self.assertEqual(self.lead.stage_id, self.stage_new)

    def test_form_statusbar_click_is_refused(self):
        form = Form(self.lead.with_user(self.user_salesman))
        form.stage_id = self.stage_qualified
        with self.assertRaisesRegex(UserError, "Site survey done"):
            form.save()

    def test_marking_won_is_gated_too(self):
        with self.assertRaises(UserError) as caught:
            self.lead.action_set_won()
        self.assertIn("Site survey done", str(caught.exception))
        self.assertFalse(self.lead.stage_id.is_won)

    def test_creating_in_a_gated_stage_is_refused(self):
        with self.assertRaisesRegex(UserError, "cannot move to T Proposal yet"):
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


@tagged("post_install", "-at_install")
class TestStageGateEveryPath(TurboCrmDealCommon):
    """The gates of a stage hold however an opportunity gets past it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Criterion = cls.env["crm.stage.exit.criterion"]
        cls.exit_survey = Criterion.create(
            {"stage_id": cls.stage_new.id, "name": "Site survey done"}
        )
        cls.exit_design = Criterion.create(
            {"stage_id": cls.stage_qualified.id, "name": "Design reviewed"}
        )
        cls.rep_lead = cls.lead.with_user(cls.user_salesman)

    @contextmanager
    def assertRefused(self, pattern):
        """The refusal, and the write undone (Odoo's assertRaises rolls its
        savepoint back, as the failed request's transaction is)."""
        with self.assertRaises(UserError) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)

    def qualify(self, lead):
        self.score(lead, ["4", "3", "3"])
        lead.with_user(self.user_salesman).action_qualify()

    def test_creating_past_a_gated_stage_is_refused(self):
        Lead = self.env["crm.lead"].with_user(self.user_salesman)
        values = {
            "name": "Shortcut",
            "type": "opportunity",
            "team_id": self.team.id,
            "user_id": self.user_salesman.id,
            "stage_id": self.stage_qualified.id,
        }
        with self.assertRefused(r"Site survey done \(T New\)"):
            Lead.create(values)
        lead = Lead.create(
            dict(values, checklist_done_ids=[Command.link(self.exit_survey.id)])
        )
        self.assertEqual(lead.stage_id, self.stage_qualified)

    def test_clearing_the_stage_does_not_skip_its_gate(self):
        self.rep_lead.stage_id = False
        with self.assertRaises(UserError) as caught:
            self.rep_lead.stage_id = self.stage_qualified
        self.assertIn("Site survey done", str(caught.exception))
        self.assertFalse(self.lead.stage_id)

    def test_converting_a_lead_applies_the_gates(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "A business card",
                "type": "lead",
                "team_id": self.team.id,
                "user_id": self.user_salesman.id,
                "stage_id": self.stage_proposal.id,
            }
        )
        with self.assertRaises(UserError) as caught:
            lead.with_user(self.user_salesman).convert_opportunity(self.customer)
        self.assertIn("go/no-go assessment must be qualified", str(caught.exception))
        self.assertEqual(lead.type, "lead")

    def test_jumping_over_a_stage_applies_its_gates(self):
        self.rep_lead.checklist_done_ids = self.exit_survey
        with self.assertRaises(UserError) as caught:
            self.rep_lead.stage_id = self.stage_proposal
        message = str(caught.exception)
        self.assertIn("Design reviewed (T Qualified)", message)
        self.assertIn("go/no-go assessment must be qualified", message)
        self.assertEqual(self.lead.stage_id, self.stage_new)
        self.qualify(self.lead)
        self.rep_lead.checklist_done_ids = self.exit_survey | self.exit_design
        self.rep_lead.stage_id = self.stage_proposal
        self.assertEqual(self.lead.stage_id, self.stage_proposal)

    def test_won_passes_every_gate_from_any_stage(self):
        self.rep_lead.checklist_done_ids = self.exit_survey | self.exit_design
        # T Proposal, passed over, needs the go/no-go.
        with self.assertRefused("go/no-go assessment must be qualified"):
            self.rep_lead.action_set_won()
        self.rep_lead.stage_id = False
        self.rep_lead.checklist_done_ids = False
        with self.assertRefused("Site survey done"):
            self.rep_lead.action_set_won()
        # A won stage placed first is still moving on.
        self.stage_won.sequence = 0
        self.rep_lead.stage_id = self.stage_new
        with self.assertRefused("Site survey done"):
            self.rep_lead.stage_id = self.stage_won
        self.rep_lead.checklist_done_ids = self.exit_survey
        self.rep_lead.stage_id = self.stage_won
        self.assertEqual(self.lead.stage_id, self.stage_won)

    def test_moving_back_stays_free(self):
        self.qualify(self.lead)
        self.rep_lead.checklist_done_ids = self.exit_survey | self.exit_design
        self.rep_lead.stage_id = self.stage_proposal
        self.rep_lead.checklist_done_ids = False
        self.rep_lead.stage_id = self.stage_new
        self.assertEqual(self.lead.stage_id, self.stage_new)

    def test_stages_of_another_team_are_not_passed(self):
        other_team = self.env["crm.team"].create({"name": "Other pipeline"})
        self.stage_qualified.team_id = other_team
        self.rep_lead.checklist_done_ids = self.exit_survey
        self.qualify(self.lead)
        self.rep_lead.stage_id = self.stage_proposal
        self.assertEqual(self.lead.stage_id, self.stage_proposal)

    def test_the_gate_leaves_pending_changes_unflushed(self):
        """Our check must not flush (as a savepoint does): Odoo computes its
        fields when it would without us."""
        tag = self.env["crm.tag"].create({"name": "Metro"})
        self.rep_lead.checklist_done_ids = self.exit_survey
        self.env.flush_all()

        def tag_name_in_db():
            self.env.cr.execute(
                "SELECT name->>'en_US' FROM crm_tag WHERE id = %s", [tag.id]
            )
            return self.env.cr.fetchone()[0]

        tag.name = "Metro, renamed"
        self.assertEqual(tag_name_in_db(), "Metro")
        self.rep_lead.stage_id = self.stage_qualified
        self.assertEqual(tag_name_in_db(), "Metro")

    def test_exit_criterion_on_a_field_the_opportunity_lacks_is_refused(self):
        with self.assertRaisesRegex(
            ValidationError, "not a field of the opportunities"
        ):
            self.env["crm.stage.exit.criterion"].create(
                {
                    "stage_id": self.stage_new.id,
                    "name": "Partner's VAT",
                    "criterion_type": "field",
                    "field_id": self.env.ref("base.field_res_partner__vat").id,
                }
            )
        criterion = self.env["crm.stage.exit.criterion"].create(
            {
                "stage_id": self.stage_new.id,
                "name": "Expected closing",
                "criterion_type": "field",
                "field_id": self.env.ref("crm.field_crm_lead__date_deadline").id,
            }
        )
        with self.assertRaisesRegex(
            ValidationError, "not a field of the opportunities"
        ):
            criterion.field_id = self.env.ref("base.field_res_partner__vat")

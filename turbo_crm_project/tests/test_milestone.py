# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ProjectDealCommon


@tagged("post_install", "-at_install")
class TestMilestonePlan(ProjectDealCommon):
    def test_plan_chosen_by_team_and_type(self):
        self.assertEqual(self.lead.milestone_template_id, self.template)
        with Form(self.lead) as form:
            form.tag_ids.clear()
        # Without the turnkey tag, another plan (or none) applies.
        self.assertNotEqual(self.lead.milestone_template_id, self.template)

    def test_apply_plan_dates_and_responsibles(self):
        milestones = self.lead._apply_milestone_template(self.START)
        self.assertEqual(
            milestones.mapped("name"), ["Proposal", "Contract", "Design", "Acceptance"]
        )
        self.assertEqual(
            milestones.mapped("deadline"),
            [date(2026, 3, 12), date(2026, 4, 2), date(2026, 5, 1), date(2026, 6, 30)],
        )
        self.assertEqual(milestones[0].user_id, self.rep)
        self.assertEqual(milestones[2].user_id, self.pm)
        self.assertEqual(milestones[2].milestone_type, "delivery")
        self.assertEqual(milestones[2].invoice_share, 30)
        self.assertEqual(milestones[0].required_category_ids, self.cat_proposal)
        self.assertEqual(set(milestones.mapped("state")), {"planned"})
        # Applying again adds nothing: the plan's lines are all there.
        self.assertFalse(self.lead._apply_milestone_template(self.START))
        self.assertEqual(len(self.lead.milestone_ids), 4)

    def test_apply_from_the_form_button(self):
        self.lead.with_user(self.rep).action_apply_milestone_template()
        self.assertEqual(self.lead.milestone_count, 4)
        self.lead.milestone_template_id = False
        with self.assertRaisesMessage(UserError, "Choose a milestone plan"):
            self.lead.action_apply_milestone_template()

    def test_invoice_shares_must_make_100(self):
        with (
            self.assertRaisesMessage(ValidationError, "add up to 90"),
            Form(self.template) as form,
            form.line_ids.edit(3) as line,
        ):
            line.invoice_share = 60

    @freeze_time("2026-04-10")
    def test_delay_days(self):
        proposal, contract, design, _acceptance = self.lead._apply_milestone_template(
            self.START
        )
        # Open and past its deadline of 12 March: 29 days late.
        self.assertEqual(proposal.delay_days, 29)
        self.assertTrue(proposal.is_late)
        # Reached on 6 April, four days after its deadline of 2 April.
        self.upload(contract, self.cat_contract)
        contract.write({"state": "done", "reached_date": date(2026, 4, 6)})
        self.assertEqual(contract.delay_days, 4)
        self.assertFalse(contract.is_late)
        self.assertEqual(design.delay_days, 0)
        self.assertEqual(
            self.env["crm.lead.milestone"].search(
                [("lead_id", "=", self.lead.id), ("is_late", "=", True)]
            ),
            proposal,
        )
        self.assertEqual(self.lead.milestone_late_count, 1)
        self.assertEqual(self.lead.milestone_done_count, 1)
        self.assertEqual(self.lead.milestone_progress, 25)


@tagged("post_install", "-at_install")
class TestDocumentGate(ProjectDealCommon):
    def test_missing_document_blocks_done(self):
        proposal = self.lead._apply_milestone_template(self.START)[0]
        self.assertEqual(proposal.missing_category_ids, self.cat_proposal)
        self.assertEqual(self.lead.missing_document_count, 4 - 1)
        with self.assertRaisesMessage(ValidationError, "attach its Test Proposal"):
            proposal.with_user(self.rep).action_done()
        proposal.invalidate_recordset()
        self.assertEqual(proposal.state, "planned")
        self.upload(proposal, self.cat_proposal, user=self.rep)
        self.assertTrue(proposal.documents_complete)
        with Form(proposal.with_user(self.rep)) as form:
            form.record.action_done()
        self.assertEqual(proposal.state, "done")
        self.assertTrue(proposal.reached_date)

    def test_new_version_keeps_the_old_one(self):
        proposal = self.lead._apply_milestone_template(self.START)[0]
        first = self.upload(proposal, self.cat_proposal, b"first issue")
        second = self.upload(proposal, self.cat_proposal, b"revision B")
        self.assertEqual(second.crm_document_version, 2)
        self.assertFalse(first.exists() and first.crm_document_current)
        versions = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "crm.lead"),
                ("res_id", "=", self.lead.id),
                ("crm_document_category_id", "=", self.cat_proposal.id),
            ],
            order="crm_document_version",
        )
        self.assertEqual(versions.mapped("crm_document_version"), [1, 2])
        self.assertEqual(versions.mapped("raw"), [b"first issue", b"revision B"])
        self.assertEqual(proposal.document_ids, versions[1])
        self.assertEqual(self.lead.document_count, 1)
        # The wizard says which version the next upload replaces.
        wizard = self.env["crm.document.upload"].new(
            {
                "lead_id": self.lead.id,
                "milestone_id": proposal.id,
                "category_id": self.cat_proposal.id,
            }
        )
        self.assertEqual(wizard.current_version, 2)

    def test_checklist_on_the_opportunity(self):
        milestones = self.lead._apply_milestone_template(self.START)
        missing = self.env["crm.lead"].search(
            [
                ("id", "=", self.lead.id),
                ("milestone_ids.documents_complete", "=", False),
            ]
        )
        self.assertEqual(missing, self.lead)
        self.assertEqual(
            milestones.filtered("missing_category_ids").mapped("name"),
            ["Proposal", "Contract", "Design"],
        )
        self.upload(milestones[2], self.cat_drawings)
        self.assertEqual(self.lead.missing_document_count, 2)

    def test_milestone_of_another_deal_refused(self):
        other = self.lead.copy({"name": "Other deal"})
        milestone = self.lead._apply_milestone_template(self.START)[0]
        wizard = self.env["crm.document.upload"].create(
            {
                "lead_id": other.id,
                "milestone_id": milestone.id,
                "category_id": self.cat_proposal.id,
                "datas": "c2Nhbg==",
            }
        )
        with self.assertRaisesMessage(UserError, "another opportunity"):
            wizard.action_upload()


@tagged("post_install", "-at_install")
class TestLateMilestones(ProjectDealCommon):
    def _late_activities(self, milestones):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "crm.lead.milestone"),
                ("res_id", "in", milestones.ids),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "turbo_crm_project.mail_activity_type_milestone_late"
                    ).id,
                ),
            ]
        )

    def test_job_twice_gives_one_activity(self):
        milestones = self.lead._apply_milestone_template(self.START)
        Milestone = self.env["crm.lead.milestone"]
        with freeze_time("2026-04-10"):
            flagged = Milestone._cron_flag_late_milestones()
            self.assertEqual(flagged & milestones, milestones[:2])
            self.assertFalse(Milestone._cron_flag_late_milestones() & milestones)
        activities = self._late_activities(milestones)
        self.assertEqual(len(activities), 2)
        self.assertEqual(
            activities.filtered(lambda a: a.res_id == milestones[0].id).user_id,
            self.rep,
        )
        self.assertIn("29 days late", activities[0].summary + activities[1].summary)

    def test_late_activity_in_the_language_of_its_responsible(self):
        """A summary is stored once: the job writes it in the language of
        the person it is for, whoever runs it."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["turbo_crm_project"], ["zh_CN"]
        )
        milestones = self.lead._apply_milestone_template(self.START)
        milestones[0].with_context(lang="zh_CN").name = "方案"
        self.rep.lang = "zh_CN"
        with freeze_time("2026-04-10"):
            self.env["crm.lead.milestone"].with_context(
                lang="en_US"
            )._cron_flag_late_milestones()
        activity = self._late_activities(milestones[0])
        self.assertEqual(activity.user_id, self.rep)
        self.assertEqual(activity.summary, "方案 已延误 29 天")

    def test_moved_deadline_and_done(self):
        proposal = self.lead._apply_milestone_template(self.START)[0]
        Milestone = self.env["crm.lead.milestone"]
        with freeze_time("2026-04-10"):
            Milestone._cron_flag_late_milestones()
            # Moved to a date that has passed again: asked once more, in
            # place of the first question, not next to it.
            proposal.with_user(self.rep).deadline = date(2026, 4, 1)
            self.assertFalse(Milestone._cron_flag_late_milestones())
            activity = self._late_activities(proposal)
            self.assertEqual(len(activity), 1)
            self.assertIn("9 days late", activity.summary)
            # Done: the late activities are done too.
            self.upload(proposal, self.cat_proposal)
            proposal.action_done()
        self.assertFalse(self._late_activities(proposal))
        self.assertTrue(
            proposal.message_ids.filtered(lambda m: "late" in (m.body or ""))
        )

    def test_moved_out_of_late(self):
        proposal = self.lead._apply_milestone_template(self.START)[0]
        Milestone = self.env["crm.lead.milestone"]
        with freeze_time("2026-04-10"):
            Milestone._cron_flag_late_milestones()
            self.assertEqual(len(self._late_activities(proposal)), 1)
            # Moved to the future: nothing to ask any more, until it is late
            # again.
            proposal.with_user(self.rep).deadline = date(2026, 5, 1)
            self.assertFalse(self._late_activities(proposal))
            self.assertFalse(Milestone._cron_flag_late_milestones() & proposal)
        with freeze_time("2026-05-04"):
            self.assertIn(proposal, Milestone._cron_flag_late_milestones())
            self.assertIn("3 days late", self._late_activities(proposal).summary)

    def test_cancel_and_reset(self):
        proposal = self.lead._apply_milestone_template(self.START)[0]
        proposal.action_cancel()
        self.assertEqual(self.lead.milestone_count, 3)
        proposal.action_reset()
        self.assertEqual(proposal.state, "planned")
        proposal.action_start()
        self.assertEqual(proposal.state, "in_progress")

    def test_not_late_without_deadline_or_when_closed(self):
        milestone = self.env["crm.lead.milestone"].create(
            {"lead_id": self.lead.id, "name": "Loose end"}
        )
        self.assertFalse(milestone.is_late)
        self.assertEqual(milestone.delay_days, 0)
        milestone.write(
            {"required_category_ids": [Command.clear()], "state": "cancelled"}
        )
        self.assertFalse(milestone.is_late)

    @freeze_time("2026-04-10")
    def test_reached_date_follows_the_state(self):
        """Done today unless a day is given, however the milestone gets
        done (created done by an import too); cleared when reopened."""
        Milestone = self.env["crm.lead.milestone"].with_user(self.rep)
        imported, dated = Milestone.create(
            [
                {
                    "lead_id": self.lead.id,
                    "name": "Site survey",
                    "required_category_ids": [Command.clear()],
                    "state": "done",
                },
                {
                    "lead_id": self.lead.id,
                    "name": "Kick-off",
                    "required_category_ids": [Command.clear()],
                    "state": "done",
                    "reached_date": date(2026, 3, 30),
                },
            ]
        )
        self.assertEqual(imported.reached_date, date(2026, 4, 10))
        self.assertEqual(dated.reached_date, date(2026, 3, 30))
        imported.action_reset()
        self.assertFalse(imported.reached_date)
        imported.action_done()
        self.assertEqual(imported.reached_date, date(2026, 4, 10))
        dated.action_cancel()
        self.assertFalse(dated.reached_date)

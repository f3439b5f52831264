# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .erp_import_common import ErpImportCommon


@tagged("post_install", "-at_install")
class TestErpImportAccess(ErpImportCommon):
    """Who may import, and whose import jobs each one sees."""

    def test_sales_rep_cannot_import(self):
        with self.assertRaises(AccessError):
            self.make_job(b"code,name\r\nC1,One\r\n", "c.csv", user=self.user_salesman)

    def test_importer_sees_own_jobs_manager_sees_all(self):
        content = self.make_csv([["编码", "名称"], ["ACC1", "Own import"]])
        own = self.make_job(content, "c.csv", user=self.user_importer)
        other = self.make_job(content, "c.csv", user=self.user_sales_manager)
        Import = self.env["crm.erp.import"]
        self.assertEqual(Import.with_user(self.user_importer).search([]), own)
        self.assertEqual(
            Import.with_user(self.user_sales_manager).search(
                [("id", "in", (own | other).ids)]
            ),
            own | other,
        )
        with self.assertRaises(AccessError):
            other.with_user(self.user_importer).read(["state"])
        own.with_user(self.user_importer).action_run()
        self.assertEqual(own.state, "done")
        self.assertEqual(own.line_ids.with_user(self.user_importer).status, "done")
        self.assertFalse(
            self.env["crm.erp.import.line"]
            .with_user(self.user_importer)
            .search([("import_id", "=", other.id)])
        )

    def test_other_company_jobs_hidden(self):
        company = self.env["res.company"].create({"name": "Other HVAC Co"})
        manager = new_test_user(
            self.env,
            login="turbo_erp_other_manager",
            groups="sales_team.group_sale_manager",
            company_id=company.id,
            company_ids=[company.id],
        )
        content = self.make_csv([["编码", "名称"], ["ACC2", "Other"]])
        job = self.make_job(content, "c.csv", user=self.user_sales_manager)
        self.assertFalse(
            self.env["crm.erp.import"].with_user(manager).search([("id", "=", job.id)])
        )

    def test_importer_cannot_forge_what_the_job_writes(self):
        """State, counts, progress, log and the user a job runs as are the
        job's own: an importer writing them over RPC is refused, and a job
        made for somebody else runs as its maker."""
        content = self.make_csv([["编码", "名称"], ["ACC3", "Forged"]])
        job = self.make_job(content, "c.csv", user=self.user_importer)
        self.assertEqual(job.user_id, self.user_importer)
        as_importer = job.with_user(self.user_importer)
        forged = [
            {"state": "done"},
            {"state": "checked"},
            {"created_count": 100},
            {"refused_count": 0},
            {"progress": 100.0},
            {"log": "All good"},
            {"background": True},
            {"user_id": self.user_sales_manager.id},
            {"line_count": 5},
        ]
        for vals in forged:
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_importer.write(vals)
        self.assertRecordValues(
            job, [{"state": "draft", "user_id": self.user_importer.id, "log": False}]
        )
        Import = self.env["crm.erp.import"].with_user(self.user_importer)
        with self.assertRaises(AccessError):
            Import.create(
                {
                    "file": job.file,
                    "filename": "c.csv",
                    "profile_id": self.profile_kingdee.id,
                    "user_id": self.user_sales_manager.id,
                }
            )
        with self.assertRaises(AccessError):
            Import.create(
                {
                    "file": job.file,
                    "filename": "c.csv",
                    "profile_id": self.profile_kingdee.id,
                    "state": "checked",
                }
            )
        # Its own buttons still write all of it.
        as_importer.action_run()
        self.assertRecordValues(
            job, [{"state": "done", "created_count": 1, "progress": 100.0}]
        )
        self.assertTrue(job.log)
        copy = as_importer.copy()
        self.assertRecordValues(
            copy, [{"state": "draft", "user_id": self.user_importer.id}]
        )

    def test_rows_are_written_by_the_job_only(self):
        content = self.make_csv([["编码", "名称"], ["ACC4", "Row"], ["", "No code"]])
        job = self.make_job(content, "c.csv", user=self.user_importer)
        job.with_user(self.user_importer).action_check()
        self.assertEqual(self.statuses(job), [(2, "create"), (3, "refused")])
        refused = job.line_ids[1].with_user(self.user_importer)
        self.assertEqual(refused.status, "refused")
        Line = self.env["crm.erp.import.line"].with_user(self.user_importer)
        with self.assertRaises(AccessError):
            refused.write({"status": "create", "raw_values": {"编码": "X"}})
        with self.assertRaises(AccessError):
            refused.write({"res_model": "res.users", "res_id": self.env.uid})
        with self.assertRaises(AccessError):
            Line.create({"import_id": job.id, "row_number": 9, "status": "create"})
        with self.assertRaises(AccessError):
            refused.unlink()
        # The refused row stays refused through the import.
        job.with_user(self.user_importer).action_run()
        self.assertEqual(self.statuses(job), [(2, "done"), (3, "refused")])
        self.assertEqual(job.refused_count, 1)
        # Reset (a button of the job) still removes them.
        job.with_user(self.user_importer).action_reset()
        self.assertFalse(job.line_ids)

    def test_file_of_a_checked_job_cannot_change(self):
        content = self.make_csv([["编码", "名称"], ["ACC5", "Checked"]])
        other = self.make_csv([["编码", "名称"], ["ACC6", "Swapped"]])
        job = self.make_job(content, "c.csv", user=self.user_importer)
        as_importer = job.with_user(self.user_importer)
        as_importer.action_check()
        for vals in (
            {"file": base64.b64encode(other)},
            {"profile_id": self.profile_yonyou.id},
        ):
            with self.subTest(vals=list(vals)), self.assertRaises(UserError):
                as_importer.write(vals)
        as_importer.action_reset()
        as_importer.write({"file": base64.b64encode(other)})
        as_importer.action_run()
        self.assertTrue(self.partner_by_ref("ACC6"))
        self.assertFalse(self.partner_by_ref("ACC5"))

    def test_nobody_hands_a_job_of_another_a_file(self):
        """A job runs as its maker (in the background too): a sales manager,
        who sees every job, does not give another's job a file or a target;
        a maker who lost the right has his queued job failed, not run."""
        content = self.make_csv([["编码", "名称"], ["ACC7", "Owner's"]])
        job = self.make_job(content, "c.csv", user=self.user_importer)
        as_manager = job.with_user(self.user_sales_manager)
        forged = self.make_csv([["编码", "名称"], ["ACC8", "Forged"]])
        with self.assertRaises(AccessError):
            as_manager.write({"file": base64.b64encode(forged)})
        with self.assertRaises(AccessError):
            as_manager.write({"profile_id": self.profile_yonyou.id})
        with self.assertRaises(AccessError):
            job.with_user(self.user_importer).write({"target": "order"})
        job.with_user(self.user_importer).action_run_background()
        self.user_importer.groups_id = [
            (3, self.env.ref("turbo_crm.group_erp_import").id)
        ]
        self.env["crm.erp.import"]._cron_run_imports()
        self.assertEqual(job.state, "failed")
        self.assertFalse(self.partner_by_ref("ACC7"))

# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestErpImportWorkers(TransactionCase):
    """Two cron workers at once never take the same background job. The
    jobs must be committed for a second connection to see them: they are
    made, and removed at the end, in transactions of their own."""

    def _in_new_transaction(self, function):
        # A cursor commits when its block ends without an error.
        with self.registry.cursor() as cr:
            return function(api.Environment(cr, SUPERUSER_ID, {}))

    def test_two_workers_take_two_jobs(self):
        def make_jobs(env):
            profile = env.ref("turbo_crm.crm_erp_import_profile_customer")
            content = base64.b64encode("编码,名称\r\nW1,Worker\r\n".encode())
            jobs = env["crm.erp.import"].create(
                [
                    {"file": content, "filename": f"w{n}.csv", "profile_id": profile.id}
                    for n in (1, 2)
                ]
            )
            jobs.action_run_background()
            return jobs.ids

        ids = self._in_new_transaction(make_jobs)
        try:
            with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
                worker_a = api.Environment(cr_a, SUPERUSER_ID, {})["crm.erp.import"]
                worker_b = api.Environment(cr_b, SUPERUSER_ID, {})["crm.erp.import"]
                taken_a = worker_a._claim_next_job()
                taken_b = worker_b._claim_next_job()
                # The oldest queued job for A; B skips it, held by A.
                self.assertEqual([taken_a.id, taken_b.id], ids)
                with self.registry.cursor() as cr_c:
                    worker_c = api.Environment(cr_c, SUPERUSER_ID, {})["crm.erp.import"]
                    # Both held: a third worker finds nothing to do.
                    self.assertFalse(worker_c._claim_next_job())
                    cr_c.rollback()
                    # Worker A let its job go (it failed, or was killed):
                    # the third worker takes it, B still holding its own.
                    cr_a.rollback()
                    self.assertEqual(worker_c._claim_next_job().id, taken_a.id)
                    cr_c.rollback()
                cr_b.rollback()
        finally:

            def remove(env):
                env["crm.erp.import"].browse(ids).unlink()

            self._in_new_transaction(remove)

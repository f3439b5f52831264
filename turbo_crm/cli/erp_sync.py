# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""``odoo erp_sync``: import the ERP files a folder holds (nightly syncs).

    python3 -m odoo --addons-path=... erp_sync -c odoo.conf -d mydb \\
        --profile turbo_crm.crm_erp_import_profile_customer \\
        --folder /srv/erp/out --done /srv/erp/imported

Each file is one import job, committed on its own. Exit code 0 when every
row was imported, 1 when some rows were refused (see the jobs' refused
rows), 2 when a file could not be read at all.

With ``--export``, writes instead into the folder the file of what changed
since the profile's last export (as *Export to ERP* on the profile does),
and commits the new export date with it; nothing when nothing changed:

    python3 -m odoo --addons-path=... erp_sync -c odoo.conf -d mydb \
        --profile turbo_crm.crm_erp_import_profile_customer \
        --folder /srv/erp/in --export
"""

import argparse
import base64
import shutil
import sys
from pathlib import Path

from odoo import SUPERUSER_ID, api
from odoo.cli import Command
from odoo.modules.registry import Registry
from odoo.tools import config

EXTENSIONS = {".csv", ".xlsx", ".xls"}


def find_profile(env, reference):
    """A profile by database id, external id or exact name."""
    Profile = env["crm.erp.import.profile"]
    if reference.isdigit():
        return Profile.browse(int(reference)).exists()
    if "." in reference:
        record = env.ref(reference, raise_if_not_found=False)
        if record and record._name == Profile._name:
            return record
    return Profile.search([("name", "=", reference)], limit=1)


def import_file(env, profile, path):
    """Import one file; return its job."""
    job = env["crm.erp.import"].create(
        {
            "profile_id": profile.id,
            "filename": path.name,
            "file": base64.b64encode(path.read_bytes()),
        }
    )
    job.action_run()
    return job


def job_summary(job):
    return (
        f"{job.filename}: {job.state}, {job.line_count} rows, "
        f"{job.created_count} created, {job.updated_count} updated, "
        f"{job.unchanged_count} unchanged, {job.refused_count} refused"
    )


def job_exit_code(job):
    if job.state == "failed":
        return 2
    return 1 if job.refused_count else 0


def export_file(env, profile, folder):
    """Write the profile's export into the folder; return (path, rows)."""
    content, filename, count = profile._export_file()
    if not count:
        return None, 0
    path = Path(folder) / filename
    # Written under a temporary name, then renamed: the ERP never reads a
    # half-written file.
    partial = path.with_name(f".{filename}.part")
    partial.write_bytes(content)
    partial.rename(path)
    return path, count


def folder_files(folder):
    return sorted(
        path
        for path in Path(folder).iterdir()
        if path.is_file() and path.suffix.lower() in EXTENSIONS
    )


class ErpSync(Command):
    """Import the ERP files of a folder with an import profile"""

    name = "erp_sync"

    def run(self, cmdargs):
        parser = argparse.ArgumentParser(
            prog=f"{Path(sys.argv[0]).name} {self.name}",
            description=self.__doc__.strip(),
        )
        parser.add_argument("-c", "--config", dest="config")
        parser.add_argument("-d", "--database", dest="db_name", required=True)
        parser.add_argument(
            "--profile", required=True, help="profile id, external id or name"
        )
        parser.add_argument("--folder", required=True, help="folder of ERP files")
        parser.add_argument("--done", help="move imported files to this folder")
        parser.add_argument(
            "--export",
            action="store_true",
            help="export what changed since the last export into the folder",
        )
        args = parser.parse_args(cmdargs)
        server_args = ["-d", args.db_name]
        if args.config:
            server_args += ["-c", args.config]
        config.parse_config(server_args)
        registry = Registry(args.db_name)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            profile = find_profile(env, args.profile)
            if not profile:
                sys.exit(f"erp_sync: no import profile {args.profile!r}")
            profile_id = profile.id
            if args.export:
                path, count = export_file(env, profile, args.folder)
                sys.stdout.write(
                    f"{path.name}: {count} rows\n" if path else "nothing to export\n"
                )
                sys.exit(0)
        exit_code = 0
        for path in folder_files(args.folder):
            # One transaction per file: a file's rows commit with it.
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                job = import_file(
                    env, env["crm.erp.import.profile"].browse(profile_id), path
                )
                sys.stdout.write(job_summary(job) + "\n")
                exit_code = max(exit_code, job_exit_code(job))
                failed = job.state == "failed"
            if args.done and not failed:
                shutil.move(str(path), str(Path(args.done) / path.name))
        sys.exit(exit_code)

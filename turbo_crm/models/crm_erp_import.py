# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import datetime
import io
import logging
import re
from collections import defaultdict

import psycopg2
import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL, html2plaintext, plaintext2html

from ..tools import check_service_write
from .crm_erp_reader import EXCEL_EPOCHS, ErpFile, excel_serial_to_date

_logger = logging.getLogger(__name__)

try:
    import xlsxwriter
except ImportError:  # pragma: no cover
    xlsxwriter = None

# Errors a row can cause while it is written, inside its savepoint.
ROW_ERRORS = (UserError, ValidationError, AccessError, ValueError, psycopg2.Error)
DEFAULT_MAX_SIZE_MB = 50
BATCH_SIZE = 500
CRON_BATCH_SIZE = 5000
# Records an import creates: their creation is logged on the job, not in
# a message on each of them, and the importer follows none of them.
CREATE_CONTEXT = {"mail_create_nolog": True, "mail_create_nosubscribe": True}
# Written by the job's own methods only (see _check_job_fields).
# Words ERPs use for the service types and states (besides their keys and
# labels).
SERVICE_TYPE_WORDS = {
    "安装": "installation",
    "安装调试": "installation",
    "维修": "repair",
    "报修": "repair",
    "保养": "maintenance",
    "维护": "maintenance",
    "维保": "maintenance",
    "巡检": "inspection",
    "检查": "inspection",
    "培训": "training",
}
SERVICE_STATE_WORDS = {
    "计划": "planned",
    "已计划": "planned",
    "待处理": "planned",
    "处理中": "in_progress",
    "进行中": "in_progress",
    "完成": "done",
    "已完成": "done",
    "已关闭": "done",
    "关闭": "done",
    "取消": "cancelled",
    "已取消": "cancelled",
}
SATISFACTION_WORDS = {
    "非常不满意": "1",
    "不满意": "2",
    "一般": "3",
    "满意": "4",
    "非常满意": "5",
}
JOB_FIELDS = {
    "state",
    "background",
    "user_id",
    "columns",
    "datemode",
    "line_count",
    "created_count",
    "updated_count",
    "unchanged_count",
    "refused_count",
    "progress",
    "log",
    "date_done",
    # Related to the profile: never written through the job.
    "target",
    "erp_system",
}


class CrmErpImport(models.Model):
    _name = "crm.erp.import"
    _description = "ERP import"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    file = fields.Binary(attachment=True, required=True)
    filename = fields.Char(string="File name")
    profile_id = fields.Many2one(
        "crm.erp.import.profile",
        required=True,
        check_company=True,
        tracking=True,
        domain="[('company_id', 'in', [company_id, False])]",
    )
    target = fields.Selection(related="profile_id.target", store=True)
    erp_system = fields.Selection(related="profile_id.erp_system", store=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("checked", "Checked"),
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        readonly=True,
    )
    background = fields.Boolean(
        string="In background",
        copy=False,
        readonly=True,
        help="Run by the scheduled job.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Imported by",
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
        help="The job runs with this user's rights, in the background too.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    line_ids = fields.One2many("crm.erp.import.line", "import_id", string="Rows")
    columns = fields.Json(help="The file's column names.", copy=False, readonly=True)
    datemode = fields.Integer(
        help="1 for workbooks dated from 1904.", copy=False, readonly=True
    )
    line_count = fields.Integer(string="Rows read", copy=False, readonly=True)
    created_count = fields.Integer(string="Created", copy=False, readonly=True)
    updated_count = fields.Integer(string="Updated", copy=False, readonly=True)
    unchanged_count = fields.Integer(string="Unchanged", copy=False, readonly=True)
    refused_count = fields.Integer(string="Refused", copy=False, readonly=True)
    progress = fields.Float(copy=False, aggregator=False, readonly=True)
    log = fields.Text(copy=False, readonly=True)
    date_done = fields.Datetime(string="Finished on", copy=False, readonly=True)

    @api.depends("filename", "profile_id")
    def _compute_name(self):
        for job in self:
            job.name = job.filename or job.profile_id.name or self.env._("New import")

    # -- Who writes what ----------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_job_fields(vals, creating=True)
                # A job runs as the user who made it, in the background too:
                # nobody makes one that runs as somebody else.
                vals["user_id"] = self.env.uid
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_job_fields(vals)
            if {"file", "profile_id", "company_id"} & set(vals):
                self._check_file_change()
        return super().write(vals)

    def _check_job_fields(self, vals, creating=False):
        """What the job sets itself (its state, counts, progress, log and
        who it runs as) is written by its own methods only."""
        protected = set(vals) & JOB_FIELDS
        if creating:
            # A new job may be given its defaults as they are.
            if vals.get("user_id") in (None, False, self.env.uid):
                protected.discard("user_id")
            if vals.get("state", "draft") == "draft":
                protected.discard("state")
        if protected:
            raise AccessError(
                self.env._(
                    "The import sets %(fields)s itself: they cannot be written.",
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in sorted(protected)
                    ),
                )
            )

    def _check_file_change(self):
        others = self.filtered(lambda job: job.user_id != self.env.user)
        if others:
            # The job runs as its maker: nobody else hands it a file.
            raise AccessError(
                self.env._(
                    "Only %(user)s, who made %(job)s, may change its file, "
                    "profile or company.",
                    user=others[0].user_id.name,
                    job=others[0].display_name,
                )
            )
        started = self.filtered(lambda job: job.state not in ("draft", "failed"))
        if started:
            raise UserError(
                self.env._(
                    "The file, profile and company of %s cannot change once it is "
                    "checked, queued or done: reset it first.",
                    ", ".join(started.mapped("display_name")),
                )
            )

    # -- Reading -------------------------------------------------------------
    def _get_max_size(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("turbo_crm.erp_import_max_size_mb", DEFAULT_MAX_SIZE_MB)
        )
        return float(value) * 1024 * 1024

    def _get_content(self):
        self.ensure_one()
        return base64.b64decode(self.with_context(bin_size=False).file or b"")

    def _open_file(self):
        self.ensure_one()
        content = self._get_content()
        max_size = self._get_max_size()
        if len(content) > max_size:
            raise UserError(
                self.env._(
                    "%(file)s is %(size).1f MB, over the limit of %(limit).1f MB: "
                    "split it, or ask an administrator to raise the limit "
                    "(turbo_crm.erp_import_max_size_mb).",
                    file=self.filename,
                    size=len(content) / 1048576,
                    limit=max_size / 1048576,
                )
            )
        profile = self.profile_id
        return ErpFile(
            self.env,
            content,
            self.filename,
            sheet=profile.sheet_name,
            header_row=profile.header_row,
            encoding=profile.encoding,
        )

    def _stage_lines(self):
        """Read the file into one staged line per row (nothing else written)."""
        self.ensure_one()
        erp_file = self._open_file()
        # sudo: the rows are the job's own, written by its methods only.
        Line = self.env["crm.erp.import.line"].sudo()
        self.line_ids.sudo().unlink()
        mapped = None
        vals_list = []
        for number, values, errors in erp_file.rows():
            if mapped is None:
                mapped = self._check_header(erp_file.header)
            raw = dict(zip(erp_file.header, values, strict=True))
            vals = {
                "import_id": self.id,
                "row_number": number,
                "raw_values": raw,
                "res_model": self._get_target_model(),
            }
            if errors:
                vals.update(
                    status="refused",
                    message="; ".join(
                        f"{erp_file.header[i] if i < len(erp_file.header) else i + 1}: "
                        f"{error}"
                        for i, error in errors.items()
                    ),
                )
            vals_list.append(vals)
            if len(vals_list) >= BATCH_SIZE:
                Line.create(vals_list)
                vals_list = []
        if mapped is None:
            self._check_header(erp_file.header)
            raise UserError(
                self.env._(
                    "%s holds column names but no rows to import.", self.filename
                )
            )
        Line.create(vals_list)
        self.sudo().write(
            {
                "columns": erp_file.header,
                "datemode": erp_file.datemode,
                "line_count": len(self.line_ids),
            }
        )

    def _check_header(self, header):
        _mapped, missing = self.profile_id._map_header(header)
        if missing:
            labels = dict(
                self.env["crm.erp.import.profile.mapping"]
                ._fields["column_key"]
                ._description_selection(self.env)
            )
            raise UserError(
                self.env._(
                    "%(file)s has no column for %(fields)s. Its columns are: "
                    "%(columns)s. Rename them, or map them in the profile %(profile)s.",
                    file=self.filename,
                    fields=", ".join(labels[key] for key in missing),
                    columns=", ".join(header) or "-",
                    profile=self.profile_id.name,
                )
            )
        return _mapped

    @api.model
    def _get_target_models(self):
        """{target: the model its rows write}; other addons add theirs."""
        return {
            "customer": "res.partner",
            "contact": "res.partner",
            "order": "sale.order",
            "service": "crm.service.record",
        }

    @api.model
    def _get_grouped_targets(self):
        """The targets whose rows of one code make one record together."""
        return ("order",)

    def _get_target_model(self):
        return self._get_target_models()[self.target]

    def _line_values(self, lines):
        """{line: {column key: stripped value}} for the profile's columns."""
        mapped, _missing = self.profile_id._map_header(self.columns or [])
        header = self.columns or []
        result = {}
        for line in lines:
            raw = line.raw_values or {}
            result[line] = {
                key: str(raw.get(header[index], "")).strip()
                for key, index in mapped.items()
            }
        return result

    # -- Buttons -------------------------------------------------------------
    def _check_importer(self):
        if not self.env.user.has_group("turbo_crm.group_erp_import"):
            raise AccessError(self.env._("You are not allowed to import ERP data."))
        self.check_access("write")
        self._check_target_access()

    def _check_target_access(self):
        """The user may create what the jobs' rows write (raises
        AccessError); addons add what their targets need."""
        for model in {job._get_target_model() for job in self}:
            self.env[model].check_access("create")

    def action_check(self):
        """The dry run: stage the rows and say what each would do."""
        self._check_importer()
        for job in self:
            job._do_check()
        return True

    def _do_check(self):
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self._stage_lines()
        except UserError as exc:
            self._fail(exc.args[0])
            return False
        pending = self.line_ids.filtered(lambda line: line.status != "refused")
        self._evaluate(pending, apply=False)
        self._update_counts()
        self.sudo().write({"state": "checked", "progress": 0.0})
        self._log(
            self.env._(
                "Checked %(rows)s rows: %(create)s to create, %(update)s to "
                "update, %(unchanged)s unchanged, %(refused)s refused.",
                rows=self.line_count,
                create=self.created_count,
                update=self.updated_count,
                unchanged=self.unchanged_count,
                refused=self.refused_count,
            )
        )
        return True

    def action_run(self):
        """Write the good rows now."""
        self._check_importer()
        for job in self:
            if job.state in ("draft", "failed") and not job._do_check():
                continue
            if job.state not in ("checked", "queued"):
                raise UserError(
                    self.env._("%s is not waiting to be run.", job.display_name)
                )
            job.sudo().state = "running"
            job._process_pending(limit=None)
        return True

    def action_run_background(self):
        """Queue the job: the scheduled job checks and runs it."""
        self._check_importer()
        for job in self:
            if job.state not in ("draft", "checked", "failed"):
                raise UserError(
                    self.env._("%s is queued or done already.", job.display_name)
                )
        self.sudo().write({"state": "queued", "background": True, "progress": 0.0})
        self.env.ref("turbo_crm.ir_cron_erp_import")._trigger()
        return True

    def action_reset(self):
        self._check_importer()
        self.line_ids.sudo().unlink()
        self.sudo().write(
            {
                "state": "draft",
                "background": False,
                "progress": 0.0,
                "line_count": 0,
                "created_count": 0,
                "updated_count": 0,
                "unchanged_count": 0,
                "refused_count": 0,
            }
        )
        return True

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "turbo_crm.crm_erp_import_line_action"
        )
        action["domain"] = [("import_id", "=", self.id)]
        action["context"] = {"search_default_group_status": 1}
        return action

    # -- Background ----------------------------------------------------------
    @api.model
    def _cron_run_imports(self):
        """Run one queued job a call, a batch at a time; two workers never
        take the same job (the row lock is held until the cron commits)."""
        job = self._claim_next_job()
        if not job:
            return True
        maker = job.user_id
        if not (
            maker._is_superuser()
            or (maker.active and maker.has_group("turbo_crm.group_erp_import"))
        ):
            job._fail(
                self.env._(
                    "%s may no longer import ERP data: the job is not run.",
                    maker.name,
                )
            )
            return True
        job = job.with_user(job.user_id).with_company(job.company_id)
        try:
            job._check_target_access()
        except AccessError as exc:
            job._fail(exc.args[0])
            return True
        if job.state == "queued":
            if not job._do_check():
                job._notify_cron(done=0)
                return True
            job.sudo().state = "running"
        done = job._process_pending(limit=CRON_BATCH_SIZE)
        job._notify_cron(done=done)
        return True

    @api.model
    def _claim_next_job(self):
        """The oldest job queued in background that no other transaction
        holds, locked until this transaction ends; empty when none is left."""
        self.flush_model(["state", "background"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM crm_erp_import WHERE state IN ('queued', 'running') "
                "AND background ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
            )
        )
        row = self.env.cr.fetchone()
        return self.browse(row[0] if row else ())

    def _notify_cron(self, done):
        remaining = self.sudo().search_count(
            [("state", "in", ("queued", "running")), ("background", "=", True)]
        )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _pending_lines(self):
        return self.env["crm.erp.import.line"].search(
            [("import_id", "=", self.id), ("status", "in", ("create", "update"))],
            order="row_number",
        )

    def _process_pending(self, limit):
        """Write up to ``limit`` pending rows (an order's rows together);
        finish the job when none is left. Returns the number of rows done."""
        self.ensure_one()
        pending = self._pending_lines()
        if limit and len(pending) > limit:
            keys = set(pending[:limit].mapped("key"))
            if self.target in self._get_grouped_targets():
                pending = pending.filtered(lambda line: line.key in keys)
            else:
                pending = pending[:limit]
        for start in range(0, len(pending), BATCH_SIZE):
            self._evaluate(pending[start : start + BATCH_SIZE], apply=True)
        self._update_counts()
        left = self.env["crm.erp.import.line"].search_count(
            [("import_id", "=", self.id), ("status", "in", ("create", "update"))]
        )
        total = self.line_count or 1
        self.sudo().progress = 100.0 * (total - left) / total
        if not left:
            self.sudo().write({"state": "done", "date_done": fields.Datetime.now()})
            self._log(
                self.env._(
                    "Imported: %(created)s created, %(updated)s updated, "
                    "%(unchanged)s unchanged, %(refused)s refused.",
                    created=self.created_count,
                    updated=self.updated_count,
                    unchanged=self.unchanged_count,
                    refused=self.refused_count,
                )
            )
        return len(pending)

    # -- Bookkeeping ---------------------------------------------------------
    def _fail(self, message):
        self.sudo().write({"state": "failed", "background": False})
        self._log(message)

    def _log(self, message):
        stamp = fields.Datetime.to_string(fields.Datetime.now())
        self.sudo().log = f"{self.log or ''}{stamp} {message}\n"
        self.message_post(body=message)

    def _update_counts(self):
        counts = defaultdict(int)
        for status, operation, count in self.env["crm.erp.import.line"]._read_group(
            [("import_id", "=", self.id)], ["status", "operation"], ["__count"]
        ):
            counts[status, operation] += count
        self.sudo().write(
            {
                "created_count": counts["create", "create"] + counts["done", "create"],
                "updated_count": counts["update", "update"] + counts["done", "update"],
                "unchanged_count": sum(
                    c for (s, _o), c in counts.items() if s == "unchanged"
                ),
                "refused_count": sum(
                    c for (s, _o), c in counts.items() if s == "refused"
                ),
            }
        )

    # -- Refused rows back as a workbook -------------------------------------
    def action_download_refused(self):
        self.ensure_one()
        attachment = self.env["ir.attachment"].create(
            {
                "name": self._get_refused_filename(),
                "raw": self._build_refused_workbook(),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _get_refused_filename(self):
        stem = re.sub(r"\.[^.]*$", "", self.filename or "import")
        return self.env._("%s - refused rows.xlsx", stem)

    def _build_refused_workbook(self):
        """The refused rows with the file's columns and an error column, to
        fix and upload again."""
        self.ensure_one()
        output = io.BytesIO()
        book = xlsxwriter.Workbook(
            output, {"in_memory": True, "strings_to_numbers": False}
        )
        sheet = book.add_worksheet()
        text = book.add_format({"num_format": "@"})
        bold = book.add_format({"bold": True})
        header = list(self.columns or [])
        for col, name in enumerate([*header, self.env._("Error")]):
            sheet.write_string(0, col, name, bold)
        refused = self.line_ids.filtered(lambda line: line.status == "refused")
        for row, line in enumerate(refused, 1):
            raw = line.raw_values or {}
            for col, name in enumerate(header):
                # As text: codes keep their leading zeros.
                sheet.write_string(row, col, str(raw.get(name, "")), text)
            sheet.write_string(
                row,
                len(header),
                self.env._(
                    "Row %(row)s: %(message)s",
                    row=line.row_number,
                    message=line.message or "",
                ),
            )
        book.close()
        return output.getvalue()

    # -- Evaluation ----------------------------------------------------------
    def _evaluate(self, lines, apply):
        """Say (and with ``apply``, do) what each line does to its record."""
        self.ensure_one()
        if lines:
            # sudo on the rows only: their status and message are the job's
            # to write; the records they make are written with the user's
            # rights.
            getattr(self, f"_evaluate_{self.target}")(lines.sudo(), apply)

    def _set_line(self, line, status, message="", operation=None, res_id=None):
        vals = {"status": status, "message": message}
        if operation:
            vals["operation"] = operation
        if res_id:
            vals["res_id"] = res_id
        line.write(vals)

    def _refuse(self, line, message):
        self._set_line(line, "refused", message)

    def _flag_duplicates(self, rows, key):
        """Refuse every row whose code is on another row too."""
        by_code = defaultdict(list)
        for line, values in rows.items():
            if values.get(key):
                by_code[values[key]].append(line)
        duplicates = set()
        for code, lines in by_code.items():
            if len(lines) > 1:
                numbers = ", ".join(str(line.row_number) for line in lines)
                for line in lines:
                    self._refuse(
                        line,
                        self.env._(
                            "The code %(code)s is on rows %(rows)s: keep one.",
                            code=code,
                            rows=numbers,
                        ),
                    )
                    duplicates.add(line)
        return duplicates

    # External ids per ERP
    @api.model
    def _code_to_xmlid_name(self, prefix, code):
        escaped = re.sub(r"[^\w-]", lambda m: f"~{ord(m.group()):04x}", code)
        return f"{prefix}_{escaped}"

    def _find_by_code(self, model, prefix, codes, code_field, domain, linked=None):
        """{code: records} for the codes, by this ERP's external ids first,
        then by ``code_field`` among the records no other ERP has claimed.
        The codes found by their external id are added to ``linked``."""
        module = self.profile_id._get_erp_module()
        Model = self.env[model]
        # sudo: external ids are readable by administrators only; we read
        # the ids of this ERP's records, whose access is checked below.
        data_sudo = self.env["ir.model.data"].sudo()
        names = {self._code_to_xmlid_name(prefix, code): code for code in codes}
        found = {}
        if names:
            for data in data_sudo.search_fetch(
                [
                    ("module", "=", module),
                    ("model", "=", model),
                    ("name", "in", list(names)),
                ],
                ["name", "res_id"],
            ):
                found[names[data.name]] = data.res_id
        alive = Model.browse(found.values()).exists()
        # Read together (one query a field for the batch, not one a row).
        result = {
            code: Model.browse(res_id).with_prefetch(alive._prefetch_ids)
            for code, res_id in found.items()
            if res_id in alive._ids
        }
        if linked is not None:
            linked.update(result)
        rest = [code for code in codes if code not in result]
        if rest:
            candidates = Model.search([(code_field, "in", rest), *domain])
            claimed = set(
                data_sudo.search(
                    [
                        ("model", "=", model),
                        ("res_id", "in", candidates.ids),
                        ("module", "=like", "\\_\\_erp\\_%"),
                        ("module", "!=", module),
                    ]
                ).mapped("res_id")
            )
            for record in candidates:
                if record.id not in claimed:
                    code = record[code_field]
                    result[code] = result.get(code, Model) | record
        return result

    def _get_company_prefix(self, prefix):
        """The external id prefix of records that belong to the job's
        company: two companies fed by one ERP keep their codes apart."""
        return f"{prefix}_c{self.company_id.id}"

    def _find_customers(self, codes, linked=None):
        """{code: companies} of this job's company (or shared) for the codes."""
        return self._find_by_code(
            "res.partner",
            "partner",
            codes,
            "ref",
            [
                ("parent_id", "=", False),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            linked=linked,
        )

    def _set_xmlid(self, record, prefix, code):
        module = self.profile_id._get_erp_module()
        name = self._code_to_xmlid_name(prefix, code)
        # sudo: only administrators create external ids; this one records
        # which ERP code the record was imported from.
        data_sudo = self.env["ir.model.data"].sudo()
        data = data_sudo.search([("module", "=", module), ("name", "=", name)])
        if data:
            if data.res_id != record.id or data.model != record._name:
                data.write({"model": record._name, "res_id": record.id})
        else:
            data_sudo.create(
                {
                    "module": module,
                    "name": name,
                    "model": record._name,
                    "res_id": record.id,
                    "noupdate": True,
                }
            )

    def _has_xmlid(self, record, prefix, code):
        return bool(
            self.env["ir.model.data"]
            .sudo()
            .search_count(
                [
                    ("module", "=", self.profile_id._get_erp_module()),
                    ("name", "=", self._code_to_xmlid_name(prefix, code)),
                    ("res_id", "=", record.id),
                ],
                limit=1,
            )
        )

    # Values
    def _parse_number(self, value):
        text = value.replace(" ", "").replace("\u00a0", "")
        if self.profile_id.decimal_separator == ",":
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
        text = text.rstrip("%")
        try:
            return float(text)
        except ValueError:
            raise UserError(self.env._("%s is not a number.", value)) from None

    def _parse_date(self, value):
        for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", self.profile_id.date_format):
            if not fmt:
                continue
            try:
                return datetime.datetime.strptime(value, fmt).date()
            except ValueError:
                continue
        if re.fullmatch(r"\d{1,6}(\.\d+)?", value):
            # An Excel serial day number the workbook did not format as a date.
            return excel_serial_to_date(value, self.datemode)
        raise UserError(
            self.env._(
                "%(value)s is not a date as %(format)s.",
                value=value,
                format=self.profile_id.date_format or "%Y-%m-%d",
            )
        )

    def _parse_datetime(self, value):
        """A moment of the ERP, in the importer's time zone, as UTC."""
        moment = None
        for fmt in (
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M:%S",
            "%Y/%m/%d %H:%M:%S",
            "%Y/%m/%d %H:%M",
            f"{self.profile_id.date_format} %H:%M:%S",
            f"{self.profile_id.date_format} %H:%M",
        ):
            try:
                moment = datetime.datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
        if moment is None and re.fullmatch(r"\d{1,6}\.\d+", value):
            moment = EXCEL_EPOCHS[self.datemode or 0] + datetime.timedelta(
                days=float(value)
            )
            moment = moment.replace(microsecond=0)
        if moment is None:
            try:
                moment = datetime.datetime.combine(
                    self._parse_date(value), datetime.time()
                )
            except UserError:
                raise UserError(
                    self.env._(
                        "%(value)s is not a date and time as %(format)s.",
                        value=value,
                        format="%Y-%m-%d %H:%M",
                    )
                ) from None
        tz = pytz.timezone(
            self.user_id.tz
            or self.env.user.tz
            or self.company_id.partner_id.tz
            or "UTC"
        )
        return tz.localize(moment).astimezone(pytz.utc).replace(tzinfo=None)

    def _resolve(self, kind, value, cache):
        """The record or key for a region, tier, segment or salesperson."""
        if (kind, value) in cache:
            return cache[kind, value]
        result = self.profile_id._map_value(kind, value)
        if result is None:
            result = getattr(self, f"_resolve_{kind}")(value)
        cache[kind, value] = result
        return result

    def _resolve_region(self, value):
        regions = self.env["crm.sales.region"].search(
            ["|", ("code", "=", value), ("name", "=", value)]
        )
        return regions if len(regions) == 1 else None

    def _resolve_selection(self, fname, value):
        lowered = value.lower()
        for key, label in (
            self.env["res.partner"]._fields[fname]._description_selection(self.env)
        ):
            if lowered in (key, label.lower()):
                return key
        return None

    def _resolve_tier(self, value):
        return self._resolve_selection("customer_tier", value)

    def _resolve_segment(self, value):
        return self._resolve_selection("customer_segment", value)

    def _resolve_salesperson(self, value):
        users = self.env["res.users"].search(
            ["|", ("login", "=", value), ("name", "=", value)]
        )
        return users if len(users) == 1 else None

    def _resolve_technician(self, value):
        users = self._resolve_salesperson(value)
        return users if users and users._is_internal() else None

    def _resolve_service_type(self, value):
        return self._resolve_selection_of(
            "crm.service.record", "service_type", value, SERVICE_TYPE_WORDS
        )

    def _resolve_selection_of(self, model, fname, value, words=None):
        """The key of a selection field for its key, label or usual word."""
        lowered = value.lower()
        for key, label in (
            self.env[model]._fields[fname]._description_selection(self.env)
        ):
            if lowered in (key, label.lower()):
                return key
        return (words or {}).get(value)

    def _resolved(self, kind, value, cache):
        result = self._resolve(kind, value, cache)
        if not result:
            messages = {
                "region": self.env._(
                    "Unknown sales region %s: map it in the profile's value maps.",
                    value,
                ),
                "tier": self.env._(
                    "Unknown tier %s: map it in the profile's value maps.", value
                ),
                "segment": self.env._(
                    "Unknown segment %s: map it in the profile's value maps.", value
                ),
                "salesperson": self.env._(
                    "Unknown salesperson %s: map the ERP code to a user in the "
                    "profile's value maps.",
                    value,
                ),
                "technician": self.env._(
                    "Unknown technician %s: map the ERP code to a user in the "
                    "profile's value maps.",
                    value,
                ),
                "service_type": self.env._(
                    "Unknown service type %s: map it in the profile's value maps.",
                    value,
                ),
            }
            raise UserError(messages[kind])
        return result

    def _diff(self, record, vals):
        """The values of ``vals`` that differ from the record's."""
        changed = {}
        for fname, value in vals.items():
            current = record[fname]
            field = record._fields[fname]
            if field.type == "many2one":
                current = current.id
            elif field.type == "html":
                # As the text it shows: the editor's markup is no change.
                current = html2plaintext(current or "").strip()
                value = html2plaintext(value or "").strip()
            elif field.type in ("char", "text", "selection"):
                current = current or ""
                value = value or ""
            if current != value:
                changed[fname] = value
        return changed

    def _changed_message(self, record, changed):
        labels = ", ".join(
            record._fields[f].get_description(self.env)["string"] for f in changed
        )
        return self.env._("Changes %s.", labels)

    # Customers and contacts
    def _prepare_partner_vals(self, values, cache):
        """res.partner values of a customer or contact row."""
        vals = {}
        for key in (
            "name",
            "phone",
            "mobile",
            "email",
            "street",
            "city",
            "zip",
            "vat",
            "website",
            "function",
        ):
            if values.get(key):
                vals[key] = values[key]
        if values.get("salesperson"):
            vals["user_id"] = self._resolved(
                "salesperson", values["salesperson"], cache
            ).id
        if values.get("region"):
            vals["sales_region_id"] = self._resolved(
                "region", values["region"], cache
            ).id
        if values.get("tier"):
            vals["customer_tier"] = self._resolved("tier", values["tier"], cache)
        if values.get("segment"):
            vals["customer_segment"] = self._resolved(
                "segment", values["segment"], cache
            )
        return vals

    def _evaluate_customer(self, lines, apply):
        rows = self._line_values(lines)
        for line, values in rows.items():
            if line.key != values.get("code"):
                line.key = values.get("code")
        duplicates = self._flag_duplicates(rows, "code") if not apply else set()
        codes = {
            v["code"]
            for line, v in rows.items()
            if v.get("code") and line not in duplicates
        }
        linked = set()
        existing = self._find_customers(codes, linked=linked)
        cache, creates = {}, []
        for line, values in rows.items():
            if line in duplicates:
                continue
            code = values.get("code")
            if not code or not values.get("name"):
                self._refuse(line, self.env._("The code and the name are required."))
                continue
            try:
                vals = self._prepare_partner_vals(values, cache)
            except UserError as exc:
                self._refuse(line, exc.args[0])
                continue
            vals.update(ref=code, is_company=True)
            partners = existing.get(code, self.env["res.partner"])
            self._upsert(line, partners, vals, "partner", code, apply, linked, creates)
        self._create_many("res.partner", creates)

    def _upsert(
        self, line, records, vals, prefix, code, apply, linked=None, creates=None
    ):
        """Create or update the one record a line is about. ``linked``: the
        codes known to have their external id (else it is looked up); with
        ``creates``, a new record is not created but added to it, for
        _create_many."""
        if len(records) > 1:
            self._refuse(
                line,
                self.env._(
                    "The code %(code)s matches %(count)s records (%(names)s): "
                    "merge them or give them different codes.",
                    code=code,
                    count=len(records),
                    names=", ".join(records.mapped("display_name")),
                ),
            )
            return
        if records:
            changed = self._diff(records, vals)
            if linked is None:
                is_linked = self._has_xmlid(records, prefix, code)
            else:
                is_linked = code in linked
            if not changed and is_linked:
                self._set_line(
                    line, "unchanged", self.env._("Unchanged."), res_id=records.id
                )
                return
            operation = "update"
            message = (
                self._changed_message(records, changed)
                if changed
                else self.env._("Links the ERP code to the existing record.")
            )
        else:
            operation, changed = "create", vals
            message = self.env._("New record.")
        if not apply:
            self._set_line(
                line, operation, message, operation=operation, res_id=records.id
            )
            return
        if not records and creates is not None:
            creates.append((line, vals, prefix, code, message))
            return
        try:
            with self.env.cr.savepoint():
                if records:
                    if changed:
                        records.write(changed)
                else:
                    records = records.with_context(**CREATE_CONTEXT).create(vals)
                self._set_xmlid(records, prefix, code)
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            raise  # not the row's fault: Odoo retries the whole batch
        except ROW_ERRORS as exc:
            self._refuse(line, str(exc.args[0] if exc.args else exc))
            return
        self._set_line(line, "done", message, operation=operation, res_id=records.id)

    def _create_many(self, model, creates):
        """Create the new records of a batch at once, with their external
        ids; a batch that fails is done again row by row, so that a bad row
        refuses itself only."""
        if not creates:
            return
        Model = self.env[model].with_context(**CREATE_CONTEXT)
        try:
            with self.env.cr.savepoint():
                records = Model.create([item[1] for item in creates])
                self._set_xmlids(
                    records, [(prefix, code) for _l, _v, prefix, code, _m in creates]
                )
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            raise  # not the row's fault: Odoo retries the whole batch
        except ROW_ERRORS:
            for line, vals, prefix, code, _message in creates:
                self._upsert(line, Model.browse(), vals, prefix, code, apply=True)
            return
        for (line, _vals, _prefix, _code, message), record in zip(
            creates, records, strict=True
        ):
            self._set_line(line, "done", message, operation="create", res_id=record.id)

    def _set_xmlids(self, records, keys):
        """_set_xmlid for many records: ``keys`` holds (prefix, code) of each."""
        module = self.profile_id._get_erp_module()
        names = [self._code_to_xmlid_name(prefix, code) for prefix, code in keys]
        # sudo: as in _set_xmlid.
        data_sudo = self.env["ir.model.data"].sudo()
        existing = {
            data.name: data
            for data in data_sudo.search(
                [("module", "=", module), ("name", "in", names)]
            )
        }
        vals_list = []
        for record, name in zip(records, names, strict=True):
            if name in existing:
                existing[name].write({"model": record._name, "res_id": record.id})
            else:
                vals_list.append(
                    {
                        "module": module,
                        "name": name,
                        "model": record._name,
                        "res_id": record.id,
                        "noupdate": True,
                    }
                )
        data_sudo.create(vals_list)

    def _evaluate_contact(self, lines, apply):
        rows = self._line_values(lines)
        for line, values in rows.items():
            if values.get("code") and line.key != values["code"]:
                line.key = values["code"]
        duplicates = self._flag_duplicates(rows, "code") if not apply else set()
        customers = self._find_customers(
            {v["customer_code"] for v in rows.values() if v.get("customer_code")}
        )
        linked = set()
        contacts = self._find_by_code(
            "res.partner",
            "contact",
            {
                v["code"]
                for line, v in rows.items()
                if v.get("code") and line not in duplicates
            },
            "ref",
            [
                ("parent_id", "!=", False),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            linked=linked,
        )
        cache, creates = {}, []
        Partner = self.env["res.partner"]
        for line, values in rows.items():
            if line in duplicates:
                continue
            customer_code = values.get("customer_code")
            if not customer_code or not values.get("name"):
                self._refuse(
                    line, self.env._("The customer code and the name are required.")
                )
                continue
            parent = customers.get(customer_code, Partner)
            if len(parent) != 1:
                self._refuse(
                    line,
                    self.env._(
                        "Unknown customer %s: import the customer first.", customer_code
                    )
                    if not parent
                    else self.env._(
                        "The customer code %(code)s matches %(count)s customers.",
                        code=customer_code,
                        count=len(parent),
                    ),
                )
                continue
            try:
                vals = self._prepare_partner_vals(values, cache)
            except UserError as exc:
                self._refuse(line, exc.args[0])
                continue
            vals.update(parent_id=parent.id, type="contact")
            code = values.get("code")
            if code:
                vals["ref"] = code
                records = contacts.get(code, Partner)
                self._upsert(
                    line, records, vals, "contact", code, apply, linked, creates
                )
                continue
            # Without a code a contact is its name within its customer (made
            # at once: a later row of the same name finds it).
            code = f"{customer_code}/{values['name']}"
            records = parent.child_ids.filtered(lambda c, n=values["name"]: c.name == n)
            self._upsert(line, records, vals, "contact", code, apply)
        self._create_many("res.partner", creates)

    # Orders with their lines
    def _evaluate_order(self, lines, apply):
        rows = self._line_values(lines)
        groups = defaultdict(list)
        for line, values in rows.items():
            ref = values.get("order_ref")
            if line.key != ref:
                line.key = ref
            if not ref:
                self._refuse(line, self.env._("The order number is required."))
                continue
            groups[ref].append(line)
        customers = self._find_customers(
            {v["customer_code"] for v in rows.values() if v.get("customer_code")}
        )
        orders = self._find_by_code(
            "sale.order",
            "order",
            set(groups),
            "client_order_ref",
            [("company_id", "=", self.company_id.id)],
        )
        product_codes = {
            v["product_code"] for v in rows.values() if v.get("product_code")
        }
        products = defaultdict(lambda: self.env["product.product"])
        for product in self.env["product.product"].search(
            [
                ("default_code", "in", list(product_codes)),
                ("sale_ok", "=", True),
                ("company_id", "in", [self.company_id.id, False]),
            ]
        ):
            products[product.default_code] |= product
        cache, creates = {}, []
        for ref, group in groups.items():
            errors = {}
            order_vals, line_vals = {}, []
            for line in group:
                try:
                    values = rows[line]
                    vals = self._prepare_order_line(values, products)
                    header = self._prepare_order_header(values, customers, cache)
                    if order_vals and header != order_vals:
                        raise UserError(
                            self.env._(
                                "The rows of order %s give different customers, "
                                "dates or salespeople.",
                                ref,
                            )
                        )
                    order_vals = header
                    line_vals.append(vals)
                except UserError as exc:
                    errors[line] = exc.args[0]
            if errors:
                numbers = ", ".join(str(line.row_number) for line in errors)
                for line in group:
                    self._refuse(
                        line,
                        errors.get(line)
                        or self.env._(
                            "Order %(ref)s is refused as a whole: see row %(rows)s.",
                            ref=ref,
                            rows=numbers,
                        ),
                    )
                continue
            self._upsert_order(
                group,
                orders.get(ref, self.env["sale.order"]),
                order_vals,
                line_vals,
                ref,
                apply,
                creates,
            )
        self._create_orders(creates)

    def _prepare_order_header(self, values, customers, cache):
        code = values.get("customer_code")
        partner = customers.get(code, self.env["res.partner"]) if code else None
        if not partner or len(partner) != 1:
            raise UserError(
                self.env._(
                    "Unknown customer %s: import the customer first.", code or "-"
                )
            )
        vals = {"partner_id": partner.id}
        if values.get("date_order"):
            vals["date_order"] = fields.Datetime.to_datetime(
                self._parse_date(values["date_order"])
            )
        if values.get("salesperson"):
            vals["user_id"] = self._resolved(
                "salesperson", values["salesperson"], cache
            ).id
        return vals

    def _prepare_order_line(self, values, products):
        code = values.get("product_code")
        product = products.get(code) if code else None
        if not product:
            raise UserError(self.env._("Unknown product %s.", code or "-"))
        if len(product) > 1:
            raise UserError(
                self.env._("The product code %s matches several products.", code)
            )
        vals = {
            "product_id": product.id,
            "product_uom_qty": self._parse_number(values.get("quantity") or "0"),
        }
        if vals["product_uom_qty"] <= 0:
            raise UserError(self.env._("The quantity must be positive."))
        if values.get("price_unit"):
            vals["price_unit"] = self._parse_number(values["price_unit"])
        if values.get("discount"):
            vals["discount"] = self._parse_number(values["discount"])
        if values.get("description"):
            vals["name"] = values["description"]
        return vals

    def _order_signature(self, order):
        return sorted(
            (
                line.product_id.id,
                line.product_uom_qty,
                line.price_unit,
                line.discount,
            )
            for line in order.order_line
            if not line.display_type
        )

    def _upsert_order(
        self, group, order, order_vals, line_vals, ref, apply, creates=None
    ):
        def mark(status, message, operation=None, res_id=None):
            for line in group:
                self._set_line(
                    line, status, message, operation=operation, res_id=res_id
                )

        if len(order) > 1:
            mark(
                "refused",
                self.env._("The order number %s matches several orders.", ref),
            )
            return
        if order:
            wanted = sorted(
                (
                    v["product_id"],
                    v["product_uom_qty"],
                    v.get("price_unit", None),
                    v.get("discount", 0.0),
                )
                for v in line_vals
            )
            current = self._order_signature(order)
            same_lines = len(wanted) == len(current) and all(
                w[0] == c[0]
                and w[1] == c[1]
                and (w[2] is None or abs(w[2] - c[2]) < 1e-6)
                and abs(w[3] - c[3]) < 1e-6
                for w, c in zip(wanted, current, strict=True)
            )
            changed = self._diff(
                order, {k: v for k, v in order_vals.items() if k != "date_order"}
            )
            if (
                order_vals.get("date_order")
                and order.date_order.date() != order_vals["date_order"].date()
            ):
                changed["date_order"] = order_vals["date_order"]
            if same_lines and not changed and self._has_xmlid(order, "order", ref):
                mark("unchanged", self.env._("Unchanged."), res_id=order.id)
                return
            if order.state not in ("draft", "sent"):
                mark(
                    "refused",
                    self.env._(
                        "Order %s is confirmed in Odoo: change it there, not "
                        "by import.",
                        ref,
                    ),
                )
                return
            operation, message = (
                "update",
                self.env._("Updates the order and its lines."),
            )
        else:
            operation, message = "create", self.env._("New order.")
        if not apply:
            mark(operation, message, operation=operation, res_id=order.id)
            return
        if not order and creates is not None:
            creates.append((group, order_vals, line_vals, ref, message))
            return
        vals = self._order_vals(order, order_vals, line_vals, ref)
        try:
            with self.env.cr.savepoint():
                if order:
                    order.write(vals)
                else:
                    order = order.with_context(**CREATE_CONTEXT).create(vals)
                self._set_xmlid(order, "order", ref)
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            raise  # not the row's fault: Odoo retries the whole batch
        except ROW_ERRORS as exc:
            mark("refused", str(exc.args[0] if exc.args else exc))
            return
        mark("done", message, operation=operation, res_id=order.id)

    def _order_vals(self, order, order_vals, line_vals, ref):
        vals = dict(order_vals, client_order_ref=ref)
        vals["order_line"] = [fields.Command.clear()] if order else []
        vals["order_line"] += [fields.Command.create(v) for v in line_vals]
        return vals

    def _create_orders(self, creates):
        """The new orders of a batch with one create, as _create_many; a
        batch that fails is done again order by order."""
        if not creates:
            return
        Order = self.env["sale.order"].with_context(**CREATE_CONTEXT)
        try:
            with self.env.cr.savepoint():
                orders = Order.create(
                    [
                        self._order_vals(Order, order_vals, line_vals, ref)
                        for _g, order_vals, line_vals, ref, _m in creates
                    ]
                )
                self._set_xmlids(
                    orders, [("order", ref) for _g, _o, _l, ref, _m in creates]
                )
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            raise  # not the row's fault: Odoo retries the whole batch
        except ROW_ERRORS:
            for group, order_vals, line_vals, ref, _message in creates:
                self._upsert_order(group, Order, order_vals, line_vals, ref, True)
            return
        for (group, _o, _l, _ref, message), order in zip(creates, orders, strict=True):
            for line in group:
                self._set_line(
                    line, "done", message, operation="create", res_id=order.id
                )

    # Service records
    def _evaluate_service(self, lines, apply):
        rows = self._line_values(lines)
        for line, values in rows.items():
            if line.key != values.get("service_code"):
                line.key = values.get("service_code")
        duplicates = self._flag_duplicates(rows, "service_code") if not apply else set()
        customers = self._find_customers(
            {v["customer_code"] for v in rows.values() if v.get("customer_code")}
        )
        linked = set()
        prefix = self._get_company_prefix("service")
        existing = self._find_by_code(
            "crm.service.record",
            prefix,
            {
                v["service_code"]
                for line, v in rows.items()
                if v.get("service_code") and line not in duplicates
            },
            "ref",
            [("company_id", "=", self.company_id.id)],
            linked=linked,
        )
        units = self._find_units(
            customers, {v["serial"] for v in rows.values() if v.get("serial")}
        )
        Record = self.env["crm.service.record"]
        cache, creates = {}, []
        for line, values in rows.items():
            if line in duplicates:
                continue
            code = values.get("service_code")
            records = existing.get(code, Record) if code else Record
            try:
                vals = self._prepare_service_vals(values, customers, units, cache)
                if len(records) <= 1:
                    self._check_service_vals(records, vals)
            except (UserError, ValidationError, AccessError, ValueError) as exc:
                self._refuse(line, str(exc.args[0] if exc.args else exc))
                continue
            vals["ref"] = code
            self._upsert(line, records, vals, prefix, code, apply, linked, creates)
        self._create_many("crm.service.record", creates)

    def _find_units(self, customers, serials):
        """{(customer id, serial): units} of the customers' installed base."""
        units = defaultdict(lambda: self.env["crm.service.equipment"])
        partners = [p.id for p in customers.values() if len(p) == 1]
        if serials and partners:
            for unit in self.env["crm.service.equipment"].search(
                [
                    ("commercial_partner_id", "in", partners),
                    ("serial", "in", list(serials)),
                    ("company_id", "=", self.company_id.id),
                ]
            ):
                units[unit.commercial_partner_id.id, unit.serial] |= unit
        return units

    def _prepare_service_vals(self, values, customers, units, cache):
        """crm.service.record values of a row (raises UserError)."""
        code = values.get("service_code")
        customer_code = values.get("customer_code")
        if not code or not customer_code:
            raise UserError(
                self.env._("The service code and the customer code are required.")
            )
        partner = self._get_one_customer(customer_code, customers)
        vals = {"partner_id": partner.id, "company_id": self.company_id.id}
        serial = values.get("serial")
        if serial:
            unit = units.get((partner.id, serial))
            if unit and len(unit) > 1:
                raise UserError(
                    self.env._(
                        "The serial number %(serial)s matches %(count)s units of "
                        "%(customer)s.",
                        serial=serial,
                        count=len(unit),
                        customer=partner.display_name,
                    )
                )
            if unit:
                vals["equipment_id"] = unit.id
            else:
                # A unit not in the installed base: its serial is kept as text.
                vals["serial"] = serial
        for key in ("requested_at", "arrival_at", "closed_at"):
            if values.get(key):
                vals[key] = self._parse_datetime(values[key])
        if values.get("service_date"):
            vals["date"] = self._parse_date(values["service_date"])
        elif vals.get("requested_at"):
            vals["date"] = fields.Date.context_today(self, vals["requested_at"])
        else:
            raise UserError(self.env._("The service date is required."))
        vals.update(self._prepare_service_choices(values, cache))
        if values.get("duration"):
            vals["duration"] = self._parse_number(values["duration"])
        for key, fname in (("name", "name"), ("outcome", "outcome")):
            if values.get(key):
                vals[fname] = values[key]
        if values.get("description"):
            vals["description"] = plaintext2html(values["description"])
        return vals

    def _prepare_service_choices(self, values, cache):
        """The type, technician, status and satisfaction of a row."""
        vals = {}
        if values.get("service_type"):
            vals["service_type"] = self._resolved(
                "service_type", values["service_type"], cache
            )
        if values.get("technician"):
            vals["user_id"] = self._resolved(
                "technician", values["technician"], cache
            ).id
        if values.get("state"):
            state = self._resolve_selection_of(
                "crm.service.record", "state", values["state"], SERVICE_STATE_WORDS
            )
            if not state:
                raise UserError(
                    self.env._("Unknown service status %s.", values["state"])
                )
            vals["state"] = state
        if values.get("satisfaction"):
            # The model says what it accepts (see _check_service_vals).
            value = values["satisfaction"]
            if re.fullmatch(r"\d+(\.0+)?", value):
                value = str(int(float(value)))
            vals["satisfaction"] = (
                self._resolve_selection_of(
                    "crm.service.record", "satisfaction", value, SATISFACTION_WORDS
                )
                or value
            )
        return vals

    def _get_one_customer(self, code, customers):
        """The one customer of a code in ``customers`` (raises UserError)."""
        partner = customers.get(code, self.env["res.partner"])
        if len(partner) != 1:
            raise UserError(
                self.env._("Unknown customer %s: import the customer first.", code)
                if not partner
                else self.env._(
                    "The customer code %(code)s matches %(count)s customers.",
                    code=code,
                    count=len(partner),
                )
            )
        return partner

    def _check_service_vals(self, record, vals):
        """Refuse, before anything is written, what the service model would
        refuse: its own checks and constraints on the values the row sets
        (raises UserError, ValidationError or AccessError)."""
        Record = self.env["crm.service.record"]
        if record:
            changed = self._diff(record, vals)
        else:
            # A new record: nobody typed in its technician or request time.
            vals.setdefault("user_id", False)
            vals.setdefault("requested_at", False)
            changed = dict(vals)
        if not changed:
            return
        check_service_write(record or Record, changed, "user_id", creating=not record)
        (record or Record)._check_kpi_inputs(changed, creating=not record)
        Record._check_satisfaction_values([changed])
        if changed.get("equipment_id"):
            Record._check_equipment_in_service(
                self.env["crm.service.equipment"].browse(changed["equipment_id"])
            )
        draft = Record.new(changed, origin=record or None)
        draft._validate_fields(changed)

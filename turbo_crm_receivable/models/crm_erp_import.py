# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.turbo_crm.models.crm_erp_import import CREATE_CONTEXT, ROW_ERRORS


class CrmErpImport(models.Model):
    """Open receivables from the ERP: each row an opening customer invoice,
    posted with its due date, so that aging and collections start on the
    first day."""

    _inherit = "crm.erp.import"

    @api.model
    def _get_target_models(self):
        models = super()._get_target_models()
        models["receivable"] = "account.move"
        return models

    def _check_target_access(self):
        if any(job.target == "receivable" for job in self) and not (
            self.env.su or self.env.user.has_group("account.group_account_invoice")
        ):
            raise AccessError(
                self.env._(
                    "Only users who may invoice (Accounting: Billing) import "
                    "open receivables."
                )
            )
        return super()._check_target_access()

    # -- Evaluation ----------------------------------------------------------
    def _get_receivable_journal(self):
        return self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.company_id),
                ("type", "=", "sale"),
            ],
            limit=1,
        )

    def _get_receivable_account(self, journal):
        account = self.profile_id.opening_account_id or journal.default_account_id
        if self.company_id not in account.company_ids:
            raise UserError(
                self.env._(
                    "The opening account %(account)s of the profile %(profile)s "
                    "is not an account of %(company)s.",
                    account=account.display_name,
                    profile=self.profile_id.name,
                    company=self.company_id.name,
                )
            )
        return account

    def _evaluate_receivable(self, lines, apply):
        rows = self._line_values(lines)
        for line, values in rows.items():
            if line.key != values.get("invoice_ref"):
                line.key = values.get("invoice_ref")
        duplicates = self._flag_duplicates(rows, "invoice_ref") if not apply else set()
        try:
            journal = self._get_receivable_journal()
            if not journal:
                raise UserError(
                    self.env._(
                        "%s has no sales journal for the opening invoices.",
                        self.company_id.name,
                    )
                )
            account = self._get_receivable_account(journal)
        except UserError as exc:
            for line in rows:
                if line not in duplicates:
                    self._refuse(line, exc.args[0])
            return
        customers = self._find_customers(
            {v["customer_code"] for v in rows.values() if v.get("customer_code")}
        )
        linked = set()
        moves = self._find_by_code(
            "account.move",
            self._get_company_prefix("receivable"),
            {
                v["invoice_ref"]
                for line, v in rows.items()
                if v.get("invoice_ref") and line not in duplicates
            },
            "ref",
            [
                ("move_type", "=", "out_invoice"),
                ("company_id", "=", self.company_id.id),
            ],
            linked=linked,
        )
        currency_codes = {
            v["currency"].upper() for v in rows.values() if v.get("currency")
        }
        currencies = {
            currency.name: currency
            for currency in self.env["res.currency"].search(
                [("name", "in", list(currency_codes))]
            )
        }
        Move = self.env["account.move"]
        creates = []
        for line, values in rows.items():
            if line in duplicates:
                continue
            try:
                vals = self._prepare_receivable_vals(
                    values, customers, currencies, journal, account
                )
            except UserError as exc:
                self._refuse(line, exc.args[0])
                continue
            ref = values["invoice_ref"]
            self._upsert_receivable(
                line, moves.get(ref, Move), vals, ref, apply, linked, creates
            )
        self._create_receivables(creates)

    def _prepare_receivable_vals(self, values, customers, currencies, journal, account):
        """account.move values of the opening invoice of a row."""
        ref = values.get("invoice_ref")
        customer_code = values.get("customer_code")
        if not ref or not customer_code:
            raise UserError(
                self.env._("The invoice number and the customer code are required.")
            )
        partner = self._get_one_customer(customer_code, customers)
        if not values.get("invoice_date") or not values.get("date_due"):
            raise UserError(
                self.env._("The invoice date and the due date are required.")
            )
        invoice_date = self._parse_date(values["invoice_date"])
        date_due = self._parse_date(values["date_due"])
        if date_due < invoice_date:
            raise UserError(
                self.env._(
                    "The due date %(due)s is before the invoice date %(date)s.",
                    due=date_due,
                    date=invoice_date,
                )
            )
        amount = self._parse_number(values.get("amount_open") or "0")
        if amount <= 0:
            raise UserError(
                self.env._(
                    "The open amount must be positive, not %s: credits are "
                    "booked in Odoo.",
                    values.get("amount_open") or "0",
                )
            )
        currency = self.company_id.currency_id
        if values.get("currency"):
            currency = currencies.get(values["currency"].upper())
            if not currency:
                raise UserError(self.env._("Unknown currency %s.", values["currency"]))
        label = values.get("description") or self.env._(
            "Opening balance of invoice %s", ref
        )
        return {
            "move_type": "out_invoice",
            "journal_id": journal.id,
            "partner_id": partner.id,
            "invoice_user_id": partner.user_id.id,
            "invoice_date": invoice_date,
            "invoice_date_due": date_due,
            "invoice_payment_term_id": False,
            "currency_id": currency.id,
            "ref": ref,
            "payment_reference": ref,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": label,
                        "quantity": 1.0,
                        "price_unit": currency.round(amount),
                        "account_id": account.id,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    def _receivable_changes(self, move, vals):
        """The labels of what the row changes on the invoice."""
        line_vals = vals["invoice_line_ids"][0][2]
        changes = []
        for fname in ("partner_id", "invoice_date", "invoice_date_due", "currency_id"):
            current = move[fname]
            if fname.endswith("_id"):
                current = current.id
            if current != vals[fname]:
                changes.append(fname)
        if move.currency_id.compare_amounts(
            move.amount_total, line_vals["price_unit"]
        ) or (move.currency_id.id != vals["currency_id"]):
            changes.append("amount_total")
        lines = move.invoice_line_ids
        if len(lines) != 1 or lines.name != line_vals["name"]:
            changes.append("invoice_line_ids")
        return list(dict.fromkeys(changes))

    def _upsert_receivable(self, line, move, vals, ref, apply, linked, creates=None):
        if len(move) > 1:
            self._refuse(
                line,
                self.env._(
                    "The invoice number %(ref)s matches %(count)s invoices "
                    "(%(names)s).",
                    ref=ref,
                    count=len(move),
                    names=", ".join(move.mapped("name")),
                ),
            )
            return
        changes = []
        if move:
            changes = self._receivable_changes(move, vals)
            if not changes and ref in linked:
                self._set_line(
                    line, "unchanged", self.env._("Unchanged."), res_id=move.id
                )
                return
            if move.state == "cancel":
                self._refuse(
                    line,
                    self.env._(
                        "Invoice %(ref)s (%(name)s) is cancelled in Odoo.",
                        ref=ref,
                        name=move.name,
                    ),
                )
                return
            labels = ", ".join(
                move._fields[fname].get_description(self.env)["string"]
                for fname in changes
            )
            if changes and ref not in linked:
                # Found by its reference only: somebody's own invoice, not
                # one this interface made. It is not rewritten.
                self._refuse(
                    line,
                    self.env._(
                        "Invoice %(name)s has %(ref)s as its reference but was "
                        "not imported from this ERP, and its %(fields)s differ: "
                        "change its reference in Odoo, or make the ERP's "
                        "figures match it.",
                        ref=ref,
                        name=move.name or move.display_name,
                        fields=labels,
                    ),
                )
                return
            if changes and move.state == "posted":
                self._refuse(
                    line,
                    self.env._(
                        "Invoice %(ref)s (%(name)s) is posted: its %(fields)s "
                        "cannot change by import. Book the difference in Odoo "
                        "(a credit note or a payment), or reset it to draft "
                        "there first.",
                        ref=ref,
                        name=move.name,
                        fields=labels,
                    ),
                )
                return
            operation = "update"
            message = (
                self.env._("Changes %s and posts the invoice.", labels)
                if changes
                else self.env._("Links the ERP code to the existing record.")
            )
        else:
            operation, message = "create", self.env._("New posted invoice.")
        if not apply:
            self._set_line(
                line, operation, message, operation=operation, res_id=move.id
            )
            return
        if not move and creates is not None:
            creates.append((line, vals, ref, message))
            return
        try:
            with self.env.cr.savepoint():
                if not move:
                    move = self._make_invoices([vals])
                elif changes:
                    move.write(
                        dict(
                            vals,
                            invoice_line_ids=[
                                Command.clear(),
                                *vals["invoice_line_ids"],
                            ],
                        )
                    )
                    self._post_invoices(move, [vals])
                self._set_xmlid(move, self._get_company_prefix("receivable"), ref)
        except ROW_ERRORS as exc:
            self._refuse(line, str(exc.args[0] if exc.args else exc))
            return
        self._set_line(line, "done", message, operation=operation, res_id=move.id)

    def _make_invoices(self, vals_list):
        moves = (
            self.env["account.move"]
            .with_company(self.company_id)
            .with_context(**CREATE_CONTEXT)
            .create(vals_list)
        )
        self._post_invoices(moves, vals_list)
        return moves

    def _post_invoices(self, moves, vals_list):
        # Without a payment term the due date is the file's, whatever the
        # create computed from the invoice date.
        for move, vals in zip(moves, vals_list, strict=True):
            if move.invoice_date_due != vals["invoice_date_due"]:
                move.invoice_date_due = vals["invoice_date_due"]
        moves.action_post()

    def _create_receivables(self, creates):
        """The new invoices of a batch with one create and one post; a batch
        that fails is done again invoice by invoice."""
        if not creates:
            return
        try:
            with self.env.cr.savepoint():
                moves = self._make_invoices([vals for _l, vals, _r, _m in creates])
                self._set_xmlids(
                    moves,
                    [
                        (self._get_company_prefix("receivable"), ref)
                        for _l, _v, ref, _m in creates
                    ],
                )
        except ROW_ERRORS:
            Move = self.env["account.move"]
            for line, vals, ref, _message in creates:
                self._upsert_receivable(line, Move, vals, ref, True, set())
            return
        for (line, _vals, _ref, message), move in zip(creates, moves, strict=True):
            self._set_line(line, "done", message, operation="create", res_id=move.id)

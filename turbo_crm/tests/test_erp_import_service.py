# Copyright 2026 Turbo CRM
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .erp_import_common import ErpImportCommon

HEADER = [
    "服务单号",
    "客户编码",
    "序列号",
    "服务类型",
    "服务日期",
    "工程师",
    "故障描述",
    "处理结果",
    "工时",
    "满意度",
    "状态",
    "到达时间",
    "完成时间",
]


def row(code, customer="K001", serial="SN-100", **values):
    base = {
        "服务类型": "维修",
        "服务日期": "2025-04-02",
        "工程师": "GC01",
        "故障描述": "冷水机组高压报警",
        "处理结果": "更换压力传感器",
        "工时": "2.5",
        "满意度": "5",
        "状态": "已完成",
        "到达时间": "2025-04-02 09:00",
        "完成时间": "2025-04-02 11:30",
    }
    base.update(values)
    return [code, customer, serial, *(base[name] for name in HEADER[3:])]


@tagged("post_install", "-at_install")
class TestErpImportService(ErpImportCommon):
    """Service records from the ERP: upsert by the ERP's service code, the
    customer by its code, the unit by its serial among the customer's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.hospital = Partner.create(
            {"name": "华东人民医院", "ref": "K001", "is_company": True}
        )
        cls.pharma = Partner.create(
            {"name": "Test ERP Pharma", "ref": "K002", "is_company": True}
        )
        Equipment = cls.env["crm.service.equipment"]
        cls.unit = Equipment.create(
            {"name": "CH-01", "partner_id": cls.hospital.id, "serial": "SN-100"}
        )
        cls.unit_retired = Equipment.create(
            {
                "name": "CH-00",
                "partner_id": cls.hospital.id,
                "serial": "SN-OLD",
                "state": "retired",
            }
        )
        # The same serial at another customer is not the hospital's unit.
        Equipment.create(
            {"name": "AHU-9", "partner_id": cls.pharma.id, "serial": "SN-200"}
        )
        cls.user_technician.tz = "Asia/Shanghai"
        Profile = cls.env["crm.erp.import.profile"]
        technician_map = [
            Command.create(
                {
                    "kind": "technician",
                    "source_value": "GC01",
                    "user_id": cls.user_technician.id,
                }
            )
        ]
        cls.profile_service = Profile.create(
            {
                "name": "Kingdee service records",
                "erp_system": "kingdee",
                "target": "service",
                "value_map_ids": technician_map,
            }
        )
        cls.profile_service_yonyou = Profile.create(
            {
                "name": "Yonyou service records",
                "erp_system": "yonyou",
                "target": "service",
                "value_map_ids": [Command.create(technician_map[0][2])],
            }
        )
        cls.user_importer.tz = "Asia/Shanghai"
        cls.user_importer.groups_id = [
            Command.link(cls.env.ref("turbo_crm.group_service_manager").id)
        ]

    def service_job(self, rows, profile=None, user=None):
        return self.make_job(
            self.make_xlsx([HEADER, *rows]),
            "services.xlsx",
            profile or self.profile_service,
            user=user or self.user_importer,
        )

    def records(self, *codes):
        return self.env["crm.service.record"].search([("ref", "in", codes)])

    def test_check_run_then_unchanged(self):
        rows = [row("FW-001"), row("FW-002", customer="K002", serial="SN-X9")]
        job = self.service_job(rows)
        job.action_check()
        self.assertEqual(self.statuses(job), [(2, "create"), (3, "create")])
        self.assertFalse(self.records("FW-001", "FW-002"))
        job.action_run()
        self.assertEqual(self.statuses(job), [(2, "done"), (3, "done")])
        record = self.records("FW-001")
        self.assertRecordValues(
            record,
            [
                {
                    "partner_id": self.hospital.id,
                    "company_id": job.company_id.id,
                    "equipment_id": self.unit.id,
                    "serial": "SN-100",
                    "service_type": "repair",
                    "date": date(2025, 4, 2),
                    "user_id": self.user_technician.id,
                    "outcome": "更换压力传感器",
                    "duration": 2.5,
                    "satisfaction": "5",
                    "state": "done",
                    # Shanghai time, stored in UTC.
                    "arrival_at": datetime(2025, 4, 2, 1, 0),
                    "closed_at": datetime(2025, 4, 2, 3, 30),
                    "requested_at": False,
                }
            ],
        )
        self.assertIn("冷水机组高压报警", record.description)
        self.assertEqual(
            record.get_external_id()[record.id],
            f"__erp_kingdee__.service_c{job.company_id.id}_FW-001",
        )
        # A serial not in the customer's installed base is kept as text.
        other = self.records("FW-002")
        self.assertFalse(other.equipment_id)
        self.assertEqual(other.serial, "SN-X9")

        again = self.service_job(rows)
        again.action_run()
        self.assertEqual(self.statuses(again), [(2, "unchanged"), (3, "unchanged")])
        self.assertEqual((again.created_count, again.updated_count), (0, 0))

        rows[1] = row("FW-002", customer="K002", serial="SN-X9", 处理结果="复查正常")
        changed = self.service_job(rows)
        changed.action_check()
        self.assertEqual(self.statuses(changed), [(2, "unchanged"), (3, "update")])
        changed.action_run()
        self.assertEqual(other.outcome, "复查正常")
        self.assertEqual(len(self.records("FW-001", "FW-002")), 2)

    def test_bad_rows_refused_with_their_row(self):
        rows = [
            row("FW-101"),
            row("FW-102", customer="NOPE"),
            row("FW-103", 满意度="7"),
            row("FW-104", 工时="-1"),
            row("FW-105", 完成时间="2025-04-02 08:00"),
            row("FW-106", serial="SN-OLD"),
            row("FW-107", 工程师="NOBODY"),
            row("FW-108", 服务类型="拆机"),
            row("FW-109", 服务日期="", 状态="已完成"),
            row("FW-110"),
            row("FW-110"),
        ]
        count = self.env["crm.service.record"].search_count([])
        job = self.service_job(rows)
        job.action_check()
        expected = [(2, "create")] + [(n, "refused") for n in range(3, 13)]
        self.assertEqual(self.statuses(job), expected)
        messages = dict(
            zip(
                job.line_ids.mapped("row_number"),
                job.line_ids.mapped("message"),
                strict=True,
            )
        )
        self.assertIn("Unknown customer NOPE", messages[3])
        self.assertIn("rated from 1 to 5, not 7", messages[4])
        self.assertIn("cannot be negative", messages[5])
        self.assertIn("closed before the technician arrived", messages[6])
        self.assertIn("is retired", messages[7])
        self.assertIn("Unknown technician NOBODY", messages[8])
        self.assertIn("Unknown service type 拆机", messages[9])
        self.assertIn("service date is required", messages[10])
        self.assertIn("rows 11, 12", messages[11])
        job.action_run()
        self.assertEqual(self.statuses(job), [(2, "done")] + expected[1:])
        self.assertEqual(self.env["crm.service.record"].search_count([]), count + 1)
        self.assertEqual(
            self.records(*(f"FW-1{n:02d}" for n in range(1, 11))).ref, "FW-101"
        )
        self.assertEqual((job.created_count, job.refused_count), (1, 10))
        # The refused rows come back in the error workbook.
        self.assertTrue(job._build_refused_workbook())

    def test_unit_retired_between_check_and_run(self):
        """The rows are checked again when run: a unit retired after the
        check refuses the rows on it, and nothing is written."""
        job = self.service_job([row("FW-201"), row("FW-202")])
        job.action_check()
        self.assertEqual(self.statuses(job), [(2, "create"), (3, "create")])
        self.unit.state = "retired"
        job.action_run()
        self.assertEqual(self.statuses(job), [(2, "refused"), (3, "refused")])
        self.assertIn("is retired", job.line_ids[0].message)
        self.assertFalse(self.records("FW-201", "FW-202"))

    def test_two_erps_same_code(self):
        self.service_job([row("FW-301")]).action_run()
        job = self.service_job(
            [row("FW-301", 处理结果="Yonyou's")], self.profile_service_yonyou
        )
        job.action_check()
        self.assertEqual(job.line_ids.status, "create")
        job.action_run()
        records = self.records("FW-301")
        self.assertEqual(
            sorted(records.mapped("outcome")), ["Yonyou's", "更换压力传感器"]
        )
        again = self.service_job(
            [row("FW-301", 处理结果="Yonyou's")], self.profile_service_yonyou
        )
        again.action_run()
        self.assertEqual(again.line_ids.status, "unchanged")
        self.assertEqual(len(self.records("FW-301")), 2)

    def test_access(self):
        # An importer without service rights cannot even check the file.
        self.user_importer.groups_id = [
            Command.unlink(self.env.ref("turbo_crm.group_service_manager").id),
            Command.unlink(self.env.ref("turbo_crm.group_service_user").id),
        ]
        job = self.service_job([row("FW-401")])
        with self.assertRaises(AccessError):
            job.with_user(self.user_importer).action_check()
        # A technician who imports gives no service to another technician:
        # the service model's own rule refuses the row at check.
        self.user_importer.groups_id = [
            Command.link(self.env.ref("turbo_crm.group_service_user").id)
        ]
        job.with_user(self.user_importer).action_run()
        self.assertEqual(job.line_ids.status, "refused")
        self.assertIn("Only service managers", job.line_ids.message)
        self.assertFalse(self.records("FW-401"))
        # Nor does he import the figures of his own KPIs: the customer's
        # rating and the closing time are refused, the rest comes in.
        login = self.user_importer.login
        own = self.service_job(
            [
                row("FW-402", 工程师=login),
                row("FW-403", 工程师=login, 满意度="", 完成时间=""),
            ]
        )
        own.with_user(self.user_importer).action_run()
        first, second = own.line_ids.sorted("row_number")
        self.assertEqual(first.status, "refused")
        self.assertIn("satisfaction", first.message)
        self.assertNotEqual(second.status, "refused", second.message)
        self.assertFalse(self.records("FW-402"))
        self.assertEqual(self.records("FW-403").user_id, self.user_importer)


@tagged("post_install", "-at_install")
class TestErpImportServiceDemo(ErpImportCommon):
    def test_demo_service_import_checks(self):
        customers = self.env.ref("turbo_crm.crm_erp_import_kingdee_customers", False)
        job = self.env.ref("turbo_crm.crm_erp_import_kingdee_service", False)
        if not (customers and job):
            self.skipTest("no demo data")
        customers.action_run()
        job.action_check()
        self.assertEqual(job.state, "checked")
        # Three services of the campaign (or unchanged if a sync ran on this
        # database already), and a satisfaction of 9.
        self.assertEqual((job.line_count, job.refused_count), (4, 1))
        self.assertEqual(job.created_count + job.unchanged_count, 3)
        refused = job.line_ids.filtered(lambda line: line.status == "refused")
        self.assertIn("rated from 1 to 5, not 9", refused.message)

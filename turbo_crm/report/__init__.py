from . import crm_sales_quota_report

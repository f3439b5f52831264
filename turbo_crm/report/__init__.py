from . import crm_sales_quota_report
from . import sale_order_approval_report
from . import crm_service_report

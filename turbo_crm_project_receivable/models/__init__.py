from . import crm_lead_milestone
from . import receivable_payment_plan_line
from . import sale_order

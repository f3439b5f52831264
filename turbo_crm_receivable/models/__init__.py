from . import account_move_line
from . import res_partner
from . import receivable_followup
from . import receivable_aging_report
from . import sale_order
from . import receivable_payment_promise
from . import receivable_payment_plan
from . import receivable_collector_report

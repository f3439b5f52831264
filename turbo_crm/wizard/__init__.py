from . import base_partner_merge
from . import sale_order_approval_reject_wizard

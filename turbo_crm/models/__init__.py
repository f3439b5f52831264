from . import crm_sales_region
from . import res_partner

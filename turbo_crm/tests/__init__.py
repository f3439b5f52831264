from . import test_sales_region
from . import test_security
from . import test_ui

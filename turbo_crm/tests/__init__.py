from . import test_sales_region
from . import test_security
from . import test_qualification
from . import test_stage_gate
from . import test_stakeholder
from . import test_access
from . import test_competitor
from . import test_ui

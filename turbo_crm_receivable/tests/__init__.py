from . import test_collector
from . import test_security
from . import test_aging
from . import test_followup
from . import test_ui
from . import test_payment_plan
from . import test_aging_customer
from . import test_credit_check

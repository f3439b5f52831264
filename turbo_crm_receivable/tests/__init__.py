from . import test_collector
from . import test_security

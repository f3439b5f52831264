from . import test_plan_by_milestone
from . import test_access_matrix
from . import test_languages
from . import test_list_widths

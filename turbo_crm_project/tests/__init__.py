from . import test_document_category
from . import test_milestone
from . import test_milestone_plan_choice
from . import test_project_milestone
from . import test_profit
from . import test_access
from . import test_late_concurrency
from . import test_ui

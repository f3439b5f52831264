from . import test_plan_by_milestone

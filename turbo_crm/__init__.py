from . import models
from . import report
from . import wizard
from . import cli
from .hooks import uninstall_hook

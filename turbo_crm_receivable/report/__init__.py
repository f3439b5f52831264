from . import receivable_aging_report
from . import receivable_cash_in_forecast
from . import receivable_collector_report

from . import crm_document_category

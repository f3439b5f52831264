from . import crm_document_upload

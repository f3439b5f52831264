from . import test_document_category

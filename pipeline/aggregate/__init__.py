"""Aggregate: per-document results -> `documents.jsonl` and tidy tables (`tables`), and the comparison
tables the report is made of (`views`, pure functions over the tables)."""
from .tables import (
                     TABLE_NAMES,
                     VERSION,
                     Tables,
                     collect,
                     doc_id,
                     document_record,
                     document_records,
                     previous_documents,
                     read_tables,
                     write_tables,
)
from .views import (
                     DOC_KEYS,
                     UNKNOWN,
                     by_doc,
                     changes,
                     coverage,
                     documents_on,
                     has_theme,
                     indicator_table,
                     motions,
                     narrow,
                     questions,
                     records_of,
                     select,
                     sourced_facts,
                     strongest_quotes,
                     theme_documents,
                     theme_facts,
                     theme_matrix,
                     themes_over_time,
                     themes_touched,
                     unknown_last,
                     with_unknown,
)

__all__ = ["DOC_KEYS", "TABLE_NAMES", "UNKNOWN", "VERSION", "Tables", "by_doc", "changes", "collect", "coverage", "doc_id",
           "document_record", "document_records", "documents_on", "has_theme", "indicator_table", "motions", "narrow",
           "previous_documents", "questions", "read_tables", "records_of", "select", "sourced_facts", "strongest_quotes",
           "theme_documents", "theme_facts", "theme_matrix", "themes_over_time", "themes_touched",
           "unknown_last", "with_unknown", "write_tables"]

"""Read queries over the store, shared by the JSON API and the HTML pages (one function per view).

Every function takes a SQLAlchemy ``Engine`` and returns plain JSON-ready data (dicts, lists, numbers,
strings), so a page and its ``.json`` twin show the same thing. Lists are bounded: a page of at most
``MAX_LIMIT`` rows, and totals counted up to ``COUNT_CAP`` (beyond that the answer says "at least").
Aggregate views (timeline, map, an actor's network) are counted by the database (GROUP BY), over the indexes
of the store's migration 0003 and its ``record_actors`` table, so a page reads counts rather than records.

The functions live in ``base`` (filters, conditions, paging), ``lists`` and ``views``; a new page's queries go
in a module of their own here, importing what they need from ``base``.
"""

from .base import (COUNT_CAP, DOC_SORTABLE, LIST_KINDS, MAX_LIMIT, SORTABLE, UNKNOWN_HOLDER, VIEW_CAP, Filters,
                   check_date, record_row)
from .lists import (facets, get_document, get_record, list_actors, list_documents, list_records, stats)
from .views import actor_profile, arms_overview, map_data, month_of, timeline
from .fused import (annotate_events, annotate_record, document_fusion, fused_detail, list_fused, list_stories,
                    story_detail)

__all__ = ["COUNT_CAP", "DOC_SORTABLE", "LIST_KINDS", "MAX_LIMIT", "SORTABLE", "UNKNOWN_HOLDER", "VIEW_CAP",
           "Filters", "check_date", "record_row", "facets", "get_document", "get_record", "list_actors",
           "list_documents", "list_records", "stats", "actor_profile", "arms_overview", "map_data", "month_of",
           "timeline", "annotate_events", "annotate_record", "document_fusion", "fused_detail", "list_fused",
           "list_stories", "story_detail"]

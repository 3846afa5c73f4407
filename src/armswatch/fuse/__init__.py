"""Cross-document work: copies, fused events, stories, reconciled figures and claim links.

Public: ``update.add_document`` / ``update.rebuild`` (writes, inside the caller's transaction), the readers
of ``fuse.store`` (fused_events, fused_event, stories, story, copies_of, claim_links, summary),
``figures.reconcile``, ``claims.link_claims`` and ``Params`` (the ``[fuse]`` settings).
"""

from .params import Params

__all__ = ["Params"]

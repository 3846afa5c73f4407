"""Cross-document work: claim links (``claims.link_claims``)."""

"""Similarity of article texts: exact fingerprints, MinHash signatures, and the copy-or-update decision.

Pure maths on words; the database side of deduplication is ``worker.database.dedup``.
"""

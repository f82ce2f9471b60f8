#!/usr/bin/env python3
"""BROKEN ON PURPOSE: merges gossip by adding the received counts to its own
instead of taking the maximum per node. The same state arriving twice is
counted twice, so the value grows past the sum of all acknowledged adds; the
g-counter checker must report final reads above the range the adds allow.
Everything else is g_counter.py unchanged.
"""

import g_counter as reference


def merge_by_adding(message):
    counts = reference.counts
    for owner, count in message["body"]["counts"].items():
        if owner != reference.node.node_id:
            counts[owner] = counts.get(owner, 0) + count  # the bug: should be max


reference.merge = merge_by_adding
reference.main()

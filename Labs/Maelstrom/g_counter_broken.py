#!/usr/bin/env python3
"""BROKEN ON PURPOSE: merges gossip by adding the sender's count to what it
already had for the sender, instead of taking the maximum. Gossip repeats the
whole state every round, so every round counts the sender's adds again: the
value grows past the sum of all acknowledged adds, and the g-counter checker
must report final reads above the range the adds allow. (It adds only the
sender's own entry, so the error grows by a round's worth each round rather
than exponentially: numbers stay ordinary integers in a run of minutes.)
Everything else is g_counter.py unchanged.
"""

import g_counter as reference


def merge_by_adding(message):
    counts, sender = reference.counts, message["src"]
    count = message["body"]["counts"].get(sender, 0)
    counts[sender] = counts.get(sender, 0) + count  # the bug: should be max, over every entry


reference.merge = merge_by_adding
reference.main()

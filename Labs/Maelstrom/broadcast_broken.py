#!/usr/bin/env python3
"""BROKEN ON PURPOSE: no retries. A new message is pushed to the neighbours once
(broadcast.py's fast path) and never sent again: the periodic anti-entropy
that resends what a neighbour has not acknowledged is switched off. A message
sent while a partition cuts a link is lost for good on the other side, so the
broadcast checker must report lost messages (acknowledged broadcasts missing
from some node's final read) in a run with `--nemesis partition`. Without
faults it passes, which is the lesson.
"""

import broadcast as reference


def never_resend():
    pass  # the bug: broadcast.py resends unacknowledged messages here


reference.gossip_missing = never_resend
reference.main()

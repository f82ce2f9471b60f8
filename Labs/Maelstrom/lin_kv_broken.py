#!/usr/bin/env python3
"""BROKEN ON PURPOSE: reads skip the log. Any node — a follower, or a leader
cut off by a partition — answers `read` at once from the state it has applied
so far. Writes and cas still go through Raft. A follower that lags, or an old
leader in a minority that no longer hears about new writes, returns a stale
value after a newer write was acknowledged; the linearizability checker must
report the history as not linearizable (`--nemesis partition` makes it show).
Everything else is lin_kv.py unchanged.
"""

from maelstrom_node import KEY_DOES_NOT_EXIST

import lin_kv as reference


def read_local_state(request):
    key = request["body"]["key"]
    if key in reference.raft.kv:  # the bug: lin_kv.py appends the read to the log
        reference.node.reply(request, {"type": "read_ok", "value": reference.raft.kv[key]})
    else:
        reference.node.error(request, KEY_DOES_NOT_EXIST, "no key %r" % (key,))


reference.read = read_local_state
reference.main()

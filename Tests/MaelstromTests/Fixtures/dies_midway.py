#!/usr/bin/env python3
"""BROKEN ON PURPOSE: the reference broadcast node (Labs/Maelstrom/broadcast.py),
except that n2 dies part-way through a run: at its 3rd broadcast it says why
on stderr and exits with status 1, as a student's node with a bug does. A lab played on it
must stop with the node and its last stderr line, not carry on and exit 0.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "Labs", "Maelstrom"))

import broadcast as reference  # noqa: E402

handled = [0]
keep = reference.broadcast


def broadcast_then_die(request):
    handled[0] += 1
    if reference.node.node_id == "n2" and handled[0] >= 3:
        sys.stderr.write("the bug: n2 gives up after %d broadcasts\n" % handled[0])
        sys.stderr.flush()
        os._exit(1)  # not an exception: the node's handler loop would log it and go on
    keep(request)


reference.broadcast = broadcast_then_die
reference.main()

#!/usr/bin/env python3
"""Reference node for Maelstrom's txn-list-append workload: one copy of the data.

Every transaction runs on the first node (in `node_ids` order), one at a
time and whole, so the history is serializable: the home node appends and
reads in its own order, and a transaction sees exactly the transactions
before it. Micro-ops as Maelstrom's workload doc (doc/workloads.md,
"txn-list-append") gives them: `["append", k, v]` appends v to the list at
key k; `["r", k, null]` is answered with the list (null if the key was never
appended to). Other nodes forward a transaction to the home node and relay
its answer; one that gets no answer is error 0 (timeout, indefinite: it may
still have run).

State is kept in memory on the home node only: no fault tolerance at all
(a partition that cuts a node off from the home node makes its requests
time out; killing the home node loses the data).
"""

from maelstrom_node import Node, TIMEOUT

FORWARD_TIMEOUT = 2.0

node = Node()
lists = {}  # key -> list of appended values, on the home node


def home():
    return sorted(node.node_ids)[0]


def execute(txn):
    """Runs the micro-ops in order; returns them with reads filled in."""
    done = []
    for f, key, value in txn:
        if f == "append":
            lists.setdefault(key, []).append(value)
            done.append([f, key, value])
        else:
            read = lists.get(key)
            done.append([f, key, list(read) if read is not None else None])
    return done


def txn(request):
    body = request["body"]
    if node.node_id == home():
        node.reply(request, {"type": "txn_ok", "txn": execute(body["txn"])})
    else:
        node.rpc(home(), {"type": "txn", "txn": body["txn"]}, lambda answer: relay(request, answer),
                 timeout=FORWARD_TIMEOUT)


def relay(request, answer):
    if answer is None:
        node.error(request, TIMEOUT, "forwarded to %s, no answer (it may still have run)" % home())
    else:
        node.reply(request, {k: v for k, v in answer["body"].items() if k not in ("msg_id", "in_reply_to")})


if __name__ == "__main__":
    node.serve({"txn": txn})

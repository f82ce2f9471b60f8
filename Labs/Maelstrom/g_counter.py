#!/usr/bin/env python3
"""Reference node for Maelstrom's g-counter workload: a state-based G-counter CRDT.

Each node counts only its own increments (`counts[node_id]`); the value is the
sum over all nodes. Every GOSSIP_INTERVAL seconds a node sends its whole map
to every other node, and a receiver merges by taking the maximum per node —
merging is idempotent, commutative and associative, so lost, repeated or
reordered gossip (partitions) still converges once messages flow again.
(The G-Counter of Shapiro, Preguiça, Baquero and Zawirski, "A comprehensive
study of Convergent and Commutative Replicated Data Types", INRIA RR-7506,
2011, §3.1 counters; Maelstrom's doc/04-crdts/02-counters.md builds the same.)
Needs no service.
"""

from maelstrom_node import Node

GOSSIP_INTERVAL = 0.3

node = Node()
counts = {}  # node id -> that node's own increments


def init():
    node.every(GOSSIP_INTERVAL, gossip)


def add(request):
    counts[node.node_id] = counts.get(node.node_id, 0) + request["body"]["delta"]
    node.reply(request, {"type": "add_ok"})


def read(request):
    node.reply(request, {"type": "read_ok", "value": sum(counts.values())})


def gossip():
    for peer in node.other_nodes():
        node.send(peer, {"type": "counter_state", "counts": counts})


def merge(message):
    for owner, count in message["body"]["counts"].items():
        counts[owner] = max(counts.get(owner, 0), count)


def main():
    """Registers the handlers and serves until stdin ends (the broken variants call it too)."""
    node.serve({"add": add, "read": read, "counter_state": merge}, init=init)


if __name__ == "__main__":
    main()

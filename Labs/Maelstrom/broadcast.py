#!/usr/bin/env python3
"""Reference node for Maelstrom's broadcast workload, built to survive partitions.

`topology` names this node's neighbours; `broadcast {message}` adds a message
and `read` returns every message seen. A new message is pushed to the
neighbours at once (the fast path), and every GOSSIP_INTERVAL seconds each
neighbour is sent whatever it has not acknowledged yet (anti-entropy), so a
message that a partition dropped is delivered again after the heal. A
neighbour acknowledges a gossip with the messages it received; it also counts
as knowing the messages it sent us.
"""

from maelstrom_node import Node

GOSSIP_INTERVAL = 0.5

node = Node()
messages = set()
neighbours = []
known = {}  # neighbour -> messages it is known to have


def init():
    neighbours[:] = node.other_nodes()  # until a topology says otherwise
    node.every(GOSSIP_INTERVAL, gossip_missing)


def topology(request):
    neighbours[:] = request["body"]["topology"].get(node.node_id, node.other_nodes())
    node.log("neighbours: %s" % neighbours)
    node.reply(request, {"type": "topology_ok"})


def broadcast(request):
    message = request["body"]["message"]
    node.reply(request, {"type": "broadcast_ok"})
    learn([message], source=None)


def read(request):
    node.reply(request, {"type": "read_ok", "messages": sorted(messages)})


def learn(batch, source):
    """Adds messages; pushes the new ones at once to neighbours that may lack them."""
    new = [m for m in batch if m not in messages]
    messages.update(new)
    if new:
        for peer in neighbours:
            if peer != source:
                send_gossip(peer, new)


def send_gossip(peer, batch):
    node.send(peer, {"type": "gossip", "messages": batch})


def gossip_missing():
    for peer in neighbours:
        missing = sorted(messages - known.setdefault(peer, set()))
        if missing:
            send_gossip(peer, missing)


def gossip(request):
    batch = request["body"]["messages"]
    peer = request["src"]
    known.setdefault(peer, set()).update(batch)
    node.reply(request, {"type": "gossip_ok", "messages": batch})
    learn(batch, source=peer)


def gossip_ok(reply):
    known.setdefault(reply["src"], set()).update(reply["body"]["messages"])


def main():
    """Registers the handlers and serves until stdin ends (the broken variants call it too)."""
    node.serve({"topology": topology, "broadcast": broadcast, "read": read,
                "gossip": gossip, "gossip_ok": gossip_ok}, init=init)


if __name__ == "__main__":
    main()

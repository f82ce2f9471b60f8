#!/usr/bin/env python3
# unique-ids, g-set, g-counter and pn-counter in one node: ids are node id +
# counter; adds change this node's share of a state-based CRDT (a set, or
# P/N counts per node) and push the whole state to every other node, which
# merges it (union, maximum). No resends: correct without faults only.
# Argument "set": reads return the set (g-set), else the counter's value.
# Argument "dup": ids are the counter alone, so two nodes repeat them.
import json, sys
dup, as_set = "dup" in sys.argv[1:], "set" in sys.argv[1:]
node_id, nodes, count = None, [], 0
elements, p, n = set(), {}, {}
def send(dest, body):
    print(json.dumps({"src": node_id, "dest": dest, "body": body}), flush=True)
def push():
    for other in nodes:
        if other != node_id:
            send(other, {"type": "state", "set": sorted(elements), "p": p, "n": n})
for line in sys.stdin:
    msg = json.loads(line)
    b, src = msg["body"], msg["src"]
    t, out = b["type"], None
    if t == "init":
        node_id, nodes = b["node_id"], b["node_ids"]; out = {"type": "init_ok"}
    elif t == "generate":
        count += 1; out = {"type": "generate_ok", "id": count if dup else "%s-%d" % (node_id, count)}
    elif t == "add":
        if "element" in b:
            elements.add(b["element"])
        elif b["delta"] >= 0:
            p[node_id] = p.get(node_id, 0) + b["delta"]
        else:
            n[node_id] = n.get(node_id, 0) - b["delta"]
        push(); out = {"type": "add_ok"}
    elif t == "state":
        elements |= set(b["set"])
        for mine, theirs in ((p, b["p"]), (n, b["n"])):
            for k, v in theirs.items():
                mine[k] = max(mine.get(k, 0), v)
    elif t == "read":
        value = sorted(elements) if as_set else sum(p.values()) - sum(n.values())
        out = {"type": "read_ok", "value": value}
    if out is not None:
        out["in_reply_to"] = b["msg_id"]; send(src, out)

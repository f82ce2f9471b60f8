#!/usr/bin/env python3
# A broadcast node: keeps every message it hears and passes new ones to its
# topology neighbours (no retries: correct without faults only).
import json, sys
node_id, neighbours, seen, msg_id = None, [], set(), 0
def send(dest, body):
    print(json.dumps({"src": node_id, "dest": dest, "body": body}), flush=True)
for line in sys.stdin:
    msg = json.loads(line)
    body, src = msg["body"], msg["src"]
    t = body["type"]
    msg_id += 1
    if t == "init":
        node_id = body["node_id"]
        send(src, {"type": "init_ok", "in_reply_to": body["msg_id"]})
    elif t == "topology":
        neighbours = body["topology"].get(node_id, [])
        send(src, {"type": "topology_ok", "in_reply_to": body["msg_id"]})
    elif t in ("broadcast", "gossip"):
        m = body["message"]
        if m not in seen:
            seen.add(m)
            for n in neighbours:
                if n != src:
                    send(n, {"type": "gossip", "message": m})
        if t == "broadcast":
            send(src, {"type": "broadcast_ok", "in_reply_to": body["msg_id"]})
    elif t == "read":
        send(src, {"type": "read_ok", "messages": sorted(seen), "in_reply_to": body["msg_id"]})

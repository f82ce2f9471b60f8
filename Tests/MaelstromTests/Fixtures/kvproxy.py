#!/usr/bin/env python3
# A lin-kv node that forwards every client request to a storage service
# (argv[1]: lin-kv, seq-kv or lww-kv) and relays the answer. Correct only
# over lin-kv: over seq-kv or lww-kv its reads can be stale.
import json, sys
service = sys.argv[1] if len(sys.argv) > 1 else "lin-kv"
node_id = None
msg_id = 0
waiting = {}  # our msg_id to the service -> (client, client msg_id)

def send(dest, body):
    print(json.dumps({"src": node_id, "dest": dest, "body": body}), flush=True)

for line in sys.stdin:
    msg = json.loads(line)
    body = msg["body"]
    t = body["type"]
    msg_id += 1
    if t == "init":
        node_id = body["node_id"]
        send(msg["src"], {"type": "init_ok", "in_reply_to": body["msg_id"]})
    elif t in ("read", "write", "cas"):
        fwd = dict(body)
        fwd["msg_id"] = msg_id
        waiting[msg_id] = (msg["src"], body["msg_id"])
        send(service, fwd)
    elif "in_reply_to" in body and body["in_reply_to"] in waiting:
        client, their_id = waiting.pop(body["in_reply_to"])
        out = dict(body)
        out["in_reply_to"] = their_id
        out.pop("msg_id", None)
        send(client, out)

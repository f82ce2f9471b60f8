#!/usr/bin/env python3
# An echo node that also tells every other node about each echo (node-to-node traffic for the trace).
import json, sys
node_id = None
nodes = []
msg_id = 0
def send(dest, body):
    print(json.dumps({"src": node_id, "dest": dest, "body": body}), flush=True)
for line in sys.stdin:
    msg = json.loads(line)
    body = msg["body"]
    msg_id += 1
    if body["type"] == "init":
        node_id = body["node_id"]; nodes = body["node_ids"]
        send(msg["src"], {"type": "init_ok", "in_reply_to": body["msg_id"]})
    elif body["type"] == "echo":
        for n in nodes:
            if n != node_id:
                send(n, {"type": "heard", "echo": body["echo"]})
        send(msg["src"], {"type": "echo_ok", "echo": body["echo"], "in_reply_to": body["msg_id"], "msg_id": msg_id})

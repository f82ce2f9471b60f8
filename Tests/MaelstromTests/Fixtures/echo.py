#!/usr/bin/env python3
# A correct Maelstrom echo node: answers init, then echoes every echo request.
import json, sys
msg_id = 0
for line in sys.stdin:
    msg = json.loads(line)
    body = msg["body"]
    msg_id += 1
    reply = {"msg_id": msg_id, "in_reply_to": body.get("msg_id")}
    if body["type"] == "init":
        reply["type"] = "init_ok"
        print("started as " + body["node_id"], file=sys.stderr, flush=True)
    elif body["type"] == "echo":
        reply["type"] = "echo_ok"
        reply["echo"] = body["echo"]
    else:
        continue
    print(json.dumps({"src": msg["dest"], "dest": msg["src"], "body": reply}), flush=True)

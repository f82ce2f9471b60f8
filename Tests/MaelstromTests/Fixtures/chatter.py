#!/usr/bin/env python3
# Answers init, then sends valid messages to another node as fast as it can, forever.
import json, sys
msg = json.loads(sys.stdin.readline())
me, others = msg["body"]["node_id"], [n for n in msg["body"]["node_ids"] if n != msg["body"]["node_id"]]
print(json.dumps({"src": me, "dest": msg["src"], "body": {"type": "init_ok", "in_reply_to": msg["body"]["msg_id"]}}), flush=True)
line = json.dumps({"src": me, "dest": (others or [me])[0], "body": {"type": "chatter"}}) + "\n"
while True:
    sys.stdout.write(line * 1000)
    sys.stdout.flush()

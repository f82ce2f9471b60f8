#!/usr/bin/env python3
# Answers init, then prints a log line to stdout instead of stderr (a common mistake).
import json, sys
for line in sys.stdin:
    msg = json.loads(line)
    body = msg["body"]
    if body["type"] == "init":
        print(json.dumps({"src": msg["dest"], "dest": msg["src"], "body": {"type": "init_ok", "in_reply_to": body["msg_id"]}}), flush=True)
    else:
        print("got a message: " + body["type"], flush=True)

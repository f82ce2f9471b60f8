#!/usr/bin/env python3
# Answers init, then writes one endless line (no newline) to stdout.
import json, sys
line = sys.stdin.readline()
msg = json.loads(line)
print(json.dumps({"src": msg["dest"], "dest": msg["src"], "body": {"type": "init_ok", "in_reply_to": msg["body"]["msg_id"]}}), flush=True)
chunk = "x" * 65536
while True:
    sys.stdout.write(chunk)
    sys.stdout.flush()

#!/usr/bin/env python3
# Answers init; then n1 sends valid messages to another node as fast as it can,
# forever, while every other node reads and drops what it gets.
import json, sys, time
msg = json.loads(sys.stdin.readline())
me, others = msg["body"]["node_id"], [n for n in msg["body"]["node_ids"] if n != msg["body"]["node_id"]]
print(json.dumps({"src": me, "dest": msg["src"], "body": {"type": "init_ok", "in_reply_to": msg["body"]["msg_id"]}}), flush=True)
if me != "n1":
    for _ in sys.stdin:
        pass
    sys.exit(0)
line = json.dumps({"src": me, "dest": (others or [me])[0], "body": {"type": "chatter"}}) + "\n"
time.sleep(0.5)  # let the others start reading
while True:
    sys.stdout.write(line * 1000)
    sys.stdout.flush()
    time.sleep(0.01)  # about 100,000 messages a second: a reading node keeps up

#!/usr/bin/env python3
# An echo node that ignores SIGTERM (and SIGINT, SIGHUP): only SIGKILL ends it.
import json, signal, sys
for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(s, signal.SIG_IGN)
print("ready: ignoring SIGTERM", file=sys.stderr, flush=True)
msg_id = 0
while True:
    line = sys.stdin.readline()
    if not line:
        continue  # keeps running even after its stdin closes
    msg = json.loads(line)
    body = msg["body"]
    msg_id += 1
    reply = {"msg_id": msg_id, "in_reply_to": body.get("msg_id")}
    if body["type"] == "init":
        reply["type"] = "init_ok"
    elif body["type"] == "echo":
        reply["type"] = "echo_ok"
        reply["echo"] = body["echo"]
    else:
        continue
    print(json.dumps({"src": msg["dest"], "dest": msg["src"], "body": reply}), flush=True)

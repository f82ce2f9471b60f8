#!/usr/bin/env python3
"""Reference node for Maelstrom's lin-kv workload: a key-value store replicated with Raft.

Raft as in Ongaro & Ousterhout, "In Search of an Understandable Consensus
Algorithm" (USENIX ATC 2014), Figure 2: randomised election timeouts,
RequestVote with the up-to-date check (§5.4.1), AppendEntries with the
consistency check, a leader commits only entries of its own term by counting
replicas (§5.4.2), and appends a no-op when elected (§8). Every client
operation — reads too — is a log entry, answered when applied, so the
history is linearizable even while an old leader is cut off by a partition:
it can append but never commit.

A request to a follower that knows a leader is forwarded to it and the answer
relayed back; with no known leader the answer is error 11
(temporarily-unavailable, definite: nothing was appended). A forwarded request
that gets no answer is error 0 (timeout, indefinite: it may still commit).

State is kept in memory only. Raft's safety needs the term, the vote and the
log on stable storage, so this node is for partition faults; a `kill`
nemesis that restarts a process makes it forget its vote and log.
"""

import random

from maelstrom_node import (Node, KEY_DOES_NOT_EXIST, PRECONDITION_FAILED,
                            TEMPORARILY_UNAVAILABLE, TIMEOUT)

ELECTION_TIMEOUT = (0.8, 1.6)  # seconds, drawn anew at every reset
HEARTBEAT_INTERVAL = 0.05  # also how often new entries are shipped
FORWARD_TIMEOUT = 2.0
MAX_ENTRIES_PER_MESSAGE = 100

node = Node()


class Raft:
    """The node's Raft state (Figure 2's names, in snake case)."""

    def __init__(self):
        self.current_term = 0
        self.voted_for = None
        self.log = [{"term": 0, "op": None}]  # index 0 is a sentinel: entries start at 1
        self.commit_index = 0
        self.last_applied = 0
        self.role = "follower"
        self.leader = None
        self.votes = set()
        self.next_index = {}
        self.match_index = {}
        self.election_timer = None
        self.kv = {}  # the state machine


raft = Raft()


def majority():
    return len(node.node_ids) // 2 + 1


def last_log_index():
    return len(raft.log) - 1


# Timers and roles -----------------------------------------------------------

def init():
    reset_election_timer()
    node.every(HEARTBEAT_INTERVAL, replicate)
    if len(node.node_ids) == 1:
        become_candidate()  # nobody to split the vote with: lead at once


def reset_election_timer():
    node.cancel(raft.election_timer)
    raft.election_timer = node.after(random.uniform(*ELECTION_TIMEOUT), election_timeout)


def election_timeout():
    if raft.role == "leader":
        reset_election_timer()
    else:
        become_candidate()


def become_candidate():
    raft.current_term += 1
    raft.role = "candidate"
    raft.voted_for = node.node_id
    raft.votes = {node.node_id}
    raft.leader = None
    node.log("term %d: candidate" % raft.current_term)
    reset_election_timer()
    for peer in node.other_nodes():
        node.send(peer, {"type": "request_vote", "term": raft.current_term,
                         "candidate_id": node.node_id, "last_log_index": last_log_index(),
                         "last_log_term": raft.log[-1]["term"]})
    if len(raft.votes) >= majority():
        become_leader()


def become_leader():
    raft.role = "leader"
    raft.leader = node.node_id
    raft.next_index = {peer: len(raft.log) for peer in node.other_nodes()}
    raft.match_index = {peer: 0 for peer in node.other_nodes()}
    node.log("term %d: leader" % raft.current_term)
    append({"term": raft.current_term, "op": None})  # commits earlier terms' entries (§8)
    replicate()


def observe_term(term):
    """Any message with a newer term makes this node a follower of that term (§5.1)."""
    if term > raft.current_term:
        raft.current_term = term
        raft.voted_for = None
        raft.leader = None
        if raft.role != "follower":
            node.log("term %d: follower" % term)
        raft.role = "follower"


# Elections -----------------------------------------------------------------

def request_vote(message):
    body = message["body"]
    observe_term(body["term"])
    up_to_date = (body["last_log_term"], body["last_log_index"]) >= (raft.log[-1]["term"], last_log_index())
    granted = (body["term"] == raft.current_term and up_to_date
               and raft.voted_for in (None, body["candidate_id"]))
    if granted:
        raft.voted_for = body["candidate_id"]
        reset_election_timer()
    node.reply(message, {"type": "request_vote_res", "term": raft.current_term, "vote_granted": granted})


def request_vote_res(message):
    body = message["body"]
    observe_term(body["term"])
    if raft.role == "candidate" and body["term"] == raft.current_term and body["vote_granted"]:
        raft.votes.add(message["src"])
        if len(raft.votes) >= majority():
            become_leader()


# Replication ----------------------------------------------------------------

def append(entry):
    raft.log.append(entry)
    advance_commit_index()


def replicate():
    if raft.role != "leader":
        return
    for peer in node.other_nodes():
        prev = raft.next_index[peer] - 1
        node.send(peer, {"type": "append_entries", "term": raft.current_term, "leader_id": node.node_id,
                         "prev_log_index": prev, "prev_log_term": raft.log[prev]["term"],
                         "entries": raft.log[prev + 1:prev + 1 + MAX_ENTRIES_PER_MESSAGE],
                         "leader_commit": raft.commit_index})


def append_entries(message):
    body = message["body"]
    observe_term(body["term"])
    if body["term"] < raft.current_term:
        node.reply(message, {"type": "append_entries_res", "term": raft.current_term, "success": False,
                             "next_index_hint": body["prev_log_index"] + 1})
        return
    raft.role = "follower"  # a candidate of this term yields to its leader
    raft.leader = body["leader_id"]
    reset_election_timer()
    prev = body["prev_log_index"]
    if prev > last_log_index() or raft.log[prev]["term"] != body["prev_log_term"]:
        node.reply(message, {"type": "append_entries_res", "term": raft.current_term, "success": False,
                             "next_index_hint": min(prev, len(raft.log))})
        return
    for offset, entry in enumerate(body["entries"]):
        index = prev + 1 + offset
        if index <= last_log_index() and raft.log[index]["term"] != entry["term"]:
            del raft.log[index:]  # a conflicting suffix from an old leader goes
        if index > last_log_index():
            raft.log.append(entry)
    matched = prev + len(body["entries"])
    if body["leader_commit"] > raft.commit_index:
        raft.commit_index = min(body["leader_commit"], matched)
        apply_committed()
    node.reply(message, {"type": "append_entries_res", "term": raft.current_term, "success": True,
                         "match_index": matched})


def append_entries_res(message):
    body, peer = message["body"], message["src"]
    observe_term(body["term"])
    if raft.role != "leader" or body["term"] != raft.current_term:
        return
    if body["success"]:
        raft.match_index[peer] = max(raft.match_index[peer], body["match_index"])
        raft.next_index[peer] = max(raft.next_index[peer], raft.match_index[peer] + 1)
        advance_commit_index()
    else:
        raft.next_index[peer] = max(1, min(body["next_index_hint"], raft.next_index[peer] - 1))


def advance_commit_index():
    """Commits the highest entry of this term that a majority holds (§5.3, §5.4.2)."""
    if raft.role != "leader":
        return
    for index in range(last_log_index(), raft.commit_index, -1):
        if raft.log[index]["term"] != raft.current_term:
            break
        holders = 1 + sum(1 for match in raft.match_index.values() if match >= index)
        if holders >= majority():
            raft.commit_index = index
            apply_committed()
            return


def apply_committed():
    """Applies committed entries in order; the node that appended one answers its client."""
    while raft.last_applied < raft.commit_index:
        raft.last_applied += 1
        entry = raft.log[raft.last_applied]
        if entry["op"] is None:
            continue
        answer = execute(entry["op"])
        if entry.get("origin") == node.node_id:
            node.send(entry["client"], dict(answer, in_reply_to=entry["client_msg_id"]))


def execute(op):
    """The key-value state machine: returns the reply body for `op`."""
    key = op["key"]
    if op["type"] == "write":
        raft.kv[key] = op["value"]
        return {"type": "write_ok"}
    if key not in raft.kv:
        return {"type": "error", "code": KEY_DOES_NOT_EXIST, "text": "no key %r" % (key,)}
    if op["type"] == "read":
        return {"type": "read_ok", "value": raft.kv[key]}
    if raft.kv[key] != op["from"]:
        return {"type": "error", "code": PRECONDITION_FAILED,
                "text": "key %r holds %r, not %r" % (key, raft.kv[key], op["from"])}
    raft.kv[key] = op["to"]
    return {"type": "cas_ok"}


# Client requests ------------------------------------------------------------

def client_request(request):
    """read, write and cas: appended by the leader, forwarded by a follower that knows one."""
    body = request["body"]
    op = {field: body[field] for field in ("type", "key", "value", "from", "to") if field in body}
    if raft.role == "leader":
        append({"term": raft.current_term, "op": op, "origin": node.node_id,
                "client": request["src"], "client_msg_id": body["msg_id"]})
    elif raft.leader is not None and request["src"] not in node.node_ids:
        node.rpc(raft.leader, op, lambda answer: relay(request, answer), timeout=FORWARD_TIMEOUT)
    else:
        node.error(request, TEMPORARILY_UNAVAILABLE, "not the leader, and no leader known")


def relay(request, answer):
    if answer is None:
        node.error(request, TIMEOUT, "forwarded to the leader, no answer (it may still happen)")
    else:
        body = {k: v for k, v in answer["body"].items() if k not in ("msg_id", "in_reply_to")}
        node.reply(request, body)


def read(request):
    client_request(request)


def main():
    """Registers the handlers and serves until stdin ends (the broken variant calls it too)."""
    node.serve({"read": read, "write": client_request, "cas": client_request,
                "request_vote": request_vote, "request_vote_res": request_vote_res,
                "append_entries": append_entries, "append_entries_res": append_entries_res}, init=init)


if __name__ == "__main__":
    main()

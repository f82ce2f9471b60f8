/* A trivial Maelstrom node in C, for measuring whoever routes its messages
 * (`clusterlab maelstrom` against the plain-pipes driver maelstrom_pipes.c).
 * It answers quickly so the router, not the node, is what a benchmark sees.
 *
 * Speaks Maelstrom's protocol (one JSON message a line on stdin/stdout,
 * stdout flushed after every message):
 *   init  {node_id, node_ids}  -> init_ok
 *   echo  {echo}               -> echo_ok {echo}   (the value copied verbatim)
 *   anything else with msg_id  -> error code 10 (not-supported)
 *
 * Benchmark traffic, a token ring: a client sends any node
 *   {"type":"ping","msg_id":M,"ttl":T}
 * A node that receives a ping with ttl > 0 passes it to the next node of
 * node_ids (wrapping around) as
 *   {"type":"ping","ttl":T-1,"origin":"c1","origin_msg_id":M}
 * and the node that receives it with ttl 0 answers the client
 *   {"type":"ping_ok","in_reply_to":M}
 * So one ping of ttl T is T node-to-node messages, plus the request and the
 * reply. Keep K pings in flight (send a new one per ping_ok) and count the
 * node-to-node messages routed per second. With K small against the pipe
 * buffers (K x ~150 bytes < 64 KiB) no pipe ever fills, so a router that
 * reads and writes in one loop cannot deadlock.
 *
 *   cc -O2 -o /tmp/maelstrom-echo Benchmarks/maelstrom_echo.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Past one JSON value starting at p (no validation: the router sends JSON). */
static const char *skip_value(const char *p) {
  if (*p == '"') {
    for (p++; *p && *p != '"'; p++) if (*p == '\\' && p[1]) p++;
    return *p ? p + 1 : p;
  }
  if (*p == '{' || *p == '[') {
    int depth = 0;
    for (; *p; p++) {
      if (*p == '"') { p = skip_value(p) - 1; continue; }
      if (*p == '{' || *p == '[') depth++;
      if (*p == '}' || *p == ']') { if (--depth == 0) return p + 1; }
    }
    return p;
  }
  while (*p && *p != ',' && *p != '}' && *p != ']' && *p != ' ') p++;
  return p;
}

static const char *skip_space(const char *p) { while (*p == ' ' || *p == '\t') p++; return p; }

/* The value of member `key` of the object at p, or NULL. */
static const char *member(const char *p, const char *key) {
  size_t n = strlen(key);
  if (!p || *(p = skip_space(p)) != '{') return NULL;
  p = skip_space(p + 1);
  while (*p == '"') {
    const char *name = p + 1, *end = skip_value(p);
    p = skip_space(end);
    if (*p != ':') return NULL;
    p = skip_space(p + 1);
    if ((size_t)(end - 1 - name) == n && strncmp(name, key, n) == 0) return p;
    p = skip_space(skip_value(p));
    if (*p == ',') p = skip_space(p + 1);
  }
  return NULL;
}

/* Copies the JSON string at p (without quotes, escapes kept) into out. */
static void string_at(const char *p, char *out, size_t cap) {
  size_t i = 0;
  if (p && *p == '"') for (p++; *p && *p != '"' && i + 1 < cap; p++) out[i++] = *p;
  out[i] = 0;
}

static char node_id[64];
static char node_ids[64][64];
static int node_count;
static long next_msg_id;

static void emit(const char *dest, const char *body) {
  printf("{\"src\":\"%s\",\"dest\":\"%s\",\"body\":{%s,\"msg_id\":%ld}}\n", node_id, dest, body, ++next_msg_id);
  fflush(stdout);
}

int main(void) {
  char *line = NULL, src[64], type[64], origin[64];
  size_t cap = 0;
  static char body_out[1 << 16];
  while (getline(&line, &cap, stdin) > 0) {
    const char *body = member(line, "body");
    string_at(member(line, "src"), src, sizeof src);
    string_at(member(body, "type"), type, sizeof type);
    const char *id = member(body, "msg_id");
    long msg_id = id ? atol(id) : -1;
    if (strcmp(type, "init") == 0) {
      string_at(member(body, "node_id"), node_id, sizeof node_id);
      const char *p = member(body, "node_ids");
      node_count = 0;
      if (p && *p == '[') {
        for (p = skip_space(p + 1); *p == '"' && node_count < 64; ) {
          string_at(p, node_ids[node_count++], 64);
          p = skip_space(skip_value(p));
          if (*p == ',') p = skip_space(p + 1);
        }
      }
      snprintf(body_out, sizeof body_out, "\"type\":\"init_ok\",\"in_reply_to\":%ld", msg_id);
      emit(src, body_out);
    } else if (strcmp(type, "echo") == 0) {
      const char *value = member(body, "echo");
      int length = value ? (int)(skip_value(value) - value) : 4;
      snprintf(body_out, sizeof body_out, "\"type\":\"echo_ok\",\"echo\":%.*s,\"in_reply_to\":%ld",
               length, value ? value : "null", msg_id);
      emit(src, body_out);
    } else if (strcmp(type, "ping") == 0) {
      const char *ttl_at = member(body, "ttl"), *origin_id = member(body, "origin_msg_id");
      long ttl = ttl_at ? atol(ttl_at) : 0;
      long reply_to = origin_id ? atol(origin_id) : msg_id;
      if (member(body, "origin")) string_at(member(body, "origin"), origin, sizeof origin);
      else snprintf(origin, sizeof origin, "%s", src);
      if (ttl > 0 && node_count > 0) {
        int self = 0;
        while (self < node_count && strcmp(node_ids[self], node_id) != 0) self++;
        snprintf(body_out, sizeof body_out, "\"type\":\"ping\",\"ttl\":%ld,\"origin\":\"%s\",\"origin_msg_id\":%ld",
                 ttl - 1, origin, reply_to);
        emit(node_ids[(self + 1) % node_count], body_out);
      } else {
        snprintf(body_out, sizeof body_out, "\"type\":\"ping_ok\",\"in_reply_to\":%ld", reply_to);
        emit(origin, body_out);
      }
    } else if (msg_id >= 0 && !member(body, "in_reply_to")) {
      snprintf(body_out, sizeof body_out,
               "\"type\":\"error\",\"code\":10,\"text\":\"not supported\",\"in_reply_to\":%ld", msg_id);
      emit(src, body_out);
    }
  }
  free(line);
  return 0;
}

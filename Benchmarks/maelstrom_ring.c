/* The node `clusterlab bench maelstrom` measures: a trivial Maelstrom node
 * that passes "hop" messages around a ring as fast as they come. It answers
 * init, starts IN_FLIGHT hops (argv[1], default 4) to the next node, and for
 * every hop it receives sends one to the next node (n1 -> n2 -> ... -> n1).
 * On SIGTERM it writes "received N" to stderr and exits.
 *
 * The same program runs two ways: through the runner (its stdout read,
 * parsed, routed, written to the next node's stdin) and wired directly into
 * a ring of plain pipes (stdout of n_i is the stdin of n_i+1), so the ratio of
 * the two hop rates is the runner's cost.
 *   cc -O2 -o /tmp/maelstrom-ring Benchmarks/maelstrom_ring.c
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static void on_term(int sig) { (void)sig; stop = 1; }

/* Copies the string value of "key":"..." after p into out (no escapes in ids). */
static int field(const char *line, const char *key, char *out, size_t cap) {
  const char *p = strstr(line, key);
  if (!p) return 0;
  p = strchr(p + strlen(key), '"');
  if (!p) return 0;
  p++;
  size_t n = 0;
  while (*p && *p != '"' && n + 1 < cap) out[n++] = *p++;
  out[n] = 0;
  return 1;
}

int main(int argc, char **argv) {
  int in_flight = argc > 1 ? atoi(argv[1]) : 4;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_term;
  sigaction(SIGTERM, &sa, NULL);
  char me[32] = "", next[32] = "";
  long received = 0;
  char *line = NULL;
  size_t cap = 0;
  while (!stop) {
    ssize_t len = getline(&line, &cap, stdin);
    if (len <= 0) break;
    if (strstr(line, "\"type\":\"init\"") || strstr(line, "\"type\": \"init\"")) {
      char src[32] = "";
      field(line, "\"node_id\"", me, sizeof me);
      field(line, "\"src\"", src, sizeof src);
      const char *ids = strstr(line, "\"node_ids\"");
      const char *open = ids ? strchr(ids, '[') : NULL, *close = open ? strchr(open, ']') : NULL;
      int count = 0;
      for (const char *q = open; q && q < close; q++) if (*q == '"') count++;
      count /= 2;
      int mine = atoi(me + 1);
      snprintf(next, sizeof next, "n%d", count > 0 ? mine % count + 1 : mine);
      const char *m = strstr(line, "\"msg_id\":");
      long mid = m ? atol(m + 9) : 0;
      printf("{\"src\":\"%s\",\"dest\":\"%s\",\"body\":{\"type\":\"init_ok\",\"in_reply_to\":%ld}}\n", me, src, mid);
      for (int i = 0; i < in_flight; i++) printf("{\"src\":\"%s\",\"dest\":\"%s\",\"body\":{\"type\":\"hop\"}}\n", me, next);
      fflush(stdout);
    } else if (strstr(line, "\"hop\"")) {
      received++;
      printf("{\"src\":\"%s\",\"dest\":\"%s\",\"body\":{\"type\":\"hop\"}}\n", me, next);
      fflush(stdout);  /* one write per message, as a typical node does */
    }
  }
  fflush(stdout);
  fprintf(stderr, "received %ld\n", received);
  return 0;
}

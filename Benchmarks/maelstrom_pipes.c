/* The "no runner" baseline for routing Maelstrom messages between real
 * processes: starts 5 maelstrom_echo nodes with plain pipes, sends each its
 * init, then keeps TOKENS pings of ttl TTL in flight (the token ring that
 * maelstrom_echo.c describes) and forwards every line a node writes to the
 * node its "dest" names, as fast as one poll loop can, until MESSAGES
 * node-to-node messages have been routed. No latency, no trace, no checks:
 * the floor that `clusterlab maelstrom`'s routing is compared against.
 * Prints one JSON line: {"nodes":5,"routed":N,"seconds":S,"msgs_per_s":R}
 * (routed counts node-to-node messages only, not client requests/replies).
 *
 *   cc -O2 -o /tmp/maelstrom-echo Benchmarks/maelstrom_echo.c
 *   cc -O2 -o /tmp/maelstrom-pipes Benchmarks/maelstrom_pipes.c
 *   /tmp/maelstrom-pipes /tmp/maelstrom-echo [MESSAGES=200000] [TOKENS=50] [TTL=100]
 */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NODES 5

static int to_node[NODES], from_node[NODES];
static pid_t pids[NODES];
static char pending[NODES][1 << 16];
static size_t pending_length[NODES];

static void write_all(int fd, const char *data, size_t length) {
  while (length > 0) {
    ssize_t n = write(fd, data, length);
    if (n < 0) { perror("write to node"); exit(1); }
    data += n; length -= (size_t)n;
  }
}

/* The node index a line's "dest" names (n1 -> 0), or -1 for a client. */
static int destination(const char *line) {
  const char *p = strstr(line, "\"dest\":\"");
  if (!p) { fprintf(stderr, "no dest in: %s", line); exit(1); }
  p += 8;
  return *p == 'n' ? atoi(p + 1) - 1 : -1;
}

static void start_node(int i, const char *binary) {
  int in[2], out[2];
  if (pipe(in) || pipe(out)) { perror("pipe"); exit(1); }
  pids[i] = fork();
  if (pids[i] < 0) { perror("fork"); exit(1); }
  if (pids[i] == 0) {
    dup2(in[0], 0); dup2(out[1], 1);
    for (int fd = 3; fd < 256; fd++) close(fd);
    execl(binary, binary, (char *)NULL);
    perror(binary); _exit(127);
  }
  close(in[0]); close(out[1]);
  to_node[i] = in[1]; from_node[i] = out[0];
}

static long next_msg_id;

static void send_ping(int node, long ttl) {
  char line[256];
  int n = snprintf(line, sizeof line, "{\"src\":\"c1\",\"dest\":\"n%d\",\"body\":{\"type\":\"ping\",\"msg_id\":%ld,\"ttl\":%ld}}\n",
                   node + 1, ++next_msg_id, ttl);
  write_all(to_node[node], line, (size_t)n);
}

/* Reads what node i has written; calls route(line) for every whole line. Returns 0 at EOF. */
static int drain(int i, void (*route)(const char *line, size_t length)) {
  ssize_t n = read(from_node[i], pending[i] + pending_length[i], sizeof pending[i] - pending_length[i]);
  if (n <= 0) return 0;
  pending_length[i] += (size_t)n;
  char *start = pending[i], *end = pending[i] + pending_length[i], *newline;
  while ((newline = memchr(start, '\n', (size_t)(end - start))) != NULL) {
    route(start, (size_t)(newline + 1 - start));
    start = newline + 1;
  }
  pending_length[i] = (size_t)(end - start);
  memmove(pending[i], start, pending_length[i]);
  return 1;
}

static long routed, replies, started, target, ttl;

static void route(const char *line, size_t length) {
  int dest = destination(line);
  if (dest >= 0 && dest < NODES) { write_all(to_node[dest], line, length); routed++; return; }
  replies++;
  if (started * ttl < target) { send_ping((int)(started % NODES), ttl); started++; }
}

static void init_ok_only(const char *line, size_t length) {
  (void)length;
  if (!strstr(line, "\"init_ok\"")) { fprintf(stderr, "expected init_ok, got: %s", line); exit(1); }
  replies++;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: %s NODE_BINARY [MESSAGES] [TOKENS] [TTL]\n", argv[0]); return 2; }
  target = argc > 2 ? atol(argv[2]) : 200000;
  long tokens = argc > 3 ? atol(argv[3]) : 50;
  ttl = argc > 4 ? atol(argv[4]) : 100;
  if (target <= 0 || tokens <= 0 || ttl <= 0) { fprintf(stderr, "MESSAGES, TOKENS and TTL must be positive\n"); return 2; }
  signal(SIGPIPE, SIG_IGN);
  for (int i = 0; i < NODES; i++) start_node(i, argv[1]);
  for (int i = 0; i < NODES; i++) {
    char line[256];
    int n = snprintf(line, sizeof line, "{\"src\":\"c1\",\"dest\":\"n%d\",\"body\":{\"type\":\"init\",\"msg_id\":%ld,"
                     "\"node_id\":\"n%d\",\"node_ids\":[\"n1\",\"n2\",\"n3\",\"n4\",\"n5\"]}}\n", i + 1, ++next_msg_id, i + 1);
    write_all(to_node[i], line, (size_t)n);
  }
  for (int i = 0; i < NODES; i++) while (replies == i) if (!drain(i, init_ok_only)) { fprintf(stderr, "n%d exited\n", i + 1); return 1; }

  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  replies = 0;
  for (; started < tokens && started * ttl < target; started++) send_ping((int)(started % NODES), ttl);
  struct pollfd fds[NODES];
  for (int i = 0; i < NODES; i++) fds[i] = (struct pollfd){.fd = from_node[i], .events = POLLIN};
  while (replies < started) {
    if (poll(fds, NODES, -1) < 0) { perror("poll"); return 1; }
    for (int i = 0; i < NODES; i++)
      if (fds[i].revents & (POLLIN | POLLHUP))
        if (!drain(i, route)) { fprintf(stderr, "n%d exited early\n", i + 1); return 1; }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

  for (int i = 0; i < NODES; i++) close(to_node[i]);
  for (int i = 0; i < NODES; i++) waitpid(pids[i], NULL, 0);
  printf("{\"nodes\":%d,\"routed\":%ld,\"seconds\":%.6f,\"msgs_per_s\":%.0f}\n", NODES, routed, seconds, routed / seconds);
  return 0;
}

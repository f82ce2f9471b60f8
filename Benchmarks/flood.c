/* The reference floor for `clusterlab bench flood` (BENCHMARKS.md): the same
 * workload as a hand-written C loop — binary heap ordered by (time, seq), no
 * clocks, no trace, xoshiro256** for randomness. Build and run it beside the
 * engine in one run to compare ratios:
 *   cc -O2 -o /tmp/flood-c Benchmarks/flood.c && /tmp/flood-c 64 4 2000000
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct { int64_t time; uint64_t seq; int32_t to, from; } Ev;
static Ev *heap; static size_t n, cap;
static uint64_t s[4];

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
static uint64_t next(void) {
  uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
  return r;
}
static uint64_t below(uint64_t b) {
  __uint128_t m = (__uint128_t)next() * b;
  if ((uint64_t)m < b) { uint64_t th = (0 - b) % b; while ((uint64_t)m < th) m = (__uint128_t)next() * b; }
  return (uint64_t)(m >> 64);
}
static int earlier(Ev *a, Ev *b) { return a->time < b->time || (a->time == b->time && a->seq < b->seq); }
static void push(Ev e) {
  if (n == cap) { cap = cap ? cap * 2 : 1024; heap = realloc(heap, cap * sizeof(Ev)); }
  size_t i = n++;
  while (i > 0) { size_t p = (i - 1) / 2; if (!earlier(&e, &heap[p])) break; heap[i] = heap[p]; i = p; }
  heap[i] = e;
}
static Ev pop(void) {
  Ev top = heap[0], last = heap[--n];
  size_t i = 0;
  for (;;) {
    size_t l = 2 * i + 1; if (l >= n) break;
    size_t c = (l + 1 < n && earlier(&heap[l + 1], &heap[l])) ? l + 1 : l;
    if (!earlier(&heap[c], &last)) break;
    heap[i] = heap[c]; i = c;
  }
  if (n) heap[i] = last;
  return top;
}

int main(int argc, char **argv) {
  int nodes = argc > 1 ? atoi(argv[1]) : 64, k = argc > 2 ? atoi(argv[2]) : 4;
  long m = argc > 3 ? atol(argv[3]) : 2000000;
  uint64_t z = 1;  /* SplitMix64 seeding, as the engine does */
  for (int i = 0; i < 4; i++) {
    z += 0x9E3779B97F4A7C15ULL; uint64_t x = z;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL; x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL; s[i] = x ^ (x >> 31);
  }
  uint64_t seq = 0; int64_t now = 0;
  for (int p = 0; p < nodes; p++)
    for (int j = 0; j < k; j++) {
      int32_t r = (int32_t)below(nodes - 1); int32_t to = r >= p ? r + 1 : r;
      push((Ev){ 1000 + (int64_t)below(9001), seq++, to, p });
    }
  struct timespec a, b; clock_gettime(CLOCK_MONOTONIC, &a);
  long d = 0;
  while (d < m && n) {
    Ev e = pop(); now = e.time; d++;
    int32_t r = (int32_t)below(nodes - 1); int32_t to = r >= e.to ? r + 1 : r;
    push((Ev){ now + 1000 + (int64_t)below(9001), seq++, to, e.to });
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  double w = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
  printf("deliveries=%ld virtual_us=%lld wall_s=%.3f rate=%.0f\n", d, (long long)now, w, d / w);
  return 0;
}

// Command gen writes the erasure-coding reference vectors that
// Tests/ClusterSimTests/ErasureVectorTests.swift and the `clusterlab ec`
// end-to-end tests compare against byte for byte.
//
// It uses github.com/klauspost/reedsolomon (the library MinIO uses) with its
// DEFAULT options: New(k, m), then Split, then Encode. See ../README.md for
// how to run it (GOPATH mode against Debian's golang-github-klauspost-reedsolomon-dev).
package main

import (
	"encoding/hex"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"

	"github.com/klauspost/reedsolomon"
)

// The (k, m) pairs of the issue: MinIO's common erasure-set shapes.
var configs = [][2]int{{2, 1}, {4, 2}, {6, 3}, {8, 4}, {10, 4}, {12, 4}}

// Input sizes: empty, one byte, sizes below / not divisible by every k, and
// two larger ones. Inputs are shared by every config.
var sizes = []int{0, 1, 3, 7, 13, 100, 1001, 10240}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	out := "."
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	rng := rand.New(rand.NewSource(18))
	inputs := map[int][]byte{}
	must(os.MkdirAll(filepath.Join(out, "inputs"), 0o755))
	for _, n := range sizes {
		b := make([]byte, n)
		rng.Read(b)
		inputs[n] = b
		must(os.WriteFile(filepath.Join(out, "inputs", fmt.Sprintf("%d.bin", n)), b, 0o644))
	}
	for _, c := range configs {
		k, m := c[0], c[1]
		enc, err := reedsolomon.New(k, m)
		must(err)
		dir := filepath.Join(out, fmt.Sprintf("k%dm%d", k, m))
		must(os.MkdirAll(dir, 0o755))
		must(os.WriteFile(filepath.Join(dir, "matrix.hex"), []byte(matrixHex(enc, k, m)), 0o644))
		for _, n := range sizes {
			// An exact-capacity copy: Split uses spare capacity as padding.
			in := append(make([]byte, 0, n), inputs[n]...)
			shards, err := enc.Split(in)
			if err != nil {
				// Empty input: Split refuses it (ErrShortData); record that.
				must(os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.error", n)), []byte(err.Error()+"\n"), 0o644))
				continue
			}
			must(enc.Encode(shards))
			// Every shard has the same length, so the shards are stored one
			// after another: shard i is bytes [i*len, (i+1)*len).
			var all []byte
			for _, s := range shards {
				all = append(all, s...)
			}
			must(os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.shards", n)), all, 0o644))
		}
	}
}

// matrixHex recovers the encoding matrix through the public API: encoding
// unit data shards (data shard j = byte 1 at position j) puts column j of
// the parity rows at byte j of each parity shard. Rows 0..k-1 are the
// identity (systematic); rows k..k+m-1 are written one per line in hex.
func matrixHex(enc reedsolomon.Encoder, k, m int) string {
	shards := make([][]byte, k+m)
	for i := range shards {
		shards[i] = make([]byte, k)
		if i < k {
			shards[i][i] = 1
		}
	}
	must(enc.Encode(shards))
	var sb strings.Builder
	for p := 0; p < m; p++ {
		sb.WriteString(hex.EncodeToString(shards[k+p]))
		sb.WriteString("\n")
	}
	return sb.String()
}

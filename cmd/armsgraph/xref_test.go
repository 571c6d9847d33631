package main

import (
	"context"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/ingest"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

// TestXrefProposesAndForgetsJudgedPairs loads real UN and OFAC records
// (THOMAS LUBANGA on both, no key in common; two KIM Yong Chol of OFAC
// with different birth dates): xref proposes the LUBANGA pair with its
// evidence, never the KIM pair, and no longer once it is judged not the
// same.
func TestXrefProposesAndForgetsJudgedPairs(t *testing.T) {
	s := neo4jtest.Empty(t)
	ctx := context.Background()
	const fixtures = "../../ingest/testdata/judgements/"
	if _, err := ingest.Load(ctx, s, reference.Default(), []string{fixtures + "sdn-2024-05-03.csv", fixtures + "un-lubanga.xml"}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	cfg := neo4jtest.Config(t)
	// The password goes by the environment, never on a command line.
	t.Setenv("NEO4J_PASSWORD", cfg.Password)
	conn := []string{"--neo4j-uri", cfg.URI}
	out, err := run(t, append([]string{"xref", "--source", "un-sc-2024-09-26", "--against", "us-ofac-sdn-2024-05-03"}, conn...)...)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(out, "1 pairs at or above the threshold") || len(lines) < 3 ||
		!strings.Contains(lines[2], "un-sc-cdi-007") || !strings.Contains(lines[2], "us-ofac-11974") ||
		!strings.Contains(lines[2], "nationality +0.10") {
		t.Errorf("xref:\n%s", out)
	}
	out, err = run(t, append([]string{"xref", "--format", "yaml"}, conn...)...)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"- records:", "un-sc:CDi.007", "us-ofac:11974", "decision: undecided", "name +0.60"} {
		if !strings.Contains(out, want) {
			t.Errorf("xref --format yaml lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "12211") {
		t.Errorf("xref proposes the KIM Yong Chol pair of different birth dates:\n%s", out)
	}

	if _, err := ingest.Load(ctx, s, reference.Default(), []string{fixtures + "not-same"}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	out, err = run(t, append([]string{"xref"}, conn...)...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "0 pairs") {
		t.Errorf("xref after the not-same judgement:\n%s", out)
	}
}

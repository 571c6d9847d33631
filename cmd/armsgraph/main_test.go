package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// run executes the armsgraph command line in-process.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := newRootCommand()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(context.Background())
	return out.String(), err
}

func TestEverySubcommandHasHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}, {"schema", "apply", "--help"}, {"load", "--help"}, {"xref", "--help"}, {"diff", "--help"}, {"export", "--help"}, {"version", "--help"}} {
		out, err := run(t, args...)
		if err != nil || !strings.Contains(out, "Usage:") {
			t.Errorf("armsgraph %v: err %v, output %q", args, err, out)
		}
	}
}

func TestVersion(t *testing.T) {
	out, err := run(t, "version")
	if err != nil || !strings.HasPrefix(out, "armsgraph ") {
		t.Errorf("version: %v %q", err, out)
	}
}

func oneLine(t *testing.T, err error, mustContain string) {
	t.Helper()
	if err == nil {
		t.Fatal("command succeeded, want an error")
	}
	if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, mustContain) {
		t.Errorf("error %q is not one line containing %q", msg, mustContain)
	}
}

// TestWrongPasswordIsOneLine signs in as a user that does not exist: Neo4j
// answers exactly as for a wrong password, without locking out the user
// neo4j that the other tests sign in as.
// The password comes from the environment or a file, never an argument,
// and no error repeats it.
func TestWrongPasswordIsOneLine(t *testing.T) {
	cfg := neo4jtest.Config(t)
	t.Setenv("NEO4J_PASSWORD", "wrong-password")
	_, err := run(t, "schema", "apply", "--neo4j-uri", cfg.URI, "--neo4j-username", "no-such-user")
	oneLine(t, err, "NEO4J_PASSWORD")
	file := filepath.Join(t.TempDir(), "password")
	if err := os.WriteFile(file, []byte("wrong-password-2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = run(t, "serve", "--addr", "127.0.0.1:0", "--neo4j-uri", cfg.URI, "--neo4j-username", "no-such-user", "--neo4j-password-file", file)
	oneLine(t, err, "NEO4J_PASSWORD")
	if strings.Contains(err.Error(), "wrong-password") || strings.Contains(err.Error(), cfg.Password) {
		t.Errorf("error %q repeats a password", err)
	}
	if _, err := run(t, "schema", "apply", "--neo4j-password", "x"); err == nil || !strings.Contains(err.Error(), "unknown flag") {
		t.Errorf("--neo4j-password: %v, want an unknown flag", err)
	}
}

func TestNeo4jDownIsOneLine(t *testing.T) {
	neo4jtest.Config(t)
	_, err := run(t, "schema", "apply", "--neo4j-uri", "bolt://127.0.0.1:1")
	oneLine(t, err, "cannot reach Neo4j")
}

func TestPortTakenIsOneLine(t *testing.T) {
	cfg := neo4jtest.Config(t)
	t.Setenv("NEO4J_PASSWORD", cfg.Password)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, err = run(t, "serve", "--addr", l.Addr().String(), "--neo4j-uri", cfg.URI)
	oneLine(t, err, "already in use")
}

func TestSchemaApply(t *testing.T) {
	cfg := neo4jtest.Config(t)
	t.Setenv("NEO4J_PASSWORD", cfg.Password)
	out, err := run(t, "schema", "apply", "--neo4j-uri", cfg.URI)
	if err != nil || !strings.Contains(out, "schema applied") {
		t.Errorf("schema apply: %v %q", err, out)
	}
}

func TestLoadReportsEveryProblemAndExitsNonZero(t *testing.T) {
	cfg := neo4jtest.Config(t)
	t.Setenv("NEO4J_PASSWORD", cfg.Password)
	out, err := run(t, "load", "--neo4j-uri", cfg.URI,
		"../../loaders/announcement/testdata/bad/imo-check-digit.yaml", "../../loaders/announcement/testdata/bad/unknown-country.yaml")
	if err == nil {
		t.Fatal("load of bad files succeeded")
	}
	for _, want := range []string{"imo-check-digit.yaml:", "unknown-country.yaml:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output does not report %s: %s", want, out)
		}
	}
}

// Package realdata finds the official list files that tests and
// benchmarks read in place: the folder shared/data beside the repository
// (../shared/data from the module root), never copied into it.
//
// Under `make test` (ARMSGRAPH_REQUIRE_DATA=1, set by deploy/run-tests) a
// missing file fails the test, so a suite cannot pass by skipping its real
// data; a plain `go test` of one package skips and says why.
package realdata

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// The files the tests use, relative to the data folder. Their provenance
// (official URL, date, checksum) is in shared/data/SOURCES.md.
const (
	OFACSDN2024     = "ofac_sdn_csv_2024-05-03/sdn.csv"
	OFACSDN2021     = "ofac_sdn_csv_trio_2021-04-25/sdn.csv"
	OFACConsXML2024 = "ofac_cons_xml_2024-05-06/consolidated.xml"
	UNList2024      = "un_consolidated_xml_2024-09-26/consolidated.xml"
	// FtMZala is yente's Zala Aero fixture: FtM entities, JSON lines.
	FtMZala = "ftm_yente_fixtures/yente_zala_entities.ftm.json"
)

// EnvRequire makes a missing data file a test failure instead of a skip.
const EnvRequire = "ARMSGRAPH_REQUIRE_DATA"

// EnvDir overrides where the data folder is.
const EnvDir = "ARMSGRAPH_DATA_DIR"

// Dir returns the data folder: $ARMSGRAPH_DATA_DIR, else shared/data beside
// the module root found above the working directory.
func Dir() (string, error) {
	if d := os.Getenv(EnvDir); d != "" {
		return d, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(dir), "shared", "data"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("realdata: no go.mod above %s", dir)
		}
		dir = parent
	}
}

// Path returns the path of a data file, relative to the data folder, for a
// test: a missing file fails the test under `make test` and skips it
// otherwise, naming the file either way.
func Path(t testing.TB, name string) string {
	t.Helper()
	p, err := Find(name)
	if err == nil {
		return p
	}
	if os.Getenv(EnvRequire) != "" {
		t.Fatalf("%v; the tests read the official list files from shared/data beside the repository (set %s to another folder)", err, EnvDir)
	}
	t.Skipf("skipped: %v (under `make test` this fails)", err)
	return ""
}

// Find returns the path of a data file, or an error naming it.
func Find(name string) (string, error) {
	dir, err := Dir()
	if err != nil {
		return "", err
	}
	p := filepath.Join(dir, name)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("official list file %s is missing", p)
	}
	return p, nil
}

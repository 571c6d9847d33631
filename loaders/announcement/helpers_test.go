package announcement

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/seed"
)

var (
	testRefOnce sync.Once
	testRefData *reference.Data
	testRefErr  error
)

// testRef is the shipped countries and authorities with the test list of
// resolutions in testdata/reference, so these tests do not depend on how
// far seed/reference/resolutions.yaml has been written.
func testRef(tb testing.TB) *reference.Data {
	tb.Helper()
	testRefOnce.Do(func() {
		files := fstest.MapFS{}
		for _, name := range []string{"countries.yaml", "authorities.yaml"} {
			data, err := fs.ReadFile(seed.Files, "reference/"+name)
			if err != nil {
				testRefErr = err
				return
			}
			files["ref/"+name] = &fstest.MapFile{Data: data}
		}
		data, err := os.ReadFile("testdata/reference/resolutions.yaml")
		if err != nil {
			testRefErr = err
			return
		}
		files["ref/resolutions.yaml"] = &fstest.MapFile{Data: data}
		testRefData, testRefErr = reference.Load(files, "ref")
	})
	if testRefErr != nil {
		tb.Fatal(testRefErr)
	}
	return testRefData
}

// problemsOf returns the problems of a rejected file, failing the test if
// the error is of another type.
func problemsOf(t *testing.T, err error) []Problem {
	t.Helper()
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("error is %T (%v), want *ValidationError", err, err)
	}
	if len(verr.Problems) == 0 {
		t.Fatal("ValidationError without problems")
	}
	return verr.Problems
}

// yamlFiles lists the announcement files of a testdata folder, sorted.
func yamlFiles(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	sort.Strings(files)
	return files, err
}

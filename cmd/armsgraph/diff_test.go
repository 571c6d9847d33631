package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/ftm"
	"github.com/armsgraph/armsgraph/internal/realdata"
)

// TestDeltaLinesAreFtM diffs the OFAC SDN lists of 2021-04-25 and
// 2024-05-03 as delta lines: each ADD and MOD entity is an FtM entity
// followed by its Sanctions, each DEL the id only; MAIA-1, MARIA, ANGARA
// and LADY R (added in between) come as FtM vessels.
func TestDeltaLinesAreFtM(t *testing.T) {
	from := realdata.Path(t, realdata.OFACSDN2021)
	to := realdata.Path(t, realdata.OFACSDN2024)
	out, err := run(t, "diff", "--delta", "us-ofac-sdn", from, to)
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]int{}
	things := map[string]int{}
	vessels := map[string]ftm.Entity{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var d struct {
			Op     string
			Entity ftm.Entity
		}
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		if d.Entity.Schema == "Sanction" {
			if d.Entity.Properties["entity"][0] == "" || d.Entity.Properties["authority"][0] != "U.S. Department of the Treasury, Office of Foreign Assets Control" {
				t.Errorf("sanction line %s", line)
			}
			continue
		}
		ops[d.Op]++
		if d.Op == "DEL" && (d.Entity.Schema != "" || d.Entity.Properties != nil) {
			t.Errorf("DEL line with more than the id: %s", line)
		}
		if d.Op != "DEL" {
			things[d.Entity.Schema]++
		}
		if d.Op == "ADD" && d.Entity.Schema == "Vessel" {
			vessels[d.Entity.Properties["name"][0]] = d.Entity
		}
	}
	// the same counts as `armsgraph diff` without --delta prints
	if ops["ADD"] != 7019 || ops["DEL"] != 944 || ops["MOD"] != 5541 {
		t.Errorf("ops = %v, want 7019 ADD, 944 DEL, 5541 MOD", ops)
	}
	for name, imo := range map[string]string{"MAIA-1": "9358010", "MARIA": "8517839", "ANGARA": "9179842", "LADY R": "9161003"} {
		v, ok := vessels[name]
		if !ok {
			t.Errorf("%s is not among the added vessels", name)
			continue
		}
		if v.Properties["imoNumber"][0] != imo || v.Properties["flag"][0] != "ru" {
			t.Errorf("%s = %+v", name, v)
		}
	}
	if vessels["MARIA"].ID != "us-ofac-46773" {
		t.Errorf("MARIA's id = %q, want us-ofac-46773 (its OFAC record)", vessels["MARIA"].ID)
	}
	t.Logf("ops %v, entities %v", ops, things)
}

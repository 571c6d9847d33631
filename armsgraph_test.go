package armsgraph

import "testing"

func TestInProgramFamily(t *testing.T) {
	for _, c := range []struct {
		program, family string
		want            bool
	}{
		{"DPRK", "DPRK", true},
		{"DPRK3", "DPRK", true},
		{"DPRK-NKSPEA", "DPRK", true},
		{"RUSSIA-EO14024", "RUSSIA", true},
		{"RUSSIA-EO14024", "RUSSIA-EO14024", true},
		{"DPRK3", "DPRK3", true},
		{"DPRK3", "DPRK2", false},
		{"DPRK", "DPRK3", false},
		{"RUSSIA-EO14024", "RU", false},
		{"dprk3", "DPRK", false},
		{"DPRK", "", false},
	} {
		if got := InProgramFamily(c.program, c.family); got != c.want {
			t.Errorf("InProgramFamily(%q, %q) = %v, want %v", c.program, c.family, got, c.want)
		}
	}
}

func TestProgramArea(t *testing.T) {
	for program, want := range map[string]string{
		"DPRK": "north korea", "DPRK4": "north korea", "DPRK-NKSPEA": "north korea",
		"DRC": "dr congo", "DRCONGO": "dr congo", "Al-Qaida": "terrorism", "SDGT": "terrorism",
		"SouthSudan": "south sudan", "SOUTH SUDAN": "south sudan", "SUDAN-EO14098": "sudan",
		"RUSSIA-EO14024": "", "CAATSA - IRAN": "", "": "",
	} {
		if got := ProgramArea(program); got != want {
			t.Errorf("ProgramArea(%q) = %q, want %q", program, got, want)
		}
	}
}

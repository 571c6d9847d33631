package record

import "testing"

func TestValidIMO(t *testing.T) {
	for _, imo := range []string{"9358010", "8517839", "9161003", "9179842", "8318740", "8714695"} {
		if !ValidIMO(imo) {
			t.Errorf("ValidIMO(%q) = false, want true", imo)
		}
	}
	for _, imo := range []string{"9358011", "935801", "93580100", "935801a", ""} {
		if ValidIMO(imo) {
			t.Errorf("ValidIMO(%q) = true, want false", imo)
		}
	}
}

func TestValidCompanyIMO(t *testing.T) {
	for _, n := range []string{"5344160", "6016988", "6246853", "6183435", "5053924", "5766958"} {
		if !ValidCompanyIMO(n) {
			t.Errorf("ValidCompanyIMO(%q) = false, want true", n)
		}
	}
	if ValidCompanyIMO("5344161") {
		t.Error("ValidCompanyIMO(5344161) = true, want false")
	}
}

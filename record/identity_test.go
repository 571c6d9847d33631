package record

import (
	"slices"
	"testing"
)

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

func TestNormalizeName(t *testing.T) {
	if a, b := NormalizeName("MKRTYCHEV, Ashot"), NormalizeName("Ashot  Mkrtýchev"); a != b {
		t.Errorf("NormalizeName: %q != %q", a, b)
	}
}

func TestIdentityKeys(t *testing.T) {
	e := Entity{
		Kind: Person, Name: "GAZARYAN, Rafael Anatolyevich",
		SourceRecordIDs: []string{"us-ofac:48986"},
		BirthDates:      []string{"1954-10-02", "1954"},
		Identifiers: []Identifier{
			{Type: IDPassport, Value: "6102814100", Country: "RU"},
			{Type: IDTax, Value: "622800585633"},
		},
	}
	got := IdentityKeys(e)
	want := []Key{"src:us-ofac:48986", "passport:RU:6102814100", "name-dob:anatolyevich gazaryan rafael|1954-10-02"}
	if !slices.Equal(got, want) {
		t.Errorf("IdentityKeys = %q, want %q", got, want)
	}
	v := Entity{Kind: Vessel, IMONumber: "9358010", Name: "MAIA-1"}
	if got := IdentityKeys(v); !slices.Equal(got, []Key{"imo:9358010"}) {
		t.Errorf("vessel keys = %q", got)
	}
}

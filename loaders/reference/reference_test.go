package reference

import "testing"

func TestDefaultLoads(t *testing.T) {
	d := Default()
	if got := len(d.Countries); got != 249 {
		t.Errorf("countries = %d, want 249 (ISO 3166-1)", got)
	}
	for name, want := range map[string]string{
		"Korea, North": "KP", "Russia": "RU", "RU": "RU", "rus": "RU", "Cyprus": "CY", "Slovakia": "SK", "Kazakhstan": "KZ",
	} {
		if got, ok := d.CountryCode(name); !ok || got != want {
			t.Errorf("CountryCode(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	if _, ok := d.CountryCode("Atlantis"); ok {
		t.Error("CountryCode(Atlantis) found a country")
	}
	for _, id := range []string{"us-ofac", "us-state", "jp-mof", "kr-mofa", "au-dfat", "un-sc", "gb-fcdo", "eu-council"} {
		if _, ok := d.Authority(id); !ok {
			t.Errorf("authority %s missing", id)
		}
	}
}

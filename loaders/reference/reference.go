// Package reference reads the reference data in seed/reference: countries,
// authorities and UN Security Council resolutions. Parsers use it to map
// country names to ISO codes and to check authority ids.
package reference

import (
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"

	"github.com/armsgraph/armsgraph/identity"
	"github.com/armsgraph/armsgraph/seed"
)

// Country is an ISO 3166-1 country.
type Country struct {
	Code    string   `yaml:"code"`
	Alpha3  string   `yaml:"alpha3"`
	Numeric string   `yaml:"numeric"`
	Name    string   `yaml:"name"`
	Aliases []string `yaml:"aliases"`
}

// Authority is a body that designates.
type Authority struct {
	ID      string `yaml:"id"`
	Name    string `yaml:"name"`
	Country string `yaml:"country"`
	URL     string `yaml:"url"`
}

// Provision is one paragraph of a resolution.
type Provision struct {
	Paragraph string `yaml:"paragraph"`
	Topic     string `yaml:"topic"`
	Text      string `yaml:"text"`
}

// Resolution is a UN Security Council resolution.
type Resolution struct {
	Number     int         `yaml:"number"`
	Symbol     string      `yaml:"symbol"`
	AdoptedOn  string      `yaml:"adoptedOn"`
	Title      string      `yaml:"title"`
	URL        string      `yaml:"url"`
	Provisions []Provision `yaml:"provisions"`
	Sources    []string    `yaml:"sources"`
}

// Data is the whole reference data set.
type Data struct {
	Countries   []Country    `yaml:"countries"`
	Authorities []Authority  `yaml:"authorities"`
	Resolutions []Resolution `yaml:"resolutions"`

	countryByName map[string]string
}

// Load reads countries.yaml, authorities.yaml and resolutions.yaml from dir
// in fsys.
func Load(fsys fs.FS, dir string) (*Data, error) {
	d := &Data{}
	for _, name := range []string{"countries.yaml", "authorities.yaml", "resolutions.yaml"} {
		path := dir + "/" + name
		raw, err := fs.ReadFile(fsys, path)
		if err != nil {
			return nil, err
		}
		if err := yaml.UnmarshalWithOptions(raw, d, yaml.Strict()); err != nil {
			return nil, fmt.Errorf("%s: %s", path, yaml.FormatError(err, false, true))
		}
	}
	d.countryByName = make(map[string]string)
	for _, c := range d.Countries {
		for _, n := range append([]string{c.Code, c.Alpha3, c.Name}, c.Aliases...) {
			d.countryByName[identity.NameKey(n)] = c.Code
		}
	}
	return d, nil
}

var (
	defaultOnce sync.Once
	defaultData *Data
)

// Default is the reference data shipped in seed/reference. It panics if
// that data does not parse, which a test of this package rules out.
func Default() *Data {
	defaultOnce.Do(func() {
		d, err := Load(seed.Files, "reference")
		if err != nil {
			panic("reference data in seed/reference does not load: " + err.Error())
		}
		defaultData = d
	})
	return defaultData
}

// CountryCode maps an ISO code (alpha-2 or alpha-3), an English name or a
// name official lists use ("Korea, North", "Russia") to the alpha-2 code.
func (d *Data) CountryCode(nameOrCode string) (string, bool) {
	code, ok := d.countryByName[identity.NameKey(strings.TrimSpace(nameOrCode))]
	return code, ok
}

// IsCountry reports whether code is an ISO 3166-1 alpha-2 code.
func (d *Data) IsCountry(code string) bool {
	for _, c := range d.Countries {
		if c.Code == code {
			return true
		}
	}
	return false
}

// Authority returns the authority with the given id.
func (d *Data) Authority(id string) (Authority, bool) {
	for _, a := range d.Authorities {
		if a.ID == id {
			return a, true
		}
	}
	return Authority{}, false
}

// Resolution returns the resolution with the given number.
func (d *Data) Resolution(number int) (Resolution, bool) {
	for _, r := range d.Resolutions {
		if r.Number == number {
			return r, true
		}
	}
	return Resolution{}, false
}

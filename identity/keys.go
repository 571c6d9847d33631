package identity

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/armsgraph/armsgraph/record"
)

// Keys returns the identity keys an entity can be matched on, strongest
// first: hull or company IMO number, official source record ids, national
// registration and tax numbers, passports and national ids, and for people
// the normalised name with a full date of birth. Two records that share a
// key are one actor; names alone never make a key.
func Keys(e record.Entity) []record.Key {
	var keys []record.Key
	add := func(k string) {
		for _, have := range keys {
			if string(have) == k {
				return
			}
		}
		keys = append(keys, record.Key(k))
	}
	if e.Kind == record.Vessel && e.IMONumber != "" {
		add("imo:" + e.IMONumber)
	}
	if e.Kind == record.Aircraft && e.ManufacturerSerial != "" {
		add("aircraft-msn:" + CompactIdentifier(e.ManufacturerSerial))
	}
	for _, id := range e.Identifiers {
		if id.Type == record.IDCompanyIMO && id.Value != "" {
			add("company-imo:" + id.Value)
		}
	}
	for _, s := range e.SourceRecordIDs {
		add("src:" + s)
	}
	for _, id := range e.Identifiers {
		if k := identifierKey(id); k != "" {
			add(k)
		}
	}
	if e.Kind == record.Person {
		if name := NameKey(e.Name); name != "" {
			for _, dob := range e.BirthDates {
				if isFullDate(dob) {
					add("name-dob:" + name + "|" + dob)
				}
			}
		}
	}
	return keys
}

// identifierKey is the key of a national number: its type, issuing country
// and compacted value. Without a country a number is not a key: the same
// digits are issued by many registries.
func identifierKey(id record.Identifier) string {
	switch id.Type {
	case record.IDRegistration, record.IDTax, record.IDPassport, record.IDNationalID:
		if v := CompactIdentifier(id.Value); v != "" && id.Country != "" {
			return id.Type + ":" + id.Country + ":" + v
		}
	}
	return ""
}

func isFullDate(d string) bool { return len(d) == len("2006-01-02") }

// StableID derives a readable, deterministic graph id for an entity that
// no key matched: vessels are their IMO number; otherwise the author's id,
// the first official record id, or a hash of the source and ref.
func StableID(e record.Entity, sourceID string) string {
	switch {
	case e.Kind == record.Vessel && e.IMONumber != "":
		return "imo-" + e.IMONumber
	case e.ID != "":
		return e.ID
	case len(e.SourceRecordIDs) > 0:
		return slug(e.SourceRecordIDs[0])
	}
	sum := sha256.Sum256([]byte(sourceID + "\x00" + e.Ref))
	return strings.ToLower(string(e.Kind)) + "-" + hex.EncodeToString(sum[:8])
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

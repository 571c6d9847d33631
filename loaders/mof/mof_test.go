package mof

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/loaders/internal/sheet/sheettest"
	"github.com/armsgraph/armsgraph/record"
)

const (
	russiaOrgs    = "28.ロシア連邦(団体(特定銀行を除く))"
	russiaPersons = "29.ロシア連邦(個人)"
	taliban       = "2.タリバーン関係者等"
)

var index = sheettest.Sheet{Name: "一覧", Rows: [][]any{{}, {"このファイルは、外為法に基づく資産凍結等の措置の情報をExcel形式にしたものです。"}}}

func orgSheet(rows ...[]any) sheettest.Sheet {
	return sheettest.Sheet{Name: russiaOrgs, Rows: append([][]any{
		{"資産凍結等の措置の対象となるロシア連邦の団体及び個人（団体（特定銀行を除く））"},
		{"告示日付", "告示番号", "日本語表記", "英語表記", "別称・旧称", "所在地"},
	}, rows...)}
}

var mgFlot = []any{"2024.5.24", "258", "有限会社MGフロート", "MG-Flot LLC", "（別称、トランスモルフロート及びトランスシーポート）\n（a.k.a. TransMorFlot, a.k.a. Transseaport）", "House 18 D Premise 1, Lenina Street, Akhtynskiy District, Republic of Dagestan, 368730, Russia"}

var persons = sheettest.Sheet{Name: russiaPersons, Rows: [][]any{
	{"資産凍結等の措置の対象となるロシア連邦の団体及び個人（個人）"},
	{"告示日付", "告示番号", "日本語表記", "英語表記", "別名", "肩書等", "生年月日", "出生地"},
	{"2024.5.24", "729", "ウラジーミル・ミヘイチク", "Vladimir Mikheychik（a.k.a. Vladimir Mikheichik）", "", "公開株式会社第224航空隊国家航空ゼネラル・ディレクター", 25704, ""},
}}

var mixed = sheettest.Sheet{Name: taliban, Rows: [][]any{
	{"タリバーン関係者等"},
	{"告示日付", "告示番号", "日本語表記", "英語表記", "別名・別称", "旧称", "確定に十分でない別名", "生年月日"},
	{"2011.11.18削除", "1"},
	{"2001.1.25\n2011.10.18改訂", "2", "ムハンマド・ハサン", "MOHAMMAD HASSAN", "", "", "Mullah", "1955年"},
	{"2001.1.25", "3", "ある団体", "SOME FRONT", "", "OLD FRONT", "", "不明"},
	{"", "", "", "", "", "", "", "", "追加の情報"},
}}

func decodeAll(t *testing.T, path string) (*Decoder, []record.Entry, error) {
	t.Helper()
	d, err := Open(path, Options{})
	if err != nil {
		return nil, nil, err
	}
	t.Cleanup(func() { d.Close() })
	var out []record.Entry
	for {
		e, err := d.Next()
		if errors.Is(err, io.EOF) {
			return d, out, nil
		}
		if err != nil {
			return d, out, err
		}
		out = append(out, e)
	}
}

func TestSheetsInTheOfficialLayout(t *testing.T) {
	path := sheettest.Write(t, "shisantouketsu20260305.xlsx", index, mixed, orgSheet(mgFlot), persons)
	d, entries, err := decodeAll(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if src := d.Source(); src.ID != "jp-mof-asset-freeze-2026-03-05" || src.AuthorityID != "jp-mof" || !src.Complete {
		t.Errorf("source = %+v", src)
	}
	if d.Deleted != 1 {
		t.Errorf("deleted rows = %d, want 1", d.Deleted)
	}
	var refs []string
	for _, e := range entries {
		refs = append(refs, e.Entity.Ref)
	}
	if got := strings.Join(refs, " "); got != "jp-mof:2-2 jp-mof:2-3 jp-mof:28-258 jp-mof:29-729" {
		t.Fatalf("entries %s", got)
	}
	hassan, front, flot, mikheychik := entries[0].Entity, entries[1].Entity, entries[2].Entity, entries[3].Entity
	if hassan.Kind != record.Person || !reflect.DeepEqual(hassan.BirthDates, []string{"1955"}) {
		t.Errorf("a row with a birth date on a mixed sheet is a person: %+v", hassan)
	}
	if want := []record.Alias{{Name: "ムハンマド・ハサン", Type: "original-script"}, {Name: "Mullah", Type: "aka", Quality: "weak"}}; !reflect.DeepEqual(hassan.Aliases, want) {
		t.Errorf("aliases = %+v, want %+v", hassan.Aliases, want)
	}
	if front.Kind != record.Organization || front.Remarks != "追加の情報" {
		t.Errorf("the row below continues SOME FRONT, an organisation: %+v", front)
	}
	if want := []record.Alias{{Name: "ある団体", Type: "original-script"}, {Name: "OLD FRONT", Type: "fka"}}; !reflect.DeepEqual(front.Aliases, want) {
		t.Errorf("aliases = %+v, want %+v", front.Aliases, want)
	}
	wantFlot := []record.Alias{
		{Name: "有限会社MGフロート", Type: "original-script"},
		{Name: "トランスモルフロート", Type: "original-script"},
		{Name: "トランスシーポート", Type: "original-script"},
		{Name: "TransMorFlot", Type: "aka"},
		{Name: "Transseaport", Type: "aka"},
	}
	if flot.Name != "MG-Flot LLC" || flot.Kind != record.Organization || !reflect.DeepEqual(flot.Aliases, wantFlot) {
		t.Errorf("MG-Flot = %q %s %+v", flot.Name, flot.Kind, flot.Aliases)
	}
	if len(flot.Addresses) != 1 || flot.Addresses[0].Country != "RU" {
		t.Errorf("addresses = %+v", flot.Addresses)
	}
	des := entries[2].Designations[0]
	if des.ListedOn != "2024-05-24" || des.AuthorityID != "jp-mof" || !reflect.DeepEqual(des.Programs, []string{"ロシア連邦(団体(特定銀行を除く))"}) {
		t.Errorf("designation = %+v", des)
	}
	if mikheychik.Name != "Vladimir Mikheychik" || mikheychik.Kind != record.Person || !reflect.DeepEqual(mikheychik.BirthDates, []string{"1970-05-16"}) {
		t.Errorf("Mikheychik = %+v", mikheychik)
	}
	if want := []record.Alias{{Name: "ウラジーミル・ミヘイチク", Type: "original-script"}, {Name: "Vladimir Mikheichik", Type: "aka"}}; !reflect.DeepEqual(mikheychik.Aliases, want) {
		t.Errorf("aliases = %+v, want %+v", mikheychik.Aliases, want)
	}
	if entries[1].Designations[0].ListedOn != "2001-01-25" {
		t.Errorf("an amended listing keeps its first notice date: %+v", entries[1].Designations[0])
	}
}

func TestPublishedOnFallsBackToTheLatestNotice(t *testing.T) {
	path := sheettest.Write(t, "list.xlsx", index, orgSheet(mgFlot), persons)
	d, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if got := d.Source().PublishedOn; got != "2024-05-24" {
		t.Errorf("published on %s, want 2024-05-24", got)
	}
}

func TestMalformedRowsAreLocated(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows [][]any
		want string
	}{
		{"notice date", [][]any{mgFlot, {"2024/5/24", "259", "有限会社Mリーシング", "M Leasing LLC"}}, ":" + russiaOrgs + ":4:A: notice date \"2024/5/24\" is not a date written like 2024.5.24"},
		{"impossible date", [][]any{{"2024.2.30", "259", "有限会社Mリーシング", "M Leasing LLC"}}, ":" + russiaOrgs + ":3:A: notice date \"2024.2.30\""},
		{"notice number", [][]any{{"2024.5.24", "two", "有限会社Mリーシング", "M Leasing LLC"}}, ":" + russiaOrgs + ":3:B: notice number \"two\" is not a number"},
		{"orphan continuation", [][]any{{"", "", "", "", "", "more"}}, ":" + russiaOrgs + ":3:A: a row without a notice date continues the listing above it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := sheettest.Write(t, "shisantouketsu20260305.xlsx", index, orgSheet(tc.rows...))
			_, _, err := decodeAll(t, path)
			if err == nil || !strings.Contains(err.Error(), path+tc.want) {
				t.Errorf("error = %v, want %s%s", err, path, tc.want)
			}
		})
	}
}

func TestNamelessRowIsAWarning(t *testing.T) {
	path := sheettest.Write(t, "shisantouketsu20260305.xlsx", orgSheet([]any{"2012.10.25", "257"}, mgFlot))
	_, entries, err := decodeAll(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || len(entries[0].Warnings) != 1 || !strings.HasPrefix(entries[0].Warnings[0].Location, path+":"+russiaOrgs+":3") {
		t.Errorf("entries = %+v, want MG-Flot with a warning about row 3", entries)
	}
}

func TestAliasCells(t *testing.T) {
	for in, want := range map[string][]record.Alias{
		"(a)ボジゼ・ヤングボンダ（Bozize Yangouvonda）、\n(b)サミュエル": {{Name: "Bozize Yangouvonda", Type: "aka"}, {Name: "ボジゼ・ヤングボンダ", Type: "original-script"}, {Name: "サミュエル", Type: "original-script"}},
		"FTB; Mooyokbank; Korea Trading Bank":          {{Name: "FTB", Type: "aka"}, {Name: "Mooyokbank", Type: "aka"}, {Name: "Korea Trading Bank", Type: "aka"}},
		"(f.k.a. Old Name, a.k.a. New Name)":           {{Name: "Old Name", Type: "fka"}, {Name: "New Name", Type: "aka"}},
		"不明":                                           nil,
	} {
		if got := parseAliases(in, "aka"); !reflect.DeepEqual(got, want) {
			t.Errorf("parseAliases(%q) = %+v, want %+v", in, got, want)
		}
	}
}

package workbook

import (
	"testing"

	"github.com/armsgraph/armsgraph/loaders/dfat"
	"github.com/armsgraph/armsgraph/loaders/internal/sheet/sheettest"
	"github.com/armsgraph/armsgraph/loaders/mof"
	"github.com/armsgraph/armsgraph/loaders/ofsi"
)

// Each list is written under another list's file name: the content
// decides.
func TestIdentifyFromContent(t *testing.T) {
	dfatFile := sheettest.Write(t, "ConList.xlsx", sheettest.Sheet{Name: "Sheet1", Rows: [][]any{
		{"Reference", "Name of Individual or Entity", "Type", "Name Type", "Date of Birth", "Place of Birth", "Citizenship", "Address", "Additional Information", "Listing Information", "Committees", "Control Date"},
	}})
	mofFile := sheettest.Write(t, "regulation8_consolidated.xlsx",
		sheettest.Sheet{Name: "一覧", Rows: [][]any{{}, {"このファイルは..."}}},
		sheettest.Sheet{Name: "28.ロシア連邦(団体(特定銀行を除く))", Rows: [][]any{{"title"}, {"告示日付", "告示番号", "日本語表記", "英語表記", "別称・旧称", "所在地"}}})
	ofsiFile := sheettest.Write(t, "shisantouketsu20260305.xlsx", sheettest.Sheet{Name: "Data", Rows: [][]any{
		{"Last Updated", "10/04/2025"},
		{"Name 6", "Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Group Type", "Alias Type", "Regime", "Listed On", "Group ID"},
	}})
	other := sheettest.Write(t, "list.xlsx", sheettest.Sheet{Name: "Sheet1", Rows: [][]any{{"Name", "Country"}}})
	for path, want := range map[string]string{dfatFile: dfat.Format, mofFile: mof.Format, ofsiFile: ofsi.Format, other: ""} {
		got, err := Identify(path)
		if err != nil || got != want {
			t.Errorf("Identify(%s) = %q, %v; want %q", path, got, err, want)
		}
	}
}

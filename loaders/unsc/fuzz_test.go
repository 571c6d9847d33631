package unsc

import (
	"bytes"
	"os"
	"testing"
)

func FuzzDecoder(f *testing.F) {
	sample, err := os.ReadFile(samplePath)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sample)
	f.Add([]byte(oneRecord("ENTITY", "<REFERENCE_NUMBER>KPe.001</REFERENCE_NUMBER><FIRST_NAME>K</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE><LISTED_ON>2009-04-24</LISTED_ON><COMMENTS1>IMO number: 1790183. SWIFT: DCBKKPPY</COMMENTS1>")))
	f.Add([]byte(oneRecord("INDIVIDUAL", "<REFERENCE_NUMBER>KPi.066</REFERENCE_NUMBER><FIRST_NAME>KIM</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE><LISTED_ON>2017-12-22</LISTED_ON><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1967</FROM_YEAR><TO_YEAR>1969</TO_YEAR><NOTE>Sep. 1968</NOTE></INDIVIDUAL_DATE_OF_BIRTH>")))
	f.Add([]byte("<CONSOLIDATED_LIST dateGenerated='2024-09-26'></CONSOLIDATED_LIST>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		Sniff(data)
		d, err := NewDecoder(bytes.NewReader(data), "fuzz.xml", Options{})
		if err != nil {
			return
		}
		for {
			e, err := d.Next()
			if err != nil {
				return
			}
			if e.Entity.Ref == "" || e.Entity.Name == "" || len(e.Designations) != 1 {
				t.Fatalf("accepted entry without ref, name or designation: %+v", e)
			}
		}
	})
}

package marts

import "testing"

func TestInsGenderAgeMismatch(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.imStandardPrices()
	type c struct {
		id, gender, birth string
		age               float64
		item              string
		want              imExpect
	}
	cases := []c{
		{"G1", "男", "1980-01-01", 0, "311201001", imExpect{"prenatal check billed to a man", "G1", true, 1, "high"}},
		{"G2", "女", "1990-01-01", 0, "311201001", imExpect{"prenatal check for a woman of 35", "G2", false, 0, ""}},
		{"G3", "女", "1969-07-02", 0, "311201001", imExpect{"aged 55 the day before turning 56: inside 15–55", "G3", false, 0, ""}},
		{"G4", "女", "1969-07-01", 0, "311201001", imExpect{"turned 56 on the service day: outside", "G4", true, 1, "high"}},
		{"G5", "男", "2010-07-02", 0, "450000013", imExpect{"child massage at 14 (last day)", "G5", false, 0, ""}},
		{"G6", "男", "2010-07-01", 0, "450000013", imExpect{"child massage at 15", "G6", true, 1, "high"}},
		{"G7", "女", "", 0, "311000020", imExpect{"prostate item for a woman, no birth date", "G7", true, 1, "high"}},
		{"G8", "", "", 40, "311000020", imExpect{"no gender recorded: not assessed", "G8", false, 0, ""}},
		{"G9", "女", "", 60, "311201001", imExpect{"age field only, 60 > 55", "G9", true, 1, "high"}},
		{"G10", "男", "2025-01-15", 0, "220800012", imExpect{"newborn screening at 0", "G10", false, 0, ""}},
		{"G11", "男", "2024-06-30", 0, "220800012", imExpect{"newborn screening at 1", "G11", true, 1, "high"}},
	}
	var want []imExpect
	for _, k := range cases {
		f.imClaim(imClaim{inst: "H3A", id: k.id, patient: "P" + k.id, gender: k.gender, birth: k.birth, age: k.age,
			visit: "门诊", admit: "2025-07-01", discharge: "2025-07-01", total: 200})
		f.imLine(imLine{inst: "H3A", settlement: k.id, day: "2025-07-01", item: k.item, qty: 1, price: 20})
		want = append(want, k.want)
	}
	f.build()
	f.imDump("INS_GENDER_AGE_MISMATCH")
	imCheck(t, "INS_GENDER_AGE_MISMATCH", f.imBySubject("INS_GENDER_AGE_MISMATCH"), want)
}

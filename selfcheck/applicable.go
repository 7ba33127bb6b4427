package selfcheck

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNoChecklist is returned by ResolveChecklist when no plan covers the institution (a
// primary-care institution in Zibo: the Zibo plan covers hospitals of 二级 and above only).
var ErrNoChecklist = errors.New("no checklist applies")

// primaryCare are category words of primary-care institutions (registry 机构类别/机构类型).
var primaryCare = []string{"卫生院", "社区卫生服务", "村卫生室", "卫生室", "基层医疗"}

// Applicable returns the checklist that applies to an institution, from the registry's region
// (地区/所在区县, or the city), tier (级别: 三级, 二级, 一级, 基层) and category (机构类别):
//
//   - region contains 淄博: "ZB-L" for hospitals; "" for primary-care institutions, which the
//     Zibo plan (二级以上公立医院) does not cover.
//   - anywhere else (巴南, 重庆, unknown): "BN-P" for primary-care institutions, else "BN-L".
//
// An institution is primary care when its category names one (中心卫生院, 乡镇卫生院,
// 社区卫生服务中心/站, 村卫生室) or its tier is 基层 or 一级 (一级甲等, 一甲 …). The category wins
// over the tier: a 中心卫生院 rated 二级 is still primary care, as the Banan plan lists 中心级卫生院
// among its 基层 institutions. Hospitals of every kind (综合医院, 专科医院, 中医医院,
// 妇幼保健院, 精神卫生中心) with tier 二级/三级 or no tier get the large-hospital list.
func Applicable(region, tier, category string) string {
	region, tier, category = normalize(region), normalize(tier), normalize(category)
	primary := strings.Contains(tier, "基层") || strings.HasPrefix(tier, "一级") ||
		strings.HasPrefix(tier, "一甲") || strings.HasPrefix(tier, "一乙") || strings.HasPrefix(tier, "一丙") ||
		tier == "1" || strings.HasPrefix(tier, "1级")
	for _, w := range primaryCare {
		if strings.Contains(category, w) {
			primary = true
		}
	}
	if strings.Contains(region, "淄博") {
		if primary {
			return ""
		}
		return ZBL
	}
	if primary {
		return BNP
	}
	return BNL
}

// ResolveChecklist is Applicable with an override: a non-empty override ("BN-L", "bn-p", …)
// is returned as the canonical id if it names a checklist, and is an error otherwise. Without
// an override it returns Applicable's answer, or ErrNoChecklist when that is "".
func ResolveChecklist(override, region, tier, category string) (string, error) {
	if o := strings.ToUpper(strings.TrimSpace(override)); o != "" {
		for _, id := range ChecklistIDs() {
			if o == id {
				return id, nil
			}
		}
		return "", fmt.Errorf("%w %q (want BN-L, BN-P or ZB-L)", ErrUnknownChecklist, override)
	}
	if id := Applicable(region, tier, category); id != "" {
		return id, nil
	}
	return "", fmt.Errorf("%w to %s %s %s: the Zibo plan covers hospitals of 二级 and above only; pass an override",
		ErrNoChecklist, region, tier, category)
}

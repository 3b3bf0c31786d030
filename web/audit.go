package web

import (
	"regexp"
	"strings"
	"time"

	"kui/internal/casework"
)

// AuditView is the administrator's audit log page.
type AuditView struct {
	Page    Page
	Query   string
	Matches []casework.YouthSummary
	Youth   *casework.YouthSummary // whose log is shown, nil before one is picked
	Entries []casework.AuditEntry
}

// auditPair is one "key=value" of an audit row's detail; a key may be words
// ("mine shown=3").
var auditPair = regexp.MustCompile(`((?:[a-z_]+ )*[a-z_]+)=(\S*)`)

// AuditDetailText is an audit row's detail in Danish: its keys labelled
// ("meeting=9" is "Møde nr. 9"), the codes it names (a meeting's kind, an
// outcome, a status) as the pages name them, and names as written.
func AuditDetailText(t *Catalogue, e casework.AuditEntry) string {
	d := strings.TrimSpace(e.Detail)
	if d == "" {
		return ""
	}
	switch e.Action {
	case casework.AuditMeetingCreate:
		if s := t.MeetingT.Kinds[casework.MeetingKind(d)]; s != "" {
			return s
		}
	case casework.AuditPlanFollowup:
		if s := t.MeetingT.Outcomes[casework.Outcome(d)]; s != "" {
			return s
		}
	case casework.AuditYouthStatus:
		if from, to, ok := strings.Cut(d, " → "); ok && t.Statuses[casework.Status(from)] != "" && t.Statuses[casework.Status(to)] != "" {
			return t.Statuses[casework.Status(from)] + " → " + t.Statuses[casework.Status(to)]
		}
	case casework.AuditContactEnd:
		if name, reason, ok := strings.Cut(strings.TrimSuffix(d, ")"), " ("); ok && t.TeamT.EndReasons[casework.ContactEndReason(reason)] != "" {
			return name + " (" + t.TeamT.EndReasons[casework.ContactEndReason(reason)] + ")"
		}
	case casework.AuditTeamChosen:
		if day, err := time.Parse(time.DateOnly, d); err == nil {
			return t.Day(day)
		}
	}
	if !strings.Contains(d, "=") {
		if s := t.AuditDetails[d]; s != "" {
			return s
		}
		return d // a name, written as it was
	}
	var parts []string
	rest := auditPair.ReplaceAllStringFunc(d, func(pair string) string {
		m := auditPair.FindStringSubmatch(pair)
		key, value := m[1], m[2]
		switch key {
		case "item":
			if s := t.CaseT.ChecklistKinds[casework.ChecklistKind(value)]; s != "" {
				value = s
			}
		case "sensitive":
			if s := t.CaseT.SensitiveKinds[casework.SensitiveKind(value)]; s != "" {
				value = s
			}
		}
		if label := t.AuditDetails[key]; label != "" {
			parts = append(parts, sprintf(label, value))
		} else {
			parts = append(parts, pair)
		}
		return ""
	})
	for _, w := range strings.Fields(rest) {
		if s := t.AuditDetails[w]; s != "" {
			w = s
		}
		parts = append(parts, w)
	}
	return strings.Join(parts, ", ")
}

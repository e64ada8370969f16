package handlers

import (
	"strings"
	"time"

	"pathways/models"
)

// auditActorKeys are the catalogue ids of the actors without an account,
// whose names the audit log stores in English.
var auditActorKeys = map[string]string{
	models.ActorSubmitter.Name:   "audit.actor.submitter",
	models.ActorImporter.Name:    "audit.actor.importer",
	models.ActorAnonymous.Name:   "audit.actor.anonymous",
	models.ActorCommandLine.Name: "audit.actor.command_line",
}

// AuditActor names who did what an audit event records, in the page's
// language: a user by e-mail, an actor without an account by its
// translated name. The stored value stays as it is: the log is
// append-only.
func (l *Localizer) AuditActor(ev models.AuditEvent) string {
	if id, ok := auditActorKeys[ev.Actor]; ok {
		return l.T(id)
	}
	return ev.Actor
}

// reportActions are the catalogue ids of a decision on a problem report,
// which the audit log stores as a submission's ("submission.reject"):
// a report is resolved or dismissed, not approved or rejected.
var reportActions = map[string]string{
	"submission.approve": "audit.report.resolve",
	"submission.reject":  "audit.report.dismiss",
}

// AuditAction says what an event records, in the page's language; kind is
// the kind of the submission it is about, if it is about one.
func (l *Localizer) AuditAction(ev models.AuditEvent, kind string) string {
	if id, ok := reportActions[ev.Action]; ok && kind == models.KindReport && ev.RecordType == "submission" {
		return l.T(id)
	}
	return l.T("audit." + ev.Action)
}

// AuditState names a state an event records: a submission's as its kind
// names it (a report is "Resolved" or "Dismissed"), any other as it is.
func (l *Localizer) AuditState(ev models.AuditEvent, kind, state string) string {
	if ev.RecordType == "submission" && kind != "" && state != "" {
		return l.StateLabel(kind, state)
	}
	return l.StateName(state)
}

// SubmitterName is who sent a submission, as a moderator reads it: the
// name they gave, or an import's, which is stored in English
// (models.ImportSubmitter), in the page's language.
func (l *Localizer) SubmitterName(sub *models.Submission) string {
	if sub.Imported() {
		return l.T("review.submitter_import")
	}
	return sub.SubmitterName
}

// AuditRecord names the record of an event that has no page of its own
// (a user account), in the page's language.
func (l *Localizer) AuditRecord(ev models.AuditEvent) string {
	if ev.RecordType == "user" && ev.RecordID == models.UnknownAccount {
		return l.T("audit.unknown_account")
	}
	return ev.RecordID
}

// AuditReason is an event's reason as a page shows it.
type AuditReason struct {
	Text string
	Own  bool // a person's words, shown as written, in their own direction
}

// AuditReason gives an event's reason in the page's language when the
// application wrote it (a submission's kind, the submission a program was
// published from, the source of an import, the day of a verification),
// and as written when a person did (a moderator's message). The action
// tells the two apart: a moderator's message may be any words.
func (l *Localizer) AuditReason(ev models.AuditEvent) AuditReason {
	r := ev.Reason
	if r == "" {
		return AuditReason{}
	}
	switch ev.Action {
	case "submission.create": // CreateSubmission, QueueImport
		if id := "kind." + r; l.has(id) {
			return AuditReason{Text: l.T(id)}
		}
	case "program.publish", "program.update", "program.confirm": // publishSubmission, ConfirmCurrent
		if ref, ok := strings.CutPrefix(r, "submission "); ok && ref != "" && strings.Trim(ref, "0123456789") == "" {
			return AuditReason{Text: l.T("audit.reason.submission", "ID", ref)}
		}
	case "program.import", "program.import_update": // the HSDS import
		if r == "hsds" {
			return AuditReason{Text: l.T("audit.reason.hsds")}
		}
	case "program.verify": // VerifyProgram: the day
		if _, err := time.Parse(time.DateOnly, r); err == nil {
			return AuditReason{Text: l.DateISO(r)}
		}
	}
	return AuditReason{Text: r, Own: true}
}

// has reports whether the page's catalogue has the message id.
func (l *Localizer) has(id string) bool {
	keys := l.cat.keys[l.Lang]
	if keys == nil {
		keys = l.cat.keys[DefaultLang]
	}
	return keys[id]
}

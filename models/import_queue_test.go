package models

import "testing"

// TestImportedIsNotAName: a queued import is saved as an import is; a
// person who calls themselves "Import" (with the e-mail address every
// form asks for) is not an import.
func TestImportedIsNotAName(t *testing.T) {
	for _, c := range []struct {
		sub      Submission
		imported bool
		mode     saveMode
	}{
		{Submission{Kind: KindNew, SubmitterName: ImportSubmitter}, true, saveImport},
		{Submission{Kind: KindUpdate, SubmitterName: ImportSubmitter}, true, saveImport},
		{Submission{Kind: KindNew, SubmitterName: ImportSubmitter, SubmitterEmail: "sam@example.org"}, false, saveEdit},
		{Submission{Kind: KindUpdate, SubmitterName: ImportSubmitter, SubmitterEmail: "sam@example.org"}, false, saveUpdate},
		{Submission{Kind: KindReport, SubmitterName: ImportSubmitter}, false, saveEdit},
	} {
		if got := c.sub.Imported(); got != c.imported {
			t.Errorf("%s by %q <%s>: imported %t", c.sub.Kind, c.sub.SubmitterName, c.sub.SubmitterEmail, got)
		}
		if got := c.sub.SaveMode(); got != c.mode {
			t.Errorf("%s by %q <%s>: save mode %v, want %v", c.sub.Kind, c.sub.SubmitterName, c.sub.SubmitterEmail, got, c.mode)
		}
	}
}

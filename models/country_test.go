package models

import (
	"slices"
	"testing"

	"golang.org/x/text/language"
)

// TestCountryCodesAreTheISOList: the 249 officially assigned codes and XK, in
// order (ValidCountry searches them by halves), each one x/text can name.
func TestCountryCodesAreTheISOList(t *testing.T) {
	codes := CountryCodes()
	if len(codes) != 250 {
		t.Errorf("%d country codes, want the 249 officially assigned and XK (Kosovo)", len(codes))
	}
	if !slices.IsSorted(codes) || len(slices.Compact(slices.Clone(codes))) != len(codes) {
		t.Error("the country codes are not sorted or hold one twice")
	}
	for _, code := range codes {
		r, err := language.ParseRegion(code)
		if err != nil || !r.IsCountry() {
			t.Errorf("%s: x/text does not know it as a country: %v", code, err)
		}
	}
}

func TestValidCountry(t *testing.T) {
	for code, want := range map[string]bool{
		"BE": true, "GB": true, "DE": true, "FR": true, "YE": true, "VN": true, "UM": true, "AD": true, "ZW": true,
		// Deprecated: Germany, Britain, France, Yemen and Vietnam twice, and
		// countries that no longer exist.
		"DD": false, "UK": false, "FX": false, "YD": false, "VD": false, "SU": false, "YU": false, "CS": false, "AN": false, "ZR": false,
		// Reserved or user-assigned: not countries.
		"EU": false, "EZ": false, "UN": false, "AC": false, "IC": false, "JT": false, "ZZ": false,
		// User-assigned, but what Kosovo goes by.
		"XK": true,
		"gb": false, "GBR": false, "": false, "G": false,
	} {
		if got := ValidCountry(code); got != want {
			t.Errorf("ValidCountry(%q) = %v, want %v", code, got, want)
		}
	}
}

// An HSDS export names "no" Norwegian, not x/text's "Norwegian Bokmål",
// one of its two written forms.
func TestHSDSLanguageNamesAsTheyAreNow(t *testing.T) {
	for code, want := range map[string]string{"no": "Norwegian", "fr": "French", "ar": "Arabic", "nb": "Norwegian Bokmål"} {
		if got := languageName(code); got != want {
			t.Errorf("%s: %q, want %q", code, got, want)
		}
	}
}

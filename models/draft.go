package models

import (
	"fmt"
	"net/mail"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/go-playground/validator/v10"
)

// ProgramDraft is the content of a program as someone proposes it: a CSV
// row, a submission form, an HSDS record. It is validated before anything
// is stored. The csv tags name the import columns.
type ProgramDraft struct {
	Name            string          `csv:"name" validate:"required,max=200"`
	Organization    string          `csv:"organization" validate:"required,max=200"`
	Summary         string          `csv:"summary" validate:"required,max=300"`
	Description     string          `csv:"description" validate:"max=10000"`
	Themes          []string        `csv:"themes" validate:"min=1,max=15,dive,theme"`
	Audiences       []string        `csv:"audiences" validate:"min=1,max=15,dive,audience"`
	Level           string          `csv:"level" validate:"omitempty,level"`
	Languages       []string        `csv:"languages" validate:"max=40,dive,language"`
	Delivery        string          `csv:"delivery" validate:"omitempty,delivery"`
	Cost            string          `csv:"cost" validate:"omitempty,cost"`
	FeesDescription string          `csv:"fees" validate:"max=1000"`
	Eligibility     string          `csv:"eligibility" validate:"max=2000"`
	AgeMin          *int            `csv:"age_min" validate:"omitempty,min=0,max=120"`
	AgeMax          *int            `csv:"age_max" validate:"omitempty,min=0,max=120"`
	HowToRefer      string          `csv:"how_to_refer" validate:"max=2000"`
	Website         string          `csv:"website" validate:"omitempty,max=500,weburl"`
	ContactName     string          `csv:"contact_name" validate:"max=200"`
	Email           string          `csv:"email" validate:"omitempty,max=254,mailaddr"`
	Phone           string          `csv:"phone" validate:"omitempty,max=40,phone"`
	Evidence        string          `csv:"evidence" validate:"omitempty,evidence"`
	EvaluationURL   string          `csv:"evaluation_url" validate:"omitempty,max=500,weburl"`
	LastVerified    string          `csv:"last_verified" validate:"omitempty,pastdate"`
	Locations       []LocationDraft `csv:"-" validate:"max=50,dive"`
}

// LocationDraft is a proposed location.
type LocationDraft struct {
	Address      string `csv:"address" validate:"max=300"`
	City         string `csv:"city" validate:"max=100"`
	Region       string `csv:"region" validate:"max=100"`
	PostalCode   string `csv:"postal_code" validate:"max=20"`
	Country      string `csv:"country" validate:"required,country"`
	Confidential bool   `csv:"confidential"`
}

// Problem is one thing wrong with a draft: the field (by its csv name, or
// "locations.0.city"), a machine code (the rule that failed) and its
// parameter, and an English message for operators.
type Problem struct {
	Field   string
	Code    string
	Param   string
	Message string
}

func (p Problem) Error() string { return p.Field + ": " + p.Message }

var phoneRe = regexp.MustCompile(`^\+?[0-9 ()./-]{4,40}$`)

// NewValidator returns a validator that knows the taxonomies.
func NewValidator(tax *Taxonomies) *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name := strings.SplitN(f.Tag.Get("csv"), ",", 2)[0]
		if name == "-" || name == "" {
			return strings.ToLower(f.Name)
		}
		return name
	})
	for _, name := range TaxonomyNames {
		name := name
		v.RegisterValidation(name, func(fl validator.FieldLevel) bool {
			return tax.Has(name, fl.Field().String())
		})
	}
	v.RegisterValidation("language", func(fl validator.FieldLevel) bool { return ValidLanguage(fl.Field().String()) })
	v.RegisterValidation("country", func(fl validator.FieldLevel) bool { return ValidCountry(fl.Field().String()) })
	v.RegisterValidation("weburl", func(fl validator.FieldLevel) bool { return ValidWebURL(fl.Field().String()) })
	v.RegisterValidation("mailaddr", func(fl validator.FieldLevel) bool { return ValidEmail(fl.Field().String()) })
	v.RegisterValidation("phone", func(fl validator.FieldLevel) bool { return phoneRe.MatchString(fl.Field().String()) })
	v.RegisterValidation("evidence", func(fl validator.FieldLevel) bool {
		for _, e := range EvidenceLevels {
			if e == fl.Field().String() {
				return true
			}
		}
		return false
	})
	v.RegisterValidation("pastdate", func(fl validator.FieldLevel) bool {
		t, err := time.Parse(time.DateOnly, fl.Field().String())
		return err == nil && !t.After(time.Now().AddDate(0, 0, 1))
	})
	return v
}

// ValidWebURL accepts only absolute http and https URLs with a host:
// never javascript:, data: or a relative path.
func ValidWebURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil {
		return false
	}
	return u.Scheme == "https" || u.Scheme == "http"
}

// ValidEmail accepts a bare address ("name@example.org"), nothing more.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == "" && strings.Contains(s[strings.LastIndexByte(s, '@'):], ".")
}

// Normalize trims spaces, drops empty list entries and duplicates, and
// puts codes in their canonical case. Validate calls it first.
func (d *ProgramDraft) Normalize() {
	trim := func(s *string) { *s = CleanText(*s) }
	for _, s := range []*string{&d.Name, &d.Organization, &d.Summary, &d.Description, &d.Level, &d.Delivery, &d.Cost,
		&d.FeesDescription, &d.Eligibility, &d.HowToRefer, &d.Website, &d.ContactName, &d.Email, &d.Phone,
		&d.Evidence, &d.EvaluationURL, &d.LastVerified} {
		trim(s)
	}
	d.Website, d.EvaluationURL = withScheme(d.Website), withScheme(d.EvaluationURL)
	d.Level, d.Delivery, d.Cost, d.Evidence = strings.ToLower(d.Level), strings.ToLower(d.Delivery), strings.ToLower(d.Cost), strings.ToLower(d.Evidence)
	d.Themes = cleanList(d.Themes, strings.ToLower)
	d.Audiences = cleanList(d.Audiences, strings.ToLower)
	d.Languages = cleanList(d.Languages, strings.ToLower)
	for i := range d.Locations {
		l := &d.Locations[i]
		for _, s := range []*string{&l.Address, &l.City, &l.Region, &l.PostalCode, &l.Country} {
			trim(s)
		}
		l.Country = strings.ToUpper(l.Country)
		if iso, ok := countryAliases[l.Country]; ok {
			l.Country = iso
		}
	}
}

// CleanText is text as it is kept: valid UTF-8 without NUL bytes, line
// breaks as "\n" (a browser sends "\r\n", and counts it as one
// character against a field's maxlength: counted as two, a summary of 299
// characters over five lines was refused as longer than 300), no spaces
// around it.
func CleanText(s string) string {
	s = strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "")
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	return strings.TrimSpace(s)
}

// withScheme gives a web address typed without its scheme
// ("www.example.org", "example.org/contact") https://, as a browser
// would; anything else is left for validation to judge.
func withScheme(s string) string {
	if s == "" || strings.Contains(s, "://") {
		return s
	}
	host := s
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	if !strings.Contains(host, ".") || strings.HasPrefix(host, ".") || strings.HasSuffix(host, ".") {
		return s
	}
	for _, r := range host {
		if !(r == '.' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return s // "javascript:…", "mailto:…", spaces: not an address to fix
		}
	}
	return "https://" + s
}

func cleanList(in []string, canon func(string) string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		s = canon(strings.TrimSpace(s))
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// Validate normalizes the draft and returns every problem with it.
func (d *ProgramDraft) Validate(v *validator.Validate) []Problem {
	d.Normalize()
	var problems []Problem
	if err := v.Struct(d); err != nil {
		verrs, ok := err.(validator.ValidationErrors)
		if !ok {
			return []Problem{{Field: "form", Code: "invalid", Message: err.Error()}}
		}
		for _, fe := range verrs {
			problems = append(problems, problemFor(fe))
		}
	}
	if d.AgeMin != nil && d.AgeMax != nil && *d.AgeMin > *d.AgeMax {
		problems = append(problems, Problem{Field: "age_max", Code: "agerange", Message: "the maximum age is below the minimum age"})
	}
	return problems
}

// problemFor turns a validator error into a Problem with a plain message.
func problemFor(fe validator.FieldError) Problem {
	ns := fe.Namespace() // ProgramDraft.locations[0].city or ProgramDraft.themes[1]
	field := ns[strings.IndexByte(ns, '.')+1:]
	p := Problem{Field: field, Code: fe.Tag(), Param: fe.Param()}
	val := fmt.Sprint(fe.Value())
	switch fe.Tag() {
	case "required":
		p.Message = "is required"
	case "min":
		switch fe.Kind() {
		case reflect.Slice:
			p.Code, p.Message = "min_items", "choose at least "+fe.Param()
		case reflect.String:
			p.Code, p.Message = "min_length", "must be at least "+fe.Param()+" characters long"
		default:
			p.Message = "must be at least " + fe.Param()
		}
	case "max":
		switch fe.Kind() {
		case reflect.Slice:
			p.Code, p.Message = "max_items", "choose at most "+fe.Param()
		case reflect.String:
			p.Code, p.Message = "max_length", "must be at most "+fe.Param()+" characters long"
		default:
			p.Message = "must be at most " + fe.Param()
		}
	case "theme", "audience", "level", "delivery", "cost", "evidence":
		p.Message = fmt.Sprintf("unknown %s %q", fe.Tag(), val)
	case "language":
		p.Message = fmt.Sprintf("unknown language code %q (use ISO 639-1, such as en or fr)", val)
	case "country":
		p.Message = fmt.Sprintf("unknown country code %q (use ISO 3166-1 alpha-2, such as BE or FR)", val)
	case "weburl":
		p.Message = "must be a web address starting with https:// or http://"
	case "mailaddr":
		p.Message = "must be an e-mail address such as name@example.org"
	case "phone":
		p.Message = "must be a phone number such as +32 2 555 01 23"
	case "pastdate":
		p.Message = "must be a date in the form YYYY-MM-DD, not in the future"
	default:
		p.Message = "is not valid"
	}
	return p
}

// ValidationProblems turns a validator error on any struct into Problems.
func ValidationProblems(err error) []Problem {
	verrs, ok := err.(validator.ValidationErrors)
	if !ok {
		return []Problem{{Field: "form", Code: "invalid", Message: err.Error()}}
	}
	out := make([]Problem, 0, len(verrs))
	for _, fe := range verrs {
		out = append(out, problemFor(fe))
	}
	return out
}

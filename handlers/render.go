package handlers

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"text/template/parse"
	"time"

	"github.com/labstack/echo/v4"

	"pathways/models"
	"pathways/templates"
)

// Renderer holds the parsed page templates. They are parsed once at start-up:
// a broken template stops the server from starting, not a request.
type Renderer struct {
	pages map[string]*template.Template
	// byLang holds each page once for every language, with its plain
	// messages written in (inlineMessages); Render uses it when it has
	// the page's language.
	byLang       map[string]map[string]*template.Template
	AssetVersion string // content hash of the static files
	bufs         sync.Pool
}

// NewRenderer parses layouts/base.html, every partial and every page.
func NewRenderer() (*Renderer, error) {
	fsys := templates.FS
	base, err := template.New("base").Funcs(funcs).ParseFS(fsys, "layouts/*.html", "partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("handlers: parse layouts: %w", err)
	}
	pageFiles, err := fs.Glob(fsys, "pages/*.html")
	if err != nil {
		return nil, err
	}
	r := &Renderer{pages: map[string]*template.Template{}}
	r.bufs.New = func() any { return new(bytes.Buffer) }
	for _, f := range pageFiles {
		t, err := template.Must(base.Clone()).ParseFS(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("handlers: parse %s: %w", f, err)
		}
		r.pages[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	r.AssetVersion, err = hashStatic(fsys)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// hashStatic returns a short hash of every static file: asset URLs carry
// it, so they can be cached for a year and still change with a release.
func hashStatic(fsys fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		h.Write([]byte(p))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("handlers: hash static files: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}

// InlineMessages makes a copy of the named pages for each language of cat
// in which each {{.T "id"}} without arguments is the message itself,
// escaped (inlineMessages). Each copy holds the parse trees of the layout
// and every partial (~150 KB), so only the pages the public asks for most
// are copied.
func (r *Renderer) InlineMessages(cat *Catalog, pages ...string) error {
	r.byLang = map[string]map[string]*template.Template{}
	for _, lang := range cat.Languages() {
		loc := cat.Localizer(lang)
		r.byLang[lang] = map[string]*template.Template{}
		for _, name := range pages {
			t, ok := r.pages[name]
			if !ok {
				return fmt.Errorf("handlers: no page template %q", name)
			}
			c, err := t.Clone()
			if err != nil {
				return fmt.Errorf("handlers: clone %s: %w", name, err)
			}
			for _, x := range c.Templates() {
				if x.Tree != nil {
					inlineMessages(x.Tree.Root, loc)
				}
			}
			r.byLang[lang][name] = c
		}
	}
	return nil
}

// inlineMessages replaces each action {{.T "id"}} ({{$.T "id"}},
// {{.Page.T "id"}}: a method T with one literal argument) in the tree by
// the message, escaped as html/template escapes text and quoted
// attribute values, the only places the templates put a message
// (TestInlinedMessagesRenderTheSamePages renders every page both ways).
// A message is the same for every request in a language, and each
// action cost a reflective call, an escaper call and ~20 allocations.
func inlineMessages(n parse.Node, loc *Localizer) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for i, c := range n.Nodes {
			if id, ok := plainMessage(c); ok {
				n.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: c.Position(), Text: []byte(htmlEscape(loc.T(id)))}
				continue
			}
			inlineMessages(c, loc)
		}
	case *parse.IfNode:
		inlineMessages(n.List, loc)
		inlineMessages(n.ElseList, loc)
	case *parse.RangeNode:
		inlineMessages(n.List, loc)
		inlineMessages(n.ElseList, loc)
	case *parse.WithNode:
		inlineMessages(n.List, loc)
		inlineMessages(n.ElseList, loc)
	}
}

// plainMessage reports whether n is an action that only prints T of a
// literal message id.
func plainMessage(n parse.Node) (string, bool) {
	a, ok := n.(*parse.ActionNode)
	if !ok || a.Pipe == nil || len(a.Pipe.Decl) > 0 || len(a.Pipe.Cmds) != 1 || len(a.Pipe.Cmds[0].Args) != 2 {
		return "", false
	}
	args := a.Pipe.Cmds[0].Args
	var ident []string
	switch f := args[0].(type) {
	case *parse.FieldNode:
		ident = f.Ident
	case *parse.VariableNode:
		ident = f.Ident[1:]
	}
	id, ok := args[1].(*parse.StringNode)
	if !ok || len(ident) == 0 || ident[len(ident)-1] != "T" {
		return "", false
	}
	return id.Text, true
}

// renderCheck, when a test sets it, sees every page rendered, to compare
// it with what the plain templates give.
var renderCheck func(r *Renderer, page string, data *Page, body []byte)

// Render writes page with data and status.
func (r *Renderer) Render(c echo.Context, status int, page string, data *Page) error {
	var t *template.Template
	ok := false
	if data.Localizer != nil {
		t, ok = r.byLang[data.Lang][page]
	}
	if !ok {
		t, ok = r.pages[page]
	}
	if !ok {
		return fmt.Errorf("handlers: no page template %q", page)
	}
	data.AssetVersion = r.AssetVersion
	buf := r.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer r.bufs.Put(buf)
	if err := t.ExecuteTemplate(buf, "base", data); err != nil {
		return fmt.Errorf("handlers: render %s: %w", page, err)
	}
	if renderCheck != nil {
		renderCheck(r, page, data, buf.Bytes())
	}
	if data.KeepLang != "" {
		return c.HTMLBlob(status, keepLang(buf.Bytes(), data.KeepLang))
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// keepLang makes every internal link and form of a page carry ?lang=lang,
// so that a language chosen with ?lang survives navigation without the
// cookie, and a link copied from any page opens in the same language. It
// works on the rendered page, so no template has to remember it; static
// files and links that already name a language are left alone.
//
// An internal link is an href, action or formaction attribute whose
// double-quoted value starts with "/", as html/template writes it ("&"
// escaped); user text can never produce one, since every escaper of the
// page escapes its quotes. A form sent with GET, whose action's query
// string browsers replace with the form's fields, gets a hidden field
// instead. The page is read once, left to right: two regular expressions
// over a 46 KB search page took 2 ms, more than the rest of the page
// (FuzzKeepLang and TestKeepLangAsTheExpressions keep the two equal).
func keepLang(page []byte, lang string) []byte {
	out := make([]byte, 0, len(page)+len(page)/8)
	from := 0
	for i := 0; ; {
		j := bytes.Index(page[i:], []byte(`="/`))
		if j < 0 {
			break
		}
		j += i
		end := bytes.IndexByte(page[j+2:], '"')
		if end < 0 {
			break
		}
		end += j + 2 // the closing quote
		i = j + 3
		if !linkAttribute(page[:j]) {
			continue
		}
		i = end + 1
		u := string(page[j+2 : end])
		if strings.HasPrefix(u, "//") || strings.HasPrefix(u, "/static/") || strings.HasPrefix(u, "/favicon") ||
			strings.Contains(u, "?lang=") || strings.Contains(u, "&amp;lang=") {
			continue
		}
		at := end // where the language goes: before the fragment, if any
		if k := fragmentStart(u); k >= 0 {
			at = j + 2 + k
			u = u[:k]
		}
		out = append(out, page[from:at]...)
		if strings.Contains(u, "?") {
			out = append(out, "&amp;lang="...)
		} else {
			out = append(out, "?lang="...)
		}
		out = append(out, lang...)
		from = at
	}
	out = append(out, page[from:]...)
	return withLangField(out, lang)
}

// fragmentStart is where the fragment of an attribute's URL begins (its
// "#"), or -1. The URL is HTML-escaped: the "#" of a character reference
// ("&#43;", the "+" of a space in a query, which html/template writes so)
// is not one. Read as one, every link of a search of two words lost its
// words after the first and its filter when the page had ?lang.
func fragmentStart(u string) int {
	for k := 0; k < len(u); k++ {
		if u[k] == '#' && (k == 0 || u[k-1] != '&') {
			return k
		}
	}
	return -1
}

// linkAttribute reports whether before ends with the name of an
// attribute keepLang rewrites, as a whole word: href, action, formaction.
func linkAttribute(before []byte) bool {
	for _, name := range []string{"href", "action", "formaction"} {
		if bytes.HasSuffix(before, []byte(name)) && !wordByteBefore(before, len(before)-len(name)) {
			return true
		}
	}
	return false
}

// wordByteBefore reports whether the byte before b[i] is an ASCII letter,
// digit or underscore: whether a word goes on across i.
func wordByteBefore(b []byte, i int) bool {
	if i == 0 {
		return false
	}
	c := b[i-1]
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// withLangField puts a hidden lang field first in every form of page sent
// with GET: a start tag "<form …>" with a method="get" attribute.
func withLangField(page []byte, lang string) []byte {
	field := `<input type="hidden" name="lang" value="` + lang + `">`
	var out []byte
	from := 0
	for i := 0; ; {
		j := bytes.Index(page[i:], []byte("<form"))
		if j < 0 {
			break
		}
		j += i
		i = j + 5
		if i < len(page) && wordByteBefore(page, i+1) {
			continue // "<formx…": another word
		}
		gt := bytes.IndexByte(page[i:], '>')
		if gt < 0 {
			break
		}
		gt += i
		if !getMethod(page[i:gt]) {
			continue
		}
		i = gt + 1
		if out == nil {
			out = make([]byte, 0, len(page)+2*len(field))
		}
		out = append(out, page[from:i]...)
		out = append(out, field...)
		from = i
	}
	if out == nil {
		return page
	}
	return append(out, page[from:]...)
}

// getMethod reports whether a start tag's attributes hold method="get",
// the attribute's name a whole word.
func getMethod(attrs []byte) bool {
	for i := 0; ; {
		k := bytes.Index(attrs[i:], []byte(`method="get"`))
		if k < 0 {
			return false
		}
		k += i
		if !wordByteBefore(attrs, k) {
			return true
		}
		i = k + 1
	}
}

// Page is what every page template receives.
type Page struct {
	*Localizer
	Title        string // already translated
	Path         string // the current path with its query, for the language switch
	Query        url.Values
	CSRF         string
	AssetVersion string
	NoIndex      bool
	Main         string // CSS class of <main>
	Data         any
	Catalog      *Catalog
	User         *models.User // the signed-in moderator, if any
	Flash        string       // a one-time message, translated
	// KeepLang is the language chosen with ?lang on this request; internal
	// links of the page then carry it (see keepLang).
	KeepLang string
}

// LangOption is one entry of the language switch.
type LangOption struct {
	Code, Name, URL string
	Current         bool
}

// LanguageSwitch lists the languages, each named in itself, with a link
// to the current page in that language.
func (p *Page) LanguageSwitch() []LangOption {
	var out []LangOption
	for _, code := range p.Catalog.Languages() {
		q := url.Values{}
		for k, v := range p.Query {
			q[k] = v
		}
		q.Set("lang", code)
		name := cached("", "self", code, func() string { return SelfName(code) })
		out = append(out, LangOption{Code: code, Name: name, URL: p.Path + "?" + q.Encode(), Current: code == p.Lang})
	}
	return out
}

// LanguageSwitchHTML is the language switch of the header, written in Go
// (langSwitchHTML) as every page has it.
func (p *Page) LanguageSwitchHTML() template.HTML {
	return langSwitchHTML(p, p.LanguageSwitch())
}

// URL builds a link that keeps the page's language when the user chose it
// with ?lang (the cookie keeps it too; the parameter makes a shared link
// open in the same language).
func (p *Page) URL(path string, kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	if p.KeepLang != "" {
		q.Set("lang", p.KeepLang)
	}
	if s := q.Encode(); s != "" {
		return path + "?" + s
	}
	return path
}

var funcs = template.FuncMap{
	"add":  func(a, b int) int { return a + b },
	"sub":  func(a, b int) int { return a - b },
	"mul":  func(a, b int) int { return a * b },
	"list": func(s ...string) []string { return s },
	// age says how long ago t was: "3 days".
	"age": func(l *Localizer, t, now time.Time) string {
		d := now.Sub(t)
		switch {
		case d >= 48*time.Hour:
			return l.T("age.days", "Count", int(d.Hours()/24))
		case d >= time.Hour:
			return l.T("age.hours", "Count", int(d.Hours()))
		default:
			return l.T("age.minutes", "Count", int(d.Minutes()))
		}
	},
	// keepFilters returns the search parameters a new text search keeps:
	// the filters and sort, not the words or the page.
	"keepFilters": func(v url.Values) url.Values { return without(v, "q", "page") },
	"pathEscape":  url.PathEscape,
	// dict2 builds a map from key/value pairs, to pass several values to a
	// partial.
	"dict2": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"deref": func(p *int) int {
		if p == nil {
			return 0
		}
		return *p
	},
	"verifiedAt": func(p *models.Program) time.Time {
		t, _ := p.VerifiedAt()
		return t
	},
}

// renderError writes a plain error page in the user's language.
func (h *Handler) renderError(c echo.Context, status int) error {
	p := h.page(c, "")
	key := "error.generic"
	switch status {
	case http.StatusNotFound:
		key = "error.notfound"
	case http.StatusServiceUnavailable:
		key = "error.unavailable"
	case http.StatusRequestEntityTooLarge:
		key = "error.toolarge"
	case http.StatusTooManyRequests:
		key = "error.toomany"
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		key = "error.badrequest"
	case http.StatusForbidden:
		key = "error.forbidden"
	case http.StatusMethodNotAllowed:
		key = "error.badrequest"
	}
	p.Title = p.T(key + ".title")
	p.NoIndex = true
	p.Data = struct {
		Key    string
		Status int
	}{key, status}
	return h.render.Render(c, status, "error", p)
}

func without(v url.Values, names ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = vs
	}
	for _, n := range names {
		out.Del(n)
	}
	return out
}

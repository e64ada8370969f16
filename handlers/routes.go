package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// routes is the whole route table.
func (h *Handler) routes(e *echo.Echo) {
	// The security headers first, so that even the redirects below carry them.
	e.Pre(h.securityHeaders)
	e.Pre(headAsGet)
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: 301, Skipper: isHSDSRoot}))
	e.Use(plainRequestID)
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{TargetHeader: echo.HeaderXRequestID}))
	e.Use(h.requestLog)
	e.Use(h.recoverPanic)
	// Request bodies: 16 KB everywhere but the program forms, which carry
	// long descriptions (up to 10,000 characters, 3 bytes each in some
	// scripts, and up to three times that URL-encoded) and get 128 KB, and
	// a moderator's message (up to 5,000 characters) or a problem report
	// (2,000), which get 64 KB. The limits are set here, after routing and
	// before any group's middleware: the CSRF check reads the form, and a
	// limit set on the route came after it, so a body of any size (up to
	// Go's 10 MB for forms) was read and parsed before the answer.
	for _, limit := range []string{"16K", "64K", "128K"} {
		e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: limit,
			Skipper: func(c echo.Context) bool { return bodyLimit(c) != limit }}))
	}
	e.Use(middleware.ContextTimeoutWithConfig(middleware.ContextTimeoutConfig{Timeout: 10 * time.Second}))

	e.GET("/healthz", h.Healthz)
	e.GET("/readyz", h.Readyz)
	e.GET("/static/*", h.Static)
	e.GET("/favicon.ico", h.Favicon)
	e.GET("/robots.txt", h.Robots)

	e.GET("/", h.Home)
	e.GET("/programs", h.ProgramIndex)
	e.GET("/programs/:slug", h.ProgramShow)
	e.GET("/programs/:slug/print", h.ProgramPrint)

	// NGOs: submissions, tracking links, updates and problem reports.
	pub := e.Group("", h.csrf)
	// A public write is counted when it is stored (writeGate, mayStore);
	// every attempt, stored or sent back with errors, passes a limit ten
	// times looser, which no one correcting a form reaches.
	writes := h.rateLimit(Limit{Burst: 10 * h.cfg.PublicWriteLimit.Burst, Per: h.cfg.PublicWriteLimit.Per})
	// keepTyping: a form whose handler sends it back with what was typed
	// when its CSRF secret has expired (Handler.keepsTyping).
	keepTyping := func(path string, fn echo.HandlerFunc) {
		h.keepsTyping[path] = true
		pub.POST(path, fn, writes)
	}
	pub.GET("/submit", h.SubmissionNew)
	keepTyping("/submit", h.SubmissionCreate)
	pub.GET("/submissions/:token", h.SubmissionShow)
	pub.GET("/submissions/:token/edit", h.SubmissionEdit)
	keepTyping("/submissions/:token/edit", h.SubmissionResubmit)
	pub.GET("/submissions/:token/withdraw", h.SubmissionWithdrawConfirm)
	pub.POST("/submissions/:token/withdraw", h.SubmissionWithdraw, writes)
	pub.POST("/submissions/:token/confirm", h.SubmissionConfirm, writes)
	pub.GET("/submissions/:token/update", h.SubmissionUpdateNew)
	keepTyping("/submissions/:token/update", h.SubmissionUpdateCreate)
	pub.GET("/programs/:slug/suggest", h.ProgramSuggest)
	keepTyping("/programs/:slug/suggest", h.ProgramSuggestCreate)
	pub.GET("/programs/:slug/report", h.ProgramReportNew)
	keepTyping("/programs/:slug/report", h.ProgramReportCreate)

	// Moderators and admins.
	adm := e.Group("/admin", noStore, h.csrf)
	adm.GET("/login", h.AdminLoginForm)
	adm.POST("/login", h.AdminLogin, h.rateLimit(h.cfg.LoginLimit))
	in := adm.Group("", h.requireUser)
	in.POST("/logout", h.AdminLogout)
	in.GET("", h.AdminQueue)
	in.GET("/submissions/:id", h.AdminSubmissionShow)
	in.POST("/submissions/:id/approve", h.AdminSubmissionApprove)
	in.POST("/submissions/:id/reject", h.AdminSubmissionReject)
	in.POST("/submissions/:id/request-changes", h.AdminSubmissionRequestChanges)
	in.GET("/programs", h.AdminProgramIndex)
	in.GET("/programs/:id/edit", h.AdminProgramEdit)
	in.POST("/programs/:id/edit", h.AdminProgramUpdate)
	in.POST("/programs/:id/archive", h.AdminProgramArchive)
	in.POST("/programs/:id/restore", h.AdminProgramRestore)
	in.POST("/programs/:id/verify", h.AdminProgramVerify)
	in.GET("/audit", h.AdminAudit)
	admins := in.Group("", h.requireAdmin)
	admins.GET("/users", h.AdminUserIndex)
	admins.POST("/users", h.AdminUserCreate)
	admins.POST("/users/:id/disable", h.AdminUserDisable)
	admins.POST("/users/:id/enable", h.AdminUserEnable)

	api := e.Group("/api/v1", h.apiHeaders)
	api.GET("/programs", h.APIProgramIndex)
	api.GET("/programs/:id", h.APIProgramShow)
	api.GET("/removed-programs", h.APIRemovedPrograms)
	api.GET("/taxonomies", h.APITaxonomies)
	h.hsdsRoutes(e) // /api/hsds/… (Open Referral HSDS 3.0), /api/openapi.json, CORS preflight: hsds_routes.go
	// Last, once the table is whole: a method the API does not take is a
	// 405 with Allow, an unknown address a 404 (api_methods.go). After the
	// request log, before any group's middleware (the web forms' CSRF
	// check). Then the CORS preflight of a known API address: a
	// middleware, since a group's own not-found route would answer
	// OPTIONS with 404.
	e.Use(apiMethods(e))
	e.Use(h.apiPreflight)
}

// plainRequestID drops a client's X-Request-Id unless it is a plain id
// (up to 64 letters, digits, "-", "_", "." or ":"), so that a new one is
// made: it is written in every log line and sent back, and was taken as
// it came, up to the 32 KB of headers a client may send.
func plainRequestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header
		if id := h.Get(echo.HeaderXRequestID); id != "" && !plainID(id) {
			h.Del(echo.HeaderXRequestID)
		}
		return next(c)
	}
}

func plainID(s string) bool {
	if len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == ':':
		default:
			return false
		}
	}
	return true
}

// bodyLimit is the limit of a request's body on its route (see routes).
func bodyLimit(c echo.Context) string {
	if c.Request().Method != http.MethodPost {
		return "16K"
	}
	switch c.Path() {
	case "/submit", "/submissions/:token/edit", "/submissions/:token/update", "/programs/:slug/suggest", "/admin/programs/:id/edit":
		return "128K"
	case "/programs/:slug/report", "/admin/submissions/:id/approve", "/admin/submissions/:id/reject", "/admin/submissions/:id/request-changes":
		return "64K"
	}
	return "16K"
}

// headAsGet answers HEAD as GET, whose routes the table names: the
// request is routed as a GET and what its handler writes is dropped, so
// the answer has GET's status and headers and no body. (Echo routes by
// the method of the request it was handed, so the request itself is
// changed, not a copy.)
func headAsGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if r := c.Request(); r.Method == http.MethodHead {
			r.Method = http.MethodGet
			c.Response().Writer = noBody{c.Response().Writer}
			// HEAD again once answered: net/http, which holds this request,
			// would otherwise finish an empty GET with "Content-Length: 0".
			defer func() { r.Method = http.MethodHead }()
		}
		return next(c)
	}
}

// noBody is a response writer that drops the body.
type noBody struct{ http.ResponseWriter }

func (noBody) Write(p []byte) (int, error) { return len(p), nil }

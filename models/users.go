package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"gorm.io/gorm"
)

// Roles.
const (
	RoleAdmin     = "admin"
	RoleModerator = "moderator"
)

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 12

// WeakPassword reports whether a password is shorter than
// MinPasswordLength, not counting spaces around it: twelve spaces were
// accepted.
func WeakPassword(password string) bool {
	return utf8.RuneCountInString(strings.TrimSpace(password)) < MinPasswordLength
}

// maxPasswordLength bounds the work one login can ask for.
const maxPasswordLength = 1024

// User is a moderator or an admin.
type User struct {
	ID           int64
	Email        string
	PasswordHash string `json:"-"`
	Role         string
	Disabled     bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// IsAdmin reports whether the user may manage users.
func (u *User) IsAdmin() bool { return u.Role == RoleAdmin }

// Errors of accounts.
var (
	// ErrBadCredentials is the one answer for an unknown e-mail, a wrong
	// password and a disabled account.
	ErrBadCredentials = errors.New("models: wrong e-mail or password")
	// ErrLockedOut means too many recent failures for this e-mail.
	ErrLockedOut = errors.New("models: too many failed logins; try again later")
	// ErrWeakPassword means the password is too short.
	ErrWeakPassword = fmt.Errorf("models: the password must have at least %d characters", MinPasswordLength)
	// ErrUserExists means the e-mail already has an account.
	ErrUserExists = errors.New("models: a user with this e-mail already exists")
)

// argon2id parameters (OWASP's recommended minimum: 19 MiB, 2 passes).
var argonParams = struct {
	time, memory uint32
	threads      uint8
}{2, 19 * 1024, 1}

// HashPassword hashes a password with argon2id, in PHC string format.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	p := argonParams
	key := argon2.IDKey([]byte(password), salt, p.time, p.memory, p.threads, 32)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memory, p.time, p.threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// checkPassword compares a password with an argon2id hash in constant time.
func checkPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var th uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &th); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, th, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when the e-mail is unknown, so that an
// unknown account takes as long to refuse as a wrong password.
var dummyHash, _ = HashPassword("not a password anyone has")

// newPasswordHash hashes a password an account is given, once it is
// neither weak nor too long.
func newPasswordHash(password string) (string, error) {
	if WeakPassword(password) {
		return "", ErrWeakPassword
	}
	if len(password) > maxPasswordLength {
		return "", fmt.Errorf("models: the password is too long")
	}
	return HashPassword(password)
}

// CreateUser adds a user. It is used by `pathways user add` and by admins.
func (s *Store) CreateUser(ctx context.Context, by Actor, email, password, role string) (*User, error) {
	email = strings.TrimSpace(email)
	if !ValidEmail(email) {
		return nil, fmt.Errorf("models: %q is not an e-mail address", email)
	}
	if role != RoleAdmin && role != RoleModerator {
		return nil, fmt.Errorf("models: role must be admin or moderator")
	}
	hash, err := newPasswordHash(password)
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	u := &User{Email: email, PasswordHash: hash, Role: role, CreatedAt: now, UpdatedAt: now}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&User{}).Where(s.dialect.ciEq("email"), email).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrUserExists
		}
		if err := tx.Create(u).Error; err != nil {
			return err
		}
		return appendAudit(tx, by, "user.create", "user", u.Email, "", role, "")
	})
	if err != nil {
		if errors.Is(err, ErrUserExists) {
			return nil, err
		}
		return nil, fmt.Errorf("models: create user: %w", err)
	}
	return u, nil
}

// Users lists every account.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	var us []User
	if err := s.db.WithContext(ctx).Order("email").Find(&us).Error; err != nil {
		return nil, fmt.Errorf("models: list users: %w", err)
	}
	return us, nil
}

// SetUserDisabled disables or re-enables an account; disabling ends its
// sessions at once. Admins cannot disable themselves.
func (s *Store) SetUserDisabled(ctx context.Context, by *User, userID int64, disabled bool) error {
	if !by.IsAdmin() {
		return ErrForbidden
	}
	if by.ID == userID && disabled {
		return fmt.Errorf("%w: you cannot disable your own account", ErrForbidden)
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var u User
		if err := tx.Take(&u, userID).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrNotFound
			}
			return err
		}
		if u.Disabled == disabled {
			return nil
		}
		if err := tx.Model(&u).Updates(map[string]any{"disabled": disabled, "updated_at": time.Now().UTC()}).Error; err != nil {
			return fmt.Errorf("models: update user %d: %w", userID, err)
		}
		action, from, to := "user.enable", "disabled", "enabled"
		if disabled {
			action, from, to = "user.disable", "enabled", "disabled"
			if err := tx.Where("user_id = ?", userID).Delete(&Session{}).Error; err != nil {
				return fmt.Errorf("models: end sessions of user %d: %w", userID, err)
			}
		}
		return appendAudit(tx, UserActor(by), action, "user", u.Email, from, to, "")
	})
}

// SetPassword gives the account of email a new password (a forgotten or
// leaked one), ends all its sessions, so that whoever held the old one is
// signed out at once, and lifts its lockout. It is used by
// `pathways user password`.
func (s *Store) SetPassword(ctx context.Context, by Actor, email, password string) error {
	hash, err := newPasswordHash(password)
	if err != nil {
		return err
	}
	email = strings.TrimSpace(email)
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var u User
		if err := tx.Where(s.dialect.ciEq("email"), email).Take(&u).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrNotFound
			}
			return fmt.Errorf("models: find user: %w", err)
		}
		if err := tx.Model(&u).Updates(map[string]any{"password_hash": hash, "updated_at": time.Now().UTC()}).Error; err != nil {
			return fmt.Errorf("models: set password of user %d: %w", u.ID, err)
		}
		if err := tx.Where("user_id = ?", u.ID).Delete(&Session{}).Error; err != nil {
			return fmt.Errorf("models: end sessions of user %d: %w", u.ID, err)
		}
		if err := tx.Exec("DELETE FROM login_failures WHERE email = ?", strings.ToLower(u.Email)).Error; err != nil {
			return fmt.Errorf("models: lift the lockout of user %d: %w", u.ID, err)
		}
		return appendAudit(tx, by, "user.password", "user", u.Email, "", "", "")
	})
}

// ErrForbidden means the user's role does not allow the action.
var ErrForbidden = errors.New("models: not allowed")

// Login policy.
const (
	LoginWindow      = 15 * time.Minute // failures counted over this window
	LoginMaxFailures = 5                // lockout after this many in the window
)

// Authenticate checks an e-mail and password. It answers the same
// ErrBadCredentials for an unknown e-mail, a wrong password and a disabled
// account; after LoginMaxFailures failures within LoginWindow the e-mail
// is locked out until the window passes. Counting is in the database, so it
// holds across instances.
func (s *Store) Authenticate(ctx context.Context, email, password string) (*User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if len(email) > 254 || len(password) > maxPasswordLength {
		return nil, ErrBadCredentials
	}
	now := time.Now().UTC()
	// The attempt is written as a failure before the password is
	// checked, then the failures counted with it: attempts sent together
	// (to one instance or several) each count the others, so no more than
	// LoginMaxFailures passwords are ever checked in a window. Counted
	// first and written after, ten attempts in parallel had ten checked.
	// A success removes the e-mail's failures; a locked-out attempt its
	// own, so that it does not prolong the lockout.
	var attempt int64
	if err := s.db.WithContext(ctx).Raw("INSERT INTO login_failures (email, created_at) VALUES (?, ?) RETURNING id", email, now).
		Scan(&attempt).Error; err != nil {
		return nil, fmt.Errorf("models: record login attempt: %w", err)
	}
	var failures int64
	if err := s.db.WithContext(ctx).Table("login_failures").
		Where("email = ? AND created_at > ?", email, now.Add(-LoginWindow)).Count(&failures).Error; err != nil {
		return nil, fmt.Errorf("models: count login failures: %w", err)
	}
	if loginCounted != nil {
		loginCounted(email, failures)
	}
	if failures > LoginMaxFailures {
		checkPassword(dummyHash, password) // same time either way
		// By id and e-mail: the row may be gone already, deleted with the
		// e-mail's failures by a success sent at the same time, and an id
		// must never erase another account's failure (ids are never given
		// twice either: migration 30).
		if err := s.db.WithContext(ctx).Exec("DELETE FROM login_failures WHERE id = ? AND email = ?", attempt, email).Error; err != nil {
			return nil, fmt.Errorf("models: record login attempt: %w", err)
		}
		if err := s.loginEvent(ctx, nil, email, "login.locked"); err != nil {
			return nil, err
		}
		return nil, ErrLockedOut
	}
	var u User
	err := s.db.WithContext(ctx).Where(s.dialect.ciEq("email"), email).Take(&u).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("models: find user: %w", err)
	}
	found := err == nil
	hash := dummyHash
	if found {
		hash = u.PasswordHash
	}
	ok := checkPassword(hash, password)
	if !found || !ok || u.Disabled {
		err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			var id *int64
			if found {
				id = &u.ID
			}
			return appendAudit(tx, Actor{UserID: id, Name: ActorAnonymous.Name}, "login.failed", "user", emailForAudit(found, u.Email), "", "", "")
		})
		if err != nil {
			return nil, fmt.Errorf("models: record failed login: %w", err)
		}
		return nil, ErrBadCredentials
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("DELETE FROM login_failures WHERE email = ?", email).Error; err != nil {
			return err
		}
		return appendAudit(tx, UserActor(&u), "login", "user", u.Email, "", "", "")
	})
	if err != nil {
		return nil, fmt.Errorf("models: record login: %w", err)
	}
	return &u, nil
}

// loginCounted, set by tests only, is called once an attempt is written
// and the failures counted with it, before the password is checked: a
// test holds an attempt there to order it against others.
var loginCounted func(email string, failures int64)

// emailForAudit names the account a failed login was for; an unknown
// e-mail is not written down (it may be a password typed in the wrong box).
func emailForAudit(found bool, email string) string {
	if found {
		return email
	}
	return UnknownAccount
}

func (s *Store) loginEvent(ctx context.Context, id *int64, email, action string) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var u User
		record := UnknownAccount
		if err := tx.Where(s.dialect.ciEq("email"), email).Take(&u).Error; err == nil {
			record = u.Email
			id = &u.ID
		}
		return appendAudit(tx, Actor{UserID: id, Name: ActorAnonymous.Name}, action, "user", record, "", "", "")
	})
}

// Session policy.
const (
	SessionIdleTimeout     = 30 * time.Minute
	SessionAbsoluteTimeout = 12 * time.Hour
)

// Session is a signed-in user's session; only the token's hash is stored.
type Session struct {
	TokenHash  string `gorm:"primaryKey"`
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	Flash      string
}

// NewToken returns a random 128-bit token, URL-safe, and its hash.
func NewToken() (token, hash string, err error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken is how tokens are stored: SHA-256, hex.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateSession starts a new session for u, ending the session old (the
// one the browser had before logging in), and returns its token.
func (s *Store) CreateSession(ctx context.Context, u *User, oldToken string) (string, error) {
	token, hash, err := NewToken()
	if err != nil {
		return "", err
	}
	now := time.Now().UTC()
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if oldToken != "" {
			if err := tx.Where("token_hash = ?", HashToken(oldToken)).Delete(&Session{}).Error; err != nil {
				return err
			}
		}
		return tx.Create(&Session{TokenHash: hash, UserID: u.ID, CreatedAt: now, LastSeenAt: now}).Error
	})
	if err != nil {
		return "", fmt.Errorf("models: create session: %w", err)
	}
	return token, nil
}

// SessionUser returns the user of a live session and the session. An
// expired session (idle or absolute) is deleted; a disabled user has none.
func (s *Store) SessionUser(ctx context.Context, token string) (*User, *Session, error) {
	if token == "" || len(token) > 100 {
		return nil, nil, ErrNotFound
	}
	hash := HashToken(token)
	var sess Session
	err := s.db.WithContext(ctx).Where("token_hash = ?", hash).Take(&sess).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, fmt.Errorf("models: load session: %w", err)
	}
	now := time.Now().UTC()
	if now.Sub(sess.LastSeenAt) > SessionIdleTimeout || now.Sub(sess.CreatedAt) > SessionAbsoluteTimeout {
		s.db.WithContext(ctx).Where("token_hash = ?", hash).Delete(&Session{})
		return nil, nil, ErrNotFound
	}
	var u User
	if err := s.db.WithContext(ctx).Take(&u, sess.UserID).Error; err != nil || u.Disabled {
		return nil, nil, ErrNotFound
	}
	// Touch at most once a minute: a page view is not worth a write.
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if err := s.db.WithContext(ctx).Model(&Session{}).Where("token_hash = ?", hash).
			Update("last_seen_at", now).Error; err != nil {
			return nil, nil, fmt.Errorf("models: touch session: %w", err)
		}
	}
	return &u, &sess, nil
}

// SetFlash stores a one-time message for the session's next page.
func (s *Store) SetFlash(ctx context.Context, token, msg string) error {
	return s.db.WithContext(ctx).Model(&Session{}).Where("token_hash = ?", HashToken(token)).Update("flash", msg).Error
}

// TakeFlash returns and clears the session's one-time message.
func (s *Store) TakeFlash(ctx context.Context, token string, sess *Session) string {
	if sess == nil || sess.Flash == "" {
		return ""
	}
	s.db.WithContext(ctx).Model(&Session{}).Where("token_hash = ?", HashToken(token)).Update("flash", "")
	return sess.Flash
}

// DeleteSession ends a session (logout).
func (s *Store) DeleteSession(ctx context.Context, token string, u *User) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("token_hash = ?", HashToken(token)).Delete(&Session{}).Error; err != nil {
			return fmt.Errorf("models: delete session: %w", err)
		}
		if u != nil {
			return appendAudit(tx, UserActor(u), "logout", "user", u.Email, "", "", "")
		}
		return nil
	})
}

// SetSessionTimesForTest moves a session's times, for timeout tests.
func (s *Store) SetSessionTimesForTest(ctx context.Context, token string, created, lastSeen time.Time) error {
	return s.db.WithContext(ctx).Model(&Session{}).Where("token_hash = ?", HashToken(token)).
		Updates(map[string]any{"created_at": created, "last_seen_at": lastSeen}).Error
}

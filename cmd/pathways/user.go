package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"pathways/models"
)

// cmdUser manages accounts: `pathways user add --email E --role R` reads
// the password from standard input (one line), so it never appears in the
// shell history or the process list.
func cmdUser(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer, log *slog.Logger) error {
	if len(args) == 0 || args[0] != "add" {
		return usageError{"usage: pathways user add --email E --role admin|moderator < password-file"}
	}
	fs := newFlagSet("user add")
	db := fs.dbFlag()
	email := fs.FlagSet.String("email", "", "the user's e-mail address")
	role := fs.FlagSet.String("role", models.RoleModerator, "admin or moderator")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *email == "" {
		return usageError{"user add needs --email"}
	}
	if stdin == nil {
		return usageError{"user add reads the password from standard input"}
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return fmt.Errorf("read password: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	if models.WeakPassword(password) {
		return fmt.Errorf("the password (read from standard input) must have at least %d characters", models.MinPasswordLength)
	}
	store, err := openStore(ctx, *db, log)
	if err != nil {
		return err
	}
	defer store.Close()
	u, err := store.CreateUser(ctx, models.ActorCommandLine, *email, password, *role)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %s %s\n", u.Role, u.Email)
	return nil
}

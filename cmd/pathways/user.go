package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"pathways/models"
)

// cmdUser manages accounts: `pathways user add --email E --role R` adds
// one, `pathways user password --email E` gives one a new password and
// signs it out everywhere. Both read the password from standard input
// (one line), so it never appears in the shell history or the process
// list.
func cmdUser(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer, log *slog.Logger) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "password") {
		return usageError{"usage: pathways user add --email E --role admin|moderator < password-file\n" +
			"       pathways user password --email E < password-file"}
	}
	cmd := args[0]
	fs := newFlagSet("user " + cmd)
	db := fs.dbFlag()
	email := fs.FlagSet.String("email", "", "the user's e-mail address")
	var role *string
	if cmd == "add" {
		role = fs.FlagSet.String("role", models.RoleModerator, "admin or moderator")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *email == "" {
		return usageError{"user " + cmd + " needs --email"}
	}
	if stdin == nil {
		return usageError{"user " + cmd + " reads the password from standard input"}
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
	if cmd == "password" {
		err := store.SetPassword(ctx, models.ActorCommandLine, *email, password)
		if errors.Is(err, models.ErrNotFound) {
			return fmt.Errorf("no account has the e-mail %s", *email)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "new password set for %s; its sessions are ended\n", *email)
		return nil
	}
	u, err := store.CreateUser(ctx, models.ActorCommandLine, *email, password, *role)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %s %s\n", u.Role, u.Email)
	return nil
}

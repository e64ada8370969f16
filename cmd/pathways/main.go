// Command pathways runs the Pathways directory: the web server and the
// operator's commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

const usage = `Usage: pathways [command] [flags]

Commands:
  serve     run the web server (the default); applies pending migrations
  migrate   apply pending database migrations and exit
  import    import programs from a CSV file or HSDS JSON: pathways import [--db FILE] data.csv|services.json|services.ndjson
  export    write the published directory: pathways export --format hsds-json|hsds-csv|csv --out PATH
  backup    write a consistent copy of the database while it runs: pathways backup FILE
  copy      copy a whole directory into a new PostgreSQL database: pathways copy --from FILE --to postgres://…
  generate  write a synthetic directory for load tests: pathways generate --n N --seed S --out FILE.csv
  user add  add a moderator or admin: pathways user add --email E --role admin|moderator
            (the password is read from standard input; there is no default account)
  user password  give an account a new password and end its sessions:
            pathways user password --email E (the password on standard input)

Every flag can also be set with an environment variable: --addr is
PATHWAYS_ADDR, --db is PATHWAYS_DB (or DATABASE_URL), and so on.
Run "pathways COMMAND -h" for the flags of a command.
`

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if err := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, log); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "pathways:", err)
		}
		os.Exit(exitCode(err))
	}
}

// exitCode is 2 for usage errors, 1 for everything else.
func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// run dispatches to a command; it is main without the process, for tests.
func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer, log *slog.Logger) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return cmdServe(ctx, args, log)
	case "migrate":
		return cmdMigrate(ctx, args, stdout, log)
	case "import":
		return cmdImport(ctx, args, stdout, log)
	case "export":
		return cmdExport(ctx, args, stdout, log)
	case "user":
		return cmdUser(ctx, args, stdin, stdout, log)
	case "backup":
		return cmdBackup(ctx, args, stdout, log)
	case "copy":
		return cmdCopy(ctx, args, stdout, log)
	case "generate":
		return cmdGenerate(ctx, args, stdout, log)
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		return usageError{fmt.Sprintf("unknown command %q\n\n%s", cmd, usage)}
	}
}

// flagSet makes a FlagSet whose flags fall back to PATHWAYS_… variables.
// A variable with a value its flag could not take is a usage error, as
// the flag would be: PATHWAYS_HTTPS=on used to leave HTTPS off, silently.
type flagSet struct {
	*flag.FlagSet
	envErrs map[string]string // flag name → what is wrong with its variable
}

// Parse parses args, after the variables' values were checked; an error
// is a usage error (exit status 2).
// A variable's error counts only when its flag is not given: the flag
// wins, as it does over a good value.
func (f *flagSet) Parse(args []string) error {
	if err := f.FlagSet.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	f.Visit(func(fl *flag.Flag) { delete(f.envErrs, fl.Name) })
	if len(f.envErrs) > 0 {
		var msgs []string
		for _, m := range f.envErrs {
			msgs = append(msgs, m)
		}
		sort.Strings(msgs)
		return usageError{strings.Join(msgs, "; ")}
	}
	return nil
}

func (f *flagSet) badEnv(name, v, want string) {
	if f.envErrs == nil {
		f.envErrs = map[string]string{}
	}
	f.envErrs[name] = fmt.Sprintf("%s=%q: %s", envName(name), v, want)
}

func newFlagSet(name string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	return &flagSet{FlagSet: fs}
}

// env returns the first non-empty environment variable of names, or def.
func env(def string, names ...string) string {
	for _, n := range names {
		if v := os.Getenv(n); v != "" {
			return v
		}
	}
	return def
}

func envName(flagName string) string {
	return "PATHWAYS_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (f *flagSet) String(name, def, help string, extraEnv ...string) *string {
	names := append([]string{envName(name)}, extraEnv...)
	return f.FlagSet.String(name, env(def, names...), help+" (env "+strings.Join(names, ", ")+")")
}

func (f *flagSet) Bool(name string, def bool, help string) *bool {
	if v := env("", envName(name)); v != "" {
		switch strings.ToLower(v) {
		case "1", "true", "yes", "on":
			def = true
		case "0", "false", "no", "off":
			def = false
		default:
			f.badEnv(name, v, "give true or false")
		}
	}
	return f.FlagSet.Bool(name, def, help+" (env "+envName(name)+")")
}

func (f *flagSet) dbFlag() *string {
	return f.String("db", "pathways.db", "database: a SQLite file path, or a postgres:// URL", "DATABASE_URL")
}

func (f *flagSet) Duration(name string, def time.Duration, help string) *time.Duration {
	if v := os.Getenv(envName(name)); v != "" {
		if d, err := time.ParseDuration(v); err == nil {
			def = d
		} else {
			f.badEnv(name, v, "give a duration such as 15s")
		}
	}
	return f.FlagSet.Duration(name, def, help+" (env "+envName(name)+")")
}

func (f *flagSet) Int(name string, def int, help string) *int {
	if v := os.Getenv(envName(name)); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			def = n
		} else {
			f.badEnv(name, v, "give a whole number")
		}
	}
	return f.FlagSet.Int(name, def, help+" (env "+envName(name)+")")
}

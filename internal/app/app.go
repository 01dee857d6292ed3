// Package app composes kopilka: the PocketBase application with kopilka's
// schema, rules, hooks and commands.
package app

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/plugins/jsvm"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	"github.com/kopilka/kopilka/internal/access"
	"github.com/kopilka/kopilka/internal/config"
	"github.com/kopilka/kopilka/internal/workflow"

	// kopilka's schema, as migrations run on serve and by our commands
	_ "github.com/kopilka/kopilka/pb_migrations"
)

// DemoDataDir is the data folder `kopilka demo` uses unless --dir is given,
// so the demo never touches a production pb_data.
const DemoDataDir = "pb_demo"

// Register binds kopilka's rules and hooks to app. Tests call it on a test
// app; Run calls it on the real one.
func Register(app core.App) {
	workflow.Register(app)
	access.Register(app)
}

// Run starts kopilka with the command line args (without the program name)
// and returns the process exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	defaultDir := ""
	if len(args) > 0 && args[0] == "demo" {
		defaultDir = DemoDataDir
	}
	pb := pocketbase.NewWithConfig(pocketbase.Config{DefaultDataDir: defaultDir})
	cfg := config.Defaults()
	cfg.BindFlags(pb.RootCmd.PersistentFlags())
	pb.RootCmd.SilenceUsage = true

	Register(pb)
	hooksDir := filepath.Join(pb.DataDir(), "..", "pb_hooks")
	if err := jsvm.Register(pb, jsvm.Config{HooksDir: hooksDir, HooksWatch: pb.IsDev()}); err != nil {
		fmt.Fprintf(stderr, "kopilka: hooks in %s: %v\n", hooksDir, err)
		return 1
	}
	migratecmd.MustRegister(pb, pb.RootCmd, migratecmd.Config{
		TemplateLang: migratecmd.TemplateLangGo,
		Dir:          "pb_migrations",
		Automigrate:  pb.IsDev(),
	})

	pb.OnServe().BindFunc(func(e *core.ServeEvent) error {
		// the generated public site; the API, the dashboard and our own
		// routes are more specific and win
		e.Router.GET("/{path...}", apis.Static(os.DirFS(filepath.Join(e.App.DataDir(), "..", "pb_public")), false))
		return e.Next()
	})

	exitCode := 0
	cmds := commands{app: pb, cfg: &cfg, stdout: stdout, stderr: stderr, exitCode: &exitCode}
	pb.RootCmd.AddCommand(cmds.importCmd(), cmds.exportCmd(), cmds.demoCmd())
	pb.RootCmd.SetArgs(args)
	if err := pb.Start(); err != nil {
		fmt.Fprintf(stderr, "kopilka: %v\n", err)
		return 1
	}
	return exitCode
}

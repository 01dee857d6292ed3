// Package app composes kopilka: the PocketBase application with kopilka's
// schema, rules, hooks and commands.
package app

import (
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"path/filepath"
	"time"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/plugins/jsvm"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/access"
	"github.com/kopilka/kopilka/internal/apicache"
	"github.com/kopilka/kopilka/internal/backup"
	"github.com/kopilka/kopilka/internal/config"
	"github.com/kopilka/kopilka/internal/datalock"
	"github.com/kopilka/kopilka/internal/datawatch"
	"github.com/kopilka/kopilka/internal/filename"
	"github.com/kopilka/kopilka/internal/memlimit"
	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/shortlink"
	"github.com/kopilka/kopilka/internal/signin"
	"github.com/kopilka/kopilka/internal/sitesettings"
	"github.com/kopilka/kopilka/internal/uploads"
	"github.com/kopilka/kopilka/internal/web"
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
	uploads.Register(app)
	filename.Register(app)
	signin.Register(app)
	// every backup signed (nightly and the dashboard's too) and the
	// dashboard's restore checked, with the key of $KOPILKA_BACKUP_KEY_FILE
	// or beside the data folder
	backup.Register(app, func() string { return backup.KeyPath(app.DataDir(), "") })
	cache := apicache.New(APICacheBytes)
	apicache.Register(app, cache, siteCollections...)
	datawatch.Register(app, datawatch.Interval)
	datawatch.For(app).OnChange(cache.Invalidate)
}

// APICacheBytes bounds the bodies of anonymous API responses kept in
// memory (internal/apicache).
const APICacheBytes = 64 << 20

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

	builder := &publish.Builder{
		App:      pb,
		Theme:    kopilka.SiteTheme,
		Override: filepath.Join(pb.DataDir(), "..", "pb_site"),
		Root:     filepath.Join(pb.DataDir(), "..", "pb_public"),
		// short: a build renders only what changed, and changes that come
		// while one runs are gathered into the next
		Debounce: 50 * time.Millisecond,
		Log:      stderr,
		Built:    memlimit.Fit,
		// a stop (SIGTERM from systemd or docker) is not held up by a
		// build: an unfinished one is never served and is redone
		StopWait: 2 * time.Second,
	}
	pb.OnServe().BindFunc(func(e *core.ServeEvent) error {
		lock, err := datalock.Take(e.App.DataDir(), "serve")
		if err != nil {
			return err
		}
		e.App.OnTerminate().BindFunc(func(te *core.TerminateEvent) error {
			lock.Release()
			return te.Next()
		})
		memlimit.Apply()
		settings, err := sitesettings.From(cfg)
		if err != nil {
			return err
		}
		builder.Settings = settings
		proxies, err := cfg.Proxies()
		if err != nil {
			return err
		}
		if err := ApplyS3(e.App, cfg.S3); err != nil {
			return err
		}
		if err := ServeSite(e, builder, proxies...); err != nil {
			return err
		}
		return e.Next()
	})

	exitCode := 0
	cmds := commands{app: pb, cfg: &cfg, stdout: stdout, stderr: stderr, exitCode: &exitCode}
	pb.RootCmd.AddCommand(cmds.importCmd(), cmds.exportCmd(), cmds.demoCmd(), cmds.buildCmd(), cmds.qrCmd(), cmds.certificateCmd(), cmds.backupCmd(), cmds.restoreCmd(), cmds.benchCmd(), cmds.publishCmd())
	pb.RootCmd.SetArgs(args)
	if err := pb.Start(); err != nil {
		fmt.Fprintf(stderr, "kopilka: %v\n", err)
		return 1
	}
	return exitCode
}

// siteCollections are the collections whose changes show on the site.
var siteCollections = []string{schema.Organizations, schema.Teachers, schema.Materials, schema.Practices, schema.Events}

// ServeSite serves the public site at / from builder and rebuilds it after
// every change to published data. The API, the dashboard and the app's
// own routes are more specific and win over the catch-all.
func ServeSite(e *core.ServeEvent, builder *publish.Builder, trustedProxies ...netip.Prefix) error {
	builder.Adopt()
	builder.Schedule() // data may have changed while the server was down
	datawatch.For(e.App).OnChange(builder.Schedule)
	rebuild := func(re *core.RecordEvent) error {
		builder.Schedule()
		return re.Next()
	}
	e.App.OnRecordAfterCreateSuccess(schema.Certificates, schema.Reviews).BindFunc(rebuild)
	e.App.OnRecordAfterDeleteSuccess(schema.Certificates).BindFunc(rebuild)
	e.App.OnRecordAfterCreateSuccess(siteCollections...).BindFunc(rebuild)
	e.App.OnRecordAfterUpdateSuccess(siteCollections...).BindFunc(rebuild)
	e.App.OnRecordAfterDeleteSuccess(siteCollections...).BindFunc(rebuild)
	e.App.OnTerminate().BindFunc(func(te *core.TerminateEvent) error {
		builder.Close()
		return te.Next()
	})
	e.Router.GET("/api/kopilka/site", func(re *core.RequestEvent) error {
		if !isCurator(re) {
			return re.ForbiddenError(ru.MsgCuratorsOnly, nil)
		}
		st := builder.Status()
		return re.JSON(http.StatusOK, map[string]any{
			"lastBuild": st.LastBuild, "durationMs": st.Duration.Milliseconds(), "pages": st.Pages,
			"error": st.Error, "errorAt": st.ErrorAt,
		})
	})
	e.Router.POST("/api/kopilka/site/rebuild", func(re *core.RequestEvent) error {
		if !isCurator(re) {
			return re.ForbiddenError(ru.MsgCuratorsOnly, nil)
		}
		builder.Schedule()
		return re.NoContent(http.StatusAccepted)
	})
	links := &shortlink.Resolver{App: e.App, Location: builder.Settings.Location}
	serveLink := func(re *core.RequestEvent) error {
		links.ServeHTTP(re.Response, re.Request)
		return nil
	}
	e.Router.GET("/q/{code}", serveLink)
	e.Router.GET("/q/{code}/", serveLink)
	cms, err := web.New(e.App, builder.Settings, builder)
	if err != nil {
		return err
	}
	cms.TrustedProxies = trustedProxies
	cms.Register(e)
	e.Router.GET("/api/kopilka/qr.pdf", serveCodeSheets(builder.Settings))
	certificateRoutes(e, builder.Settings)
	e.Router.GET("/api/kopilka/scans", func(re *core.RequestEvent) error {
		if !isCurator(re) {
			return re.ForbiddenError(ru.MsgCuratorsOnly, nil)
		}
		q := re.Request.URL.Query()
		rows, err := shortlink.Stats(re.App, shortlink.StatsQuery{From: q.Get("from"), To: q.Get("to"), School: q.Get("school"), By: q.Get("by")})
		if err != nil {
			return re.BadRequestError(ru.MsgBadStatsQuery, err)
		}
		return re.JSON(http.StatusOK, rows)
	})
	e.Router.GET("/{path...}", func(re *core.RequestEvent) error {
		builder.ServeHTTP(re.Response, re.Request)
		return nil
	})
	return nil
}

func isCurator(e *core.RequestEvent) bool {
	role := workflow.RoleOf(e)
	return role == schema.RoleCurator || role == schema.RoleSuperuser
}

// Package app composes kopilka: the PocketBase application with kopilka's
// schema, rules, hooks and commands.
package app

import (
	"fmt"
	"io"
	"net/netip"
	"path/filepath"
	"time"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/plugins/jsvm"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"
	"github.com/spf13/cobra"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/access"
	"github.com/kopilka/kopilka/internal/apicache"
	"github.com/kopilka/kopilka/internal/apis"
	"github.com/kopilka/kopilka/internal/backup"
	"github.com/kopilka/kopilka/internal/config"
	"github.com/kopilka/kopilka/internal/datalock"
	"github.com/kopilka/kopilka/internal/datawatch"
	"github.com/kopilka/kopilka/internal/filename"
	"github.com/kopilka/kopilka/internal/freshness"
	"github.com/kopilka/kopilka/internal/iom"
	"github.com/kopilka/kopilka/internal/memlimit"
	"github.com/kopilka/kopilka/internal/publiclist"
	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/schema"
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

// Config tunes what Register binds; its zero value is the default.
type Config struct {
	// APICacheBytes bounds the bodies of anonymous API responses kept in
	// memory (internal/apicache); 0 means DefaultAPICacheBytes.
	APICacheBytes int
	// PublicItemBytes bounds the encodings of public records kept for
	// anonymous lists (internal/publiclist); 0 means
	// DefaultPublicItemBytes.
	PublicItemBytes int
	// BackupKey is the backup key file; "" means $KOPILKA_BACKUP_KEY_FILE,
	// else the key beside the data folder.
	BackupKey string
}

// Register binds kopilka's rules and hooks to app, as PocketBase's plugins
// register theirs. Tests call it on a test app; Run calls it on the real
// one.
func Register(app core.App, cfg Config) error {
	if cfg.APICacheBytes < 0 {
		return fmt.Errorf("kopilka: APICacheBytes %d is negative", cfg.APICacheBytes)
	}
	if cfg.APICacheBytes == 0 {
		cfg.APICacheBytes = DefaultAPICacheBytes
	}
	if cfg.PublicItemBytes < 0 {
		return fmt.Errorf("kopilka: PublicItemBytes %d is negative", cfg.PublicItemBytes)
	}
	if cfg.PublicItemBytes == 0 {
		cfg.PublicItemBytes = DefaultPublicItemBytes
	}
	workflow.Register(app)
	access.Register(app)
	uploads.Register(app)
	filename.Register(app)
	signin.Register(app)
	freshness.Register(app) // the nightly check of links, files and periods of re-review
	// every backup signed (nightly and the dashboard's too) and the
	// dashboard's restore checked, with the key of $KOPILKA_BACKUP_KEY_FILE
	// or beside the data folder
	backup.Register(app, func() string { return backup.KeyPath(app.DataDir(), cfg.BackupKey) })
	// the API cache is bound first so that it wraps what follows: a list
	// publiclist answers is kept too
	cache := apicache.New(cfg.APICacheBytes)
	apicache.Register(app, cache, siteCollections...)
	// anonymous lists of items meet their rule as it reads without an
	// account, «published», take no join, and are answered from the
	// items' kept encodings
	forgetItems := publiclist.Register(app, cfg.PublicItemBytes, schema.Materials, schema.Practices)
	datawatch.Register(app, datawatch.Interval)
	datawatch.For(app).OnChange(cache.Invalidate)
	datawatch.For(app).OnChange(forgetItems)
	return nil
}

// RegisterDefault is Register with the default Config.
func RegisterDefault(app core.App) error { return Register(app, Config{}) }

// DefaultAPICacheBytes bounds the bodies of anonymous API responses kept
// in memory (internal/apicache) unless Config says otherwise.
const DefaultAPICacheBytes = 64 << 20

// DefaultPublicItemBytes bounds the encodings of public materials and
// practices kept for anonymous lists (internal/publiclist) unless Config
// says otherwise: all of a municipality of 10,000 materials, most of one
// of 50,000.
const DefaultPublicItemBytes = 128 << 20

// Commands makes the commands kopilka adds to PocketBase's for app with
// the settings cfg; a command that fails sets *exitCode (internal/cli).
type Commands func(app core.App, cfg *config.Config, stdout, stderr io.Writer, exitCode *int) []*cobra.Command

// Run starts kopilka with the command line args (without the program name)
// and its commands, and returns the process exit code.
func Run(args []string, stdout, stderr io.Writer, commands Commands) int {
	defaultDir := ""
	if len(args) > 0 && args[0] == "demo" {
		defaultDir = DemoDataDir
	}
	pb := pocketbase.NewWithConfig(pocketbase.Config{DefaultDataDir: defaultDir})
	cfg := config.Defaults()
	cfg.BindFlags(pb.RootCmd.PersistentFlags())
	pb.RootCmd.SilenceUsage = true
	// every command run on a data folder shares its municipality, address
	// and time zone: given once, they are kept there
	pb.RootCmd.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		given, err := cfg.Remember(pb.DataDir(), func(flag string) bool {
			f := cmd.Flag(flag)
			return f != nil && f.Changed
		})
		cfg.Given = given
		return err
	}

	if err := Register(pb, Config{}); err != nil {
		fmt.Fprintf(stderr, "kopilka: %v\n", err)
		return 1
	}
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
		Built:    (&memlimit.Fitter{}).Fit,
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
		if err := config.ApplyS3(e.App, cfg.S3); err != nil {
			return err
		}
		contests := iom.Thresholds{MinLevel: cfg.ContestLevel, MinPlace: cfg.ContestPlace}
		if err := ServeSiteWith(e, builder, ServeOptions{TrustedProxies: proxies, Contests: contests}); err != nil {
			return err
		}
		return e.Next()
	})

	exitCode := 0
	if commands != nil {
		pb.RootCmd.AddCommand(commands(pb, &cfg, stdout, stderr, &exitCode)...)
	}
	pb.RootCmd.SetArgs(args)
	if err := pb.Start(); err != nil {
		fmt.Fprintf(stderr, "kopilka: %v\n", err)
		return 1
	}
	return exitCode
}

// siteCollections are the collections whose changes show on the site.
var siteCollections = publish.SiteCollections

// ServeSite serves the public site at / from builder and rebuilds it after
// every change to published data, with kopilka's own endpoints and the
// CMS beside PocketBase's.
func ServeSite(e *core.ServeEvent, builder *publish.Builder, trustedProxies ...netip.Prefix) error {
	return ServeSiteWith(e, builder, ServeOptions{TrustedProxies: trustedProxies})
}

// ServeOptions are what ServeSiteWith takes beside the builder.
type ServeOptions struct {
	// TrustedProxies are reverse proxies whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
	// Contests are the contest results the indicators count as high; the
	// zero value means iom.DefaultThresholds.
	Contests iom.Thresholds
}

// ServeSiteWith is ServeSite with its options.
func ServeSiteWith(e *core.ServeEvent, builder *publish.Builder, opts ServeOptions) error {
	builder.Adopt()
	builder.Schedule() // data may have changed while the server was down
	datawatch.For(e.App).OnChange(builder.Schedule)
	rebuild := func(re *core.RecordEvent) error {
		builder.Schedule()
		return re.Next()
	}
	e.App.OnRecordAfterCreateSuccess(schema.Certificates, schema.Reviews).BindFunc(rebuild)
	e.App.OnRecordAfterDeleteSuccess(schema.Certificates).BindFunc(rebuild)
	// what teachers reported of using an item shows on its page
	e.App.OnRecordAfterCreateSuccess(schema.Adoptions).BindFunc(rebuild)
	e.App.OnRecordAfterUpdateSuccess(schema.Adoptions).BindFunc(rebuild)
	e.App.OnRecordAfterDeleteSuccess(schema.Adoptions).BindFunc(rebuild)
	freshness.BindRebuild(e.App, builder.Schedule) // what the freshness guard found shows on the items' pages
	e.App.OnRecordAfterCreateSuccess(siteCollections...).BindFunc(rebuild)
	e.App.OnRecordAfterUpdateSuccess(siteCollections...).BindFunc(rebuild)
	e.App.OnRecordAfterDeleteSuccess(siteCollections...).BindFunc(rebuild)
	e.App.OnTerminate().BindFunc(func(te *core.TerminateEvent) error {
		builder.Close()
		return te.Next()
	})
	apis.BindSite(e, builder)
	apis.BindShortLinks(e, builder.Settings.Location)
	apis.BindScans(e)
	apis.BindCodeSheets(e, builder.Settings)
	apis.BindCertificates(e, builder.Settings)
	apis.BindAdoptions(e, builder.Settings)
	cms, err := web.New(e.App, builder.Settings, builder)
	if err != nil {
		return err
	}
	cms.TrustedProxies = opts.TrustedProxies
	cms.Contests = opts.Contests
	cms.Register(e)
	return nil
}

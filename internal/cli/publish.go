package cli

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	kopilka "github.com/kopilka/kopilka"
	"github.com/kopilka/kopilka/internal/config"
	"github.com/kopilka/kopilka/internal/objstore"
	"github.com/kopilka/kopilka/internal/publish"
	"github.com/kopilka/kopilka/internal/sitegen"
	"github.com/kopilka/kopilka/internal/sitesettings"
)

func target(s config.S3) (objstore.Target, error) {
	if !s.Enabled() {
		return objstore.Target{}, fmt.Errorf("publish: no bucket: give --publish-bucket or KOPILKA_PUBLISH_BUCKET")
	}
	u, err := url.Parse(s.Endpoint)
	if err != nil || u.Host == "" {
		return objstore.Target{}, fmt.Errorf("publish: endpoint %q must be a URL such as https://storage.example", s.Endpoint)
	}
	return objstore.Target{Endpoint: u.Host, Secure: u.Scheme == "https", Region: s.Region, Bucket: s.Bucket,
		AccessKey: s.AccessKey, SecretKey: s.Secret, Prefix: s.Prefix}, nil
}

func (c commands) publishCmd() *cobra.Command {
	var site string
	cmd := &cobra.Command{
		Use:   "publish [--site DIR]",
		Short: "Upload the public site to an S3-compatible bucket: only what changed, stale objects last; run again to resume",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := target(c.cfg.Publish)
			if err != nil {
				return c.fail(err)
			}
			if site == "" {
				if _, err := c.prepare(); err != nil {
					return c.fail(err)
				}
				settings, err := sitesettings.From(*c.cfg)
				if err != nil {
					return c.fail(err)
				}
				tmp, err := os.MkdirTemp("", "kopilka-publish-*")
				if err != nil {
					return c.fail(err)
				}
				defer os.RemoveAll(tmp)
				snap, err := publish.Snapshot(c.app, settings)
				if err != nil {
					return c.fail(err)
				}
				site = filepath.Join(tmp, "site")
				_, err = sitegen.Build(snap, sitegen.Options{Theme: kopilka.SiteTheme, Override: filepath.Join(c.app.DataDir(), "..", "pb_site"),
					Out: site, Log: c.stderr, Cache: filepath.Join(c.app.DataDir(), "..", "pb_public", ".cache")})
				snap.Close()
				if err != nil {
					return c.fail(err)
				}
			}
			rep, err := objstore.Publish(context.Background(), site, t)
			if err != nil {
				return c.fail(err)
			}
			fmt.Fprintf(c.stdout, "published to %s/%s: %d uploaded, %d unchanged, %d deleted\n", t.Bucket, strings.Trim(t.Prefix, "/"), rep.Uploaded, rep.Unchanged, rep.Deleted)
			return nil
		},
	}
	cmd.Flags().StringVar(&site, "site", "", "an already built site folder (default: build one now)")
	return cmd
}

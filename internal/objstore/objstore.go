// Package objstore publishes the built site to an S3-compatible bucket,
// for hosting behind a CDN: only changed objects are uploaded, pages after
// the assets they use, and stale objects are deleted last, so a reader never
// meets a missing page; an interrupted publish simply runs again.
package objstore

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"mime"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/kopilka/kopilka/internal/httpsec"
	"github.com/kopilka/kopilka/internal/uploads"
)

// Target is a bucket.
type Target struct {
	Endpoint  string // host[:port], no scheme
	Secure    bool   // https
	Region    string
	Bucket    string
	AccessKey string
	SecretKey string
	Prefix    string // a folder inside the bucket, "" for its root
}

// Report counts what a publish did.
type Report struct {
	Uploaded, Unchanged, Deleted int
}

var types = map[string]string{
	".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
	".json": "application/json", ".xml": "application/xml; charset=utf-8", ".ics": "text/calendar; charset=utf-8",
	".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
	".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp", ".pdf": "application/pdf",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".zip":  "application/zip",
	// the web app manifest (manifest.webmanifest)
	".webmanifest": "application/manifest+json",
}

// ContentType is decided by the extension, never sniffed. Attachments
// (everything under files/) take theirs from the allowlist of uploads:
// application/octet-stream for anything not on it, so a file named .html
// or .svg there is never a page of the site's origin.
func ContentType(name string) string {
	if attachment(name) {
		return uploads.ServedType(name)
	}
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// ContentDisposition makes every attachment a download under its name,
// whatever a browser would make of its content; "" for the site's own
// files.
func ContentDisposition(name string) string {
	if attachment(name) || strings.HasPrefix(name, "packs/") {
		return httpsec.AttachmentDisposition(path.Base(name))
	}
	return ""
}

func attachment(name string) bool { return strings.HasPrefix(name, "files/") }

// filesHeaders names the headers attachments are uploaded with; change it
// when they change, and the next publish uploads every attachment again,
// the unchanged ones too (a changed header leaves the ETag alone). The home
// page, uploaded last, carries it in its metadata, so a bucket whose home
// page has it holds no attachment with older headers. A site without a
// home page has its attachments uploaded again on every publish.
const filesHeaders = "2-attachment-allowlist"

// filesHeadersMeta is the user metadata key of filesHeaders.
const filesHeadersMeta = "Kopilka-Files-Headers"

// CacheControl is short for what changes with every publish (pages, feeds,
// the search index), long for QR images and the styles and scripts named
// by their content, which never change.
func CacheControl(key string) string {
	switch {
	case strings.HasPrefix(key, "qr/"), fingerprinted.MatchString(key):
		return "public, max-age=31536000, immutable"
	case key == "sw.js":
		// a new service worker must reach browsers at once
		return "no-cache"
	case strings.HasSuffix(key, ".html"), strings.HasSuffix(key, ".xml"), strings.HasSuffix(key, ".ics"),
		strings.HasSuffix(key, ".json"), strings.HasSuffix(key, ".txt"), strings.HasSuffix(key, ".webmanifest"),
		strings.HasPrefix(key, "packs/"):
		// an event's pack changes with its materials
		return "public, max-age=300"
	}
	return "public, max-age=86400"
}

// fingerprinted matches a file whose name carries the hash of its content
// (Hugo's fingerprint, name.<sha256>.ext): it never changes.
var fingerprinted = regexp.MustCompile(`\.[0-9a-f]{64}\.[a-z0-9]+$`)

// Publish uploads the site folder dir to t.
func Publish(ctx context.Context, dir string, t Target) (Report, error) {
	var rep Report
	client, err := minio.New(t.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(t.AccessKey, t.SecretKey, ""), Secure: t.Secure, Region: t.Region})
	if err != nil {
		return rep, fmt.Errorf("publish: %w", err)
	}
	prefix := strings.Trim(t.Prefix, "/")
	if prefix != "" {
		prefix += "/"
	}
	remote := map[string]string{} // key → ETag
	for obj := range client.ListObjects(ctx, t.Bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if obj.Err != nil {
			return rep, fmt.Errorf("publish: list %s: %w", t.Bucket, obj.Err)
		}
		remote[obj.Key] = strings.Trim(obj.ETag, `"`)
	}
	local, err := siteFiles(dir)
	if err != nil {
		return rep, fmt.Errorf("publish: %w", err)
	}
	current := false // the attachments in the bucket have today's headers
	if _, ok := remote[prefix+"index.html"]; ok {
		info, err := client.StatObject(ctx, t.Bucket, prefix+"index.html", minio.StatObjectOptions{})
		if err != nil {
			return rep, fmt.Errorf("publish: %s: %w", prefix+"index.html", err)
		}
		current = info.Metadata.Get("X-Amz-Meta-"+filesHeadersMeta) == filesHeaders
	}
	// assets first, pages after them, the home page last
	sort.SliceStable(local, func(i, j int) bool { return rank(local[i]) < rank(local[j]) })
	seen := map[string]bool{}
	for _, rel := range local {
		key := prefix + rel
		seen[key] = true
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return rep, fmt.Errorf("publish: %w", err)
		}
		sum := md5.Sum(data)
		again := !current && (attachment(rel) || rel == "index.html")
		if remote[key] == hex.EncodeToString(sum[:]) && !again {
			rep.Unchanged++
			continue
		}
		opts := minio.PutObjectOptions{
			ContentType: ContentType(rel), ContentDisposition: ContentDisposition(rel), CacheControl: CacheControl(rel),
			DisableMultipart: true,
		}
		if rel == "index.html" {
			opts.UserMetadata = map[string]string{filesHeadersMeta: filesHeaders}
		}
		_, err = client.PutObject(ctx, t.Bucket, key, bytes.NewReader(data), int64(len(data)), opts)
		if err != nil {
			return rep, fmt.Errorf("publish: upload %s: %w", key, err)
		}
		rep.Uploaded++
	}
	var stale []string
	for key := range remote {
		if !seen[key] {
			stale = append(stale, key)
		}
	}
	sort.Strings(stale)
	for _, key := range stale {
		if err := client.RemoveObject(ctx, t.Bucket, key, minio.RemoveObjectOptions{}); err != nil {
			return rep, fmt.Errorf("publish: delete %s: %w", key, err)
		}
		rep.Deleted++
	}
	return rep, nil
}

// siteFiles lists the files of a built site by slash path, following
// symbolic links as a web server does: pb_public/current is one, and a
// live build's qr/ is one to the QR images all builds share.
func siteFiles(dir string) ([]string, error) {
	var files []string
	var walk func(p, rel string, depth int) error
	walk = func(p, rel string, depth int) error {
		if depth > 32 {
			return fmt.Errorf("%s: folders nested too deep (a link loop?)", p)
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return err
		}
		for _, e := range entries {
			full, name := filepath.Join(p, e.Name()), path.Join(rel, e.Name())
			info, err := os.Stat(full)
			if err != nil {
				return err
			}
			if info.IsDir() {
				if err := walk(full, name, depth+1); err != nil {
					return err
				}
				continue
			}
			files = append(files, name)
		}
		return nil
	}
	return files, walk(dir, "", 0)
}

func rank(rel string) int {
	switch {
	case rel == "index.html":
		return 3
	case strings.HasSuffix(rel, ".html"):
		return 2
	case strings.HasPrefix(rel, "search/"), strings.HasSuffix(rel, ".xml"), strings.HasSuffix(rel, ".ics"):
		return 1
	}
	return 0
}

package freshness

import (
	"errors"
	"fmt"
	"io"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/kopilka/kopilka/internal/filename"
	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/uploads"
)

// maxFileBytes bounds what is read of a stored file, as the upload checks
// bound an upload.
const maxFileBytes = 200 << 20

// Why a stored file is broken, beside the upload checks' own refusals
// (which say it in Russian for people).
var (
	errUnreadable = errors.New(ru.FreshFileUnreadable)
	errTooLarge   = errors.New(ru.FreshFileTooLarge)
)

// checkFile opens the stored file of r and runs the upload checks on it
// again (internal/uploads): its content, and its type against its stored
// name and the name its author gave it. nil when it still opens and
// passes; the error's text is for people.
func checkFile(fsys *filesystem.System, r *core.Record, stored string) error {
	f, err := fsys.GetReader(r.BaseFilesPath() + "/" + stored)
	if err != nil {
		return fmt.Errorf("%w: %w", errUnreadable, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err != nil {
		return fmt.Errorf("%w: %w", errUnreadable, err)
	}
	if len(data) > maxFileBytes {
		return errTooLarge
	}
	if err := uploads.Check(data); err != nil {
		return err
	}
	if err := uploads.CheckType(stored, data); err != nil {
		return err
	}
	names := map[string]string{}
	_ = r.UnmarshalJSONField(filename.Field, &names)
	if shown := filename.Shown(names, stored); uploads.Extension(shown) != "" && uploads.Extension(shown) != uploads.Extension(stored) {
		return uploads.CheckType(shown, data)
	}
	return nil
}

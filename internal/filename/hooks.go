package filename

import (
	"path"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
)

// Field is the JSON field that maps a material's stored file names to the
// names (or interchange paths) their authors gave them.
const Field = "file_names"

// Register keeps Field right on every save of a material, whatever door
// it came through: an uploaded file gets the name its client sent, with
// the stored file's extension (so the REST API, the JS SDK, a batch request
// and the CMS keep names alike: PocketBase renames the file on upload and
// this is the last place its OriginalName is known), names of files no
// longer attached are dropped, and a name that is not one file is refused.
func Register(app core.App) {
	app.OnRecordCreate(schema.Materials).BindFunc(nameUploads)
	app.OnRecordUpdate(schema.Materials).BindFunc(nameUploads)
	app.OnRecordValidate(schema.Materials).BindFunc(checkNames)
}

func nameUploads(e *core.RecordEvent) error {
	names := map[string]string{}
	if err := e.Record.UnmarshalJSONField(Field, &names); err != nil {
		// checkNames refuses it with a message
		return e.Next()
	}
	attached := map[string]bool{}
	for _, v := range rawFiles(e.Record) {
		switch f := v.(type) {
		case string:
			attached[f] = true
		case *filesystem.File:
			attached[f.Name] = true
			if names[f.Name] == "" {
				if n := ForUpload(f.OriginalName, f.Name); n != "" {
					names[f.Name] = n
				}
			}
		}
	}
	for stored := range names {
		if !attached[stored] {
			delete(names, stored)
		}
	}
	e.Record.Set(Field, names)
	return e.Next()
}

func rawFiles(r *core.Record) []any {
	switch v := r.GetRaw("files").(type) {
	case []any:
		return v
	case []string:
		out := make([]any, len(v))
		for i, s := range v {
			out[i] = s
		}
		return out
	case string:
		return []any{v}
	case *filesystem.File:
		return []any{v}
	}
	return nil
}

func checkNames(e *core.RecordEvent) error {
	names := map[string]string{}
	if err := e.Record.UnmarshalJSONField(Field, &names); err != nil {
		return validation.Errors{Field: validation.NewError("validation_file_names", ru.MsgFileNamesNotMap)}
	}
	for _, p := range names {
		if err := CheckPath(p); err != nil {
			return validation.Errors{Field: validation.NewError("validation_file_name", ru.FileNameRefused(Reason(err)))}
		}
	}
	return e.Next()
}

// Reason names in Russian what is wrong with a name Check or CheckPath
// refused.
func Reason(err error) string {
	switch err {
	case ErrEmpty:
		return ru.FileNameEmpty
	case ErrDots:
		return ru.FileNameDots
	case ErrSeparator, ErrAbsolute:
		return ru.FileNameSeparator
	case ErrControl, ErrEncoding:
		return ru.FileNameControl
	case ErrTooLong:
		return ru.FileNameTooLong
	}
	return err.Error()
}

// Shown returns the name under which a stored file is offered: the last
// segment of the name its author gave it, or the stored name when none was
// kept or the kept one is not a name of one file.
func Shown(names map[string]string, stored string) string {
	p := names[stored]
	if CheckPath(p) != nil {
		return stored
	}
	return path.Base(p)
}

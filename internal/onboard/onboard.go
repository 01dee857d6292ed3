// Package onboard brings a school's existing «методическая копилка» — a
// shared folder or a flash drive of documents named any way — into the
// bank as drafts for review, never as published items.
//
// A run reads a folder (ReadDir) or a ZIP archive (ReadZip), looks at
// every file (Analyze) and then creates the drafts in one transaction
// (Write): all of them, or none when the run is cancelled or one save
// fails. For each document it finds
//
//   - a title: the document's own (the core properties of .docx and
//     .pptx, meta.xml of .odt and .odp, a PDF's Info), else its first
//     heading or slide title, else its file name without the numbering
//     and underscores;
//   - authors: the school's teachers whose names the metadata's author or
//     the first page gives («Фамилия Имя Отчество», «Фамилия И. О.»,
//     «И. О. Фамилия»), else none, for the deputy director to choose;
//   - subjects, levels and the type from the file's name, its folders'
//     names, its title and its first page, each with where it was found
//     and how far it can be trusted (Guess), for a person to confirm;
//   - a summary from its first paragraph, and its text as the body, so
//     the bank's search finds it once published.
//
// A file is not imported twice: the same content (SHA-256) as a file
// before it or as a file of the school's materials, or a near-identical
// title, makes it a duplicate. Files the upload checks (internal/uploads)
// refuse — macros, encrypted, unknown formats — are listed with the
// reason, as are files that are not documents. The Report says what
// became a draft, what was guessed and what was skipped and why.
package onboard

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/kopilka/kopilka/internal/ru"
	"github.com/kopilka/kopilka/internal/schema"
	"github.com/kopilka/kopilka/internal/uploads"
)

// Limits of a run, met before anything is unpacked or read.
type Limits struct {
	MaxFiles      int   // files in the folder or archive
	MaxFileBytes  int64 // one file: the limit of a material's attachment
	MaxTotalBytes int64 // all files together, unpacked
	MaxDepth      int   // folders nested
}

// DefaultLimits are generous for a school's folder (a few hundred
// documents) and keep a crafted archive from exhausting the server.
var DefaultLimits = Limits{MaxFiles: 2000, MaxFileBytes: 50 << 20, MaxTotalBytes: 1 << 30, MaxDepth: 12}

// Outcome is what became of a file.
type Outcome string

// Outcomes.
const (
	Draft     Outcome = "draft"     // becomes a draft (or became one, once written)
	Duplicate Outcome = "duplicate" // the same file or title as another: not imported again
	Refused   Outcome = "refused"   // the upload checks refuse it
	Skipped   Outcome = "skipped"   // not a document
)

// Outcomes lists them in the order a report shows them.
var Outcomes = []Outcome{Draft, Duplicate, Refused, Skipped}

// Entry is one file a walk found: its path relative to the folder or
// archive, with forward slashes, exactly as it was named there.
type Entry struct {
	Path string
	Size int64
	// Outcome and Reason are set when the walk itself refused or skipped
	// the file, which is then not read.
	Outcome Outcome
	Reason  string
	open    func() ([]byte, error)
}

// Item is what became of one file.
type Item struct {
	Path    string
	Size    int64
	Outcome Outcome
	// Reason says why a file is not a draft; for a draft it notes what a
	// person should know (no text read, text cut).
	Reason    string
	Title     string
	TitleFrom Source
	Summary   string
	Body      string
	Type      Guess
	Levels    Guess
	Subjects  Guess
	Authors   Guess
	// AuthorNames are the names of Authors.Values, in their order.
	AuthorNames []string
	Hash        string // SHA-256 of the content, hex
	// Id and Slug are the draft's, once written.
	Id, Slug string

	open func() ([]byte, error)
}

// Report is a run.
type Report struct {
	Items   []*Item
	Written bool // the drafts were created
}

// Count is how many files had the outcome.
func (r *Report) Count(o Outcome) int {
	n := 0
	for _, it := range r.Items {
		if it.Outcome == o {
			n++
		}
	}
	return n
}

// Bank is what a run compares with and matches to: the school's teachers
// and its materials, in any status.
type Bank struct {
	Teachers  []Teacher
	Materials []Existing
}

// Existing is a material already in the bank.
type Existing struct {
	Id, Title string
	Hashes    []string // of its files
}

// NewBank makes the bank of a school from its teachers' and materials'
// records, reading every attached file from app's storage for its hash.
func NewBank(app core.App, teachers, materials []*core.Record) (*Bank, error) {
	b := &Bank{}
	for _, t := range teachers {
		b.Teachers = append(b.Teachers, Teacher{Id: t.Id, Name: t.GetString("name")})
	}
	if len(materials) == 0 {
		return b, nil
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		return nil, fmt.Errorf("onboard: storage: %w", err)
	}
	defer fsys.Close()
	for _, m := range materials {
		e := Existing{Id: m.Id, Title: m.GetString("title")}
		for _, f := range m.GetStringSlice("files") {
			h, err := hashStored(fsys, m.BaseFilesPath()+"/"+f)
			if err != nil {
				continue // a file storage lost is not a duplicate of anything
			}
			e.Hashes = append(e.Hashes, h)
		}
		b.Materials = append(b.Materials, e)
	}
	return b, nil
}

func hashStored(fsys *filesystem.System, key string) (string, error) {
	r, err := fsys.GetReader(key)
	if err != nil {
		return "", err
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// documents are the formats that become materials; .doc, .xls, .ppt,
// .xlsx, .ods and .rtf become drafts with their file and no text.
var documents = map[string]bool{".pdf": true, ".docx": true, ".pptx": true, ".odt": true, ".odp": true, ".txt": true,
	".doc": true, ".ppt": true, ".xls": true, ".xlsx": true, ".ods": true, ".rtf": true}

var presentations = map[string]bool{".pptx": true, ".odp": true, ".ppt": true}

// serviceFile reports the files operating systems and office programs
// leave in folders: thumbnails, folder settings, lock files of open
// documents, macOS's resource forks.
func serviceFile(p string) bool {
	base := strings.ToLower(path.Base(p))
	switch base {
	case "thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db":
		return true
	}
	return strings.HasPrefix(base, "~$") || strings.HasPrefix(base, "._") || strings.HasPrefix(base, ".~lock.") ||
		strings.HasPrefix(p, "__MACOSX/") || strings.HasSuffix(base, ".tmp")
}

// analyzer holds what a run has seen so far.
type analyzer struct {
	bank    *Bank
	authors *authors
	names   map[string]string // teacher id → name
	hashes  map[string]string // content hash → path of the first file
	titles  []*Item           // drafts so far
	limits  Limits
}

// Analyze looks at every entry and decides what becomes of it; it writes
// nothing. The entries are taken in the order of their paths, so the
// first of two duplicates in that order is the one imported.
func Analyze(ctx context.Context, entries []Entry, bank *Bank) (*Report, error) {
	if bank == nil {
		bank = &Bank{}
	}
	a := &analyzer{bank: bank, authors: newAuthors(bank.Teachers), names: map[string]string{},
		hashes: map[string]string{}, limits: DefaultLimits}
	for _, t := range bank.Teachers {
		a.names[t.Id] = t.Name
	}
	sorted := append([]Entry(nil), entries...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	rep := &Report{}
	for _, e := range sorted {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		it, err := a.item(e)
		if err != nil {
			return nil, err
		}
		rep.Items = append(rep.Items, it)
	}
	return rep, nil
}

func (a *analyzer) item(e Entry) (*Item, error) {
	it := &Item{Path: e.Path, Size: e.Size, open: e.open}
	refuse := func(o Outcome, reason string) (*Item, error) {
		it.Outcome, it.Reason = o, reason
		return it, nil
	}
	if e.Outcome != "" {
		return refuse(e.Outcome, e.Reason)
	}
	if serviceFile(e.Path) {
		return refuse(Skipped, ru.OnboardServiceFile)
	}
	name := path.Base(e.Path)
	ext := uploads.Extension(name)
	if !documents[ext] {
		// what no upload accepts is refused with the upload's reason;
		// an image or a CSV table is allowed but is no material
		if err := uploads.CheckType(name, nil); err != nil && errors.Is(err, uploads.ErrExtension) {
			return refuse(Refused, err.Error())
		}
		return refuse(Skipped, ru.OnboardNotDocument)
	}
	if e.Size > a.limits.MaxFileBytes {
		return refuse(Refused, fmt.Sprintf(ru.OnboardTooLarge, a.limits.MaxFileBytes>>20))
	}
	data, err := e.open()
	if err != nil {
		var refusal *entryError
		if errors.As(err, &refusal) {
			return refuse(Refused, refusal.reason)
		}
		return nil, fmt.Errorf("onboard: %s: %w", e.Path, err)
	}
	if int64(len(data)) > a.limits.MaxFileBytes {
		return refuse(Refused, fmt.Sprintf(ru.OnboardTooLarge, a.limits.MaxFileBytes>>20))
	}
	it.Size = int64(len(data))
	// macros and passwords first: an encrypted .xlsx is an OLE file, and
	// «protected by a password» says more than «not of its type»
	if err := uploads.Check(data); err != nil {
		return refuse(Refused, err.Error())
	}
	if err := uploads.CheckType(name, data); err != nil {
		return refuse(Refused, err.Error())
	}
	it.Hash = hashOf(data)
	if first, ok := a.hashes[it.Hash]; ok {
		return refuse(Duplicate, fmt.Sprintf(ru.OnboardDupFile, first))
	}
	a.hashes[it.Hash] = e.Path
	for _, m := range a.bank.Materials {
		for _, h := range m.Hashes {
			if h == it.Hash {
				return refuse(Duplicate, fmt.Sprintf(ru.OnboardDupBankFile, m.Title))
			}
		}
	}
	doc, err := Extract(name, data)
	var notes []string
	switch {
	case errors.Is(err, ErrPDFPassword):
		return refuse(Refused, ru.UploadEncrypted)
	case err != nil:
		doc = Doc{}
		notes = append(notes, ru.OnboardUnreadable)
	case !doc.Readable:
		notes = append(notes, ru.OnboardNoText)
	}
	if doc.Truncated {
		notes = append(notes, fmt.Sprintf(ru.OnboardTruncated, MaxText))
	}
	if ambiguous := a.describe(it, doc, ext); ambiguous {
		notes = append(notes, ru.OnboardAmbiguous)
	}
	for _, d := range a.titles {
		if nearTitles(d.Title, it.Title) {
			return refuse(Duplicate, fmt.Sprintf(ru.OnboardDupTitle, d.Path))
		}
	}
	for _, m := range a.bank.Materials {
		if nearTitles(m.Title, it.Title) {
			return refuse(Duplicate, fmt.Sprintf(ru.OnboardDupBankTitle, m.Title))
		}
	}
	it.Outcome, it.Reason = Draft, strings.Join(notes, "; ")
	a.titles = append(a.titles, it)
	return it, nil
}

// maxTitle bounds a title made from a document: the field holds more, but
// a longer one is a paragraph, not a title.
const maxTitle = 500

// maxSummary bounds the summary taken from the first paragraph.
const maxSummary = 600

// describe makes the title, summary, body and guesses of a document; it
// reports a name in it that could be more than one teacher's and so was
// not taken.
func (a *analyzer) describe(it *Item, doc Doc, ext string) (ambiguous bool) {
	name := path.Base(it.Path)
	fileTitle := TitleFromName(name)
	heading := doc.Heading()
	switch {
	case usableTitle(doc.Title):
		it.Title, it.TitleFrom = doc.Title, FromMetadata
	case heading != "" && !genericHeading(heading):
		it.Title, it.TitleFrom = heading, FromHeading
	default:
		it.Title, it.TitleFrom = fileTitle, FromFileName
	}
	if it.Title == "" {
		it.Title = name
	}
	it.Title = ru.Shorten(it.Title, maxTitle)
	it.Summary = summaryOf(doc, it.Title)
	it.Body = markdownOf(doc)

	// where to look, the most telling first: the file's own name, then
	// its folders from the nearest, then the document's title and
	// heading, then its first page
	type place struct {
		text   string
		source Source
		detail string
		conf   Confidence
	}
	places := []place{{text: strings.TrimSuffix(name, path.Ext(name)), source: FromFileName, conf: High}}
	dirs := strings.Split(path.Dir(it.Path), "/")
	for i := len(dirs) - 1; i >= 0; i-- {
		if d := dirs[i]; d != "." && d != "" {
			places = append(places, place{text: d, source: FromFolder, detail: d, conf: High})
		}
	}
	if doc.Title != "" {
		places = append(places, place{text: doc.Title, source: FromMetadata, conf: Medium})
	}
	if heading != "" {
		places = append(places, place{text: heading, source: FromHeading, conf: Medium})
	}
	firstPage := doc.FirstPage()
	guess := func(p place, values []string) Guess {
		return Guess{Values: values, Source: p.source, Detail: p.detail, Confidence: p.conf}
	}

	it.Type = Guess{Values: []string{"other"}, Source: FromDefault, Confidence: Low}
	typeFound := false
	for _, p := range places {
		if t := typeIn(p.text); t != "" {
			it.Type, typeFound = guess(p, []string{t}), true
			break
		}
	}
	if !typeFound && presentations[ext] {
		it.Type, typeFound = Guess{Values: []string{"presentation"}, Source: FromFormat, Confidence: Medium}, true
	}
	if !typeFound {
		if t := typeIn(firstPage); t != "" {
			it.Type, typeFound = Guess{Values: []string{t}, Source: FromText, Confidence: Medium}, true
		}
	}
	if !typeFound {
		for _, p := range append(places, place{text: firstPage, source: FromText, conf: Medium}) {
			if t := weakTypeIn(p.text); t != "" {
				conf := p.conf
				if conf == High {
					conf = Medium // «урок» alone says less than «конспект урока»
				}
				it.Type = Guess{Values: []string{t}, Source: p.source, Detail: p.detail, Confidence: conf}
				break
			}
		}
	}

	it.Levels = Guess{Values: []string{}, Source: FromDefault, Confidence: Low}
	for _, p := range places {
		if l := levelsIn(p.text); len(l) > 0 {
			it.Levels = guess(p, l)
			break
		}
	}
	if !it.Levels.Found() {
		if l := levelsIn(firstPage); len(l) > 0 {
			it.Levels = Guess{Values: l, Source: FromText, Confidence: Medium}
		}
	}

	it.Subjects = Guess{Values: []string{}, Source: FromDefault, Confidence: Low}
	for _, p := range places {
		if s := subjectsIn(p.text); len(s) > 0 {
			it.Subjects = guess(p, s)
			break
		}
	}
	if !it.Subjects.Found() {
		if s := mainSubjects(firstPage); len(s) > 0 {
			it.Subjects = Guess{Values: s, Source: FromText, Confidence: Medium}
		}
	}

	it.Authors = Guess{Values: []string{}, Source: FromDefault, Confidence: Low}
	if doc.Creator != "" {
		ids, amb := a.authors.find(doc.Creator)
		ambiguous = amb
		if len(ids) > 0 {
			it.Authors = Guess{Values: ids, Source: FromMetadata, Confidence: High}
		}
	}
	if !it.Authors.Found() && firstPage != "" {
		ids, amb := a.authors.find(firstPage)
		ambiguous = ambiguous || amb
		if len(ids) > 0 {
			it.Authors = Guess{Values: ids, Source: FromText, Confidence: Medium}
		}
	}
	if len(it.Authors.Values) > 20 {
		it.Authors.Values = it.Authors.Values[:20] // the field's limit
	}
	it.AuthorNames = nil
	for _, id := range it.Authors.Values {
		it.AuthorNames = append(it.AuthorNames, a.names[id])
	}
	return ambiguous && !it.Authors.Found()
}

// genericWords are the words of headings that say what kind of document
// it is and not what it is about: «Технологическая карта урока»,
// «Пояснительная записка» make poor titles.
var genericWords = map[string]bool{"технологическая": true, "карта": true, "урока": true, "урок": true, "занятия": true,
	"конспект": true, "план": true, "пояснительная": true, "записка": true, "введение": true, "содержание": true,
	"оглавление": true, "аннотация": true, "ход": true, "рабочая": true, "программа": true, "аналитическая": true,
	"справка": true, "сценарий": true, "мероприятия": true, "тест": true, "презентация": true, "методическая": true,
	"разработка": true, "открытого": true, "открытый": true, "доклад": true, "отчет": true, "статья": true}

func genericHeading(h string) bool {
	for _, w := range words(h) {
		if !genericWords[w] {
			return false
		}
	}
	return true
}

// summaryOf is the document's first paragraph of some length that is not
// a heading or its title, shortened at a word.
func summaryOf(doc Doc, title string) string {
	first := ""
	for _, p := range doc.Paras {
		if p.Heading || titleKey(p.Text) == titleKey(title) {
			continue
		}
		if first == "" {
			first = p.Text
		}
		if utf8.RuneCountInString(p.Text) >= 60 {
			return ru.Shorten(p.Text, maxSummary)
		}
	}
	return ru.Shorten(first, maxSummary)
}

// maxBody is the limit of a material's body.
const maxBody = 200_000

// markdownOf writes a document's text as Markdown: headings as «##»
// headings, paragraphs apart, every character that Markdown would take
// for markup escaped, so the text reads as it was written.
func markdownOf(doc Doc) string {
	var b strings.Builder
	n := 0
	for _, p := range doc.Paras {
		line := escapeMarkdown(p.Text)
		if p.Heading {
			line = "## " + line
		}
		size := utf8.RuneCountInString(line) + 2
		if n+size > maxBody {
			break
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(line)
		n += size
	}
	return b.String()
}

// escapeMarkdown escapes what Markdown reads as markup: inline marks
// anywhere, and what starts a heading, a list, a quote or a rule at the
// start of a line.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if out == "" {
		return out
	}
	switch out[0] {
	case '#', '-', '+', '=', '>':
		return "\\" + out
	}
	// «1. Организационный момент.» would start a numbered list
	i := 0
	for i < len(out) && out[i] >= '0' && out[i] <= '9' {
		i++
	}
	if i > 0 && i < len(out) && (out[i] == '.' || out[i] == ')') {
		return out[:i] + "\\" + out[i:]
	}
	return out
}

// Creator creates one material from the fields a REST request would send
// (the files as *filesystem.File values) and returns it saved.
type Creator func(data map[string]any) (*core.Record, error)

// Transactor runs fn in one transaction: every material create makes
// commits with it, or none when fn fails.
type Transactor func(fn func(create Creator) error) error

// AppTransactor creates materials directly in app, as a superuser would,
// for the command line: the record hooks still run (slugs, QR codes,
// upload checks, file names).
func AppTransactor(app core.App) Transactor {
	return func(fn func(create Creator) error) error {
		return app.RunInTransaction(func(tx core.App) error {
			c, err := tx.FindCollectionByNameOrId(schema.Materials)
			if err != nil {
				return err
			}
			return fn(func(data map[string]any) (*core.Record, error) {
				rec := core.NewRecord(c)
				for k, v := range data {
					rec.Set(k, v)
				}
				if err := tx.Save(rec); err != nil {
					return nil, err
				}
				return rec, nil
			})
		})
	}
}

// Problem is a draft that could not be saved: the file, the field and why.
type Problem struct {
	Path, Field, Reason string
}

func (p Problem) String() string {
	field := p.Field
	if field == "" {
		field = "-"
	}
	return fmt.Sprintf("%s: %s: %s", p.Path, field, p.Reason)
}

// SaveError is a run whose drafts were not written because one could not
// be saved; nothing was written.
type SaveError struct {
	Problems []Problem
}

func (e *SaveError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Write creates the drafts of rep for the organization org in one
// transaction run by run: all of them, or none when ctx is cancelled, a
// file changed since it was analysed, or a save fails (then the error is
// a *SaveError naming the file). Each draft gets its file under the
// name it had in the folder.
func Write(ctx context.Context, rep *Report, org string, run Transactor) error {
	type saved struct {
		it  *Item
		rec *core.Record
	}
	var done []saved
	err := run(func(create Creator) error {
		done = done[:0]
		for _, it := range rep.Items {
			if it.Outcome != Draft {
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			data, err := it.open()
			if err != nil {
				return fmt.Errorf("onboard: %s: %w", it.Path, err)
			}
			if hashOf(data) != it.Hash {
				return fmt.Errorf("onboard: %s changed while it was being imported", it.Path)
			}
			file, err := filesystem.NewFileFromBytes(data, path.Base(it.Path))
			if err != nil {
				return fmt.Errorf("onboard: %s: %w", it.Path, err)
			}
			rec, err := create(map[string]any{
				"title":        it.Title,
				"type":         it.Type.Values[0],
				"summary":      it.Summary,
				"body":         it.Body,
				"subjects":     nonNil(it.Subjects.Values),
				"levels":       nonNil(it.Levels.Values),
				"authors":      nonNil(it.Authors.Values),
				"organization": org,
				"status":       schema.StatusDraft,
				"files":        []*filesystem.File{file},
			})
			if err != nil {
				return &SaveError{Problems: problemsOf(it.Path, err)}
			}
			done = append(done, saved{it, rec})
		}
		return ctx.Err()
	})
	if err != nil {
		return err
	}
	for _, s := range done {
		s.it.Id, s.it.Slug = s.rec.Id, s.rec.GetString("slug")
	}
	rep.Written = true
	return nil
}

func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

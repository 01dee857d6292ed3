package ru

// Messages of the checks on what users write: names of attached files,
// authors, the size of a CMS form, and records left off the site.

// Messages about the names of attached files.
const (
	MsgFileNamesNotMap = "Поле file_names: ожидается объект «сохранённое имя файла → имя, данное автором»."
	FileNameEmpty      = "имя пустое"
	FileNameDots       = "имя «.» или «..» не допускается"
	FileNameSeparator  = "имя не может содержать / или \\ и начинаться с /"
	FileNameControl    = "имя содержит управляющие или невидимые символы"
	FileNameTooLong    = "имя длиннее 200 байт"
)

// FileNameRefused is the message for a refused name of an attached file.
func FileNameRefused(reason string) string {
	return "Поле file_names: недопустимое имя файла: " + reason + "."
}

// ImpBadFileName is the importer's reason for a path in files: that cannot
// be kept as a file name, after "file:line: files: ".
const ImpBadFileName = "путь «%s» не годится как имя файла: %s"

// Messages about the authors of materials and practices.
const (
	MsgAuthorOfAnotherSchool    = "Авторами могут быть только педагоги организации, которой принадлежит материал."
	MsgOnlyEditorRemovesAuthors = "Убрать соавтора из списка авторов может только ответственный от школы или методист."
)

// WebFormTooLarge titles the answer to a CMS form over its size limit.
const WebFormTooLarge = "Слишком большая отправка: за один раз можно загрузить до 100 МБ, каждый файл — до 50 МБ. Вернитесь к форме и добавьте файлы по одному."

// Why a record is missing from the public site, on the curators' screen.
const (
	SiteLeftOutFiles = "не удалось прочитать прикреплённый файл из хранилища: загрузите файл заново или уберите его из материала"
	SiteLeftOutBody  = "не удалось обработать текст материала"
	SiteLeftOutText  = "не удалось обработать текст записи"
	// a record whose page would have no address
	SiteLeftOutNoSlug = "у записи нет адреса страницы (slug): сохраните её ещё раз"
)

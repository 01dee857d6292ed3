package ru

// What the offline pack of an event says: its printed programme and the
// page that opens from the archive without a network.
const (
	PackProgrammeOf      = "Программа: "
	PackProgrammeFile    = "Программа.pdf"
	PackWhen             = "Когда:"
	PackWhere            = "Где:"
	PackOnline           = "Онлайн:"
	PackOrganizer        = "Организатор:"
	PackAudience         = "Участники:"
	PackAgenda           = "О мероприятии"
	PackProgrammeHeading = "Программа"
	PackMaterialsHeading = "Материалы"
	PackScanHint         = "Наведите камеру телефона на код, чтобы открыть материал на сайте."
	PackIntro            = "Архив мероприятия: программа и материалы. Всё открывается без интернета."
	PackPrintProgramme   = "Программа для печати (PDF) с QR-кодами материалов"
	PackFilesOf          = "Файлы:"
	PackNoFiles          = "Файлов нет: материал — текст на этой странице."
	PackOnSite           = "Страница на сайте"
	PackDescription      = "Описание"
	PackAuthors          = "Авторы:"
	PackMadeAt           = "Архив собран с сайта"
)

// The web app manifest: the name under the icon on a phone's home screen.
const (
	ManifestShortName   = "Копилка"
	ManifestDescription = "Методические материалы, практики и мероприятия — и без интернета для открытых страниц"
)

// Package ru holds every Russian word kopilka shows to people: labels of
// codes and the messages of the API and commands' user-facing errors. One
// place, so a methodist can review the wording.
package ru

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Levels names the education levels.
var Levels = map[string]string{
	"do":  "Дошкольное образование",
	"noo": "Начальное общее образование",
	"ooo": "Основное общее образование",
	"soo": "Среднее общее образование",
	"spo": "Среднее профессиональное образование",
	"dop": "Дополнительное образование",
}

// MaterialTypes names the types of materials.
var MaterialTypes = map[string]string{
	"lesson-plan":      "Конспект урока (занятия)",
	"methodical-guide": "Методические рекомендации",
	"article":          "Статья",
	"report":           "Доклад",
	"presentation":     "Презентация",
	"master-class":     "Мастер-класс",
	"work-program":     "Рабочая программа",
	"event-scenario":   "Сценарий мероприятия",
	"iom-template":     "Шаблон ИОМ",
	"analytical-note":  "Аналитическая справка",
	"plan":             "План",
	"assessment":       "Оценочные материалы",
	"other":            "Другое",
}

// EventKinds names the kinds of events.
var EventKinds = map[string]string{
	"seminar":                "Семинар",
	"webinar":                "Вебинар",
	"master-class":           "Мастер-класс",
	"open-lesson":            "Открытый урок",
	"mo-meeting":             "Заседание МО",
	"ped-council":            "Педагогический совет",
	"method-council":         "Методический совет",
	"contest":                "Конкурс",
	"subject-week":           "Предметная неделя / декада",
	"method-day":             "Методический день",
	"conference":             "Конференция",
	"round-table":            "Круглый стол",
	"internship":             "Стажировка",
	"project-session":        "Проектная сессия",
	"course":                 "Курсы повышения квалификации",
	"educational-tour":       "Образовательный тур",
	"intensive":              "Интенсив",
	"educational-event":      "Образовательное событие",
	"focus-group":            "Фокус-группа",
	"communication-platform": "Коммуникационная площадка",
	"coaching":               "Коучинг",
	"trend-session":          "Тренд-сессия",
	"foresight-session":      "Форсайт-сессия",
	"pitch-session":          "Питч-сессия",
	"methodical-landing":     "Методический десант",
	"tutor-consultation":     "Тьюторская консультация",
	"methodical-audit":       "Методический аудит",
	"unified-method-day":     "Единый методический день",
	"deputy-school":          "Школа завуча",
	"young-teacher-school":   "Школа молодого учителя",
	"ped-readings":           "Педагогические чтения",
	"other":                  "Другое",
}

// EventLevels names the levels of events.
var EventLevels = map[string]string{
	"school":    "Школьный",
	"municipal": "Муниципальный",
	"regional":  "Региональный",
	"federal":   "Федеральный",
}

// EventStatuses names the statuses of events.
var EventStatuses = map[string]string{
	"planned":   "Запланировано",
	"cancelled": "Отменено",
	"done":      "Проведено",
}

// OrganizationKinds names the kinds of organizations.
var OrganizationKinds = map[string]string{
	"school":             "Школа",
	"kindergarten":       "Детский сад",
	"additional":         "Организация дополнительного образования",
	"college":            "Колледж",
	"methodical_service": "Муниципальная методическая служба",
}

// Statuses names the workflow statuses of materials and practices.
var Statuses = map[string]string{
	"draft":             "Черновик",
	"submitted":         "На рассмотрении",
	"published":         "Опубликовано",
	"changes_requested": "Требуется доработка",
	"rejected":          "Отклонено",
	"archived":          "В архиве",
}

// Categories names the qualification categories.
var Categories = map[string]string{
	"none":       "Без категории",
	"conformity": "Соответствие занимаемой должности",
	"first":      "Первая квалификационная категория",
	"highest":    "Высшая квалификационная категория",
}

// Roles names the roles of users.
var Roles = map[string]string{
	"teacher":       "Педагог",
	"school_editor": "Заместитель директора по УВР",
	"curator":       "Методист ММС (куратор)",
}

// Deficits names the areas of professional deficits.
var Deficits = map[string]string{
	"subject":             "Предметные компетенции",
	"methodology":         "Методические компетенции",
	"psych_ped":           "Психолого-педагогические компетенции",
	"functional_literacy": "Функциональная грамотность",
	"ict":                 "ИКТ-компетенции",
	"soft_skills":         "Коммуникативные и надпрофессиональные компетенции",
}

// MentorshipForms names the forms of mentorship (seed 003).
var MentorshipForms = map[string]string{
	"pair":  "Пара «наставник — наставляемый»",
	"group": "Групповое наставничество",
	"team":  "Командное наставничество",
}

// RouteStatuses names the statuses of an ИОМ.
var RouteStatuses = map[string]string{
	"draft":     "Черновик",
	"active":    "Реализуется",
	"completed": "Завершён",
	"abandoned": "Прекращён",
}

// StepDirections names the directions of ИОМ steps.
var StepDirections = map[string]string{
	"self_education":         "Изучение литературы по теме самообразования",
	"programme_support":      "Анализ и пополнение программно-методического обеспечения образовательного процесса",
	"events":                 "Посещение методических мероприятий по актуальной тематике, участие в вебинарах",
	"peer_lessons":           "Посещение уроков и других образовательных событий у коллег",
	"generalization":         "Обобщение собственного опыта педагогической деятельности",
	"school_methodical_work": "Участие в системе методической работы образовательной организации",
	"courses":                "Обучение на курсах повышения квалификации",
	"mentoring":              "Совместная деятельность с наставником",
	"self_analysis":          "Самоанализ продвижения в освоении материалов по проблеме затруднения",
	"other":                  "Другое",
}

// ResultForms names the forms of presenting a route's results (seed 004).
var ResultForms = map[string]string{
	"open_lessons":            "Серия открытых учебных занятий",
	"methodical_product":      "Разработанная методическая продукция",
	"portfolio":               "Портфолио",
	"creative_report":         "Творческий отчёт",
	"master_class":            "Мастер-класс",
	"creative_workshop":       "Творческая мастерская",
	"project":                 "Педагогический проект",
	"innovation_report":       "Отчёт о результатах инновационной деятельности",
	"contests":                "Участие в профессиональных конкурсах",
	"experience_presentation": "Презентация опыта работы по выявленной проблеме",
}

// Label returns the Russian label of code from labels, or the code itself
// when there is none, so a missing label shows as a visible code.
func Label(labels map[string]string, code string) string {
	if l, ok := labels[code]; ok {
		return l
	}
	return code
}

// Messages of the API.
const (
	MsgOnlyCuratorPublishes   = "Опубликовать материал может только методист муниципальной методической службы."
	MsgQRCodeImmutable        = "QR-код присваивается автоматически и не может быть изменён."
	MsgPublishedAtReadOnly    = "Дата публикации устанавливается автоматически."
	MsgBestPracticeCurator    = "Отметить лучшую практику может только методист."
	MsgMustStayAuthor         = "Вы должны оставаться в списке авторов своего материала."
	MsgTeacherUserOrgMismatch = "Учётная запись педагога принадлежит другой организации."
	MsgQRCodeTaken            = "Этот QR-код уже занят или использовался ранее."
	MsgQRCodeInvalid          = "QR-код должен состоять из 6 символов (цифры и латинские буквы без I, L, O, U)."
	MsgBadStatsQuery          = "Неверный запрос статистики: период задаётся датами ГГГГ-ММ-ДД, группировка — item, school или day."
	MsgBadRequest             = "Не удалось прочитать запрос."
	MsgSignIn                 = "Войдите в методическую копилку."
	MsgCuratorsOnly           = "Доступно только методистам муниципальной методической службы."
	MsgInitialStatus          = "Новый материал можно сохранить только как черновик или сразу отправить на рассмотрение."
)

// TransitionForbidden is the message for a status change the user may not make.
func TransitionForbidden(from, to string) string {
	return fmt.Sprintf("Нельзя перевести из статуса «%s» в статус «%s».", Label(Statuses, from), Label(Statuses, to))
}

// Reasons the importer gives, each after "file:line: field: ".
const (
	ImpBinary          = "файл не текстовый (двоичные данные или не UTF-8)"
	ImpNoFrontMatter   = "нет заголовка с полями (front matter: YAML ---, TOML +++ или JSON {…})"
	ImpMalformed       = "заголовок не разбирается: %s"
	ImpUnknownKey      = "неизвестное поле; допустимы: %s"
	ImpRequired        = "обязательное поле не заполнено"
	ImpNotString       = "ожидается строка"
	ImpNotList         = "ожидается список строк"
	ImpNotBool         = "ожидается true или false"
	ImpNotInt          = "ожидается целое неотрицательное число"
	ImpNotNumber       = "ожидается неотрицательное число, например 4.2"
	ImpNoBody          = "у записи этого вида нет текста после front matter: уберите его или перенесите в поле"
	ImpUnknownCode     = "неизвестное значение «%s»; допустимы: %s"
	ImpBadDate         = "неверная дата «%s»; ожидается ГГГГ-ММ-ДД"
	ImpBadDateTime     = "неверные дата и время «%s»; ожидается ГГГГ-ММ-ДДTчч:мм[:сс][±чч:мм]"
	ImpAllDayNeedsDate = "у мероприятия на весь день (all_day: true) указывается только дата"
	ImpTimedNeedsTime  = "у мероприятия не на весь день нужно указать время начала и окончания"
	ImpEndBeforeStart  = "окончание раньше начала"
	ImpUnknownZone     = "неизвестный часовой пояс «%s»"
	ImpBadURL          = "неверный адрес «%s»; ожидается http:// или https://"
	ImpMissingRef      = "нет записи «%s» в %s"
	ImpBadSlug         = "имя файла не годится для адреса: только строчные латинские буквы, цифры и дефисы"
	ImpNotMarkdown     = "ожидается файл .md"
	ImpUnknownFolder   = "неизвестная папка; допустимы: %s"
	ImpBadQR           = "QR-код «%s» неверен: 6 символов, цифры и латинские буквы без I, L, O, U"
	ImpDuplicateQR     = "QR-код %s уже указан в %s"
	ImpQRTaken         = "QR-код %s уже принадлежит другой записи или использовался ранее"
	ImpQRChanged       = "у записи уже есть QR-код %s; QR-код не меняется"
	ImpPathLeaves      = "путь «%s» выходит за пределы папки files/"
	ImpMissingFile     = "нет файла files/%s"
	ImpFileTooLarge    = "файл files/%s больше допустимых %d МБ"
	ImpFileType        = "файл files/%s: тип %s не допускается"
	ImpEmptyTitle      = "название пустое"
	ImpDuplicateFile   = "файл %s указан дважды"
	ImpSaveFailed      = "не удалось сохранить: %s"
)

// MonthsNominative names the months: «Ноябрь».
var MonthsNominative = [12]string{"Январь", "Февраль", "Март", "Апрель", "Май", "Июнь",
	"Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь"}

// MonthsGenitive names the months as in a date: «12 ноября».
var MonthsGenitive = [12]string{"января", "февраля", "марта", "апреля", "мая", "июня",
	"июля", "августа", "сентября", "октября", "ноября", "декабря"}

// Weekdays names the days of the week from Monday, short.
var Weekdays = [7]string{"Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"}

// Date writes a date as «12 ноября 2025».
func Date(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), MonthsGenitive[t.Month()-1], t.Year())
}

// DateRange writes an inclusive range of days: «19–23 января 2026»,
// «30 января — 3 февраля 2026».
func DateRange(from, to time.Time) string {
	switch {
	case from.Year() != to.Year():
		return Date(from) + " — " + Date(to)
	case from.Month() != to.Month():
		return fmt.Sprintf("%d %s — %s", from.Day(), MonthsGenitive[from.Month()-1], Date(to))
	}
	return fmt.Sprintf("%d–%s", from.Day(), Date(to))
}

// TimeZoneNote tells which clock an event's time is on.
func TimeZoneNote(zone string) string {
	return "время по часовому поясу " + zone
}

// Pages of short links whose item cannot be shown; they name nothing of it.
const (
	ShortLinkGoneTitle    = "Материал снят с публикации"
	ShortLinkGoneText     = "Страница, на которую ведёт этот QR-код, больше не публикуется в методической копилке."
	ShortLinkUnknownTitle = "QR-код не найден"
	ShortLinkUnknownText  = "Такого кода нет в методической копилке. Проверьте, что код отсканирован или введён полностью."
	ShortLinkErrorTitle   = "Не удалось открыть страницу"
	ShortLinkErrorText    = "Произошла ошибка. Попробуйте ещё раз через минуту."
)

// Printouts.
const (
	SiteName     = "Методическая копилка"
	PosterTitle  = "QR-плакаты методической копилки"
	CardsTitle   = "Карточки с QR-кодами"
	PosterHint   = "Наведите камеру телефона на код, чтобы открыть материал"
	KindMaterial = "Материал"
	KindPractice = "Практика"
	KindEvent    = "Мероприятие"

	MsgNothingToPrint = "нечего печатать: в выборке нет опубликованных материалов, практик или мероприятий"
	MsgSelectOne      = "укажите одно: организацию, практику, мероприятие или список кодов"
	MsgNoSuchSchool   = "нет организации «%s»"
	MsgNoSuchPractice = "нет опубликованной практики «%s»"
	MsgNoSuchEvent    = "нет мероприятия «%s»"
	MsgCodeNotPublic  = "код %s не ведёт к опубликованной странице"
	MsgUnknownLayout  = "неизвестный макет «%s»: poster или cards"
)

// Certificates.
const (
	CertTitlePublication   = "Свидетельство о публикации"
	CertTitleReview        = "Свидетельство о прохождении экспертизы"
	CertTitlePresentation  = "Свидетельство о представлении опыта"
	CertGivenTo            = "выдано"
	CertMaterialPublished  = "в том, что в методической копилке (%s) опубликован методический материал «%s». Дата публикации: %s."
	CertPracticePublished  = "в том, что в методической копилке (%s) опубликовано описание педагогической практики «%s». Дата публикации: %s."
	CertMaterialReviewed   = "в том, что методический материал «%s» прошёл экспертизу методистов муниципальной методической службы и рекомендован к публикации. Оценка экспертизы: %d из 12 баллов."
	CertMaterialPresented  = "в том, что методический материал «%s» представлен на мероприятии «%s» (%s)."
	CertNumber             = "№ %s"
	CertVerify             = "Подлинность свидетельства подтверждает только страница по QR-коду или адресу:"
	CertFree               = "Свидетельство выдаётся бесплатно."
	CertNoTeacher          = "нет такого профиля педагога"
	CertNeedsPublicProfile = "свидетельство выдаётся педагогам с публичным профилем: страница подтверждения называет имя автора"
	CertNotPublished       = "материал или практика не опубликованы"
	CertNotAuthor          = "педагог не указан среди авторов"
	CertNoReview           = "у материала нет положительного заключения экспертизы"
	CertNotPresented       = "материал не числится среди материалов этого мероприятия"
	CertUnknownKind        = "неизвестный вид свидетельства «%s»: publication, review или presentation"
	CertVerified           = "Свидетельство подтверждено"
)

// The CMS pages.
const (
	WebError          = "Произошла ошибка. Попробуйте ещё раз."
	WebForbiddenTitle = "Нет доступа"
	WebNotFound       = "Не найдено"
	WebBadForm        = "Не удалось прочитать форму"
	WebCSRF           = "Форма устарела: обновите страницу и отправьте её снова"
	WebSaved          = "Сохранено."
	WebSubmitted      = "Отправлено на рассмотрение. Методист получит уведомление."
	WebReviewed       = "Решение сохранено."
	WebResetSent      = "Если такой адрес есть в копилке, на него отправлено письмо со ссылкой для смены пароля."
	WebRebuildStarted = "Сборка сайта запущена; она займёт несколько секунд."
	WebLoginTitle     = "Вход в методическую копилку"
	WebLoginFailed    = "Неверный адрес электронной почты или пароль."
	WebLoginLimited   = "Слишком много неудачных попыток входа. Подождите 10 минут."
	WebResetTitle     = "Восстановление пароля"
	WebHomeTitle      = "Методическая копилка"
	WebMaterialsTitle = "Материалы"
	WebNewMaterial    = "Новый материал"
	WebQueueTitle     = "Материалы на рассмотрении"
	WebProfileTitle   = "Мой профиль"
	WebPracticesTitle = "Практики"
	WebTeachersTitle  = "Педагоги"
	WebNewPractice    = "Новая практика"
	WebEventsTitle    = "Мероприятия"
	WebNewEvent       = "Новое мероприятие"
	WebQRTitle        = "QR-плакаты и карточки"
	WebBadDate        = "Укажите дату и время."
	WebEndBeforeStart = "Окончание раньше начала."
	WebSiteTitle      = "Сайт"
	WebRequired       = "Заполните это поле."
	WebTooLong        = "Слишком длинный текст."
	WebFileType       = "Этот тип файла не принимается: загрузите документ, презентацию, PDF, таблицу или изображение."
	WebFileSize       = "Файл больше 50 МБ."
	WebInvalid        = "Проверьте это поле."
	WebNoProfile      = "У вашей учётной записи нет профиля педагога: обратитесь к заместителю директора или методисту."
	WebScore          = "Оцените от 1 до 3."
	WebDecision       = "Выберите решение."
	WebCommentNeeded  = "Напишите, что нужно доработать."
)

// Quarters names the school quarters and the summer, for the ИОМ card.
var Quarters = [5]string{
	"I четверть (сентябрь — октябрь)",
	"II четверть (ноябрь — декабрь)",
	"III четверть (январь — март)",
	"IV четверть (апрель — май)",
	"Лето (июнь — август)",
}

// ИОМ pages.
const (
	WebRoutesTitle       = "Индивидуальные образовательные маршруты"
	WebDiagnosisTitle    = "Самодиагностика и новый ИОМ"
	WebScore4            = "Оцените от 1 до 4."
	WebReflection        = "Напишите несколько слов о том, что дал этот шаг."
	WebRouteNotActive    = "Завершить можно только начатый маршрут."
	WebRouteNotCompleted = "Поделиться опытом можно после завершения маршрута."
	WebCompleted         = "Маршрут завершён. Сравните самооценку и поделитесь опытом."
	WebIndicatorsTitle   = "Показатели"
	WebMentorshipsTitle  = "Наставничество"
	WebNewMentorship     = "Новая программа наставничества"
	WebMenteesNeeded     = "Выберите хотя бы одного наставляемого."
	WebPairOneMentee     = "В паре один наставляемый; для нескольких выберите группу или команду."
	WebMunicipality      = "Муниципалитет в целом"
	WebIndicatorsSheet   = "Показатели"
	WebBadPeriod         = "Укажите период: дата начала не позже даты окончания."
)

// IOMFigure says how many teachers follow an ИОМ: «В 2025/26 учебном году
// 37 педагогов реализуют индивидуальные образовательные маршруты».
func IOMFigure(n int, year string) string {
	if n == 0 || year == "" {
		return ""
	}
	noun, verb := "педагогов", "реализуют"
	switch {
	case n%10 == 1 && n%100 != 11:
		noun, verb = "педагог", "реализует"
	case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
		noun = "педагога"
	}
	return fmt.Sprintf("В %s учебном году %d %s %s индивидуальные образовательные маршруты.", year, n, noun, verb)
}

// The printed ИОМ card.
const (
	CardPDFTitle       = "Карта индивидуального образовательного маршрута"
	CardPDFTheme       = "Тема самообразования: "
	CardPDFPeriod      = "Период: "
	CardPDFDeficits    = "Профессиональные дефициты: "
	CardPDFByQuarter   = "По четвертям"
	CardPDFByDirection = "Деятельность педагога по реализации ИОМ: по направлениям и четвертям"
	CardPDFDirection   = "Направление"
	CardPDFUndated     = "Без срока в периоде"
	CardPDFResultForms = "Формы представления результатов: "
	CardPDFPlanned     = "план: "
	CardPDFDone        = "сделано: "
	CardPDFByMonth     = "По месяцам"
)

// Refusals of uploads.
const (
	UploadMacros        = "документ с макросами не принимается: сохраните его без макросов (.docx, .pptx, .xlsx)"
	UploadTooManyPixels = "изображение слишком большое: не более 40 мегапикселей"
	UploadBrokenImage   = "изображение повреждено"
	UploadNotOffice     = "файл не похож на документ Word, таблицу Excel или презентацию PowerPoint"
	UploadEncrypted     = "документ защищён паролем: сохраните его без пароля и загрузите снова"
)

// The public site's lists: their titles and the words around them.
const (
	ListMaterials = "Банк методических материалов"
	ListPractices = "Практики"
	ListSubjects  = "Предметы"
	ListLevels    = "Уровни образования"
	ListTypes     = "Типы материалов"
	ListTags      = "Теги"
	ListSchools   = "Организации"
	ListEvents    = "Мероприятия"
)

// The public site's news feeds (RSS and Atom).
const (
	FeedNewest      = "Новые материалы и практики"
	FeedDescription = "Новые методические материалы и практики педагогов"
)

// ListArchive titles a page of a list's archive: the list and the days its
// items were published on.
func ListArchive(list string, from, to time.Time) string {
	if from.Year() == to.Year() && from.YearDay() == to.YearDay() {
		return list + ": опубликованы " + Date(from)
	}
	return list + ": опубликованы " + DateRange(from, to)
}

// Refusals of uploads by their names and types, and of archive bombs; each
// follows the file's name and a colon.
const (
	UploadExtension   = "файлы с расширением «%s» не принимаются: загрузите документ (.pdf, .doc, .docx, .odt, .rtf, .txt), презентацию (.ppt, .pptx, .odp), таблицу (.xls, .xlsx, .ods, .csv) или изображение (.jpg, .png, .gif, .webp)"
	UploadNoExtension = "у файла нет расширения: добавьте к имени расширение, например .pdf или .docx"
	UploadMismatch    = "содержимое файла не соответствует расширению «%s»: сохраните файл в этом формате или дайте ему расширение его настоящего формата"
	UploadArchiveBomb = "документ не принят: в распакованном виде он больше 500 МБ, состоит из более чем 10 000 частей или сжат так, как настоящие документы не сжимаются; сохраните его заново в Word, Excel, PowerPoint или LibreOffice"
	// UploadRenamed refuses a name given in file_names that changes the
	// extension of the stored file: on the public site the file is offered
	// under that name.
	UploadRenamed = "Поле file_names: имя «%s» меняет расширение файла «%s»; расширение менять нельзя"
)

// Indicators of the municipal project as seed 002 names them, by code.
var Indicators = map[string]string{
	"contests":      "Доля педагогов, имеющих высокие результаты профконкурсов, олимпиад",
	"category":      "Доля педагогов, получивших квалификационную категорию",
	"participation": "Доля педагогов, реализующих ИОМ / персонифицированные программы наставничества",
	"completed":     "Доля педагогов, успешно реализовавших ИОМ / персонифицированные программы наставничества",
	"competence":    "Доля педагогов, имеющих средний и высокий уровень оценки предметных и методических компетенций",
	"dynamics":      "Доля педагогических работников, имеющих положительную динамику образовательных результатов за 2 года",
}

// IndicatorBasis says what each indicator counts and of whom, as seed 002
// writes it («расчёт: …») and as kopilka derives it.
var IndicatorBasis = map[string]string{
	"contests": "Расчёт: от общего количества педагогов, реализующих ИОМ, персонифицированные программы наставничества. " +
		"Высокие — %s и выше на уровне «%s» и выше, по результатам за период.",
	"category": "Расчёт: от общего количества педагогов, реализующих ИОМ, персонифицированные программы наставничества. " +
		"Считаются первая и высшая категории, присвоенные за период (решение аттестационной комиссии или итог ИОМ).",
	"participation": "Расчёт: от общего количества педагогов образовательных организаций. " +
		"Считаются педагоги с ИОМ в работе или завершённым за период и участники программ наставничества (наставники и наставляемые).",
	"completed": "Расчёт: от общего количества педагогов, реализующих ИОМ, персонифицированные программы наставничества. " +
		"Считаются ИОМ, завершённые за период, и программы наставничества, окончившиеся за период.",
	"competence": "Расчёт: от общего количества педагогов, реализующих ИОМ, персонифицированные программы наставничества. " +
		"Уровень — по среднему баллу последней самодиагностики педагога (шесть областей, 1–4 балла): " +
		"ниже 2,5 — низкий, от 2,5 до 3,5 — средний, от 3,5 — высокий.",
	"dynamics": "Расчёт: от общего количества педагогов, реализующих ИОМ, персонифицированные программы наставничества. " +
		"Положительная динамика — результат последнего года (не позже года окончания периода) выше результата предыдущего года: " +
		"в общеобразовательных организациях — у обучающихся по итогам ГИА, в дошкольных — по итогам диагностических обследований, " +
		"в организациях дополнительного образования — сохранность контингента.",
}

// Contest levels and places, by code.
var (
	ContestLevels = map[string]string{"school": "школьный", "municipal": "муниципальный", "regional": "региональный", "federal": "федеральный"}
	ContestPlaces = map[string]string{"participant": "участник", "laureate": "лауреат", "prizewinner": "призёр", "winner": "победитель"}
)

// Words of the indicators' screen and tables.
const (
	IndNumerator     = "Числитель"
	IndDenominator   = "Знаменатель"
	IndShare         = "Доля, %"
	IndBase          = "Базовое значение, %"
	IndTarget        = "Целевое значение, %"
	IndMet           = "Цель достигнута"
	IndYes           = "да"
	IndNo            = "нет"
	IndIndicator     = "Показатель"
	IndOrganization  = "Организация"
	IndTeachers      = "Педагогов"
	IndTargetsOfYear = "Базовые и целевые значения на %d год"
	IndSeedTargets   = "Значения из паспорта проекта: методист может задать свои на каждый год."
	IndTargetsSaved  = "Значения сохранены."
	IndBadTarget     = "Укажите число от 0 до 100."
)

// Words of the registry of teachers implementing an ИОМ or a mentorship
// programme («банк данных педагогов, реализующих ИОМ»).
const (
	RegTitle       = "Банк данных педагогов, реализующих ИОМ и программы наставничества"
	RegSheet       = "Реестр"
	RegKindRoute   = "ИОМ"
	RegKindMentee  = "наставничество (наставляемый)"
	RegKindMentor  = "наставничество (наставник)"
	RegTeacher     = "Педагог"
	RegSchool      = "Организация"
	RegSubjects    = "Предметы"
	RegKind        = "Форма"
	RegTheme       = "Тема / программа"
	RegMentor      = "Наставник"
	RegStatus      = "Статус"
	RegStart       = "Начало"
	RegEnd         = "Окончание"
	RegMentorships = "идёт"
	RegEnded       = "завершена"
)

// Labels of the facts a school keeps about its teachers, by code.
var (
	AttestationResults = map[string]string{"planned": "планируется", "applied": "заявление подано", "awarded": "категория присвоена", "refused": "отказано"}
	DynamicsKinds      = map[string]string{"gia": "ГИА (средний балл)", "diagnostics": "диагностические обследования, %", "contingent": "сохранность контингента, %"}
)

// Refusals of the forms of a teacher's facts.
const (
	FactKindUnknown = "Неизвестный вид записи."
	FactSaved       = "Запись добавлена."
)

// Words of the attestation list and report.
const (
	AttTitle     = "Аттестация педагогов"
	AttSheet     = "Аттестация"
	AttReport    = "Отчёт по аттестации за год"
	AttList      = "Список аттестуемых"
	AttTotal     = "Аттестуемых"
	AttPlanned   = "Планируется"
	AttApplied   = "Заявление подано"
	AttAwarded   = "Категория присвоена"
	AttFirst     = "из них первая"
	AttHighest   = "из них высшая"
	AttRefused   = "Отказано"
	AttCurrent   = "Категория сейчас"
	AttSought    = "Заявленная категория"
	AttAppliedOn = "Дата заявления"
	AttDecidedOn = "Дата решения"
)

// Labels of the methodical structure, by code.
var (
	AssociationKinds = map[string]string{"school_mo": "Школьное методическое объединение (ШМО)",
		"rmo": "Районное методическое объединение (РМО)", "method_council": "Методический совет",
		"creative_group": "Творческая группа", "problem_group": "Проблемная группа"}
	AssociationKindsShort = map[string]string{"school_mo": "ШМО", "rmo": "РМО", "method_council": "Методический совет",
		"creative_group": "Творческая группа", "problem_group": "Проблемная группа"}
	// AssociationKindsPlural head the groups of the public list of associations.
	AssociationKindsPlural = map[string]string{"school_mo": "Школьные методические объединения (ШМО)",
		"rmo": "Районные методические объединения (РМО)", "method_council": "Методический совет",
		"creative_group": "Творческие группы", "problem_group": "Проблемные группы"}
	PlanPeriods = map[string]string{"date": "дата", "month": "месяц (месяцы)", "quarter": "четверть",
		"year": "в течение года", "quarterly": "ежеквартально", "schedule": "по графику"}
	CourseForms        = map[string]string{"full_time": "очная", "part_time": "очно-заочная", "distance": "дистанционная"}
	CourseStatuses     = map[string]string{"planned": "запланированы", "completed": "пройдены"}
	MentorshipStatuses = map[string]string{"proposed": "предложено, ждёт подтверждения ММС", "confirmed": "подтверждено"}
	// QuartersShort names the school quarters where space is tight.
	QuartersShort = [4]string{"I четверть", "II четверть", "III четверть", "IV четверть"}
	// QuotaStates names the state of a quarter of an association's quota.
	QuotaStates = map[string]string{"done": "сдано", "due": "ожидается", "missed": "не сдано"}
)

// Words of the methodical associations, the plan, the courses and the
// lesson visits.
const (
	MOTitle          = "Методические объединения"
	MONew            = "Новое методическое объединение"
	MOQuota          = "Пополнение копилки по четвертям"
	MOSheet          = "МО"
	MOName           = "Объединение"
	MOMaterials      = "Материалов"
	MONotOfSchool    = "Материал другой организации нельзя отнести к этому МО."
	PlanTitle        = "План методической работы"
	PlanYearRound    = "В течение года"
	PlanNothing      = "мероприятий не запланировано"
	PlanDocTitle     = "План методической работы"
	PlanSchoolYear   = "%d/%d учебный год"
	PlanByMonths     = "Сентябрь — май"
	PlanNoPeriod     = "Укажите сроки: дату, месяц, четверть или «в течение года»."
	PlanDeputy       = "Заместитель директора по УВР"
	CoursesTitle     = "Курсы повышения квалификации"
	CoursesSheet     = "КПК"
	CoursesSchedule  = "График прохождения курсов"
	CoursesOverdue   = "Нет курсов больше трёх лет"
	CoursesReport    = "Отчёт по повышению квалификации"
	CoursesLast      = "Последние курсы"
	CoursesNext      = "Следующие — не позднее"
	CoursesHours     = "Часов"
	CoursesPlanned   = "Запланировано"
	CoursesCompleted = "Пройдено"
	CoursesNone      = "нет сведений"
	VisitsTitle      = "Взаимопосещение уроков"
	VisitSaved       = "Посещение записано."
	MentorProposed   = "Наставничество между организациями предложено: его подтвердит методист ММС."
	MentorConfirmed  = "Наставничество подтверждено."
)

// Words of the review screen, the review queue, the route list and the
// scan counts.
const (
	ReviewWaitingToday = "ждёт меньше дня"
	ReviewTypePractice = "Практика"
	RouteMentorHidden  = "наставник (профиль скрыт)"
	RouteNoMentor      = "без наставника"
	RouteTeacherHidden = "педагог (профиль скрыт)"
	ScansTitle         = "Сканирования QR-кодов"
	ScansItem          = "Материал, практика или мероприятие"
	ScansKind          = "Вид"
	ScansCode          = "QR-код"
	ScansSchool        = "Организация"
	ScansDay           = "День"
	ScansCount         = "Сканирований"
	ScansTotal         = "Итого"
	ScansDeleted       = "запись удалена"
	ScansNoSchool      = "без организации"
	ScansPeriodTooLong = "Период не может быть длиннее 366 дней."
)

// ReviewDecisions names the decisions of a review as the review form
// offers them: «вернуть на доработку».
var ReviewDecisions = map[string]string{
	"publish":           "опубликовать",
	"changes_requested": "вернуть на доработку",
	"reject":            "отклонить",
}

// RubricCriteria names the criteria of the review rubric.
var RubricCriteria = map[string]string{
	"relevance":       "Актуальность",
	"quality":         "Методическое качество",
	"reproducibility": "Воспроизводимость",
	"presentation":    "Оформление",
}

// RubricLevels says what a score of 1, 2 and 3 means for each criterion of
// the review rubric, shown beside its choices.
var RubricLevels = map[string][3]string{
	"relevance": {
		"тема слабо связана с задачами школы и муниципалитета, материал повторяет общеизвестное",
		"тема востребована, но связь с ФГОС, задачами проекта или запросами педагогов показана не везде",
		"материал отвечает на насущную задачу (ФГОС, функциональная грамотность, муниципальный проект), и это прямо показано",
	},
	"quality": {
		"цели не сформулированы или не связаны с содержанием, есть методические или фактические ошибки",
		"цели, приёмы и задания в целом согласованы, ошибок нет, но отдельные этапы не обоснованы",
		"цели, содержание, приёмы и оценивание согласованы, методика обоснована, ошибок нет",
	},
	"reproducibility": {
		"коллега не сможет повторить: нет хода работы, заданий или нужных файлов",
		"повторить можно, но придётся додумывать: части заданий, раздаточных материалов или указаний нет",
		"есть всё, чтобы провести у себя: ход работы, задания, раздаточные материалы, время и условия",
	},
	"presentation": {
		"текст трудно читать: нет структуры, много опечаток, файлы не открываются или не подписаны",
		"структура понятна, но есть опечатки, неаккуратные таблицы или неудобные файлы",
		"текст грамотный и структурированный, файлы подписаны и открываются, оформление аккуратное",
	},
}

// Plural picks the form of a noun for n: one for 1, 21, 101; few for 2–4,
// 22–24; many for 0, 5–20, 25–30 and the rest: Plural(3, "день", "дня",
// "дней") is «дня».
func Plural(n int, one, few, many string) string {
	if n < 0 {
		n = -n
	}
	switch {
	case n%10 == 1 && n%100 != 11:
		return one
	case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
		return few
	}
	return many
}

// Waiting says how long an item has waited for review: «ждёт 3 дня»,
// «ждёт меньше дня» for less than a whole day.
func Waiting(days int) string {
	if days < 1 {
		return ReviewWaitingToday
	}
	return fmt.Sprintf("ждёт %d %s", days, Plural(days, "день", "дня", "дней"))
}

// FileSize writes the size of a file: «512 байт», «35 КБ», «1,2 МБ».
func FileSize(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d %s", n, Plural(int(n), "байт", "байта", "байт"))
	case n < 1024*1024:
		return fmt.Sprintf("%d КБ", (n+1023)/1024)
	}
	mb := fmt.Sprintf("%.1f", float64(n)/(1024*1024))
	return strings.Replace(strings.TrimSuffix(mb, ".0"), ".", ",", 1) + " МБ"
}

// Seconds writes a duration as a person reads it: «0,9 с», «12,4 с»,
// «2 мин 5 с».
func Seconds(d time.Duration) string {
	if d < time.Minute {
		return strings.Replace(strconv.FormatFloat(d.Seconds(), 'f', 1, 64), ".", ",", 1) + " с"
	}
	d = d.Round(time.Second)
	return fmt.Sprintf("%d мин %d с", int(d.Minutes()), int(d.Seconds())%60)
}

// License is a licence of the bank's materials by its Russian name, with
// the address of its Russian page and of its legal code.
type License struct {
	Name     string // «CC BY 4.0 — с указанием авторства»
	Page     string // the Russian summary (deed) people read
	LegalURL string // the canonical address machines read (JSON-LD)
}

// Licenses are the licences kopilka offers, by SPDX identifier, in the
// order a form offers them.
var Licenses = map[string]License{
	"CC-BY-4.0": {"CC BY 4.0 — с указанием авторства",
		"https://creativecommons.org/licenses/by/4.0/deed.ru", "https://creativecommons.org/licenses/by/4.0/"},
	"CC-BY-SA-4.0": {"CC BY-SA 4.0 — с указанием авторства, на тех же условиях",
		"https://creativecommons.org/licenses/by-sa/4.0/deed.ru", "https://creativecommons.org/licenses/by-sa/4.0/"},
	"CC-BY-NC-4.0": {"CC BY-NC 4.0 — с указанием авторства, некоммерческая",
		"https://creativecommons.org/licenses/by-nc/4.0/deed.ru", "https://creativecommons.org/licenses/by-nc/4.0/"},
	"CC-BY-NC-SA-4.0": {"CC BY-NC-SA 4.0 — с указанием авторства, некоммерческая, на тех же условиях",
		"https://creativecommons.org/licenses/by-nc-sa/4.0/deed.ru", "https://creativecommons.org/licenses/by-nc-sa/4.0/"},
	"CC0-1.0": {"CC0 1.0 — без ограничений (общественное достояние)",
		"https://creativecommons.org/publicdomain/zero/1.0/deed.ru", "https://creativecommons.org/publicdomain/zero/1.0/"},
}

// LicenseOf is the licence of an SPDX identifier: a licence kopilka does
// not know keeps its identifier as its name and SPDX's page.
func LicenseOf(spdx string) License {
	if l, ok := Licenses[spdx]; ok {
		return l
	}
	u := "https://spdx.org/licenses/" + url.PathEscape(spdx) + ".html"
	return License{Name: spdx, Page: u, LegalURL: u}
}

// FormatHint says how a text may be formatted, where a form asks for one.
const FormatHint = "оформление: ## заголовок, **жирный**, *курсив*, списки с «- » или «1. », ссылки [текст](адрес)"

// Words of «Я применил(а) у себя».
var (
	AdoptionKinds   = map[string]string{"lesson": "провёл(а) урок / занятие", "fragment": "использовал(а) фрагмент", "adapted": "адаптировал(а)"}
	CommentStatuses = map[string]string{"pending": "ждёт проверки", "shown": "показан", "hidden": "скрыт"}
)

// Messages of the adoption reports.
const (
	AdoptNoItem              = "Материал не найден или ещё не опубликован."
	AdoptNoSchool            = "Выберите школу из списка или «другая»."
	AdoptKind                = "Выберите, как вы применили материал."
	AdoptTooLong             = "Комментарий длиннее 500 знаков."
	AdoptGroupTooLong        = "Класс или возраст — не длиннее 100 знаков."
	AdoptTooMany             = "Слишком много отметок с одного адреса. Попробуйте завтра."
	AdoptThanks              = "Спасибо! Ваша отметка учтена."
	AdoptTitle               = "Применение материалов"
	AdoptSheet               = "Применение"
	CertTitleDissemination   = "Сертификат о распространении опыта"
	CertMaterialDisseminated = "подтверждает, что материал «%s», опубликованный в методической копилке (%s), применили педагоги %d %s."
	CertTooFewSchools        = "Материал применили в %d школах; для сертификата нужно не меньше %d."
)

// Words of the reports of use in the CMS.
const (
	AdoptOtherSchool = "другая школа"
	AdoptItem        = "Материал"
	AdoptItems       = "Материалов"
	AdoptScans       = "Сканирований QR"
	AdoptReports     = "Отметок «применил(а)»"
	AdoptSchools     = "Школ"
)

// Messages of the interchange import: dates as Hugo writes them, front
// matter that does not parse, located at its line and key.
const (
	ImpBadDateAny     = "неверная дата «%s»; ожидается ГГГГ-ММ-ДД или дата и время, например 2026-01-14T09:15:00+11:00"
	ImpBadDateTimeAny = "неверные дата и время «%s»; ожидается ГГГГ-ММ-ДДTчч:мм[:сс], можно со смещением (+11:00) или Z"
	ImpNotMapping     = "заголовок должен состоять из полей «ключ: значение»"
	ImpUnclosed       = "заголовок не закрыт: после полей нет строки «%s»"
	ImpUnclosedJSON   = "заголовок JSON не закрыт: после полей нужна строка «}» и за ней пустая строка"
	ImpDuplicateKey   = "поле указано второй раз (впервые в строке %d)"
	ImpTooLong        = "длиннее допустимых %d знаков (%d)"
	ImpYAMLColon      = "двоеточие с пробелом внутри значения или лишний отступ: возьмите значение в кавычки или уберите отступ"
	ImpYAMLList       = "список […] не закрыт или между его элементами нет запятой"
	ImpYAMLMap        = "фигурные скобки {…} не закрыты или между полями нет запятой"
	ImpYAMLQuote      = "кавычки не закрыты"
	ImpYAMLTab        = "отступ табуляцией: в YAML отступают пробелами"
	ImpYAMLStart      = "значение начинается со знака, с которого в YAML начинать нельзя: возьмите его в кавычки"
	ImpYAMLIndent     = "неверный отступ или текст после закрывающей кавычки"
	ImpYAMLNoColon    = "нет двоеточия после имени поля"
	ImpTOMLValue      = "строку в TOML берут в кавычки"
	ImpTOMLOpen       = "значение поля не закрыто: нет «]» или кавычки"
)

// Shorten cuts s to at most n characters at a word boundary and ends it
// with «…», for the places a long official title does not fit: lists,
// a page's <title>, feeds, posters and cards. A title of n characters or
// fewer comes back as it is (without surrounding spaces). A non-breaking
// space is no boundary, so «№ 1» stays whole; a word longer than half of n
// is cut inside. Punctuation and a one-letter word («о», «и», «в») left
// hanging before «…» are dropped.
func Shorten(s string, n int) string {
	s = strings.TrimSpace(s)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	if n < 1 {
		return ""
	}
	const breaks = " \t\r\n"
	head := string(r[:n-1]) // room for «…»
	if !strings.ContainsRune(breaks, r[n-1]) {
		// the last word goes on past the cut: leave it out
		if i := strings.LastIndexAny(head, breaks); i >= 0 && len([]rune(head[:i])) >= (n-1)/2 {
			head = head[:i]
		}
	}
	if cut := strings.TrimRight(head, breaks+"\u00a0,;:.–—-(«„\"'/"); cut != "" {
		head = cut
	}
	// nor a one-letter preposition or conjunction: «Положение о…»
	if i := strings.LastIndexAny(head, breaks); i > 0 && len([]rune(head[i+1:])) == 1 && strings.ToLower(head[i+1:]) == head[i+1:] {
		if cut := strings.TrimRight(head[:i], breaks+"\u00a0,;:–—-"); cut != "" {
			head = cut
		}
	}
	return head + "…"
}

// AdoptedIn says in how many schools an item was applied: «Применили в 1
// школе», «Применили в 3 школах».
func AdoptedIn(n int) string {
	return fmt.Sprintf("Применили в %d %s", n, Plural(n, "школе", "школах", "школах"))
}

// WebTooLongMax is a text over its field's limit, naming the limit.
const WebTooLongMax = "Слишком длинный текст: не больше %v знаков."

// The freshness guard (internal/freshness): the queue «требует обновления»
// and its reasons, the periods of re-review, and the letter to authors.
const (
	FreshTitle        = "Требует обновления"
	FreshPeriod       = "истёк срок пересмотра (%s): опубликовано или пересмотрено %s"
	FreshDead         = "не открываются ссылки"
	FreshBroken       = "не открываются прикреплённые файлы"
	FreshSince        = "с %s"
	FreshPeriodsTitle = "Сроки пересмотра"
	FreshPractices    = "Практики"
	FreshBadYears     = "Срок пересмотра — целое число лет от 1 до 50."
	// FreshNotice is the CMS home page's notice: «3 материала требуют
	// обновления».
	FreshNotice      = "%d %s обновления"
	FreshMailSubject = "Методическая копилка: материалы требуют обновления"
	FreshMailHello   = "Здравствуйте!"
	FreshMailIntro   = "Ночная проверка методической копилки нашла, что ваши материалы требуют обновления:"
	FreshMailMore    = "Подробности — в разделе «Требует обновления»:"
	FreshMailHow     = "Опубликованный материал меняет методист: напишите ему, что исправить, или пришлите новую версию."
	// why a stored file is broken, beside the upload checks' refusals
	FreshFileUnreadable = "файл не читается из хранилища: загрузите его заново"
	FreshFileTooLarge   = "файл больше, чем можно загрузить"
)

// FreshLinkErrors names why a link did not open (linkcheck's ErrText codes).
var FreshLinkErrors = map[string]string{
	"timeout":            "сайт не ответил вовремя",
	"connection refused": "сайт отказал в соединении",
	"connection reset":   "соединение оборвалось",
	"no such host":       "такого сайта нет",
	"bad certificate":    "у сайта неверный сертификат",
	"private address":    "адрес во внутренней сети",
	"too many redirects": "слишком много перенаправлений",
	"not a web address":  "это не адрес сайта",
	"bad redirect":       "неверное перенаправление",
	"no connection":      "нет связи с сайтом",
}

// Years writes a number of years: «1 год», «3 года», «5 лет».
func Years(n int) string { return fmt.Sprintf("%d %s", n, Plural(n, "год", "года", "лет")) }

// FreshItems counts the items that need updating, for FreshNotice:
// «материал требует», «материала требуют», «материалов требуют».
func FreshItems(n int) string {
	return Plural(n, "материал требует", "материала требуют", "материалов требуют")
}

// FreshLinkError says why a link did not open: «страница не найдена
// (404)», «сайт не ответил вовремя».
func FreshLinkError(code int, why string) string {
	if t, ok := FreshLinkErrors[why]; ok {
		return t
	}
	switch {
	case code == 404 || code == 410:
		return fmt.Sprintf("страница не найдена (%d)", code)
	case code > 0:
		return fmt.Sprintf("сайт ответил ошибкой %d", code)
	}
	return why
}

// Onboarding a school's folder of documents (internal/onboard): the
// report's words, the reasons a file is not imported, the CMS page.
const (
	OnboardTitle        = "Перенос копилки школы"
	OnboardIntro        = "Загрузите ZIP-архив с папкой документов школы (DOCX, PPTX, ODT, ODP, PDF, DOC, XLS, PPT). Из каждого документа получится черновик материала: название, авторы, предметы, классы и тип угаданы по папкам, именам файлов и тексту — проверьте их и отправьте материалы на рассмотрение. Ничего не публикуется само."
	OnboardSchool       = "Школа"
	OnboardArchive      = "ZIP-архив с документами"
	OnboardArchiveHint  = "До %d МБ, до %d файлов; архив не сохраняется."
	OnboardDryRun       = "Только проверить: ничего не создавать"
	OnboardSubmit       = "Создать черновики"
	OnboardNoArchive    = "Выберите ZIP-архив с документами."
	OnboardNoSchool     = "Выберите школу."
	OnboardWritten      = "Создано черновиков: %d. Они видны в разделе «Материалы» со статусом «Черновик»."
	OnboardDryRunDone   = "Проверка закончена: ничего не создано. Снимите галочку «Только проверить», чтобы создать черновики."
	OnboardNothingSaved = "Ничего не создано: %s"
	OnboardCSV          = "Скачать отчёт (CSV)"
	OnboardNoReport     = "Отчёта нет: загрузите архив ещё раз."

	OnboardDrafts     = "Черновики"
	OnboardDuplicates = "Повторы"
	OnboardRefused    = "Не приняты"
	OnboardSkipped    = "Пропущены"

	OnboardColFile       = "Файл"
	OnboardColOutcome    = "Итог"
	OnboardColReason     = "Причина или примечание"
	OnboardColTitle      = "Название"
	OnboardColTitleFrom  = "Откуда название"
	OnboardColType       = "Тип"
	OnboardColLevels     = "Уровень образования"
	OnboardColSubjects   = "Предметы"
	OnboardColAuthors    = "Авторы"
	OnboardColConfidence = "Уверенность"
	OnboardColLink       = "Черновик"
	OnboardColGuessed    = "Что угадано"

	// reasons a file is not imported, or a note on a draft
	OnboardDupFile      = "тот же файл, что «%s»"
	OnboardDupBankFile  = "этот файл уже есть в копилке: «%s»"
	OnboardDupTitle     = "почти то же название, что у «%s»"
	OnboardDupBankTitle = "в копилке уже есть материал с почти таким же названием: «%s»"
	OnboardServiceFile  = "служебный файл, не документ"
	OnboardNotDocument  = "не документ: изображения и таблицы CSV прикрепляют к материалам вручную"
	OnboardTooLarge     = "файл больше %d МБ"
	OnboardPathLeaves   = "путь ведёт за пределы архива"
	OnboardTooDeep      = "вложен глубже %d папок"
	OnboardZipEncrypted = "файл в архиве зашифрован паролем"
	OnboardZipBroken    = "файл в архиве повреждён"
	OnboardNoText       = "текст этого формата не читается: черновик без текста, только файл"
	OnboardUnreadable   = "текст не удалось прочитать: черновик без текста, только файл"
	OnboardTruncated    = "в тексте больше %d знаков: в описание вошло начало"
	OnboardAmbiguous    = "имя автора подходит нескольким педагогам школы: выберите автора сами"
	OnboardLink         = "ссылка, не файл"

	// the whole run refused
	OnboardTooManyFiles = "в архиве больше %d файлов: разделите его на несколько"
	OnboardTooMuchData  = "в распакованном виде архив больше %d МБ: разделите его на несколько"
	OnboardNotZip       = "это не ZIP-архив или он повреждён"
	OnboardArchiveLarge = "архив больше %d МБ: разделите его на несколько"
)

// OnboardOutcomes name what became of a file.
var OnboardOutcomes = map[string]string{
	"draft":     "черновик",
	"duplicate": "повтор",
	"refused":   "не принят",
	"skipped":   "пропущен",
}

// OnboardConfidences name how far a guess can be trusted.
var OnboardConfidences = map[string]string{
	"high":   "высокая",
	"medium": "средняя",
	"low":    "низкая",
}

// OnboardSources name where a guess was read.
var OnboardSources = map[string]string{
	"filename": "имя файла",
	"metadata": "свойства документа",
	"heading":  "заголовок документа",
	"text":     "текст первой страницы",
	"format":   "формат файла",
	"default":  "не найдено",
}

// OnboardFromFolder names a folder a guess was read from: «папка «5 класс»».
func OnboardFromFolder(name string) string { return "папка «" + name + "»" }

package ru

// What each list's news feed says it carries, beside FeedDescription of
// the home page's feed.
const (
	FeedMaterialsDescription = "Новые методические материалы педагогов"
	FeedPracticesDescription = "Новые практики педагогов"
	FeedEventsDescription    = "Семинары, вебинары, конкурсы и другие мероприятия для педагогов"
)

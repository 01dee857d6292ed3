package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// longTitle is the most characters a title holds: official Russian document
// titles («Об утверждении Положения о …») run to several hundred. Lists,
// feeds, <title> and posters shorten them (ru.Shorten); the record keeps
// the whole title.
const longTitle = 1000

// titledCollections had titles of at most 500 characters (courses had 1000
// from the start and are listed so every title has the same limit).
var titledCollections = []string{"materials", "practices", "events", "contest_results", "courses"}

// Titles of every titled collection hold longTitle characters.
func init() {
	m.Register(func(app core.App) error {
		return setTitleMax(app, longTitle, false)
	}, func(app core.App) error {
		return setTitleMax(app, 500, true)
	})
}

// setTitleMax sets the Max of the title of each titled collection; down
// leaves courses, whose titles always held 1000, as they are.
func setTitleMax(app core.App, max int, down bool) error {
	for _, name := range titledCollections {
		if down && name == "courses" {
			continue
		}
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return fmt.Errorf("long titles: %w", err)
		}
		title, ok := c.Fields.GetByName("title").(*core.TextField)
		if !ok {
			return fmt.Errorf("long titles: %s has no text field title", name)
		}
		title.Max = max
		if err := app.Save(c); err != nil {
			return fmt.Errorf("long titles of %s: %w", name, err)
		}
	}
	return nil
}

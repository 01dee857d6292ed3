package onboard

import (
	"fmt"
	"io"
	"strings"

	"github.com/kopilka/kopilka/internal/ru"
)

// TypeLabel, LevelsLabel, SubjectsLabel and AuthorsLabel name an item's
// guesses in Russian.
func (it *Item) TypeLabel() string {
	var out []string
	for _, v := range it.Type.Values {
		out = append(out, ru.Label(ru.MaterialTypes, v))
	}
	return strings.Join(out, ", ")
}

// LevelsLabel names the levels guessed.
func (it *Item) LevelsLabel() string {
	var out []string
	for _, v := range it.Levels.Values {
		out = append(out, ru.Label(ru.Levels, v))
	}
	return strings.Join(out, ", ")
}

// SubjectsLabel names the subjects guessed.
func (it *Item) SubjectsLabel() string { return strings.Join(it.Subjects.Values, ", ") }

// AuthorsLabel names the authors found.
func (it *Item) AuthorsLabel() string { return strings.Join(it.AuthorNames, ", ") }

// Why says how far a guess can be trusted and where it was read:
// «высокая: папка «5 класс»»; "" for a field nothing was found for.
func Why(g Guess) string {
	if g.Source == FromDefault && len(g.Values) == 0 {
		return ""
	}
	return ConfidenceLabel(g.Confidence) + ": " + SourceLabel(g)
}

// OutcomeLabel names what became of a file.
func (it *Item) OutcomeLabel() string { return ru.Label(ru.OnboardOutcomes, string(it.Outcome)) }

// TitleFromLabel names where the title was read.
func (it *Item) TitleFromLabel() string {
	if it.Outcome != Draft {
		return ""
	}
	return ru.Label(ru.OnboardSources, string(it.TitleFrom))
}

// Link is the CMS page of a written draft, "" before it is written.
func (it *Item) Link() string {
	if it.Id == "" {
		return ""
	}
	return "/app/materials/" + it.Id
}

// Rows are the report as a table, a header first, for a CSV: one row a
// file, every guess beside how far it can be trusted and where it was read.
func (r *Report) Rows(baseURL string) [][]string {
	rows := [][]string{{ru.OnboardColFile, ru.OnboardColOutcome, ru.OnboardColReason, ru.OnboardColTitle, ru.OnboardColTitleFrom,
		ru.OnboardColType, ru.OnboardColConfidence, ru.OnboardColLevels, ru.OnboardColConfidence,
		ru.OnboardColSubjects, ru.OnboardColConfidence, ru.OnboardColAuthors, ru.OnboardColConfidence, ru.OnboardColLink}}
	for _, it := range r.Items {
		row := []string{it.Path, it.OutcomeLabel(), it.Reason}
		if it.Outcome == Draft {
			link := it.Link()
			if link != "" {
				link = strings.TrimRight(baseURL, "/") + link
			}
			row = append(row, it.Title, it.TitleFromLabel(), it.TypeLabel(), Why(it.Type), it.LevelsLabel(), Why(it.Levels),
				it.SubjectsLabel(), Why(it.Subjects), it.AuthorsLabel(), Why(it.Authors), link)
		} else {
			row = append(row, "", "", "", "", "", "", "", "", "", "", "")
		}
		rows = append(rows, row)
	}
	return rows
}

// OutcomeTitle heads the files of an outcome in a report: «Черновики».
func OutcomeTitle(o Outcome) string {
	return map[Outcome]string{Draft: ru.OnboardDrafts, Duplicate: ru.OnboardDuplicates, Refused: ru.OnboardRefused, Skipped: ru.OnboardSkipped}[o]
}

// Print writes the report for a terminal: the drafts with their guesses,
// then the files not imported with the reason, by outcome.
func (r *Report) Print(w io.Writer) {
	for _, o := range Outcomes {
		n := r.Count(o)
		if n == 0 {
			continue
		}
		fmt.Fprintf(w, "%s (%d):\n", OutcomeTitle(o), n)
		for _, it := range r.Items {
			if it.Outcome != o {
				continue
			}
			if o != Draft {
				fmt.Fprintf(w, "  %s — %s\n", it.Path, it.Reason)
				continue
			}
			fmt.Fprintf(w, "  %s\n    %s: «%s» (%s)\n", it.Path, ru.OnboardColTitle, it.Title, it.TitleFromLabel())
			for _, f := range []struct {
				name, value string
				g           Guess
			}{{ru.OnboardColType, it.TypeLabel(), it.Type}, {ru.OnboardColLevels, it.LevelsLabel(), it.Levels},
				{ru.OnboardColSubjects, it.SubjectsLabel(), it.Subjects}, {ru.OnboardColAuthors, it.AuthorsLabel(), it.Authors}} {
				if f.value == "" {
					fmt.Fprintf(w, "    %s: —\n", f.name)
					continue
				}
				fmt.Fprintf(w, "    %s: %s (%s)\n", f.name, f.value, Why(f.g))
			}
			if it.Reason != "" {
				fmt.Fprintf(w, "    %s\n", it.Reason)
			}
			if it.Id != "" {
				fmt.Fprintf(w, "    %s\n", it.Link())
			}
		}
	}
}

// TypeWhy, LevelsWhy, SubjectsWhy and AuthorsWhy say how far each guess
// of the item can be trusted and where it was read.
func (it *Item) TypeWhy() string { return Why(it.Type) }

// LevelsWhy says how far the levels guessed can be trusted.
func (it *Item) LevelsWhy() string { return Why(it.Levels) }

// SubjectsWhy says how far the subjects guessed can be trusted.
func (it *Item) SubjectsWhy() string { return Why(it.Subjects) }

// AuthorsWhy says how far the authors found can be trusted.
func (it *Item) AuthorsWhy() string { return Why(it.Authors) }

package interchange_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kopilka/kopilka/internal/interchange"
)

// materialKeys is what the problem of an unknown key of a material lists.
const materialKeys = "title, type, subjects, levels, tags, authors, organization, date, summary, files, license, status, best_practice, qr"

// Every problem of a file names its line and, wherever one is involved, its
// field: malformed YAML, TOML and JSON front matter at the offending line
// (blank lines before the front matter counted), values of the wrong type,
// unknown and repeated keys. Each file is imported beside the valid folder
// and must give exactly the problems listed.
func TestImportNamesTheLineAndTheFieldOfEachProblem(t *testing.T) {
	tests := []struct {
		name, file, content string
		want                []string
	}{
		// YAML that does not parse
		{"YAML: a list left open", "materials/bad.md",
			"---\ntitle: Урок\ntags: [дроби\ntype: article\nstatus: draft\n---\n",
			[]string{"materials/bad.md:3: tags: заголовок не разбирается: список […] не закрыт или между его элементами нет запятой (YAML: did not find expected ',' or ']')"}},
		{"YAML: a list left open over several lines", "materials/bad.md",
			"---\ntitle: Урок\ntags: [дроби,\n  десятичные\norganization: shkola-1\nstatus: draft\n---\n",
			[]string{"materials/bad.md:4: tags: заголовок не разбирается: список […] не закрыт или между его элементами нет запятой (YAML: did not find expected ',' or ']')"}},
		{"YAML: a colon inside a value on the first line", "materials/bad.md",
			"---\ntitle: Урок: дроби\ntype: article\n---\n",
			[]string{"materials/bad.md:2: title: заголовок не разбирается: двоеточие с пробелом внутри значения или лишний отступ: возьмите значение в кавычки или уберите отступ (YAML: mapping values are not allowed in this context)"}},
		{"YAML: a key indented under another", "materials/bad.md",
			"---\ntitle: Урок\ntype: article\n  organization: shkola-1\nstatus: draft\n---\n",
			[]string{"materials/bad.md:4: type: заголовок не разбирается: двоеточие с пробелом внутри значения или лишний отступ: возьмите значение в кавычки или уберите отступ (YAML: mapping values are not allowed in this context)"}},
		{"YAML: quotes left open", "materials/bad.md",
			"---\ntitle: Урок\nsummary: \"Кратко\ntype: article\nstatus: draft\n---\n",
			[]string{"materials/bad.md:3: summary: заголовок не разбирается: кавычки не закрыты (YAML: found unexpected end of stream)"}},
		{"YAML: text after a closing quote", "materials/bad.md",
			"---\ntitle: Урок\ntype: article\nsummary: \"Кратко\" и ещё\nstatus: draft\n---\n",
			[]string{"materials/bad.md:4: summary: заголовок не разбирается: неверный отступ или текст после закрывающей кавычки (YAML: did not find expected key)"}},
		{"YAML: a value starting with @", "materials/bad.md",
			"---\ntitle: Урок\ntype: article\nlicense: @cc\n---\n",
			[]string{"materials/bad.md:4: license: заголовок не разбирается: значение начинается со знака, с которого в YAML начинать нельзя: возьмите его в кавычки (YAML: found character that cannot start any token)"}},
		{"YAML: the line counted after blank lines before the front matter", "materials/bad.md",
			"\n\n---\ntitle: Урок\ntype: article\ntags: [дроби\n---\n",
			[]string{"materials/bad.md:6: tags: заголовок не разбирается: список […] не закрыт или между его элементами нет запятой (YAML: did not find expected ',' or ']')"}},
		{"YAML: a list instead of fields", "materials/bad.md",
			"---\n- title\n- Урок\n---\n",
			[]string{"materials/bad.md:2: -: заголовок должен состоять из полей «ключ: значение»"}},
		{"YAML: a key given twice", "materials/bad.md",
			strings.Replace(goodMaterial, "status: draft\n", "status: draft\ntitle: Другое название\n", 1),
			[]string{"materials/bad.md:7: title: поле указано второй раз (впервые в строке 2)"}},
		{"YAML: the front matter never closed", "materials/bad.md",
			"---\ntitle: Урок\ntype: article\n\nТекст.\n",
			[]string{"materials/bad.md:1: -: заголовок не закрыт: после полей нет строки «---»"}},
		{"no front matter", "materials/bad.md",
			"# Урок\n\nТекст.\n",
			[]string{"materials/bad.md:1: -: нет заголовка с полями (front matter: YAML ---, TOML +++ или JSON {…})"}},

		// YAML values of the wrong type, unknown keys
		{"YAML: wrong types", "materials/bad.md",
			"---\ntitle: [Урок, дроби]\ntype: article\ntags: дроби\norganization: shkola-1\nstatus: draft\nbest_practice: да\ndate: 14.01.2026\n---\n",
			[]string{
				"materials/bad.md:2: title: ожидается строка",
				"materials/bad.md:4: tags: ожидается список строк",
				"materials/bad.md:7: best_practice: ожидается true или false",
				"materials/bad.md:8: date: неверная дата «14.01.2026»; ожидается ГГГГ-ММ-ДД или дата и время, например 2026-01-14T09:15:00+11:00",
			}},
		{"YAML: an unknown key and a missing one", "materials/bad.md",
			"---\ntitle: Урок\ntype: article\norganization: shkola-1\ndraft: true\n---\n",
			[]string{
				"materials/bad.md:1: status: обязательное поле не заполнено",
				"materials/bad.md:5: draft: неизвестное поле; допустимы: " + materialKeys,
			}},
		{"YAML: an event's time that is not one", "events/bad.md",
			"---\ntitle: Семинар\nkind: seminar\nlevel: school\nstart: 2026-01-14T25:00:00+11:00\norganizer: shkola-1\nstatus: done\n---\n",
			[]string{"events/bad.md:5: start: неверные дата и время «2026-01-14T25:00:00+11:00»; ожидается ГГГГ-ММ-ДДTчч:мм[:сс], можно со смещением (+11:00) или Z"}},
		{"a title longer than the collection holds", "materials/bad.md",
			strings.Replace(goodMaterial, "title: Новый материал", "title: "+strings.Repeat("Положение ", 101), 1),
			[]string{"materials/bad.md:2: title: длиннее допустимых 1000 знаков (1009)"}},
		{"text after the front matter of a kind without one", "plan_items/bad.md",
			"---\norganization: shkola-1\nyear: 2026\ncontent: Семинар\nperiod: year\n---\n\n\nЛишний текст.\n",
			[]string{"plan_items/bad.md:9: -: у записи этого вида нет текста после front matter: уберите его или перенесите в поле"}},

		// TOML
		{"TOML: a string without quotes", "materials/bad.md",
			"+++\ntitle = \"Урок\"\ntype = article\norganization = \"shkola-1\"\nstatus = \"draft\"\n+++\n",
			[]string{"materials/bad.md:3: type: заголовок не разбирается: строку в TOML берут в кавычки (TOML: expected value but found \"article\" instead)"}},
		{"TOML: a key given twice", "materials/bad.md",
			"+++\ntitle = \"Урок\"\ntype = \"article\"\ntitle = \"Ещё\"\n+++\n",
			[]string{"materials/bad.md:4: title: поле указано второй раз (впервые в строке 2)"}},
		{"TOML: a list left open", "materials/bad.md",
			"\n+++\ntitle = \"Урок\"\ntags = [\"дроби\",\norganization = \"shkola-1\"\n+++\n",
			[]string{"materials/bad.md:5: tags: заголовок не разбирается: значение поля не закрыто: нет «]» или кавычки (TOML: expected value but found \"organization\" instead)"}},
		{"TOML: wrong types and a table", "materials/bad.md",
			"+++\ntitle = \"Урок\"\ntype = \"article\"\ntags = \"дроби\"\norganization = \"shkola-1\"\nstatus = \"draft\"\nbest_practice = \"yes\"\n[params]\ntitle = \"x\"\n+++\n",
			[]string{
				"materials/bad.md:4: tags: ожидается список строк",
				"materials/bad.md:7: best_practice: ожидается true или false",
				"materials/bad.md:8: params: неизвестное поле; допустимы: " + materialKeys,
			}},
		{"TOML: lines after a list over several lines", "materials/bad.md",
			"+++\ntitle = \"Урок\"\ntype = \"article\"\ntags = [\n  \"a = b\",\n  \"дроби\",\n]\norganization = \"shkola-1\"\nstatus = \"draft\"\nbest_practice = 1\n+++\n",
			[]string{"materials/bad.md:10: best_practice: ожидается true или false"}},
		{"TOML: the front matter never closed", "materials/bad.md",
			"+++\ntitle = \"Урок\"\n",
			[]string{"materials/bad.md:1: -: заголовок не закрыт: после полей нет строки «+++»"}},

		// JSON
		{"JSON: a comma left out", "materials/bad.md",
			"{\n  \"title\": \"Урок\",\n  \"type\": \"article\"\n  \"status\": \"draft\"\n}\n\nТекст.\n",
			[]string{"materials/bad.md:3: type: заголовок не разбирается: JSON: invalid character '\"' after object key:value pair"}},
		{"JSON: a comma too many", "materials/bad.md",
			"{\n  \"title\": \"Урок\",\n  \"type\": \"article\",\n}\n\nТекст.\n",
			[]string{"materials/bad.md:3: type: заголовок не разбирается: JSON: invalid character '}' looking for beginning of object key string"}},
		{"JSON: a list instead of fields", "materials/bad.md",
			"---json\n[\"title\", \"Урок\"]\n---\n",
			[]string{"materials/bad.md:2: -: заголовок должен состоять из полей «ключ: значение»"}},
		{"JSON: no blank line after the object", "materials/bad.md",
			"{\n  \"title\": \"Урок\"\n}\nТекст.\n",
			[]string{"materials/bad.md:1: -: заголовок JSON не закрыт: после полей нужна строка «}» и за ней пустая строка"}},
		{"JSON: wrong types, a key twice, an unknown key", "materials/bad.md",
			"{\n  \"title\": \"Урок\",\n  \"type\": \"article\",\n  \"tags\": \"дроби\",\n  \"organization\": \"shkola-1\",\n  \"status\": \"draft\",\n" +
				"  \"best_practice\": \"true\",\n  \"type\": \"article\",\n  \"draft\": false\n}\n\nТекст.\n",
			[]string{
				"materials/bad.md:4: tags: ожидается список строк",
				"materials/bad.md:7: best_practice: ожидается true или false",
				"materials/bad.md:8: type: поле указано второй раз (впервые в строке 3)",
				"materials/bad.md:9: draft: неизвестное поле; допустимы: " + materialKeys,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := empty.App(t)
			dir := copyDir(t, "testdata/valid")
			writeFiles(t, dir, map[string]string{tt.file: tt.content})
			_, err := interchange.Import(app, dir, sakhalin(t))
			var probs interchange.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("Import error = %v, want Problems", err)
			}
			if got, want := probs.Error(), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

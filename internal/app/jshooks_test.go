package app_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/plugins/jsvm"

	"github.com/kopilka/kopilka/internal/schema"
)

func TestShippedJSHookEmailsCuratorsOnSubmit(t *testing.T) {
	app := fixture.App(t)
	if err := jsvm.Register(app, jsvm.Config{HooksDir: "../../pb_hooks", TypesDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	r, err := app.FindRecordById(schema.Materials, fixture.IDs["matDraftA1"])
	if err != nil {
		t.Fatal(err)
	}
	r.Set("title", "Дроби <и> проценты")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if n := app.TestMailer.TotalSend(); n != 0 {
		t.Fatalf("an edit of a draft sent %d mails", n)
	}
	// each save starts from the stored record, as an API request does
	if r, err = app.FindRecordById(schema.Materials, r.Id); err != nil {
		t.Fatal(err)
	}
	r.Set("status", schema.StatusSubmitted)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if n := app.TestMailer.TotalSend(); n != 1 {
		t.Fatalf("submitting sent %d mails, want 1", n)
	}
	msg := app.TestMailer.LastMessage()
	if len(msg.To) != 1 || msg.To[0].Address != "curator@test.example" {
		t.Errorf("mail to %v, want the curator", msg.To)
	}
	if !strings.Contains(msg.Subject, "Материал на рассмотрении: Дроби <и> проценты") {
		t.Errorf("subject %q", msg.Subject)
	}
	if !strings.Contains(msg.HTML, "Дроби &lt;и&gt; проценты") || strings.Contains(msg.HTML, "<и>") {
		t.Errorf("title not escaped in HTML: %s", msg.HTML)
	}
	// saving again in the same status sends nothing more
	if r, err = app.FindRecordById(schema.Materials, r.Id); err != nil {
		t.Fatal(err)
	}
	r.Set("summary", "ещё")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if n := app.TestMailer.TotalSend(); n != 1 {
		t.Fatalf("a save without a status change sent mail: %d in all", n)
	}
}

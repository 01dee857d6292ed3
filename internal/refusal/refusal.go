// Package refusal carries why a request is refused in words meant for the
// person who made it, as a typed error: screens and API answers show its
// Message as it is and never take an error's text apart.
package refusal

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/tools/router"
)

// Error is a refusal: Message is shown to the person; Kind, when set,
// is the sentinel errors.Is matches it with.
type Error struct {
	Message string
	Kind    error
	cause   error
}

func (e *Error) Error() string {
	if e.Kind != nil {
		return e.Kind.Error() + ": " + e.Message
	}
	return e.Message
}

// Is matches the refusal's kind.
func (e *Error) Is(target error) bool { return e.Kind != nil && target == e.Kind }

// Unwrap gives the error the refusal was made from, if any.
func (e *Error) Unwrap() error { return e.cause }

// New is a refusal of kind with a message made as by fmt.Sprintf.
func New(kind error, format string, args ...any) *Error {
	return &Error{Message: fmt.Sprintf(format, args...), Kind: kind}
}

// Of finds the refusal in err: an *Error, or the 400 answer of a request
// hook (kopilka's workflow checks, or a pb_hooks script's `throw new
// BadRequestError("…")`), whose message was written for the person. nil
// when err is neither.
func Of(err error) *Error {
	var r *Error
	if errors.As(err, &r) {
		return r
	}
	var api *router.ApiError
	if errors.As(err, &api) && api.Status == http.StatusBadRequest && strings.TrimSpace(api.Message) != "" {
		return &Error{Message: api.Message, cause: api}
	}
	return nil
}

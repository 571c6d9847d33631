package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// maxErrorsShown bounds the errors of one response. A document may repeat
// one mistake thousands of times (a variable of the wrong type in a list of
// 4,980): each becomes an error, and writing them all took most of the
// 580 ms such a refusal cost under the chaos suite, for a response of
// hundreds of kilobytes that says one thing.
const maxErrorsShown = 20

type errorLimit struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = errorLimit{}

func (errorLimit) ExtensionName() string                   { return "ErrorLimit" }
func (errorLimit) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse keeps the first maxErrorsShown errors and says, in one
// more with the same code, how many were left out.
func (errorLimit) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil || len(resp.Errors) <= maxErrorsShown {
		return resp
	}
	omitted := len(resp.Errors) - maxErrorsShown
	more := gqlerror.Errorf("%d more errors not shown; correct the ones above and ask again", omitted)
	more.Extensions = map[string]any{"code": resp.Errors[0].Extensions["code"], "errorsNotShown": omitted}
	resp.Errors = append(resp.Errors[:maxErrorsShown:maxErrorsShown], more)
	return resp
}

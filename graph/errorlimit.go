package graph

import (
	"context"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"
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
// more with the same code, how many were left out. Validation counts its
// own (see validationRules), so its errors arrive already cut.
func (errorLimit) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if more, ok := ctx.Value(moreErrorsKey{}).(*gqlerror.List); ok {
		for _, err := range *more {
			graphql.AddError(ctx, err)
		}
		*more = nil
	}
	resp := next(ctx)
	if resp == nil || len(resp.Errors) <= maxErrorsShown ||
		len(resp.Errors) == maxErrorsShown+1 && resp.Errors[maxErrorsShown].Extensions[errorsNotShown] != nil {
		return resp
	}
	omitted := len(resp.Errors) - maxErrorsShown
	more := gqlerror.Errorf("%s", notShownMessage(omitted))
	more.Extensions = map[string]any{"code": resp.Errors[0].Extensions["code"], errorsNotShown: omitted}
	resp.Errors = append(resp.Errors[:maxErrorsShown:maxErrorsShown], more)
	return resp
}

const errorsNotShown = "errorsNotShown"

func notShownMessage(n int) string {
	return strconv.Itoa(n) + " more errors not shown; correct the ones above and ask again"
}

// validationRules are gqlparser's default rules, with or without field
// suggestions, sharing one count of errors per validation: past
// maxErrorsShown, an error is counted in a last one rather than built.
// Building each (a formatted message, then gqlgen's presenter) was most of
// the 16 ms that refusing 4,980 uses of a mistyped variable cost.
func validationRules(suggestions bool) func() *rules.Rules {
	return func() *rules.Rules {
		all := rules.NewDefaultRules()
		if !suggestions {
			// The names gqlgen keeps when it turns suggestions off.
			all.RemoveRule(rules.FieldsOnCorrectTypeRule.Name)
			all.RemoveRule(rules.ScalarLeafsRule.Name)
			all.AddRule(rules.FieldsOnCorrectTypeRuleWithoutSuggestions.Name, rules.FieldsOnCorrectTypeRuleWithoutSuggestions.RuleFunc)
			all.AddRule(rules.ScalarLeafsRuleWithoutSuggestions.Name, rules.ScalarLeafsRuleWithoutSuggestions.RuleFunc)
		}
		var shown, omitted int
		var note *gqlerror.Error
		for name, rule := range all.GetInner() {
			all.ReplaceRule(name, func(observers *core.Events, addError core.AddErrFunc) {
				rule(observers, func(options ...core.ErrorOption) {
					switch {
					case shown < maxErrorsShown:
						shown++
						addError(options...)
					case note == nil:
						omitted = 1
						addError(func(err *gqlerror.Error) {
							note = err
							err.Message = notShownMessage(omitted)
							err.Extensions = map[string]any{errorsNotShown: omitted}
						})
					default:
						omitted++
						note.Message = notShownMessage(omitted)
						note.Extensions[errorsNotShown] = omitted
					}
				})
			})
		}
		return all
	}
}

package graph

import (
	"fmt"

	"github.com/armsgraph/armsgraph/neo4jdb"
)

// Error codes of refusals, in extensions.code.
const (
	codeBadUserInput           = "BAD_USER_INPUT"
	codeNotFound               = "NOT_FOUND"
	codeLimitExceeded          = "LIMIT_EXCEEDED"
	codeHopsLimitExceeded      = "HOPS_LIMIT_EXCEEDED"
	codeDepthLimitExceeded     = "DEPTH_LIMIT_EXCEEDED"
	codeBodyTooLarge           = "BODY_TOO_LARGE"
	codeNeo4jUnavailable       = "NEO4J_UNAVAILABLE"
	codeNeo4jTimeout           = "NEO4J_TIMEOUT"
	codeInternal               = "INTERNAL"
	codeIntrospectionOff       = "INTROSPECTION_DISABLED"
	codeComplexityExceeded     = "COMPLEXITY_LIMIT_EXCEEDED"
	codeAliasLimitExceeded     = "ALIAS_LIMIT_EXCEEDED"
	codeSelectionLimitExceeded = "SELECTION_LIMIT_EXCEEDED"
	codeListLimitExceeded      = "LIST_LIMIT_EXCEEDED"
	codeResultTooLarge         = "RESULT_TOO_LARGE"
	codePersistedQueryUnset    = "PERSISTED_QUERY_NOT_FOUND"
	codeSnapshotNotComparable  = "SNAPSHOT_NOT_COMPARABLE"
	codeOverloaded             = "OVERLOADED"
)

// apiError is a refusal with its code; its message is shown as is.
// argument, when set, names the argument at fault (extensions.argument).
type apiError struct {
	code     string
	message  string
	argument string
}

func (e *apiError) Error() string { return e.message }

func refuse(code, format string, args ...any) error {
	return &apiError{code: code, message: fmt.Sprintf(format, args...)}
}

// limit is the default and maximum of a size argument. Asking for more
// than the maximum is refused with overCode rather than cut silently, so a
// dashboard never mistakes a partial answer for a whole one.
type limit struct {
	arg      string
	def, max int
	overCode string
}

// The limits the SDL documents.
var (
	searchFirst       = limit{"first", 10, 50, codeLimitExceeded}
	pageFirst         = limit{"first", 20, 100, codeLimitExceeded}
	neighborhoodFirst = limit{"first", 100, 500, codeLimitExceeded}
	linkageHops       = limit{"maxHops", 2, neo4jdb.MaxLinkageHops, codeHopsLimitExceeded}
	shortestHops      = limit{"maxHops", 4, neo4jdb.MaxShortestHops, codeHopsLimitExceeded}
	neighborhoodDepth = limit{"depth", 1, neo4jdb.MaxDepth, codeHopsLimitExceeded}
)

func (l limit) of(v *int) (int, error) {
	switch {
	case v == nil:
		return l.def, nil
	case *v < 1:
		return 0, refuse(codeBadUserInput, "%s must be at least 1, got %d", l.arg, *v)
	case *v > l.max:
		return 0, refuse(l.overCode, "%s must be at most %d, got %d", l.arg, l.max, *v)
	}
	return *v, nil
}

// Screening limits (Query.match).
var matchFirst = limit{"first", 5, 20, codeLimitExceeded}

const maxMatchDescriptions = 20

package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/armsgraph/armsgraph/graph/generated"
	"github.com/armsgraph/armsgraph/neo4jdb"
)

// Config holds the API's limits and options.
type Config struct {
	// Introspection lets clients (and IDEs) read the schema.
	Introspection bool
	// FieldSuggestions lets validation errors suggest field names ("did
	// you mean"), which reveals the schema even without introspection.
	FieldSuggestions bool
	// MaxComplexity bounds an operation's estimated cost in units of
	// database work (see complexity.go): list fields multiply their
	// selection by their size, network fields their work by depth or hops.
	MaxComplexity int
	// MaxIntrospectionCost bounds the cost of an operation's introspection,
	// priced by the schema's size; an IDE's schema query costs about 25,000.
	MaxIntrospectionCost int
	// MaxAliases bounds how many times one root field appears in an
	// operation (aliases of it included).
	MaxAliases int
	// MaxDepth bounds how deep selections nest.
	MaxDepth int
	// MaxSelections bounds the field selections of a query document,
	// fragments counted where they are spread and where they are defined,
	// before it is validated: validation's work grows with their square.
	MaxSelections int
	// MaxBodyBytes bounds a request body, and the query string of a GET.
	MaxBodyBytes int64
	// LargeDocumentBytes is the size (body plus query string) above which
	// a request's document is parsed and validated in a lane that admits
	// LargeDocumentsAtOnce requests at a time, waiting at most 2 s; zero
	// LargeDocumentsAtOnce means no lane.
	LargeDocumentBytes   int
	LargeDocumentsAtOnce int
	// QueryCacheBytes bounds the estimated heap of cached parsed queries.
	QueryCacheBytes int
	// SessionsPerRequest bounds the Neo4j sessions one request holds at
	// once; its other reads wait for one of them.
	SessionsPerRequest int
	// CORSOrigins are the dashboard origins allowed to call the API from a
	// browser; none means no cross-origin access.
	CORSOrigins []string
	// Logger receives internal errors, with details clients never see.
	Logger *slog.Logger
}

// DefaultConfig is the configuration `armsgraph serve` starts with.
func DefaultConfig() Config {
	return Config{
		Introspection:        true,
		FieldSuggestions:     true,
		MaxComplexity:        20000,
		MaxIntrospectionCost: 60000,
		MaxAliases:           10,
		MaxDepth:             12,
		MaxSelections:        1000,
		MaxBodyBytes:         64 << 10,
		LargeDocumentBytes:   8 << 10,
		LargeDocumentsAtOnce: 1,
		QueryCacheBytes:      32 << 20,
		SessionsPerRequest:   4,
		Logger:               slog.Default(),
	}
}

// ProductionConfig is DefaultConfig without the schema discovery a
// development IDE wants: no introspection, no field suggestions.
func ProductionConfig() Config {
	cfg := DefaultConfig()
	cfg.Introspection = false
	cfg.FieldSuggestions = false
	return cfg
}

// largeDocumentWait bounds the wait for a turn in the large-document lane.
const largeDocumentWait = 2 * time.Second

// parserTokenLimit bounds the tokens of a query document before it is
// even parsed.
const parserTokenLimit = 10000

// NewHandler is the GraphQL endpoint over s.
func NewHandler(s *neo4jdb.Store, cfg Config) http.Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{store: s}})
	srv := handler.New(schema)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	queryCache := newQueryCache(cfg.QueryCacheBytes)
	srv.SetQueryCache(queryCache)
	srv.SetParserTokenLimit(parserTokenLimit)
	srv.SetDisableSuggestion(!cfg.FieldSuggestions)
	rules := validationRules(cfg.FieldSuggestions)
	// gqlgen validates a document itself, with the same rules, if the cache
	// has dropped it since documentCheck added it.
	srv.SetValidationRulesFn(rules)
	if cfg.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: newPersistedQueryCache(cfg.QueryCacheBytes / parsedBytesPerQueryByte)})
	// After the persisted query is looked up, so that it is counted too.
	srv.Use(documentCheck{maxSelections: cfg.MaxSelections, cache: queryCache, refused: newRefusedCache(), schema: schema.Schema(), rules: rules})
	srv.Use(depthLimit{max: cfg.MaxDepth, maxIntrospection: introspectionDepth})
	srv.Use(&costLimit{max: cfg.MaxComplexity, maxIntrospection: cfg.MaxIntrospectionCost, maxAliases: cfg.MaxAliases})
	srv.Use(errorLimit{})
	// Last of the checks, so that a document leaves the lane when all passed.
	srv.Use(leaveLane{})
	srv.SetErrorPresenter(errorPresenter(cfg.Logger))
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		cfg.Logger.Error("panic in resolver", "panic", v, "path", graphql.GetPath(ctx).String(), "stack", string(debug.Stack()))
		return refuse(codeInternal, "internal error")
	})

	var h http.Handler = withLoaders(s, srv)
	h = withMoreErrors(h)
	h = limitSessions(cfg.SessionsPerRequest, h)
	h = largeDocuments(cfg.LargeDocumentBytes, cfg.LargeDocumentsAtOnce, largeDocumentWait, h)
	h = limitBody(cfg.MaxBodyBytes, h)
	if len(cfg.CORSOrigins) > 0 {
		h = cors.New(cors.Options{
			AllowedOrigins: cfg.CORSOrigins,
			AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
			AllowedHeaders: []string{"Content-Type", "Accept"},
			MaxAge:         600,
		}).Handler(h)
	}
	return h
}

// limitSessions caps the Neo4j sessions each request holds at once.
func limitSessions(n int, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(neo4jdb.WithSessionLimit(r.Context(), n)))
	})
}

// limitBody reads at most max bytes of a request body and refuses larger
// bodies with a GraphQL error coded BODY_TOO_LARGE (HTTP 413); a GET's
// query string, which carries the same query and variables, is held to
// the same limit (HTTP 414).
func limitBody(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if int64(len(r.URL.RawQuery)) > max {
			writeError(w, r, http.StatusRequestURITooLong, codeBodyTooLarge, "query string larger than the limit of "+strconv.FormatInt(max, 10)+" bytes: send large queries by POST")
			return
		}
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			writeError(w, r, http.StatusRequestEntityTooLarge, codeBodyTooLarge, "request body larger than the limit of "+strconv.FormatInt(max, 10)+" bytes")
			return
		case err != nil:
			writeError(w, r, http.StatusBadRequest, codeBadUserInput, "cannot read the request body: "+err.Error())
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		next.ServeHTTP(w, r)
	})
}

func writeError(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	markRefused(r.Context(), code)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": message, "extensions": map[string]any{"code": code}}},
	})
}

// errorPresenter gives every error an extensions.code. Refusals keep their
// message; Neo4j failures say what happened without driver details;
// anything else is logged and shown as "internal error".
func errorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	present := func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		specPath(ctx, gqlErr)
		var refusal *apiError
		var input *neo4jdb.InputError
		cause := gqlErr.Err
		switch {
		case cause == nil:
			// gqlgen's own errors: parsing, validation, complexity, APQ.
			if gqlErr.Extensions == nil || gqlErr.Extensions["code"] == nil {
				setCode(gqlErr, codeBadUserInput)
			}
			return gqlErr
		case errors.As(cause, &refusal):
			gqlErr.Message = refusal.message
			setCode(gqlErr, refusal.code)
			if refusal.argument != "" {
				gqlErr.Extensions["argument"] = refusal.argument
			}
		case errors.As(cause, &input):
			gqlErr.Message = input.Error()
			setCode(gqlErr, codeBadUserInput)
		case cause.Error() == "introspection disabled":
			gqlErr.Message = "introspection is disabled on this server"
			setCode(gqlErr, codeIntrospectionOff)
		case errors.Is(cause, neo4jdb.ErrResultTooLarge):
			gqlErr.Message = cause.Error()
			setCode(gqlErr, codeResultTooLarge)
		case neo4jdb.IsUnreachable(cause):
			gqlErr.Message = "Neo4j is unavailable; try again later"
			setCode(gqlErr, codeNeo4jUnavailable)
		case neo4jdb.IsTimeout(cause):
			gqlErr.Message = "the query took longer than the Neo4j transaction timeout; narrow it (fewer hops, a smaller first)"
			setCode(gqlErr, codeNeo4jTimeout)
		case gqlErr.Extensions != nil && gqlErr.Extensions["code"] != nil:
			return gqlErr
		default:
			log.Error("internal error", "path", gqlErr.Path.String(), "error", cause.Error())
			gqlErr.Message = "internal error"
			setCode(gqlErr, codeInternal)
		}
		gqlErr.Err = nil
		return gqlErr
	}
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := present(ctx, err)
		code, _ := gqlErr.Extensions["code"].(string)
		markRefused(ctx, code)
		return gqlErr
	}
}

func setCode(err *gqlerror.Error, code string) {
	if err.Extensions == nil {
		err.Extensions = map[string]any{}
	}
	err.Extensions["code"] = code
}

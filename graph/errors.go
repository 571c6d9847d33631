package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/armsgraph/armsgraph/neo4jdb"
)

// Conventions of the API's errors (README, GraphQL section): a lookup of
// an unknown id is null with NOT_FOUND; a filter naming an unknown code is
// refused with BAD_USER_INPUT.

func notFound(what, id string) error {
	return refuse(codeNotFound, "no %s with id %q", what, id)
}

// checkCodes refuses codes the graph does not hold.
func (r *Resolver) checkCodes(ctx context.Context, c neo4jdb.Codes) error {
	return r.store.CheckCodes(ctx, c)
}

func entityFilterCodes(f neo4jdb.EntityFilter) neo4jdb.Codes {
	var c neo4jdb.Codes
	c.Authority(f.DesignatedBy)
	c.Authority(f.NotDesignatedBy)
	c.Country(f.Country)
	c.Program(f.Program)
	c.ProgramFamily(f.ProgramFamily)
	return c
}

func designationFilterCodes(f neo4jdb.DesignationFilter) neo4jdb.Codes {
	c := neo4jdb.Codes{Authorities: append([]string(nil), f.Authorities...)}
	c.Country(f.Country)
	c.Program(f.Program)
	c.ProgramFamily(f.ProgramFamily)
	return c
}

// specPath moves an argument's name out of an error's path. gqlgen puts
// the argument (and input field) names at the end of the path of an error
// in an argument; the GraphQL specification's response paths hold only
// response keys and list indices. The field's own path is kept and the
// argument goes to extensions.argument (filter.listedFrom).
func specPath(ctx context.Context, err *gqlerror.Error) {
	if graphql.GetFieldContext(ctx) == nil {
		return
	}
	field := graphql.GetPath(ctx)
	if len(err.Path) <= len(field) || !samePath(err.Path[:len(field)], field) {
		return
	}
	if _, arg := err.Path[len(field)].(ast.PathName); !arg {
		// An index below the field: an element of its list answer.
		return
	}
	argument := err.Path[len(field):].String()
	err.Path = field
	if err.Extensions == nil {
		err.Extensions = map[string]any{}
	}
	err.Extensions["argument"] = argument
}

func samePath(a, b ast.Path) bool { return a.String() == b.String() }

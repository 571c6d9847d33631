package neo4jdb

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// boundTx runs statements and reads their results under the context of
// the read that opened it, whatever context the work function passes:
// work functions close over their caller's context, which carries neither
// the client's deadline nor the health monitor's cancellation, so a frozen
// server would hold them.
type boundTx struct {
	neo4j.ManagedTransaction
	ctx context.Context
}

func (t boundTx) Run(_ context.Context, cypher string, params map[string]any) (neo4j.ResultWithContext, error) {
	r, err := t.ManagedTransaction.Run(t.ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	return boundResult{ResultWithContext: r, ctx: t.ctx}, nil
}

// boundResult reads a result under its transaction's context.
type boundResult struct {
	neo4j.ResultWithContext
	ctx context.Context
}

func (r boundResult) NextRecord(_ context.Context, rec **neo4j.Record) bool {
	return r.ResultWithContext.NextRecord(r.ctx, rec)
}
func (r boundResult) Next(context.Context) bool { return r.ResultWithContext.Next(r.ctx) }
func (r boundResult) PeekRecord(_ context.Context, rec **neo4j.Record) bool {
	return r.ResultWithContext.PeekRecord(r.ctx, rec)
}
func (r boundResult) Peek(context.Context) bool { return r.ResultWithContext.Peek(r.ctx) }
func (r boundResult) Collect(context.Context) ([]*neo4j.Record, error) {
	return r.ResultWithContext.Collect(r.ctx)
}
func (r boundResult) Records(context.Context) func(yield func(*neo4j.Record, error) bool) {
	return r.ResultWithContext.Records(r.ctx)
}
func (r boundResult) Single(context.Context) (*neo4j.Record, error) {
	return r.ResultWithContext.Single(r.ctx)
}
func (r boundResult) Consume(context.Context) (neo4j.ResultSummary, error) {
	return r.ResultWithContext.Consume(r.ctx)
}

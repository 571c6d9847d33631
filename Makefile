# armsgraph: `make run` starts everything, `make test` runs every test.
.PHONY: run stop test test-parallel-loads build ide-assets generate neo4j-start neo4j-stop fuzz bench chaos clean

GO ?= go

run: build
	deploy/run

stop:
	deploy/stop

test: ide-assets
	deploy/run-tests

# The parallel-load test of ingest, 20 rounds of 8 loads at once (make test
# runs 2); uses the same test Neo4j as make test.
test-parallel-loads:
	ARMSGRAPH_PARALLEL_ROUNDS=20 deploy/run-tests -run TestParallelLoadsOfOverlappingFiles ./ingest

build: ide-assets
	$(GO) build -o bin/armsgraph ./cmd/armsgraph

# GraphiQL and React from npm (pinned in deploy/ide/package-lock.json),
# embedded in the binary so the IDE at / needs no CDN.
ide-assets:
	deploy/ide/fetch

generate:
	$(GO) generate ./...

neo4j-start:
	deploy/neo4j/neo4jctl start

neo4j-stop:
	deploy/neo4j/neo4jctl stop

# Fuzzing runs apart from `make test`: FUZZTIME per target.
FUZZTIME ?= 60s
fuzz:
	deploy/fuzz $(FUZZTIME)

# Benchmarks (bench/): the ingest writer, and the API against the best
# hand-written Cypher on the real lists and on a synthetic million-entity
# graph. They run on a Neo4j instance of their own ("bench", 7689/7476),
# which they empty and overwrite (deploy/bench).
bench: build
	deploy/bench

# Fault and abuse suites (bench/chaos), long: abuse, slow clients, load,
# Neo4j frozen and killed, killed during a load. On an instance of their
# own ("chaos").
chaos: build
	deploy/chaos

clean:
	rm -rf bin .run

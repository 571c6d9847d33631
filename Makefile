# armsgraph: `make run` starts everything, `make test` runs every test.
.PHONY: run stop test test-parallel-loads build generate neo4j-start neo4j-stop fuzz bench clean

GO ?= go

run: build
	deploy/run

stop:
	deploy/stop

test:
	deploy/run-tests

# The parallel-load test of ingest, 20 rounds of 8 loads at once (make test
# runs 2); uses the same test Neo4j as make test.
test-parallel-loads:
	ARMSGRAPH_PARALLEL_ROUNDS=20 deploy/run-tests -run TestParallelLoadsOfOverlappingFiles ./ingest

build:
	$(GO) build -o bin/armsgraph ./cmd/armsgraph

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

# Benchmarks (bench/): the API against direct Cypher, and the ingest
# writer. They run on a Neo4j instance of their own ("bench", 7689/7476),
# which loadbench empties.
bench: build
	deploy/bench

clean:
	rm -rf bin .run

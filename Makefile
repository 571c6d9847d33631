# armsgraph: `make run` starts everything, `make test` runs every test.
.PHONY: run stop test build generate neo4j-start neo4j-stop fuzz bench clean

GO ?= go

run: build
	deploy/run

stop:
	deploy/stop

test:
	deploy/run-tests

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

# Benchmarks (bench/): the ingest writer, and the API against the best
# hand-written Cypher on the real lists and on a synthetic million-entity
# graph. They run on a Neo4j instance of their own ("bench", 7689/7476),
# which they empty and overwrite (deploy/bench).
bench: build
	deploy/bench

clean:
	rm -rf bin .run

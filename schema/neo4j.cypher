// Neo4j constraints and indexes for the armsgraph model (DESIGN.md).
// Applied by `armsgraph schema apply` and at `armsgraph serve` start-up.
// Every statement is idempotent (IF NOT EXISTS), so applying twice changes
// nothing. Statements end with a semicolon; comments start with //.

// Unique keys, one per label.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT vessel_id IF NOT EXISTS FOR (n:Vessel) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT vessel_imo IF NOT EXISTS FOR (n:Vessel) REQUIRE n.imoNumber IS UNIQUE;
CREATE CONSTRAINT aircraft_id IF NOT EXISTS FOR (n:Aircraft) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT designation_id IF NOT EXISTS FOR (n:Designation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT authority_id IF NOT EXISTS FOR (n:Authority) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT country_code IF NOT EXISTS FOR (n:Country) REQUIRE n.code IS UNIQUE;
CREATE CONSTRAINT resolution_number IF NOT EXISTS FOR (n:Resolution) REQUIRE n.number IS UNIQUE;
CREATE CONSTRAINT announcement_id IF NOT EXISTS FOR (n:Announcement) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT source_list_id IF NOT EXISTS FOR (n:SourceList) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT transfer_id IF NOT EXISTS FOR (n:Transfer) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT port_id IF NOT EXISTS FOR (n:Port) REQUIRE n.id IS UNIQUE;
// One LoadLock node: every load transaction takes its write lock first, so
// loads run one after another (docs/designations.md).
CREATE CONSTRAINT load_lock_id IF NOT EXISTS FOR (n:LoadLock) REQUIRE n.id IS UNIQUE;
// Identity keys (IMO numbers, source record ids, passports ...): one node
// per key, so two entities can never claim the same key.
CREATE CONSTRAINT identifier_key IF NOT EXISTS FOR (n:Identifier) REQUIRE n.key IS UNIQUE;
// Reviewed identity judgements (seed/judgements), one node per pair.
CREATE CONSTRAINT judgement_key IF NOT EXISTS FOR (n:Judgement) REQUIRE n.key IS UNIQUE;

// Lookups by name, kind and dates.
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX organization_name IF NOT EXISTS FOR (n:Organization) ON (n.name);
CREATE INDEX vessel_name IF NOT EXISTS FOR (n:Vessel) ON (n.name);
CREATE INDEX entity_name_key IF NOT EXISTS FOR (n:Entity) ON (n.nameKey);
CREATE INDEX entity_kind IF NOT EXISTS FOR (n:Entity) ON (n.kind);
CREATE INDEX designation_listed IF NOT EXISTS FOR (n:Designation) ON (n.listedOn);
CREATE INDEX designation_authority IF NOT EXISTS FOR (n:Designation) ON (n.authorityId);
// An authority's designations in id order: its pages read the index in
// order and stop after the page.
CREATE INDEX designation_authority_id IF NOT EXISTS FOR (n:Designation) ON (n.authorityId, n.id);
// An authority's designations by listed date (designations ordered by
// listedOn for some authorities), read in order like the one above.
CREATE INDEX designation_authority_listed IF NOT EXISTS FOR (n:Designation) ON (n.authorityId, n.listedOn);
CREATE INDEX designation_source_record IF NOT EXISTS FOR (n:Designation) ON (n.sourceRecordId);

// Name search over names and aliases, case- and accent-insensitive.
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Person|Organization|Vessel|Aircraft) ON EACH [n.name, n.aliases]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}};

// Substring lookups on names (WHERE e.name CONTAINS 'SHIPPING', as the
// Browser guide shows): a text index answers them with an index scan for
// the substring, where a range index would read every name.
CREATE TEXT INDEX entity_name_text IF NOT EXISTS FOR (n:Entity) ON (n.name);

// Designations of a program: program holds a designation's programs joined
// with '; ', so a program is a substring of it, which a text index finds.
CREATE TEXT INDEX designation_program IF NOT EXISTS FOR (n:Designation) ON (n.program);

-- The component registry (JdbcComponentRegistry), the desired state every replica of the
-- application converges on.

-- Artifacts, stored once whatever number of versions use them, by SHA-256.
CREATE TABLE airssys_wasm_artifact (
    sha256  CHAR(64) PRIMARY KEY,
    size    BIGINT NOT NULL,
    content BYTEA NOT NULL
);

-- One row per component: its registry entry (the file registry's TOML format) and a revision
-- that every change increments, compared on write (optimistic versioning).
CREATE TABLE airssys_wasm_component (
    component_id VARCHAR(255) PRIMARY KEY,
    revision     BIGINT NOT NULL,
    entry        TEXT NOT NULL,
    changed_at   TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);

-- Which artifacts a component's versions use, so removing a component deletes only artifacts
-- nothing else uses.
CREATE TABLE airssys_wasm_component_artifact (
    component_id VARCHAR(255) NOT NULL REFERENCES airssys_wasm_component (component_id) ON DELETE CASCADE,
    sha256       CHAR(64) NOT NULL REFERENCES airssys_wasm_artifact (sha256),
    PRIMARY KEY (component_id, sha256)
);

-- What each replica serves, as it last reported, and when it was last seen.
CREATE TABLE airssys_wasm_replica (
    replica_id   VARCHAR(255) NOT NULL,
    component_id VARCHAR(255) NOT NULL,
    serving      TEXT NOT NULL,
    revision     BIGINT NOT NULL,
    seen_at      TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    PRIMARY KEY (replica_id, component_id)
);

-- The components' key-value storage (JdbcComponentStore), shared by every replica of the
-- application. One row per namespace keeps its usage; writers of a namespace lock that row, so
-- the quota holds across replicas and writes to one key are linearizable.
CREATE TABLE airssys_wasm_store_namespace (
    namespace VARCHAR(255) PRIMARY KEY,
    entries   BIGINT NOT NULL DEFAULT 0,
    bytes     BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE airssys_wasm_store_entry (
    namespace   VARCHAR(255) NOT NULL REFERENCES airssys_wasm_store_namespace (namespace) ON DELETE CASCADE,
    entry_key   VARCHAR(1024) COLLATE "C" NOT NULL,
    entry_value BYTEA NOT NULL,
    PRIMARY KEY (namespace, entry_key)
);

-- Which replica drives each component's automatic roll-out (canary analysis, rolling steps): a
-- lease it renews while it lives; when it lapses, another replica takes the roll-out over from
-- the plan kept with the component.
CREATE TABLE airssys_wasm_rollout_driver (
    component_id VARCHAR(255) PRIMARY KEY,
    replica_id   VARCHAR(255) NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

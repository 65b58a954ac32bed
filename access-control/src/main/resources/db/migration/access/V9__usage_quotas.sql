-- Per-user usage counters for the abuse limits (hardening issue): one row per user, kind and fixed window. Shared by
-- all hub nodes, so a limit holds for the user however many nodes serve them. Old windows are deleted hourly.
CREATE TABLE usage_counter (
    user_id      text        NOT NULL,
    kind         text        NOT NULL,
    window_start timestamptz NOT NULL,
    used         bigint      NOT NULL,
    PRIMARY KEY (user_id, kind, window_start)
);
CREATE INDEX usage_counter_window ON usage_counter (window_start);
GRANT SELECT, INSERT, UPDATE, DELETE ON usage_counter TO ${appRole};

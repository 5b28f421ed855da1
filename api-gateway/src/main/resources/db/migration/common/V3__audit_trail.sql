-- The audit trail, projected from the audit topic like jobs from the results topic: a store that
-- starts empty reads the topic from its beginning.
CREATE TABLE audit_entries (
    id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    at              TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    actor           VARCHAR(128)  NOT NULL,
    role            VARCHAR(16)   NOT NULL,
    token_id        VARCHAR(64),
    action          VARCHAR(64)   NOT NULL,
    method          VARCHAR(8)    NOT NULL,
    path            VARCHAR(512)  NOT NULL,
    target          VARCHAR(256),
    created         VARCHAR(256),
    status          INTEGER       NOT NULL,
    remote_address  VARCHAR(64)
);

CREATE INDEX audit_by_time ON audit_entries (at DESC, id DESC);
CREATE INDEX audit_by_actor ON audit_entries (actor, at DESC, id DESC);
CREATE INDEX audit_by_action ON audit_entries (action, at DESC, id DESC);

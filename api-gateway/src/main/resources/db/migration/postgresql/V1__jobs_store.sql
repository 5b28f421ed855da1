-- The first migration of a PostgreSQL store, the twin of h2/V1__jobs_store.sql but for the JSON's
-- type (PostgreSQL has no CHARACTER LARGE OBJECT); the migrations after it, in common/, serve both.
-- The store is a projection of the job-results topic: one row per job, the latest snapshot wins.
CREATE TABLE jobs (
    id            VARCHAR(64)   NOT NULL PRIMARY KEY,
    type          VARCHAR(64)   NOT NULL,
    queue         VARCHAR(64)   NOT NULL,
    status        VARCHAR(16)   NOT NULL,
    attempt       INT           NOT NULL,
    version       BIGINT        NOT NULL,
    submitted_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    -- The whole snapshot as JSON, as published; the columns above exist to filter and sort.
    snapshot      TEXT          NOT NULL
);

-- Lists are sorted newest first, with the id breaking ties: that order is the cursor's.
CREATE INDEX jobs_by_submitted ON jobs (submitted_at DESC, id DESC);
CREATE INDEX jobs_by_status ON jobs (status, submitted_at DESC, id DESC);
CREATE INDEX jobs_by_type ON jobs (type, submitted_at DESC, id DESC);

-- Where the projection stands in each partition, written in the same transaction as the rows.
CREATE TABLE projection_offsets (
    topic         VARCHAR(249)  NOT NULL,
    partition_no  INT           NOT NULL,
    next_offset   BIGINT        NOT NULL,
    PRIMARY KEY (topic, partition_no)
);

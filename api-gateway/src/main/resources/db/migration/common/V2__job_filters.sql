-- Jobs are listed by template, submitter and labels too. The store is a projection, so rather than
-- back-fill the new columns from the stored JSON it starts over: the projection replays the
-- results topic from its beginning and fills every column.
DELETE FROM jobs;
DELETE FROM projection_offsets;

ALTER TABLE jobs ADD COLUMN template_id VARCHAR(64);
ALTER TABLE jobs ADD COLUMN submitted_by VARCHAR(128);
-- A job DEAD because its request never reached Kafka may be queued again (Idempotency-Key retry).
ALTER TABLE jobs ADD COLUMN reopenable BOOLEAN DEFAULT FALSE NOT NULL;

CREATE INDEX jobs_by_queue ON jobs (queue, submitted_at DESC, id DESC);
CREATE INDEX jobs_by_template ON jobs (template_id, submitted_at DESC, id DESC);
CREATE INDEX jobs_by_submitter ON jobs (submitted_by, submitted_at DESC, id DESC);

-- A job's labels never change after it is queued: written once, with the job's first row.
CREATE TABLE job_labels (
    job_id        VARCHAR(64)   NOT NULL,
    label_key     VARCHAR(64)   NOT NULL,
    label_value   VARCHAR(256)  NOT NULL,
    PRIMARY KEY (job_id, label_key)
);
CREATE INDEX job_labels_by_label ON job_labels (label_key, label_value, job_id);

-- A job is QUEUED in the store only once its request is known to be on its jobs topic. Stores of
-- the first record format also took QUEUED from the gateways' snapshots, which a request that never
-- reached Kafka left behind: such rows are marked until their request is seen, and the janitor
-- queues again what stays unproven (QueuedJobsJanitor).
ALTER TABLE jobs ADD COLUMN enqueued BOOLEAN DEFAULT TRUE NOT NULL;
UPDATE jobs SET enqueued = FALSE WHERE status = 'QUEUED';

-- A snapshot is stored in its row rather than in H2's separate LOB storage when it is at most 64 KiB
-- of JSON, as nearly all are: every update of a job otherwise wrote a new LOB and left the old one to a
-- cleaner thread, which made a sixth of the store's cost under load (JFR, docs/performance.md).
SET MAX_LENGTH_INPLACE_LOB 65536;

-- An entry may sum the repeats of a refusal (the same caller, action and status within a window):
-- how many calls it stands for. NULL for an entry of one call.
ALTER TABLE audit_entries ADD COLUMN repeat_count INTEGER;

-- Nothing reads calls by start time except "calls in progress", which has its own partial index
-- (calls_in_progress); calls_by_start was only written, once per incoming call.
DROP INDEX calls_by_start;

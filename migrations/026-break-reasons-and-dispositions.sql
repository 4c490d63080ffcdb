-- The centre's break reasons and wrap-up dispositions: configuration (API, CLI), not HTML. The
-- console offers the active ones in order; a break or a wrap-up naming another is refused with the
-- list. Removing one deactivates it, so past wrap-ups and breaks that name it still read.
CREATE TABLE break_reasons (
  name     text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  label    text NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
  position integer NOT NULL DEFAULT 0,
  active   boolean NOT NULL DEFAULT true
);
CREATE TABLE dispositions (
  name     text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  label    text NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
  position integer NOT NULL DEFAULT 0,
  active   boolean NOT NULL DEFAULT true
);
-- What the console offered until now, so a centre upgrading sees no change ('complaint' opens a
-- case: src/routing/cases/wrap-up-case.ts). A function, so the
-- test harness can put the defaults back after emptying the tables.
CREATE FUNCTION seed_floor_choices() RETURNS void
LANGUAGE sql AS $$
  INSERT INTO break_reasons (name, label, position) VALUES
    ('lunch', 'Lunch', 1), ('coffee', 'Coffee', 2), ('training', 'Training', 3), ('meeting', 'Meeting', 4)
  ON CONFLICT DO NOTHING;
  INSERT INTO dispositions (name, label, position) VALUES
    ('resolved', 'Resolved', 1), ('follow-up', 'Follow-up needed', 2), ('escalated', 'Escalated', 3),
    ('not-resolved', 'Not resolved', 4), ('wrong-number', 'Wrong number', 5),
    ('complaint', 'Complaint (opens a case)', 6)
  ON CONFLICT DO NOTHING;
$$;
SELECT seed_floor_choices();

-- The committees as data the secretariat keeps (issue 12): created, renamed, described in ja/en,
-- and retired. A retired committee keeps its events and history but is offered to nobody any more
-- (not on the join form, the profile, the filters, nor for new events).
ALTER TABLE committees ADD COLUMN retired_on date;

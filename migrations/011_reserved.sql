-- Placeholder for migration 011 (reserved for another branch's change): migrations are numbered
-- without gaps, and 012 needs an 011 before it. When the real 011 is merged, delete this file.
SELECT 1;

-- 0003: a sale that FAILED after the screen had shown it as accepted or unknown needs a person: the
-- customer may have left believing it worked, and is owed their money back. The notice stays until a
-- cashier acknowledges it. Older failed sales are not flagged (their notices, if any, are long past).
ALTER TABLE sales ADD COLUMN needs_attention INTEGER NOT NULL DEFAULT 0 CHECK (needs_attention IN (0, 1));
ALTER TABLE sales ADD COLUMN acknowledged_at INTEGER;
ALTER TABLE sales ADD COLUMN acknowledged_by INTEGER REFERENCES cashiers (id);
CREATE INDEX sales_byNeedsAttention ON sales (needs_attention) WHERE needs_attention = 1;

-- 0001: the first journal schema. Append-only: never edit this file once released; add 0002_… instead.
-- Every table is STRICT (a wrong type is an error, not a silent coercion); indexes are named table_byColumn.

-- People who may sell. The caller hashes the PIN; the store keeps only the hash string.
CREATE TABLE cashiers (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL CHECK (length(trim(name)) > 0),
  role        TEXT    NOT NULL CHECK (role IN ('cashier', 'supervisor')),
  pin_hash    TEXT    NOT NULL,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at  INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX cashiers_byName ON cashiers (name COLLATE NOCASE);

-- A cashier's working session at the till, with the cash float counted in.
CREATE TABLE shifts (
  id           INTEGER PRIMARY KEY,
  cashier_id   INTEGER NOT NULL REFERENCES cashiers (id),
  opened_at    INTEGER NOT NULL,
  closed_at    INTEGER,
  float_cents  INTEGER NOT NULL CHECK (float_cents >= 0),
  CHECK (closed_at IS NULL OR closed_at >= opened_at)
) STRICT;
-- At most one open shift per cashier.
CREATE UNIQUE INDEX shifts_byCashierOpen ON shifts (cashier_id) WHERE closed_at IS NULL;
CREATE INDEX shifts_byOpenedAt ON shifts (opened_at);

-- One row per sale, keyed by the till's own clientReference. The row holds the CURRENT state;
-- sale_events holds how it got there.
CREATE TABLE sales (
  id                         INTEGER PRIMARY KEY,
  client_reference           TEXT    NOT NULL UNIQUE CHECK (length(client_reference) = 36),
  kind                       TEXT    NOT NULL CHECK (kind IN ('pinless', 'voucher', 'data', 'sms', 'electricity', 'bundle', 'other')),
  product_id                 INTEGER,
  product_name               TEXT,
  network                    TEXT,
  recipient_msisdn           TEXT,
  meter_number               TEXT,
  amount_cents               INTEGER NOT NULL CHECK (amount_cents >= 0),
  cost_cents                 INTEGER CHECK (cost_cents IS NULL OR cost_cents >= 0),
  state                      TEXT    NOT NULL CHECK (state IN ('intent', 'submitted', 'delivered', 'failed', 'unknown', 'queued', 'cancelled')),
  order_reference_id         TEXT,
  -- Voucher fields. PINs are sealed by the injected cipher before they reach this table.
  voucher_pin_sealed         TEXT,
  voucher_extra_pin_sealed   TEXT,
  voucher_ticket_number      TEXT,
  voucher_box_number         TEXT,
  voucher_batch_number       TEXT,
  voucher_expiry_at          INTEGER,
  -- The last failure the screen should show (stable code + message), when there is one.
  error_code                 TEXT,
  error_message              TEXT,
  -- The reconciler's bookkeeping: how many enquiries so far and when to ask next.
  check_attempts             INTEGER NOT NULL DEFAULT 0 CHECK (check_attempts >= 0),
  next_check_at              INTEGER,
  cashier_id                 INTEGER REFERENCES cashiers (id),
  shift_id                   INTEGER REFERENCES shifts (id),
  batch_id                   TEXT,
  created_at                 INTEGER NOT NULL,
  updated_at                 INTEGER NOT NULL
) STRICT;
CREATE INDEX sales_byCreatedAt ON sales (created_at, id);
CREATE INDEX sales_byRecipientMsisdn ON sales (recipient_msisdn, created_at);
CREATE INDEX sales_byMeterNumber ON sales (meter_number) WHERE meter_number IS NOT NULL;
CREATE INDEX sales_byOrderReferenceId ON sales (order_reference_id) WHERE order_reference_id IS NOT NULL;
-- The reconciler walks the sales that are not final by state, soonest check first.
CREATE INDEX sales_byState ON sales (state, next_check_at);
CREATE INDEX sales_byBatchId ON sales (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX sales_byShiftId ON sales (shift_id) WHERE shift_id IS NOT NULL;

-- Append-only history of every sale: one row per state change, written in the same transaction.
CREATE TABLE sale_events (
  id          INTEGER PRIMARY KEY,
  sale_id     INTEGER NOT NULL REFERENCES sales (id),
  at          INTEGER NOT NULL,
  from_state  TEXT,
  to_state    TEXT    NOT NULL,
  cause       TEXT    NOT NULL,
  raw_json    TEXT    CHECK (raw_json IS NULL OR json_valid(raw_json))
) STRICT;
CREATE INDEX sale_events_bySaleId ON sale_events (sale_id, id);

CREATE TRIGGER sale_events_noUpdate BEFORE UPDATE ON sale_events
BEGIN
  SELECT RAISE(ABORT, 'sale_events is append-only');
END;
CREATE TRIGGER sale_events_noDelete BEFORE DELETE ON sale_events
BEGIN
  SELECT RAISE(ABORT, 'sale_events is append-only');
END;
-- The journal never forgets a sale.
CREATE TRIGGER sales_noDelete BEFORE DELETE ON sales
BEGIN
  SELECT RAISE(ABORT, 'sales are never deleted');
END;
-- A state change without its event is refused by the database itself, not only by the repository:
-- the newest event of the sale must already name the new state.
CREATE TRIGGER sales_stateNeedsEvent BEFORE UPDATE OF state ON sales
WHEN NEW.state IS NOT OLD.state
  AND (SELECT to_state FROM sale_events WHERE sale_id = NEW.id ORDER BY id DESC LIMIT 1) IS NOT NEW.state
BEGIN
  SELECT RAISE(ABORT, 'a sale state change needs its sale_events row in the same transaction');
END;

-- ETag cache of Smartcall's cacheable GETs (catalogue, products): HttpCacheStore.
CREATE TABLE http_cache (
  key        TEXT    PRIMARY KEY,
  etag       TEXT    NOT NULL,
  body       TEXT    NOT NULL,
  stored_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Local voucher stock (filled by a later issue). A PIN is sold once: sold_sale_id is unique.
CREATE TABLE voucher_stock (
  id                 INTEGER PRIMARY KEY,
  product_id         INTEGER NOT NULL,
  network            TEXT,
  amount_cents       INTEGER NOT NULL CHECK (amount_cents >= 0),
  serial             TEXT    NOT NULL,
  pin_sealed         TEXT    NOT NULL,
  batch_number       TEXT,
  expiry_at          INTEGER,
  imported_at        INTEGER NOT NULL,
  sold_sale_id       INTEGER UNIQUE REFERENCES sales (id),
  sold_at            INTEGER
) STRICT;
CREATE UNIQUE INDEX voucher_stock_bySerial ON voucher_stock (product_id, serial);
CREATE INDEX voucher_stock_byAvailable ON voucher_stock (product_id, id) WHERE sold_sale_id IS NULL;

-- Cash-ups at the end of a shift (filled by a later issue).
CREATE TABLE cashups (
  id              INTEGER PRIMARY KEY,
  shift_id        INTEGER NOT NULL REFERENCES shifts (id),
  cashier_id      INTEGER NOT NULL REFERENCES cashiers (id),
  at              INTEGER NOT NULL,
  expected_cents  INTEGER NOT NULL,
  counted_cents   INTEGER NOT NULL,
  notes           TEXT
) STRICT;
CREATE INDEX cashups_byShiftId ON cashups (shift_id);

-- 0002: keep what was (or will be) sent for each sale, so a sale can be resent with the SAME
-- clientReference after Smartcall says it does not exist (1005 after the grace period), and a queued
-- sale can be forwarded after a restart. No secrets in it (no PIN, no token); NULL for older rows.
ALTER TABLE sales ADD COLUMN request_json TEXT CHECK (request_json IS NULL OR json_valid(request_json));

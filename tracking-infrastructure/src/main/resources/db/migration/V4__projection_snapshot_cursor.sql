-- The projector's cursor becomes a snapshot (PgQ's design; docs/decisions.md, 19): a batch projects the rows whose
-- transaction is visible in the target snapshot and was not in the projected one. pg_snapshot_xmin is
-- cluster-wide, so the former cursor (rows below xmin) waited for any open transaction in any database.
--   projected_snapshot   every transaction visible in it is projected
--   target_snapshot      the snapshot being caught up to; null between runs of catching up
--   target_tx_id/_seq    the last row projected towards target_snapshot, in (tx_id, seq) order
alter table read.projection_cursor add column projected_snapshot pg_snapshot;
alter table read.projection_cursor add column target_snapshot pg_snapshot;
-- Every transaction below the former cursor's has ended and is projected; the cursor's own transaction may have
-- rows left, so it counts as not projected (projecting is idempotent: its projected rows are turned away).
update read.projection_cursor
set projected_snapshot = (greatest(last_tx_id, '3'::xid8)::text || ':' || greatest(last_tx_id, '3'::xid8)::text || ':')::pg_snapshot;
alter table read.projection_cursor alter column projected_snapshot set not null;
alter table read.projection_cursor rename column last_tx_id to target_tx_id;
alter table read.projection_cursor rename column last_seq to target_seq;
update read.projection_cursor set target_tx_id = '0', target_seq = 0;

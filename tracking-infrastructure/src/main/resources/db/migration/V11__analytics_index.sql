-- Funnels and retention read only the events of the names asked about, with their persons' ids: the event-name
-- index carries those ids so that they are read from the index alone (no visit to the wide rows).
drop index read.read_model_event_name_time_idx;
create index read_model_event_name_time_idx on read.tracking_events_read_model (partner_id, event_name, event_timestamp desc)
    include (user_id, anonymous_id, partner_system_id);

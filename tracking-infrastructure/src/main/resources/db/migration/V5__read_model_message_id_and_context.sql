-- docs/api.md (v2, query items): a query item carries the event's messageId and context as stored.
alter table read.tracking_events_read_model add column message_id varchar(100);
alter table read.tracking_events_read_model add column context jsonb;
update read.tracking_events_read_model r
set message_id = e.message_id, context = e.context
from write.tracking_events e
where e.id = r.tracking_event_id;
alter table read.tracking_events_read_model alter column message_id set not null;

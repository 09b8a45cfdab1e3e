-- A system's own ingestion rate limit in events per second; null means the service's default
-- (tracking.rate-limit.default-per-second).
alter table write.partner_systems
    add column rate_limit_per_second integer check (rate_limit_per_second between 1 and 1000000);

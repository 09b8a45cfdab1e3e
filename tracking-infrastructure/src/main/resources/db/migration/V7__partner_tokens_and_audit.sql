-- Partner-scoped access (docs/api.md v2). A partner admin's bearer token, stored only as the SHA-256 of its value
-- (hex) with its displayable prefix; revoking one deletes its row, so every node refuses it at its next request.
create table write.partner_tokens (
    id           uuid         primary key,
    partner_id   uuid         not null references write.partners (id),
    name         varchar(200) not null,
    token_hash   char(64)     not null,
    token_prefix varchar(16)  not null,
    created_at   timestamptz  not null,
    -- written in batches, not at every request: may lag a use by the batch interval
    last_used_at timestamptz,
    constraint partner_tokens_token_hash_key unique (token_hash)
);
create index partner_tokens_partner_idx on write.partner_tokens (partner_id, created_at, id);

-- Every change made through the management API, written in the transaction of the change. actor is "operator" or
-- "token:<tokenId>"; details never hold a credential. No foreign key: the trail outlives what it names.
create table write.audit_records (
    id         bigint       generated always as identity primary key,
    partner_id uuid         not null,
    at         timestamptz  not null,
    actor      varchar(64)  not null,
    action     varchar(64)  not null,
    target     varchar(300) not null,
    details    jsonb        not null
);
create index audit_records_partner_idx on write.audit_records (partner_id, at desc, id desc);

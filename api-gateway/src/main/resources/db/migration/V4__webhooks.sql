-- Webhooks: endpoints a user registers, and one delivery row per (endpoint, event), written in the
-- same transaction as the status change it reports (a transactional outbox for HTTP callbacks).
create table webhook_endpoint (
    id          uuid primary key,
    owner_id    uuid          not null references app_user (id) on delete cascade,
    url         varchar(2048) not null,
    event_types varchar(512)  not null,
    secret      varchar(128)  not null,
    created_at  timestamptz   not null
);

create index webhook_endpoint_owner on webhook_endpoint (owner_id);

create table webhook_delivery (
    id               uuid primary key,
    endpoint_id      uuid          not null references webhook_endpoint (id) on delete cascade,
    event_id         uuid          not null,
    event_type       varchar(64)   not null,
    payload          text          not null,
    status           varchar(16)   not null,
    attempts         integer       not null default 0,
    next_attempt_at  timestamptz   not null,
    last_status_code integer,
    last_error       varchar(500),
    created_at       timestamptz   not null,
    finished_at      timestamptz,
    unique (endpoint_id, event_id)
);

create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'PENDING';

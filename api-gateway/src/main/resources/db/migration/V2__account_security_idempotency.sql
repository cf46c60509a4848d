-- Account security, API keys, idempotent uploads (issue 16).

-- Mail carrying text a user chose (file names) goes only to verified addresses. Accounts made
-- before verification existed keep receiving their notifications.
alter table app_user add column email_verified_at timestamptz;
update app_user set email_verified_at = created_at;

-- One pending verification per account; only the SHA-256 of the mailed token is kept.
create table email_verification (
    token_hash varchar(64) primary key,
    user_id    uuid        not null references app_user (id) on delete cascade,
    expires_at timestamptz not null
);
create index email_verification_user on email_verification (user_id);
create index email_verification_expiry on email_verification (expires_at);

-- Fixed-window counters shared by every replica (login per account and per address,
-- registration per address). One row per bucket, upserted atomically; expired rows are purged,
-- so the table holds at most the buckets touched during one window.
create table rate_limit (
    bucket       varchar(320) primary key,
    hits         integer     not null,
    window_start timestamptz not null,
    expires_at   timestamptz not null
);
create index rate_limit_expiry on rate_limit (expires_at);

-- Refresh tokens rotate: each use marks the token used and issues its successor in the same
-- family. A used token presented again means it was stolen: the whole family is revoked. The
-- shape serves a browser session cookie too (one family per sign-in).
create table refresh_token (
    id          uuid primary key,
    family_id   uuid        not null,
    user_id     uuid        not null references app_user (id) on delete cascade,
    token_hash  varchar(64) not null unique,
    issued_at   timestamptz not null,
    expires_at  timestamptz not null,
    used_at     timestamptz,
    replaced_by uuid,
    revoked_at  timestamptz
);
create index refresh_token_family on refresh_token (family_id);
create index refresh_token_user on refresh_token (user_id);
create index refresh_token_expiry on refresh_token (expires_at);

-- API keys for programs: shown once, only the SHA-256 of the secret is stored.
create table api_key (
    id           uuid primary key,
    user_id      uuid         not null references app_user (id) on delete cascade,
    name         varchar(100) not null,
    prefix       varchar(16)  not null,
    secret_hash  varchar(64)  not null unique,
    scope        varchar(16)  not null,
    created_at   timestamptz  not null,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    constraint api_key_scope_known check (scope in ('read', 'upload'))
);
create index api_key_user_newest on api_key (user_id, created_at desc);

-- Idempotency-Key on POST /api/videos: the answer given to (user, key), kept 24 hours.
create table idempotency_key (
    user_id         uuid         not null references app_user (id) on delete cascade,
    idempotency_key varchar(255) not null,
    status          varchar(16)  not null,
    response_status integer,
    response_body   text,
    created_at      timestamptz  not null,
    primary key (user_id, idempotency_key),
    constraint idempotency_key_status_known check (status in ('IN_PROGRESS', 'COMPLETED'))
);
create index idempotency_key_age on idempotency_key (created_at);

-- Housekeeping deletes de-duplication records older than the retention.
create index processed_event_age on processed_event (processed_at);

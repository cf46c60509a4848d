-- Frameflow api-gateway schema. The standalone mode runs the same migrations.

create table app_user (
    id            uuid primary key,
    email         varchar(254) not null unique,
    name          varchar(200) not null,
    password_hash varchar(200) not null,
    created_at    timestamptz  not null
);

create table video (
    id                uuid primary key,
    owner_id          uuid         not null references app_user (id),
    status            varchar(16)  not null,
    original_filename varchar(255),
    content_type      varchar(255),
    container         varchar(16)  not null,
    size_bytes        bigint       not null,
    source_bucket     varchar(255) not null,
    source_key        varchar(1024) not null,
    output_bucket     varchar(255) not null,
    output_key        varchar(1024) not null,
    options           text         not null,
    progress_percent  smallint,
    frame_count       integer,
    result_bytes      bigint,
    failure_reason    text,
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null,
    finished_at       timestamptz,
    constraint video_status_known
        check (status in ('QUEUED', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    constraint video_progress_percent_range
        check (progress_percent is null or progress_percent between 0 and 100)
);

-- GET /api/videos: own videos, newest first, optionally filtered by status.
create index video_owner_newest on video (owner_id, created_at desc, id desc);
create index video_owner_status_newest on video (owner_id, status, created_at desc, id desc);

create table outbox (
    id              bigserial primary key,
    event_id        uuid         not null unique,
    type            varchar(64)  not null,
    video_id        uuid         not null,
    payload         text         not null,
    created_at      timestamptz  not null,
    attempts        integer      not null default 0,
    next_attempt_at timestamptz  not null,
    last_error      text,
    sent_at         timestamptz
);

-- The relay only ever looks at unsent rows that are due.
create index outbox_unsent_due on outbox (next_attempt_at, id) where sent_at is null;

create table processed_event (
    event_id     uuid primary key,
    type         varchar(64) not null,
    video_id     uuid        not null,
    processed_at timestamptz not null
);

create table notification (
    id              uuid primary key,
    user_id         uuid         not null references app_user (id),
    video_id        uuid         not null references video (id),
    outcome         varchar(16)  not null,
    recipient       varchar(254) not null,
    status          varchar(16)  not null,
    attempts        integer      not null default 0,
    next_attempt_at timestamptz  not null,
    claimed_until   timestamptz,
    last_error      text,
    created_at      timestamptz  not null,
    sent_at         timestamptz,
    -- exactly one email per outcome, whatever the number of deliveries or replicas
    constraint notification_one_per_outcome unique (video_id, outcome),
    constraint notification_status_known check (status in ('PENDING', 'SENDING', 'SENT', 'FAILED'))
);

create index notification_due on notification (next_attempt_at) where status in ('PENDING', 'FAILED', 'SENDING');
create index notification_user_newest on notification (user_id, created_at desc);

-- Resumable uploads (tus 1.0). The state lives here so that any gateway replica can continue an
-- upload; the bytes live in an S3 multipart upload (parts of exactly the part size) plus, for the
-- bytes after the last whole part, a small "tail" object that the next PATCH completes into a part.
create table resumable_upload (
    id            uuid primary key,
    owner_id      uuid          not null references app_user (id) on delete cascade,
    -- the video this upload becomes; the multipart upload writes its source object directly
    video_id      uuid          not null unique,
    upload_length bigint        not null,
    -- bytes accepted: those in the parts plus tail_bytes
    upload_offset bigint        not null default 0,
    tail_bytes    integer       not null default 0,
    metadata      varchar(4096),
    file_name     varchar(255),
    content_type  varchar(255),
    -- recognised from the first bytes, as for a form upload
    container     varchar(16),
    s3_upload_id  varchar(1024) not null,
    -- one PATCH at a time: a lease with a token, renewed while bytes arrive
    lease_token   uuid,
    lease_until   timestamptz,
    created_at    timestamptz   not null,
    expires_at    timestamptz   not null,
    completed_at  timestamptz
);

create index resumable_upload_owner on resumable_upload (owner_id);
create index resumable_upload_expiry on resumable_upload (expires_at);

create table resumable_upload_part (
    upload_id   uuid         not null references resumable_upload (id) on delete cascade,
    part_number integer      not null,
    etag        varchar(256) not null,
    size_bytes  bigint       not null,
    primary key (upload_id, part_number)
);

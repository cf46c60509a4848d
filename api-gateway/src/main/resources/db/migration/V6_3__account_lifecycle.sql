-- Accounts and tokens (issue 27, items 13 and 14).
-- Every access token carries the generation of its user's credentials; signing out everywhere, a
-- password change or reset raises it, and a token of an older generation is refused.
alter table app_user add column token_generation bigint not null default 0;

-- The purge of unverified accounts finds them without a scan.
create index app_user_unverified_since on app_user (created_at) where email_verified_at is null;

-- Password reset links: single use (the row is deleted when used), expiring, only the SHA-256 of
-- the mailed token is kept.
create table password_reset (
    token_hash varchar(64) primary key,
    user_id    uuid        not null references app_user (id) on delete cascade,
    expires_at timestamptz not null
);
create index password_reset_user on password_reset (user_id);
create index password_reset_expiry on password_reset (expires_at);

-- A registration of an address held by an unverified account: the new registrant's name and
-- password wait here until the link mailed to the address is opened; then the unverified account
-- is replaced. Only the SHA-256 of the mailed token is kept.
create table pending_registration (
    token_hash    varchar(64)  primary key,
    email         varchar(254) not null,
    name          varchar(200) not null,
    password_hash varchar(200) not null,
    expires_at    timestamptz  not null
);
create index pending_registration_email on pending_registration (email);
create index pending_registration_expiry on pending_registration (expires_at);

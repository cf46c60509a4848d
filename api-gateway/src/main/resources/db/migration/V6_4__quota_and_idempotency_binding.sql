-- Idempotency keys bound to the request that claimed them (issue 27, item 15d): the method, the
-- path and a SHA-256 of what identifies the request. A key reused with another request is refused
-- (422 idempotency-key-reused). Rows claimed before this migration have none and expire within the
-- retention (24 h).
alter table idempotency_key add column request_method varchar(8);
alter table idempotency_key add column request_path varchar(64);
alter table idempotency_key add column request_hash char(64);

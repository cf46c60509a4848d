-- Webhook delivery isolated per endpoint (issue 27, item 2).
-- A delivery in flight holds a lease (leased_until) instead of having its next attempt pushed out,
-- so the claim can count what each endpoint and each owner has in flight across every replica.
alter table webhook_delivery add column leased_until timestamptz;

-- The endpoint's circuit: consecutive failed attempts, and until when it is backed off (open).
-- Shared by the replicas and shown in GET /api/webhooks.
alter table webhook_endpoint add column consecutive_failures integer not null default 0;
alter table webhook_endpoint add column circuit_open_until timestamptz;

-- What one endpoint has in flight (and what is due for it), found without a scan of the table.
create index webhook_delivery_endpoint_pending on webhook_delivery (endpoint_id, next_attempt_at)
    where status = 'PENDING';

-- Where a waiting video stands (issue 28, item 3): written by the executors' QUEUED heartbeat, shown
-- on the video while it is QUEUED. Place in the whole queue and among the owner's own videos, the
-- queue's length then, and an estimated start (from recent run times; shown as an estimate).
alter table video add column queue_position integer;
alter table video add column queue_owner_position integer;
alter table video add column queue_length integer;
alter table video add column queue_estimated_start_at timestamptz;

-- One trace per video: the W3C trace context of the span that created a row, so that the work done
-- later from it (the relay's publish, the email, each webhook attempt) continues the same trace.
-- Null for rows written before tracing, or without a current span: that work starts a new trace.
alter table outbox add column traceparent varchar(64);
-- tracestate is vendor data, at most 512 characters (W3C); a longer one is not kept
alter table outbox add column tracestate varchar(512);
alter table notification add column traceparent varchar(64);
-- webhook deliveries did not record their video: the attempt spans and log lines name it
alter table webhook_delivery add column video_id uuid;
alter table webhook_delivery add column traceparent varchar(64);

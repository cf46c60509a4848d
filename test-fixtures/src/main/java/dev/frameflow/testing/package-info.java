/**
 * Real servers for the tests: generated videos, ffmpeg, the in-process S3, PostgreSQL, SMTP and
 * RabbitMQ virtual hosts.
 */
package dev.frameflow.testing;
